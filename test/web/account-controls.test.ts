// The Accounts page's pause switches and emergency stop, and the post page's Retract, as a browser uses them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";
import { PASSWORD, page } from "./page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
	vi.restoreAllMocks();
});

describe("the Accounts page", () => {
	it("stops and resumes the whole workspace, and every page says when it is stopped", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws, { handle: "@bakery" });
		const view = await page("GET", "/accounts", { cookie });
		expect(view.status).toBe(200);
		expect(view.html).toContain("@bakery");
		expect(view.html).toContain('action="/accounts/stop-all"');
		expect(view.html).toContain(`action="/accounts/${acc.id}/pause"`);

		// The first step only asks, naming what will happen; nothing stops until it is confirmed.
		const ask = await page("POST", "/accounts/stop-all", { cookie, form: {} });
		expect(ask.status).toBe(200);
		expect(ask.html).toContain("Stop publishing on all 1 account of");
		expect(ask.html).toContain('<input type="hidden" name="confirmed" value="yes"/>');
		expect((await call("GET", "/workspace", { token: ws.token })).body.paused).toBe(false);
		const stop = await page("POST", "/accounts/stop-all", { cookie, form: { confirmed: "yes" } });
		expect(stop.status).toBe(303);
		expect(stop.headers.get("location")).toBe("/accounts?done=stopped");
		expect((await call("GET", "/workspace", { token: ws.token })).body.paused).toBe(true);
		const calendar = await page("GET", "/calendar", { cookie });
		expect(calendar.html).toContain("Publishing is stopped for this workspace");
		const stopped = await page("GET", "/accounts?done=stopped", { cookie });
		expect(stopped.html).toContain('action="/accounts/resume-all"');

		expect((await page("POST", "/accounts/resume-all", { cookie, form: {} })).html).toContain("Resume publishing on all 1 account");
		expect((await call("GET", "/workspace", { token: ws.token })).body.paused).toBe(true);
		expect((await page("POST", "/accounts/resume-all", { cookie, form: { confirmed: "yes" } })).status).toBe(303);
		expect((await call("GET", "/workspace", { token: ws.token })).body.paused).toBe(false);
		expect((await page("GET", "/calendar", { cookie })).html).not.toContain("Publishing is stopped");
	});

	it("pauses and resumes one account", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		expect((await page("POST", `/accounts/${acc.id}/pause`, { cookie, form: {} })).status).toBe(303);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.paused).toBe(true);
		const view = await page("GET", "/accounts", { cookie });
		expect(view.html).toContain(`action="/accounts/${acc.id}/resume"`);
		expect(view.html).toContain(">Paused</span>");
		expect((await page("POST", `/accounts/${acc.id}/resume`, { cookie, form: {} })).status).toBe(303);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.paused).toBe(false);
		const other = await signUp();
		const otherCookie = await signInCookie(other.email, PASSWORD);
		expect((await page("POST", `/accounts/${acc.id}/pause`, { cookie: otherCookie, form: {} })).status).toBe(404);
	});

	it("an author sees no switches and is refused", async () => {
		const ws = await signUp();
		await addAccount(ws);
		const author = await addMember(ws, "author");
		const cookie = await signInCookie(author.email, PASSWORD);
		expect((await page("GET", "/accounts", { cookie })).html).not.toContain("stop-all");
		const refused = await page("POST", "/accounts/stop-all", { cookie, form: {} });
		expect(refused.status).toBe(403);
		expect((await call("GET", "/workspace", { token: ws.token })).body.paused).toBe(false);
	});
});

describe("Retract on the post page", () => {
	it("takes a published post back with a reason; an empty reason is marked", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "The market opens at 8", scheduledAt: new Date(dueAt).toISOString() },
		});
		const id = res.body.posts[0].id as string;
		expect((await page("GET", `/posts/${id}`, { cookie })).html).not.toContain(`action="/posts/${id}/retract"`);
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		expect((await page("GET", `/posts/${id}`, { cookie })).html).toContain(`action="/posts/${id}/retract"`);

		const empty = await page("POST", `/posts/${id}/retract`, { cookie, form: { reason: "  " } });
		expect(empty.status).toBe(400);
		expect(empty.html).toContain("Say why it is taken back");
		expect(await feedCount(id)).toBe(1);

		const ask = await page("POST", `/posts/${id}/retract`, { cookie, form: { reason: "It opens at 9 now" } });
		expect(ask.status).toBe(200);
		expect(ask.html).toContain(`Retract from ${acc.handle} on Sandbox: it will be deleted there.`);
		expect(ask.html).toContain('<input type="hidden" name="reason" value="It opens at 9 now"/>');
		expect(await feedCount(id)).toBe(1);
		const done = await page("POST", `/posts/${id}/retract`, { cookie, form: { reason: "It opens at 9 now", confirmed: "yes" } });
		expect(done.status).toBe(303);
		const view = await page("GET", `/posts/${id}?done=retracted`, { cookie });
		expect(view.html).toContain("Retracted: deleted on the network.");
		expect(view.html).toContain("Olive Owner: It opens at 9 now");
		expect(view.html).not.toContain(`action="/posts/${id}/retract"`);
		expect(view.html).not.toContain("View it in the sandbox feed");
		expect(view.html).toContain("Retracted: deleted on the network, so there is nothing to link to.");
		expect(await feedCount(id)).toBe(0);
		expect((await postRow(id))?.retractReason).toBe("It opens at 9 now");
	});
});

describe("connecting from the Accounts page", () => {
	it("Connect X goes to X's sign-in page; Bluesky connects with an app password", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const view = await page("GET", "/accounts", { cookie });
		expect(view.html).toContain('action="/accounts/connect-bluesky"');
		const x = await page("POST", "/accounts/connect", { cookie, form: { network: "x", timezone: "Europe/Berlin" } });
		expect(x.status).toBe(303);
		expect(x.headers.get("location")).toMatch(/^https:\/\/x\.com\/i\/oauth2\/authorize\?.*code_challenge_method=S256/);

		const badMastodon = await page("POST", "/accounts/connect", { cookie, form: { network: "mastodon", timezone: "UTC", instanceUrl: "ftp://nope" } });
		expect(badMastodon.status).toBe(400);

		vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
			Response.json({ did: "did:plc:xyz", handle: "bakery.bsky.social", accessJwt: "a", refreshJwt: "r" }),
		);
		const bluesky = await page("POST", "/accounts/connect-bluesky", {
			cookie,
			form: { timezone: "UTC", handle: "bakery.bsky.social", appPassword: "abcd-efgh-ijkl-mnop" },
		});
		expect(bluesky.status).toBe(303);
		expect((await page("GET", "/accounts?done=connected", { cookie })).html).toContain("@bakery.bsky.social");
	});
});
