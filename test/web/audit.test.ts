// The audit trail page: the events of GET /api/v1/audit, in words, filtered and paged the same way.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signInCookie, signUp } from "../helpers/api";
import { occurrences, PASSWORD, page } from "./page";

async function desk() {
	const ws = await signUp("America/New_York");
	const cookie = await signInCookie(ws.email, PASSWORD);
	return { ws, cookie };
}

describe("the audit page", () => {
	it("lists what happened, newest first, with the actor's name, the post linked and the change", async () => {
		const { ws, cookie } = await desk();
		const mia = await addMember(ws, "manager", "Mia Manager");
		const acc = await addAccount(ws, { handle: "@chorus_news" });
		const created = await call("POST", "/posts", { token: mia.token, json: { accountId: acc.id, body: "First version" } });
		const post = created.body.posts[0] as { id: string };
		await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { body: "Second version", scheduledAt: inHours(48), status: "scheduled" } });

		const res = await page("GET", "/audit", { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("Times in America/New_York");
		const edit = res.html.indexOf("edited the post");
		const draft = res.html.indexOf("saved the draft");
		expect(edit).toBeGreaterThan(0);
		// Newest first: the edit comes before the draft it changed.
		expect(draft).toBeGreaterThan(edit);
		expect(res.html).toContain('<span class="actor actor-member">Mia Manager</span> saved the draft');
		expect(res.html).toContain('<span class="actor actor-member">Olive Owner</span> edited the post');
		expect(occurrences(res.html, `href="/posts/${post.id}"`)).toBe(2);
		expect(res.html).toContain("on @chorus_news");
		// The edit's diff: old and new text, the status and the time, in words.
		expect(res.html).toMatch(/<del>“First version”<\/del>.*<ins>“Second version”<\/ins>/s);
		expect(res.html).toMatch(/<span class="change-field">status<\/span> <del>draft<\/del>.*<ins>scheduled<\/ins>/s);
		expect(res.html).toMatch(/<span class="change-field">time<\/span> <del>none<\/del>/);
		expect(res.html).toContain("added the account");
		expect(res.html).toContain("added the member");
		expect(res.html).toContain("created the workspace");
	});

	it("names the scheduler and deleted posts", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const post = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Short-lived" } })).body.posts[0] as { id: string };
		await call("DELETE", `/posts/${post.id}`, { token: ws.token });
		await env.DB.prepare(
			"INSERT INTO audit_event (id, workspace_id, at, actor_id, action, subject, before, after) VALUES (?, ?, ?, 'system', 'post.late', ?, NULL, ?)",
		)
			.bind(`zz-${post.id}`, ws.id, Date.now(), `post:${post.id}`, JSON.stringify({ status: "scheduled", holdReason: null, lateBySeconds: 420 }))
			.run();
		const html = (await page("GET", "/audit", { cookie })).html;
		expect(html).toContain('<span class="actor actor-system">Scheduler</span> noticed that the post');
		expect(html).toContain("“Short-lived”");
		expect(html).toContain("(deleted)");
		expect(html).toContain("7 min");
		expect(html).not.toContain(`href="/posts/${post.id}"`);
		const onlyScheduler = (await page("GET", "/audit?actor=system", { cookie })).html;
		expect(occurrences(onlyScheduler, "<tr>")).toBe(2);
	});

	it("filters by subject kind, actor and dates", async () => {
		const { ws, cookie } = await desk();
		const mia = await addMember(ws, "manager", "Mia Manager");
		const acc = await addAccount(ws, { postingPolicy: "shift" });
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "A post" } });
		const shift = await call("POST", "/shifts", {
			token: mia.token,
			json: { memberId: mia.id, weekdays: [1, 2], start: "09:00", end: "17:00", timezone: "Europe/Berlin" },
		});
		expect(shift.status).toBe(201);

		const shifts = (await page("GET", "/audit?subject=shift", { cookie })).html;
		expect(shifts).toContain("added the shift");
		expect(shifts).toContain("Mia Manager: Mon, Tue 09:00–17:00");
		expect(shifts).not.toContain("saved the draft");
		expect(shifts).not.toContain("added the account");
		expect(shifts).toMatch(/<option value="shift" selected="">Shifts<\/option>/);

		const byMia = (await page("GET", `/audit?actor=${mia.id}`, { cookie })).html;
		expect(byMia).toContain("added the shift");
		expect(byMia).not.toContain("saved the draft");

		const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		const none = (await page("GET", `/audit?from=${future}`, { cookie })).html;
		expect(none).toContain("Nothing recorded that matches these filters");
		expect(none).toContain(`value="${future}"`);
		const past = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
		expect((await page("GET", `/audit?to=${past}`, { cookie })).html).toContain("Nothing recorded that matches these filters");
	});

	it("pages with the cursor, 50 at a time", async () => {
		const { ws, cookie } = await desk();
		const accounts = await Promise.all(Array.from({ length: 6 }, () => addAccount(ws)));
		for (let i = 0; i < 9; i++) {
			const res = await call("POST", "/posts", { token: ws.token, json: { accountIds: accounts.map((a) => a.id), body: `Batch ${i}` } });
			expect(res.status).toBe(201);
		}
		// 1 workspace + 6 accounts + 54 drafts = 61 events.
		const first = await page("GET", "/audit?subject=post", { cookie });
		expect(occurrences(first.html, "saved the draft")).toBe(50);
		const older = /<a href="([^"]+)" rel="next">Older entries/.exec(first.html)?.[1]?.replace(/&amp;/g, "&");
		expect(older).toMatch(/^\/audit\?subject=post&cursor=/);
		const second = await page("GET", older!, { cookie });
		expect(occurrences(second.html, "saved the draft")).toBe(4);
		expect(second.html).not.toContain("Older entries");
		expect(second.html).toContain('href="/audit?subject=post">← Newest');
		// A cursor the page did not hand out: the newest entries, and a note.
		const bogus = await page("GET", "/audit?cursor=nonsense", { cookie });
		expect(bogus.status).toBe(200);
		expect(bogus.html).toContain("That page link is not valid any more");
	});

	it("escapes what people typed", async () => {
		const { ws, cookie } = await desk();
		const evil = await addMember(ws, "manager", `<img src=x onerror=alert(1)>`);
		const acc = await addAccount(ws);
		await call("POST", "/posts", { token: evil.token, json: { accountId: acc.id, body: `<script>alert("x")</script> & more` } });
		const html = (await page("GET", "/audit", { cookie })).html;
		expect(html).not.toContain("<script>alert");
		expect(html).not.toContain("<img src=x");
		expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
		expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
	});

	it("is for signed-in members only, and shows nothing of another workspace", async () => {
		expect((await page("GET", "/audit")).status).toBe(303);
		const { cookie } = await desk();
		const other = await signUp();
		await addAccount(other, { handle: "@not_yours" });
		const html = (await page("GET", "/audit", { cookie })).html;
		expect(html).not.toContain("@not_yours");
	});
});

describe("the audit page tells what leaving revoked", () => {
	it("a removal names the sessions, tokens and invitations it revoked", async () => {
		const { ws, cookie } = await desk();
		const leaving = await addMember(ws, "manager", "Lea Leaving");
		await call("POST", "/feed-tokens", { token: leaving.token, json: { name: "phone" } });
		await call("POST", "/invitations", { token: leaving.token, json: { email: `friend-${Date.now()}@example.test`, role: "author" } });
		expect((await call("DELETE", `/members/${leaving.id}`, { token: ws.token })).status).toBe(204);
		const res = await page("GET", "/audit?subject=member", { cookie });
		expect(res.html).toMatch(
			/<span class="change-field">access revoked<\/span>[^<]*(<del>none<\/del><span[^>]*>[^<]*<\/span>)?<ins>1 session, 1 API token, 1 feed token and 1 pending invitation<\/ins>/,
		);
	});
});

describe("the audit page shows only what the viewer may see", () => {
	it("an author sees that a webhook was set up, not its URL; the owner sees the URL", async () => {
		const { ws, cookie } = await desk();
		const author = await addMember(ws, "author", "Ari Author");
		const url = "https://hooks.example.com/secret-path-4711";
		expect((await call("POST", "/webhooks", { token: ws.token, json: { url, events: ["post.published"] } })).status).toBe(201);

		const asAuthor = await page("GET", "/audit", { cookie: await signInCookie(author.email, PASSWORD) });
		expect(asAuthor.status).toBe(200);
		expect(asAuthor.html).toContain("webhook create");
		expect(asAuthor.html).not.toContain("secret-path-4711");
		expect(asAuthor.html).toContain("Details are shown to those who may see this object");

		const asOwner = await page("GET", "/audit", { cookie });
		expect(asOwner.html).toContain("secret-path-4711");
	});
});
