import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

const HOUR = 3_600_000;

/** A workspace with one sandbox account and one post due an hour from now. */
async function duePost(extra: Record<string, unknown> = {}) {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, extra);
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: "Hello from Chorus", scheduledAt: new Date(dueAt).toISOString() },
	});
	return { ws, acc, post: res.body.posts[0] as { id: string }, dueAt };
}

const attemptsOf = async (ws: { token: string }, id: string) => (await call("GET", `/posts/${id}/attempts`, { token: ws.token })).body.items;

describe("the cron sweep", () => {
	it("claims a due post once, with a delay to its second, however often it ticks", async () => {
		const { post, dueAt } = await duePost();
		expect((await runSweep(dueAt - 2 * 60_000)).claimed).toBe(0); // not within the minute yet
		const tick = dueAt - 30_000;
		expect((await runSweep(tick)).claimed).toBe(1);
		expect((await runSweep(tick)).claimed).toBe(0); // a repeated tick
		expect(queue.sent).toEqual([expect.objectContaining({ postId: post.id, delaySeconds: 30 })]);
		expect((await postRow(post.id))?.status).toBe("publishing");
	});

	it("a skipped tick changes nothing: the next one claims what was missed", async () => {
		const { post, dueAt } = await duePost();
		expect((await runSweep(dueAt + 3 * 60_000)).claimed).toBe(1);
		expect(queue.sent[0]).toMatchObject({ postId: post.id, delaySeconds: 0 });
	});

	it("re-sends a post stuck in publishing past its claim (a lost message)", async () => {
		const { post, dueAt } = await duePost();
		const sends = () => queue.sent.filter((s) => s.postId === post.id).length;
		await runSweep(dueAt);
		await runSweep(dueAt + 60_000);
		expect(sends()).toBe(1);
		await runSweep(dueAt + 4 * 60_000);
		expect(sends()).toBe(2);
	});

	it("surfaces a post more than 5 minutes late, once, in the audit trail", async () => {
		const { post, dueAt, acc, ws } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: true } });
		await runSweep(dueAt);
		expect((await postRow(post.id))?.holdReason).toBe("account_paused");
		await runSweep(dueAt + 6 * 60_000);
		await runSweep(dueAt + 7 * 60_000);
		const audit = await env.DB.prepare("SELECT action FROM audit_event WHERE subject = ? AND action = 'post.late'").bind(`post:${post.id}`).all();
		expect(audit.results).toHaveLength(1);
	});
});

describe("the publish consumer", () => {
	it("publishes once, records who and what the network said", async () => {
		const { ws, post, dueAt } = await duePost();
		await runSweep(dueAt);
		const result = await deliver(queue.sent, dueAt);
		expect(result.acked).toHaveLength(1);
		const row = await postRow(post.id);
		expect(row).toMatchObject({ status: "published", publishedAt: dueAt, publishedVia: "scheduler", publishedById: ws.ownerId });
		expect(row?.networkPostId).toBeTruthy();
		expect(await feedCount(post.id)).toBe(1);
		const view = (await call("GET", `/posts/${post.id}`, { token: ws.token })).body;
		expect(view.publishedBy).toEqual({ member: { id: ws.ownerId, name: "Olive Owner" }, via: "scheduler" });
		expect(await attemptsOf(ws, post.id)).toEqual([
			expect.objectContaining({ n: 1, outcome: "published", by: { kind: "scheduler" }, network: expect.objectContaining({ status: 201 }) }),
		]);
	});

	it("a message delivered twice, together and later, publishes once", async () => {
		const { post, dueAt } = await duePost();
		await runSweep(dueAt);
		const message = queue.sent[0]!;
		await deliver([message, message], dueAt);
		await deliver([message], dueAt + 5_000);
		expect(await feedCount(post.id)).toBe(1);
		expect((await postRow(post.id))?.status).toBe("published");
	});

	it("429 retries after the network's Retry-After, then publishes", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "rate_limit", failCount: 1 } } });
		await runSweep(dueAt);
		const first = await deliver(queue.sent, dueAt);
		expect(first.retried).toHaveLength(1);
		// The desk holds the whole account back until Retry-After has passed.
		const early = await deliver(queue.sent, dueAt + 1_000);
		expect(early.retried).toHaveLength(1);
		expect(await feedCount(post.id)).toBe(0);
		await deliver(queue.sent, dueAt + 2_500);
		expect(await feedCount(post.id)).toBe(1);
		expect((await attemptsOf(ws, post.id)).map((a: { outcome: string }) => a.outcome)).toEqual(["retry", "published"]);
	});

	it("an auth error fails fast with a reason, marks the account, and is not retried", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "auth" } } });
		await runSweep(dueAt);
		const result = await deliver(queue.sent, dueAt);
		expect(result.acked).toHaveLength(1);
		const row = await postRow(post.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toMatch(/reconnect the account/);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.needsReconnect).toBe(true);
	});

	it("a timeout after sending is reconciled by reading back: published once, no resend", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "timeout_after_send" } } });
		await runSweep(dueAt);
		const first = await deliver(queue.sent, dueAt);
		expect(first.retried).toHaveLength(1);
		await deliver(queue.sent, dueAt + 1_000);
		expect(await feedCount(post.id)).toBe(1);
		expect((await postRow(post.id))?.status).toBe("published");
		expect((await attemptsOf(ws, post.id)).map((a: { outcome: string }) => a.outcome)).toEqual(["unknown", "reconciled"]);
	});

	it("unknown_after_send ends in needs_review: only a human can tell", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "unknown_after_send" } } });
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		await deliver(queue.sent, dueAt + 1_000);
		const row = await postRow(post.id);
		expect(row?.status).toBe("needs_review");
		expect(row?.failureReason).toMatch(/may or may not/);
		expect(await feedCount(post.id)).toBe(1);
	});

	it("server errors back off and give up after the last try with the reason", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "server_error", failCount: 100 } } });
		await runSweep(dueAt);
		let now = dueAt;
		for (let i = 0; i < 8; i++) {
			await deliver(queue.sent, now);
			now += 20 * 60_000; // past any back-off
		}
		const row = await postRow(post.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toMatch(/Gave up after 8 tries.*503/);
		expect(await attemptsOf(ws, post.id)).toHaveLength(8);
	});

	it("a paused account holds its posts with a reason; unpausing releases them", async () => {
		const { ws, acc, post, dueAt } = await duePost();
		await runSweep(dueAt - 10_000);
		// Paused after the claim: the consumer puts it back to wait instead of burning retries.
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: true } });
		const result = await deliver(queue.sent, dueAt);
		expect(result.acked).toHaveLength(1);
		expect(await postRow(post.id)).toMatchObject({ status: "scheduled", holdReason: "account_paused" });
		const sends = () => queue.sent.filter((s) => s.postId === post.id);
		await runSweep(dueAt + 60_000);
		expect(sends()).toHaveLength(1);
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: false } });
		expect((await postRow(post.id))?.holdReason).toBeNull();
		await runSweep(dueAt + 120_000);
		expect(sends()).toHaveLength(2);
		await deliver(sends().slice(1), dueAt + 120_000);
		expect(await feedCount(post.id)).toBe(1);
	});
});

describe("publish-now", () => {
	it("goes through the same queue and desk, credited to the member", async () => {
		const { ws, post } = await duePost();
		const res = await call("POST", `/posts/${post.id}/publish-now`, { token: ws.token });
		expect(res.status).toBe(202);
		expect(res.body.status).toBe("publishing");
		expect(queue.sent).toEqual([expect.objectContaining({ postId: post.id, delaySeconds: 0 })]);
		await deliver(queue.sent, Date.now());
		const view = (await call("GET", `/posts/${post.id}`, { token: ws.token })).body;
		expect(view).toMatchObject({ status: "published", publishedBy: { via: "publish-now", member: { id: ws.ownerId } } });
		expect((await call("POST", `/posts/${post.id}/publish-now`, { token: ws.token })).status).toBe(409);
	});

	it("is refused for a paused account and for authors", async () => {
		const { ws, acc, post } = await duePost();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { paused: true } });
		const paused = await call("POST", `/posts/${post.id}/publish-now`, { token: ws.token });
		expect(paused.status).toBe(409);
		expect(paused.body.error.code).toBe("account_paused");
		expect(queue.sent).toEqual([]);
	});
});
