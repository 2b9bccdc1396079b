import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver } from "../helpers/publishing";
import { occurrences, PASSWORD, page } from "./page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

let n = 0;
const mentionOf = (accountId: string, author: string | { handle: string; name?: string }, text: string, extra: Record<string, unknown> = {}) => ({
	accountId,
	network: "sandbox",
	externalId: `ext-${Date.now()}-${n++}`,
	author,
	text,
	createdAt: new Date().toISOString(),
	...extra,
});

/** A workspace with a sandbox account, one mention from @carol, and its owner signed in. */
async function inbox(text = "Is the app down? I can't log in") {
	const ws = await signUp();
	const acc = await addAccount(ws);
	const res = await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(acc.id, { handle: "@carol", name: "Carol Client" }, text)] } });
	expect(res.status).toBe(201);
	const cookie = await signInCookie(ws.email, PASSWORD);
	return { ws, acc, cookie, conversationId: res.body.items[0].conversationId as string, externalId: res.body.items[0].externalId as string };
}

async function conversation(token: string, id: string) {
	return (await call("GET", `/conversations/${id}`, { token })).body as {
		owner: { id: string; name: string } | null;
		handoffNote: string | null;
		messages: { direction: string; text: string; status: string | null }[];
	};
}

describe("inbox list", () => {
	it("shows a mention: who, on which account, the excerpt, Unowned; unanswered by default; counts per tab", async () => {
		const { acc, cookie, conversationId } = await inbox();
		const res = await page("GET", "/inbox", { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain(`href="/inbox/${conversationId}"`);
		expect(res.html).toContain("Carol Client");
		expect(res.html).toContain("@carol");
		expect(res.html).toContain(acc.handle);
		expect(res.html).toContain("Is the app down? I can&#39;t log in");
		expect(res.html).toContain(">Unowned<");
		expect(res.html).toMatch(/aria-current="page"[^>]*>Unanswered <span class="tab-count">1</);
		expect(res.html).toMatch(/>Mine <span class="tab-count">0</);
		expect(res.html).toContain('href="/inbox"');
	});

	it("flags a conversation waiting more than an hour", async () => {
		const { cookie } = await inbox();
		const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
		const res = await page("GET", "/inbox?view=unowned", { cookie, headers: { "X-Chorus-Now": later } });
		expect(res.html).toContain("Waiting &gt; 1 h");
		expect(res.html).toContain("2 h ago");
	});

	it("filters by account and ignores an account of another workspace", async () => {
		const { ws, acc, cookie } = await inbox();
		const other = await addAccount(ws);
		await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(other.id, "@dave", "Love the new release!")] } });
		const all = await page("GET", "/inbox?view=all", { cookie });
		expect(all.html).toContain("@dave");
		expect(all.html).toContain("@carol");
		const one = await page("GET", `/inbox?view=all&accountId=${acc.id}`, { cookie });
		expect(one.html).toContain("@carol");
		expect(one.html).not.toContain("@dave");
		expect(one.html).toMatch(/>All open <span class="tab-count">1</);
		const foreign = await addAccount(await signUp());
		expect((await page("GET", `/inbox?accountId=${foreign.id}`, { cookie })).html).toContain("@dave");
	});

	it("redirects to sign-in when signed out", async () => {
		const res = await page("GET", "/inbox?view=mine");
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/sign-in?next=${encodeURIComponent("/inbox?view=mine")}`);
	});
});

describe("a conversation", () => {
	it("claims through the form: PRG with a banner, the owner badge on the page and in the list", async () => {
		const { ws, cookie, conversationId } = await inbox();
		const before = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(before.html).toContain(`action="/inbox/${conversationId}/claim"`);
		const res = await page("POST", `/inbox/${conversationId}/claim`, { cookie, form: {} });
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/inbox/${conversationId}?done=claimed`);
		const after = await page("GET", res.headers.get("Location")!, { cookie });
		expect(after.html).toContain("You own this conversation now.");
		expect(after.html).toContain("You (Olive Owner)");
		expect(after.html).not.toContain(`action="/inbox/${conversationId}/claim"`);
		expect(after.html).toContain(`action="/inbox/${conversationId}/release"`);
		expect((await conversation(ws.token, conversationId)).owner?.id).toBe(ws.ownerId);
		const mine = await page("GET", "/inbox?view=mine", { cookie });
		expect(mine.html).toContain(`href="/inbox/${conversationId}"`);
		expect(mine.html).toContain('class="badge owner owner-me"');
		expect(mine.html).toMatch(/>Unowned <span class="tab-count">0</);
	});

	it("hands off with a note and releases", async () => {
		const { ws, cookie, conversationId } = await inbox();
		const ben = await addMember(ws, "author", "Ben");
		await page("POST", `/inbox/${conversationId}/claim`, { cookie, form: {} });
		const empty = await page("POST", `/inbox/${conversationId}/handoff`, { cookie, form: { memberId: "", note: "kept" } });
		expect(empty.status).toBe(400);
		expect(empty.html).toContain("Choose who gets it");
		expect(empty.html).toContain("kept</textarea>");
		const res = await page("POST", `/inbox/${conversationId}/handoff`, { cookie, form: { memberId: ben.id, note: "Carol's login, ticket 42" } });
		expect(res.status).toBe(303);
		const after = await page("GET", res.headers.get("Location")!, { cookie });
		expect(after.html).toContain("Handed off to Ben.");
		expect(after.html).toContain("Carol&#39;s login, ticket 42");
		expect((await conversation(ws.token, conversationId)).owner?.id).toBe(ben.id);
		// The workspace owner is a manager too: they may take it back from Ben.
		const released = await page("POST", `/inbox/${conversationId}/release`, { cookie, form: {} });
		expect(released.headers.get("Location")).toBe(`/inbox/${conversationId}?done=released`);
		expect((await conversation(ws.token, conversationId)).owner).toBeNull();
	});

	it("refuses another member's reply inline, keeps the text, and sends nothing", async () => {
		queue = captureQueue();
		const { ws, conversationId } = await inbox();
		const ann = await addMember(ws, "author", "Ann");
		const annCookie = await signInCookie(ann.email, PASSWORD);
		await page("POST", `/inbox/${conversationId}/claim`, { cookie: annCookie, form: {} });
		const ben = await addMember(ws, "author", "Ben");
		const benCookie = await signInCookie(ben.email, PASSWORD);
		const shown = await page("GET", `/inbox/${conversationId}`, { cookie: benCookie });
		expect(shown.html).toContain("Ann owns this conversation: only they can reply until they hand it off.");

		const res = await page("POST", `/inbox/${conversationId}/reply`, { cookie: benCookie, form: { body: "Ben here, on it!" } });
		expect(res.status).toBe(409);
		expect(res.html).toContain("Ann owns this conversation — ask them to hand it off");
		expect(res.html).toContain("Ben here, on it!</textarea>");
		expect(res.html).not.toContain("conversation_owned");
		expect(queue.sent).toHaveLength(0);
		const convo = await conversation(ws.token, conversationId);
		expect(convo.owner?.id).toBe(ann.id);
		expect(convo.messages.filter((m) => m.direction === "out")).toEqual([]);

		// Claiming is refused the same way, next to the buttons.
		const claim = await page("POST", `/inbox/${conversationId}/claim`, { cookie: benCookie, form: {} });
		expect(claim.status).toBe(409);
		expect(claim.html).toContain("Ann owns this conversation — ask them to hand it off");
	});

	it("sends the owner's reply through the queue and shows it, publishing then published", async () => {
		queue = captureQueue();
		const { ws, acc, cookie, conversationId, externalId } = await inbox();
		await page("POST", `/inbox/${conversationId}/claim`, { cookie, form: {} });
		const blank = await page("POST", `/inbox/${conversationId}/reply`, { cookie, form: { body: "   " } });
		expect(blank.status).toBe(400);
		expect(blank.html).toContain("Write a reply first");
		expect(queue.sent).toHaveLength(0);

		const res = await page("POST", `/inbox/${conversationId}/reply`, { cookie, form: { body: "Sorry Carol, we are on it.\r\nBack within the hour." } });
		expect(res.status, res.html).toBe(303);
		expect(res.headers.get("Location")).toBe(`/inbox/${conversationId}?done=replied`);
		expect(queue.sent).toHaveLength(1);
		const convo = await conversation(ws.token, conversationId);
		expect(convo.messages.map((m) => [m.direction, m.text, m.status])).toEqual([
			["in", "Is the app down? I can't log in", null],
			["out", "Sorry Carol, we are on it.\nBack within the hour.", "publishing"],
		]);
		const shown = await page("GET", res.headers.get("Location")!, { cookie });
		expect(shown.html).toContain("Reply sent");
		expect(shown.html).toMatch(/class="msg msg-out"[\s\S]*Olive Owner[\s\S]*badge status-publishing/);

		await deliver(queue.sent, Date.now());
		const published = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(published.html).toMatch(/class="msg msg-out"[\s\S]*badge status-published/);
		const feed = await call("GET", `/accounts/${acc.id}/feed`, { token: ws.token });
		expect(feed.body.items).toHaveLength(1);
		expect(feed.body.items[0]).toMatchObject({ inReplyTo: externalId });
		// Answered: out of the default tab, and marked in "All open" with our reply as the last message.
		const list = await page("GET", "/inbox", { cookie });
		expect(list.html).not.toContain(`href="/inbox/${conversationId}"`);
		const all = await page("GET", "/inbox?view=all", { cookie });
		expect(all.html).toContain(">Answered<");
		expect(all.html).toContain("Olive Owner: </span>Sorry Carol, we are on it. Back within the hour.");
	});

	it("escapes the outside user's text and name", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
		const res = await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(acc.id, { handle: "@mallory", name: "<b>Mal</b>" }, evil)] } });
		const id = res.body.items[0].conversationId as string;
		const cookie = await signInCookie(ws.email, PASSWORD);
		for (const path of ["/inbox", `/inbox/${id}`]) {
			const html = (await page("GET", path, { cookie })).html;
			expect(html).not.toContain("<script>alert");
			expect(html).not.toContain("<img src=x");
			expect(html).not.toContain("<b>Mal</b>");
			expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
			expect(occurrences(html, "<script")).toBe(0);
		}
	});

	it("is a 404 page for another workspace's conversation, and its actions change nothing", async () => {
		const { ws, conversationId } = await inbox();
		const other = await signUp();
		const cookie = await signInCookie(other.email, PASSWORD);
		const res = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(res.status).toBe(404);
		expect(res.html).toContain("This conversation does not exist");
		expect(res.html).not.toContain("Carol");
		expect((await page("POST", `/inbox/${conversationId}/claim`, { cookie, form: {} })).status).toBe(404);
		expect((await page("POST", `/inbox/${conversationId}/reply`, { cookie, form: { body: "hi" } })).status).toBe(404);
		expect((await conversation(ws.token, conversationId)).owner).toBeNull();
	});

	it("shows an analyst the conversation without actions", async () => {
		const { ws, conversationId } = await inbox();
		const ana = await addMember(ws, "analyst", "Ana");
		const cookie = await signInCookie(ana.email, PASSWORD);
		const res = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("Is the app down?");
		expect(res.html).not.toContain("/claim");
		expect(res.html).not.toContain('name="body"');
	});

	it("comes back to the conversation after signing in from a form", async () => {
		const res = await page("GET", "/inbox/abc/claim");
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/inbox/abc");
	});
});
