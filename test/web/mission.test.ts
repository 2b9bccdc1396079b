// The mission editor (workspace and per account) and the mission lint on the drafting form: on the
// page, live from POST /compose/count, and after a refused schedule.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, utcToLocal } from "../../domain/time";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { BASE, occurrences, PASSWORD, page } from "./page";

const missionForm = {
	purpose: "Help home gardeners grow food",
	audience: "Gardeners in the city",
	topics: "gardening, compost\nseeds",
	voice: "Warm and practical",
	bannedPhrases: "guaranteed\nbuy now, pay later",
	allowedLinkDomains: "https://www.Example.com/shop, garden.test",
	maxBroadcastShare: "40",
	maxHashtags: "3",
	maxMentions: "",
};

async function owner() {
	const ws = await signUp("Europe/Berlin");
	const cookie = await signInCookie(ws.email, PASSWORD);
	return { ws, cookie };
}

describe("the mission editor", () => {
	it("saves the workspace mission from the form and shows it again", async () => {
		const { ws, cookie } = await owner();
		const blank = await page("GET", "/mission", { cookie });
		expect(blank.status).toBe(200);
		expect(blank.html).toContain('<form method="post" action="/mission"');
		expect(blank.html).toContain('<a href="/mission" aria-current="page">');

		const saved = await page("POST", "/mission", { cookie, form: missionForm });
		expect(saved.status).toBe(303);
		expect(saved.headers.get("Location")).toBe("/mission?saved=1");

		const api = await call("GET", "/mission", { token: ws.token });
		expect(api.body).toEqual({
			purpose: "Help home gardeners grow food",
			audience: "Gardeners in the city",
			topics: ["gardening", "compost", "seeds"],
			voice: "Warm and practical",
			bannedPhrases: ["guaranteed", "buy now, pay later"],
			allowedLinkDomains: ["example.com", "garden.test"],
			maxBroadcastShare: 0.4,
			maxHashtags: 3,
			maxMentions: null,
		});

		const shown = await page("GET", "/mission?saved=1", { cookie });
		expect(shown.html).toContain("Mission saved.");
		expect(shown.html).toContain("gardening\ncompost\nseeds</textarea>");
		expect(shown.html).toContain("guaranteed\nbuy now, pay later</textarea>");
		expect(shown.html).toContain('name="maxBroadcastShare" value="40"');
		expect(shown.html).toContain('name="maxHashtags" value="3"');
		expect(shown.html).toContain('name="maxMentions" value=""');
	});

	it("shows wrong fields inline, keeps what was typed and saves nothing", async () => {
		const { ws, cookie } = await owner();
		const res = await page("POST", "/mission", {
			cookie,
			form: { ...missionForm, maxBroadcastShare: "150", maxHashtags: "two", topics: `ok\n${"x".repeat(201)}` },
		});
		expect(res.status).toBe(400);
		expect(res.html).toContain("Nothing was saved: please fix what is marked below.");
		expect(res.html).toContain("A percentage from 0 to 100");
		expect(res.html).toContain("A whole number from 0 to 100, or empty for no limit");
		expect(res.html).toContain("At most 200 characters per entry");
		expect(res.html).toContain('name="maxBroadcastShare" value="150"');
		expect(res.html).toContain('name="maxHashtags" value="two"');
		expect((await call("GET", "/mission", { token: ws.token })).body.topics).toEqual([]);
	});

	it("an account sets some fields itself and follows the workspace's in the rest", async () => {
		const { ws, cookie } = await owner();
		const acc = await addAccount(ws, { handle: "@berlin_garden" });
		await page("POST", "/mission", { cookie, form: missionForm });
		const workspace = await page("GET", "/mission", { cookie });
		expect(workspace.html).toContain(`href="/accounts/${acc.id}/mission"`);
		expect(workspace.html).toContain("follows the workspace&#39;s mission");

		const form = await page("GET", `/accounts/${acc.id}/mission`, { cookie });
		expect(form.status).toBe(200);
		expect(form.html).toContain(`<form method="post" action="/accounts/${acc.id}/mission"`);
		// Every field starts as the workspace's, its box ticked.
		expect(occurrences(form.html, 'class="inherit" checked=""')).toBe(9);

		const inheritAllBut = (...own: string[]) =>
			["purpose", "audience", "topics", "voice", "bannedPhrases", "allowedLinkDomains", "maxBroadcastShare", "maxHashtags", "maxMentions"].filter(
				(k) => !own.includes(k),
			);
		const saved = await page("POST", `/accounts/${acc.id}/mission`, {
			cookie,
			form: { ...missionForm, bannedPhrases: "cheap", maxHashtags: "", inherit: inheritAllBut("bannedPhrases", "maxHashtags") },
		});
		expect(saved.status).toBe(303);
		expect(saved.headers.get("Location")).toBe(`/accounts/${acc.id}/mission?saved=1`);
		const api = await call("GET", `/accounts/${acc.id}/mission`, { token: ws.token });
		expect(api.body.override).toEqual({ bannedPhrases: ["cheap"], maxHashtags: null });
		expect(api.body.effective).toMatchObject({
			bannedPhrases: ["cheap"],
			maxHashtags: null,
			topics: ["gardening", "compost", "seeds"],
			maxBroadcastShare: 0.4,
		});

		const shown = await page("GET", `/accounts/${acc.id}/mission?saved=1`, { cookie });
		expect(shown.html).toContain("Mission saved.");
		expect(shown.html).toContain("This account sets 2 fields itself");
		expect(occurrences(shown.html, 'class="inherit" checked=""')).toBe(7);
		expect(shown.html).toContain('name="bannedPhrases" rows="3" aria-describedby="m-bannedPhrases-hint">\ncheap</textarea>');
		// The workspace's value is named beside each box.
		expect(shown.html).toContain("guaranteed, buy now, pay later");
		const list = await page("GET", "/mission", { cookie });
		expect(list.html).toContain("sets its own: banned phrases, max hashtags");

		// Ticking every box again: the account follows the workspace in everything.
		expect((await page("POST", `/accounts/${acc.id}/mission`, { cookie, form: { ...missionForm, inherit: inheritAllBut() } })).status).toBe(303);
		expect((await call("GET", `/accounts/${acc.id}/mission`, { token: ws.token })).body.override).toEqual({});

		// Another workspace's account is not found.
		const other = await signUp();
		const theirs = await addAccount(other);
		expect((await page("GET", `/accounts/${theirs.id}/mission`, { cookie })).status).toBe(404);
		expect((await page("POST", `/accounts/${theirs.id}/mission`, { cookie, form: { ...missionForm, inherit: inheritAllBut() } })).status).toBe(404);
	});

	it("an analyst reads the mission but gets no form, and cannot post one", async () => {
		const { ws, cookie } = await owner();
		const acc = await addAccount(ws);
		await page("POST", "/mission", { cookie, form: missionForm });
		const analyst = await addMember(ws, "analyst", "Ana Analyst");
		const theirs = await signInCookie(analyst.email, PASSWORD);

		const res = await page("GET", "/mission", { cookie: theirs });
		expect(res.status).toBe(200);
		expect(res.html).not.toContain('action="/mission"');
		expect(res.html).not.toContain("<textarea");
		expect(res.html).toContain("Only managers and owners change the mission.");
		expect(res.html).toContain("gardening, compost, seeds");
		expect(res.html).toContain("40%");

		const accountPage = await page("GET", `/accounts/${acc.id}/mission`, { cookie: theirs });
		expect(accountPage.status).toBe(200);
		expect(accountPage.html).not.toContain('<form method="post" action="/accounts/');
		expect(accountPage.html).toContain("Workspace&#39;s");

		const refused = await page("POST", "/mission", { cookie: theirs, form: { ...missionForm, purpose: "Mine now" } });
		expect(refused.status).toBe(403);
		expect(refused.html).toContain("An analyst may not manage accounts");
		expect((await call("GET", "/mission", { token: ws.token })).body.purpose).toBe("Help home gardeners grow food");
	});
});

type LiveLint = {
	accountId: string;
	handle: string;
	findings: { rule: string; severity: string; message: string; excerpt?: { before: string; match: string; after: string } }[];
};

async function liveLint(cookie: string, body: Record<string, unknown>) {
	const res = await exports.default.fetch(
		new Request(`${BASE}/compose/count`, {
			method: "POST",
			headers: { "Content-Type": "application/json", Cookie: cookie, Origin: BASE },
			body: JSON.stringify({ networks: ["sandbox"], when: "draft", ...body }),
		}),
	);
	expect(res.status).toBe(200);
	return ((await res.json()) as { findings?: LiveLint[] }).findings;
}

describe("mission lint on the drafting form", () => {
	it("live: POST /compose/count returns each account's findings, the banned phrase highlighted", async () => {
		const { ws, cookie } = await owner();
		const acc = await addAccount(ws, { handle: "@garden_news" });
		const strict = await addAccount(ws, { handle: "@garden_shop" });
		await call("PUT", "/mission", { token: ws.token, json: { topics: ["gardening"], bannedPhrases: ["guaranteed"] } });
		await call("PUT", `/accounts/${strict.id}/mission`, { token: ws.token, json: { bannedPhrases: ["tomatoes"] } });

		const body = "Big tomatoes, guaranteed! Our gardening tips for spring";
		const findings = await liveLint(cookie, { body, accountIds: [acc.id, strict.id] });
		expect(findings?.map((a) => a.handle)).toEqual(["@garden_news", "@garden_shop"]);
		const [news, shop] = findings!;
		expect(news!.findings).toEqual([
			{
				rule: "banned_phrase",
				severity: "error",
				message: "'guaranteed' is a banned phrase for this account; remove or rephrase it",
				excerpt: { before: "Big tomatoes, ", match: "guaranteed", after: "! Our gardening tips for…" },
			},
		]);
		expect(shop!.findings.map((f) => [f.rule, f.excerpt?.match])).toEqual([["banned_phrase", "tomatoes"]]);

		// Warnings come too; an empty text has nothing to say yet; another workspace's account is not linted.
		const off = await liveLint(cookie, { body: "A quiet afternoon", accountIds: [acc.id] });
		expect(off?.[0]?.findings).toEqual([expect.objectContaining({ rule: "off_topic", severity: "warning" })]);
		expect(await liveLint(cookie, { body: "", accountIds: [acc.id] })).toEqual([]);
		const other = await signUp();
		const theirs = await addAccount(other);
		expect(await liveLint(cookie, { body, accountIds: [theirs.id] })).toEqual([]);
		// Without accountIds (an older script) there are no findings.
		expect(await liveLint(cookie, { body })).toBeUndefined();
	});

	it("after a refused schedule, the banned phrase shows inline under the text, once, with the text kept", async () => {
		const { ws, cookie } = await owner();
		const acc = await addAccount(ws, { handle: "@garden_news" });
		await call("PUT", "/mission", { token: ws.token, json: { bannedPhrases: ["guaranteed"] } });
		const body = "Results guaranteed with our spring seeds";
		const res = await page("POST", "/compose", {
			cookie,
			form: {
				accountIds: acc.id,
				body,
				link: "",
				when: "at",
				date: addDays(utcToLocal(Date.now(), "Europe/Berlin").date, 2),
				time: "10:00",
				action: "schedule",
			},
		});
		expect(res.status).toBe(422);
		expect(res.html).toContain("Nothing was saved: please fix what is marked below.");
		expect(res.html).toContain('<div id="lint" class="lint" aria-live="polite"><ul class="findings lint-findings"');
		expect(res.html).toContain('class="lint-item finding-error" data-rule="banned_phrase"');
		expect(res.html).toContain("Results <mark>guaranteed</mark> with our spring seeds");
		expect(occurrences(res.html, "is a banned phrase for this account")).toBe(1);
		expect(res.html).toContain(`${body}</textarea>`);
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toEqual([]);

		// Rendering the form with a text shows the same, before any submit: a draft saves despite it.
		const draft = await page("POST", "/compose", { cookie, form: { accountIds: acc.id, body, link: "", when: "draft", date: "", time: "", action: "draft" } });
		expect(draft.status).toBe(303);
		const empty = await page("GET", `/compose?accountId=${acc.id}`, { cookie });
		expect(empty.html).toContain('<div id="lint" class="lint" aria-live="polite"></div>');
	});
});
