// The post page's publishing card and the sandbox feed pages, driven through the real publishing path:
// the sweep claims, the captured queue hands the messages to the real consumer, the sandbox "publishes".
import { afterEach, describe, expect, it } from "vitest";
import { formatClock, formatStamp } from "../../web/format";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { occurrences, PASSWORD, page } from "./page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ZONE = "America/New_York";

/** A workspace (Berlin) with a signed-in owner, a sandbox account in New York and a post due in an hour. */
async function duePost(body = "Hello from Chorus", account: Record<string, unknown> = {}) {
	queue = captureQueue();
	const ws = await signUp();
	const cookie = await signInCookie(ws.email, PASSWORD);
	const acc = await addAccount(ws, { timezone: ZONE, ...account });
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body, scheduledAt: new Date(dueAt).toISOString() } });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { ws, cookie, acc, post: res.body.posts[0] as { id: string }, dueAt };
}

const publishNowForm = (id: string) => `action="/posts/${id}/publish-now"`;

describe("the publishing card", () => {
	it("shows a scheduled publish: the attempt in the account's zone, the network's answer and the link to the feed", async () => {
		const { cookie, acc, post, dueAt } = await duePost("Spring <b>release</b> & more");
		expect((await page("GET", `/posts/${post.id}`, { cookie })).html).not.toContain("Publishing</h2>");
		await runSweep(dueAt);
		expect((await deliver(queue!.sent, dueAt)).acked).toHaveLength(1);
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		const itemId = row?.networkPostId ?? "";

		const view = await page("GET", `/posts/${post.id}`, { cookie });
		expect(view.status).toBe(200);
		expect(view.html).toContain(">Publishing</h2>");
		expect(view.html).toContain(`Times in ${ZONE}`);
		expect(view.html).toMatch(/<span class="attempt-n">#1<\/span><strong class="outcome">Published<\/strong><span class="muted">by Scheduler<\/span>/);
		expect(view.html).toContain(formatStamp(dueAt, ZONE));
		expect(view.html).toContain(`<code>201 Created ${itemId}</code>`);
		expect(view.html).toContain(`href="/sandbox/${acc.id}#${itemId}"`);
		expect(view.html).toContain(`href="/sandbox/${acc.id}" class="nowrap">sandbox feed</a>`);
		expect(view.html).not.toContain("Late:");
		expect(view.html).not.toContain(" late.");
		// Nothing left to publish: no button.
		expect(view.html).not.toContain(publishNowForm(post.id));

		const feed = await page("GET", `/sandbox/${acc.id}`, { cookie });
		expect(feed.status).toBe(200);
		expect(feed.html).toContain(`<li id="${itemId}" class="feed-item">`);
		expect(feed.html).toContain(`href="/posts/${post.id}"`);
		expect(occurrences(feed.html, "Spring &lt;b&gt;release&lt;/b&gt; &amp; more")).toBe(1);
		expect(feed.html).not.toContain("<b>release</b>");
		expect(feed.html).toContain(`Times are in ${ZONE}`);
	});

	it("shows a rate-limited attempt as will retry with the 429, then both attempts in order", async () => {
		const { ws, cookie, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "rate_limit", failCount: 1 } } });
		await runSweep(dueAt);
		expect((await deliver(queue!.sent, dueAt)).retried).toHaveLength(1);

		const retrying = await page("GET", `/posts/${post.id}`, { cookie });
		expect(retrying.html).toContain('class="badge status-publishing"');
		expect(retrying.html).toMatch(
			/class="attempt tone-wait"[\s\S]*?<strong class="outcome">Will retry<\/strong>[\s\S]*?<code>429 Too Many Requests \(Retry-After: 2\)<\/code>/,
		);

		await deliver(queue!.sent, dueAt + 2_500);
		const done = await page("GET", `/posts/${post.id}`, { cookie });
		const outcomes = [...done.html.matchAll(/<strong class="outcome">([^<]+)<\/strong>/g)].map((m) => m[1]);
		expect(outcomes).toEqual(["Will retry", "Published"]);
		// A second attempt two and a half seconds later shows its seconds.
		expect(done.html).toContain(formatClock(dueAt + 2_500, ZONE));
	});

	it("says why a post waits and that it is late, in plain words", async () => {
		const { ws, cookie, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: true } });
		await runSweep(dueAt);
		expect((await postRow(post.id))?.holdReason).toBe("account_paused");
		const onTime = await page("GET", `/posts/${post.id}`, { cookie, headers: { "X-Chorus-Now": new Date(dueAt + MINUTE).toISOString() } });
		expect(onTime.html).toContain("Waiting: the account is paused");
		expect(onTime.html).not.toContain("Late:");
		const late = await page("GET", `/posts/${post.id}`, { cookie, headers: { "X-Chorus-Now": new Date(dueAt + 12 * MINUTE).toISOString() } });
		expect(late.html).toContain("<strong>Late:</strong> 12 min past its time and not published yet.");
		expect(late.html).toContain("Waiting: the account is paused");
		expect(late.html).toContain("No attempts yet.");
	});

	it("says a post went out late, and by how much", async () => {
		const { cookie, post, dueAt } = await duePost();
		const at = dueAt + 7 * MINUTE;
		await runSweep(at);
		await deliver(queue!.sent, at);
		const view = await page("GET", `/posts/${post.id}`, { cookie });
		expect(view.html).toContain("Published 7 min late.");
	});

	it("shows refused credentials and the failure reason", async () => {
		const { ws, cookie, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "auth" } } });
		await runSweep(dueAt);
		await deliver(queue!.sent, dueAt);
		const view = await page("GET", `/posts/${post.id}`, { cookie });
		expect(view.html).toContain('<strong class="outcome">Refused credentials</strong>');
		expect(view.html).toMatch(/<strong>Failed:<\/strong> The network refused the account&#39;s credentials \(401 Unauthorized[^)]*\): reconnect the account/);
	});
});

describe("publish now", () => {
	it("publishes through the queue, says so, and credits the member", async () => {
		const { cookie, post } = await duePost("Now, not later");
		const before = await page("GET", `/posts/${post.id}`, { cookie });
		expect(before.html).toContain(publishNowForm(post.id));

		const ask = await page("POST", `/posts/${post.id}/publish-now`, { cookie, form: {} });
		expect(ask.html).toMatch(/Publish to @\S+ on Sandbox right away/);
		expect(queue!.sent).toEqual([]);
		const res = await page("POST", `/posts/${post.id}/publish-now`, { cookie, form: { confirmed: "yes" } });
		expect(res.status, res.html).toBe(303);
		expect(res.headers.get("Location")).toBe(`/posts/${post.id}?done=publishing`);
		expect(queue!.sent).toEqual([expect.objectContaining({ postId: post.id, delaySeconds: 0 })]);
		const publishing = await page("GET", res.headers.get("Location") ?? "", { cookie });
		expect(publishing.html).toContain("Publishing now…");
		expect(publishing.html).toContain('class="badge status-publishing"');
		expect(publishing.html).not.toContain(publishNowForm(post.id));

		await deliver(queue!.sent, Date.now());
		const done = await page("GET", `/posts/${post.id}`, { cookie });
		expect(done.html).toMatch(/<strong class="outcome">Published<\/strong><span class="muted">by Olive Owner<\/span>/);
		expect(done.html).toContain("Olive Owner, with Publish now");

		const again = await page("POST", `/posts/${post.id}/publish-now`, { cookie, form: { confirmed: "yes" } });
		expect(again.status).toBe(409);
		expect(again.html).toContain("A published post cannot be published now");
	});

	it("is hidden from authors and refused to them inline", async () => {
		const { ws, post } = await duePost();
		const author = await addMember(ws, "author", "Ada Author");
		const authorCookie = await signInCookie(author.email, PASSWORD);
		const view = await page("GET", `/posts/${post.id}`, { cookie: authorCookie });
		expect(view.status).toBe(200);
		expect(view.html).not.toContain("publish-now");
		const res = await page("POST", `/posts/${post.id}/publish-now`, { cookie: authorCookie, form: {} });
		expect(res.status).toBe(403);
		expect(res.html).toContain("may not approve posts");
		expect(queue!.sent).toEqual([]);
		expect((await postRow(post.id))?.status).toBe("scheduled");
	});

	it("reports a paused account inline and sends nothing", async () => {
		const { ws, cookie, acc, post } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: true } });
		const res = await page("POST", `/posts/${post.id}/publish-now`, { cookie, form: { confirmed: "yes" } });
		expect(res.status).toBe(409);
		expect(res.html).toMatch(/class="banner error" role="alert">[^<]*is paused; unpause it to publish/);
		expect(res.html).toContain("Hello from Chorus");
		expect(queue!.sent).toEqual([]);
	});

	it("refuses a cross-site publish-now", async () => {
		const { cookie, post } = await duePost();
		const res = await page("POST", `/posts/${post.id}/publish-now`, {
			cookie,
			form: {},
			headers: { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" },
		});
		expect(res.status).toBe(403);
		expect(queue!.sent).toEqual([]);
	});
});

describe("sandbox feed pages", () => {
	it("are 404 for another workspace's account", async () => {
		const { acc } = await duePost();
		const stranger = await signUp();
		const res = await page("GET", `/sandbox/${acc.id}`, { cookie: await signInCookie(stranger.email, PASSWORD) });
		expect(res.status).toBe(404);
		expect(res.html).toContain("Not found");
		expect(res.html).not.toContain(acc.handle);
	});

	it("explain that a real network's account has no feed here", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws, {
			network: "mastodon",
			handle: "@chorus@example.social",
			credentials: { instanceUrl: "https://example.social", accessToken: "t" },
		});
		const res = await page("GET", `/sandbox/${acc.id}`, { cookie });
		expect(res.status).toBe(409);
		expect(res.html).toContain("is a Mastodon account, not a sandbox account");
	});

	it("list the sandbox accounts and say when a feed is empty", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const index = await page("GET", "/sandbox", { cookie });
		expect(index.status).toBe(200);
		expect(index.html).toContain(`<a href="/sandbox/${acc.id}">${acc.handle}</a>`);
		expect(index.html).toContain('href="/sandbox" aria-current="page"');
		const feed = await page("GET", `/sandbox/${acc.id}`, { cookie });
		expect(feed.html).toContain("Nothing published to this account yet.");
	});

	it("send a signed-out visitor to sign in and back", async () => {
		const res = await page("GET", "/sandbox/abc");
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/sign-in?next=${encodeURIComponent("/sandbox/abc")}`);
	});
});
