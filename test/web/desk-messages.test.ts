// Messages that say what happened: the compose banner per outcome, the audit in names and links,
// times with their zone, the favicon and API docs links, connect buttons that say what is missing,
// and the Mastodon registration failure's real cause.
import { afterEach, describe, expect, it, vi } from "vitest";
import { missingAppSecrets } from "../../functions/services/connect";
import { createdBanner } from "../../web/handlers/calendar";
import { AccountsPage } from "../../web/pages/accounts";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureNotify } from "../helpers/notify";
import { stubFetch } from "../networks/helpers";
import { PASSWORD, page } from "./page";

afterEach(() => {
	vi.restoreAllMocks();
});

describe("the compose banner", () => {
	const handles = new Map([
		["a", "@bakery"],
		["b", "@bakery_de"],
	]);
	it("says what happened to each post, never counting a held one as scheduled", () => {
		expect(
			createdBanner(
				[
					{ status: "scheduled", accountId: "a" },
					{ status: "pending_approval", accountId: "b" },
				],
				handles,
			),
		).toBe("Scheduled 1 post (@bakery), 1 waits for approval (@bakery_de)");
		expect(createdBanner([{ status: "scheduled", accountId: "a" }], handles)).toBe("Scheduled 1 post");
		expect(createdBanner([{ status: "pending_approval", accountId: "a" }], handles)).toBe("Sent 1 post for approval");
		expect(
			createdBanner(
				[
					{ status: "draft", accountId: "a" },
					{ status: "pending_approval", accountId: "b" },
					{ status: "pending_approval", accountId: "a" },
				],
				handles,
			),
		).toBe("2 wait for approval (@bakery_de, @bakery), 1 saved as a draft (@bakery)");
	});
});

describe("the audit trail", () => {
	it("names the conversation and its people, links to it, and filters by Conversations", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const mate = await addMember(ws, "author", "Max Mate");
		const res = await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [
					{
						accountId: acc.id,
						network: "sandbox",
						externalId: `ext-${Date.now()}`,
						author: { handle: "@carol" },
						text: "Open today?",
						createdAt: new Date().toISOString(),
					},
				],
			},
		});
		const conversationId = res.body.items[0].conversationId as string;
		expect((await call("POST", `/conversations/${conversationId}/handoff`, { token: ws.token, json: { memberId: mate.id } })).status).toBe(200);
		const cookie = await signInCookie(ws.email, PASSWORD);
		const audit = await page("GET", "/audit?subject=conversation", { cookie });
		expect(audit.status).toBe(200);
		expect(audit.html).toContain('<option value="conversation" selected="">Conversations</option>');
		expect(audit.html).toContain(`<a href="/inbox/${conversationId}">the conversation with @carol</a>`);
		expect(audit.html).toContain("handed on");
		expect(audit.html).toContain("<ins>Max Mate</ins>");
		expect(audit.html).not.toContain(`conversation:${conversationId}`);
		expect(audit.html).not.toMatch(new RegExp(`<(ins|del)>${mate.id}`));
	});
});

describe("times, favicon, API docs, connect buttons", () => {
	it("labels notification times with the workspace's zone", async () => {
		const notify = captureNotify();
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author", "Ari Author");
		await call("POST", "/posts", {
			token: author.token,
			json: { accountId: acc.id, body: "Please approve", scheduledAt: new Date(Date.now() + 86_400_000).toISOString() },
		});
		await notify.drain();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await page("GET", "/notifications", { cookie });
		expect(res.html, res.html.match(/<time[^>]*>[^<]*<\/time>/g)?.join("\n")).toMatch(/<time datetime="[^"]+">[^<]+\(Europe\/Berlin\)<\/time>/);
		expect(res.html).not.toContain(" UTC</time>");
	});

	it("links the favicon everywhere and the API docs for owners and managers only", async () => {
		const ws = await signUp();
		const owner = await signInCookie(ws.email, PASSWORD);
		const author = await addMember(ws, "author");
		const authorCookie = await signInCookie(author.email, PASSWORD);
		const mine = await page("GET", "/calendar", { cookie: owner });
		expect(mine.html).toContain('<link rel="icon" href="/favicon.ico"');
		expect(mine.html).toContain('href="/api/v1/docs"');
		const theirs = await page("GET", "/calendar", { cookie: authorCookie });
		expect(theirs.html).toContain('<link rel="icon" href="/favicon.ico"');
		expect(theirs.html).not.toContain('href="/api/v1/docs"');
		expect((await page("GET", "/sign-in")).html).toContain('<link rel="icon" href="/favicon.ico"');
	});

	it("shows connect buttons for unconfigured networks disabled, saying which secrets an admin must set", async () => {
		const noSecrets = {} as Env;
		expect(missingAppSecrets("linkedin", noSecrets)).toBe("LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET");
		expect(missingAppSecrets("mastodon", noSecrets)).toBeNull();
		const ws = await signUp();
		const workspace = (await call("GET", "/workspace", { token: ws.token })).body;
		const html = String(
			AccountsPage({
				workspace: { ...workspace, paused: false, pausedAt: null },
				accounts: [],
				may: { stop: true, pause: true, connect: true },
				missingSecrets: { x: null, linkedin: missingAppSecrets("linkedin", noSecrets), facebook: null },
			}),
		);
		expect(html).toMatch(/<button type="submit" disabled="" aria-describedby="missing-linkedin">\s*Connect LinkedIn/);
		expect(html).toContain("LinkedIn is not set up on this Chorus: an admin must set the secrets LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET");
		expect(html).toMatch(/<button type="submit">\s*Connect X/);
		// The test Worker has every app configured: nothing is greyed out there.
		const cookie = await signInCookie(ws.email, PASSWORD);
		expect((await page("GET", "/accounts", { cookie })).html).not.toContain("is not set up on this Chorus");
	});
});

describe("Mastodon's registration failure", () => {
	it("says the DNS lookup failed when the server's name does not exist", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const calls = stubFetch((c) => {
			// workerd reports a failed lookup as an opaque internal error.
			if (c.url.startsWith("https://no-such-server.example/")) throw new TypeError("fetch failed");
			if (c.url.startsWith("https://cloudflare-dns.com/dns-query")) return Response.json({ Status: 3 });
			throw new Error(`unexpected ${c.url}`);
		});
		const res = await page("POST", "/accounts/connect", {
			cookie,
			form: { network: "mastodon", timezone: "UTC", instanceUrl: "https://no-such-server.example" },
		});
		expect(res.status).toBe(400);
		expect(res.html).toContain("Could not reach the Mastodon server: DNS lookup failed: no-such-server.example does not exist");
		expect(calls.map((c) => new URL(c.url).hostname)).toEqual(["no-such-server.example", "cloudflare-dns.com"]);
	});

	it("names a refused connection without asking DNS", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		stubFetch(() => {
			throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
		});
		const res = await page("POST", "/accounts/connect", { cookie, form: { network: "mastodon", timezone: "UTC", instanceUrl: "https://down.example" } });
		expect(res.html).toContain("Could not reach the Mastodon server: down.example refused the connection");
	});
});
