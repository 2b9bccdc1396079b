import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

const MINUTE = 60_000;
const at = (ms: number) => ({ "X-Chorus-Now": new Date(ms).toISOString() });

async function schedule(ws: { token: string }, accountId: string, body: string, dueAt: number) {
	const res = await call("POST", "/posts", { token: ws.token, json: { accountId, body, scheduledAt: new Date(dueAt).toISOString() } });
	expect(res.status).toBe(201);
	return res.body.posts[0].id as string;
}

/** The sandbox feed of an account, oldest first (insertion order). */
async function feed(accountId: string) {
	const rows = await env.DB.prepare("SELECT post_id FROM sandbox_feed_item WHERE account_id = ? ORDER BY rowid").bind(accountId).all<{ post_id: string }>();
	return rows.results.map((r) => r.post_id);
}

describe("the workspace emergency stop", () => {
	it("nothing goes out while stopped; afterwards every post goes out once, in order", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const a = await addAccount(ws);
		const b = await addAccount(ws);
		const t0 = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const a1 = await schedule(ws, a.id, "First for A: the spring menu is out", t0);
		const b1 = await schedule(ws, b.id, "First for B: doors open at nine", t0 + MINUTE);
		const a2 = await schedule(ws, a.id, "Second for A: thank you all for coming", t0 + 2 * MINUTE);
		const a3 = await schedule(ws, a.id, "Third for A: photos from the evening", t0 + 3 * MINUTE);

		// a1 is already claimed and on the queue when the stop is pulled.
		await runSweep(t0 - 10_000);
		const inFlight = queue.sent.splice(0);
		expect(inFlight.map((s) => s.postId)).toEqual([a1]);

		const stop = await call("POST", "/workspace/pause", { token: ws.token, headers: at(t0) });
		expect(stop.status).toBe(200);
		expect(stop.body).toMatchObject({ paused: true, pausedAt: new Date(t0).toISOString() });
		expect((await call("GET", "/me", { token: ws.token })).body.workspace.paused).toBe(true);

		// The message in flight is put back to wait, not sent and not retried.
		const held = await deliver(inFlight, t0);
		expect(held.acked).toHaveLength(1);
		expect(await postRow(a1)).toMatchObject({ status: "scheduled", holdReason: "workspace_paused" });

		// Ticks during the stop hold what falls due, and claim nothing.
		for (const tick of [t0 + MINUTE, t0 + 2 * MINUTE, t0 + 3 * MINUTE, t0 + 4 * MINUTE]) {
			expect((await runSweep(tick)).claimed).toBe(0);
		}
		for (const id of [b1, a2, a3]) expect(await postRow(id)).toMatchObject({ status: "scheduled", holdReason: "workspace_paused" });
		expect(queue.sent).toEqual([]);
		const refused = await call("POST", `/posts/${a2}/publish-now`, { token: ws.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe("workspace_paused");
		expect(await feed(a.id)).toEqual([]);
		expect(await feed(b.id)).toEqual([]);

		// Resuming sends what waited at once, oldest first.
		const resumedAt = t0 + 5 * MINUTE;
		const resume = await call("POST", "/workspace/resume", { token: ws.token, headers: at(resumedAt) });
		expect(resume.body.paused).toBe(false);
		expect(queue.sent.map((s) => s.postId)).toEqual([a1, b1, a2, a3]);
		expect(queue.sent.every((s) => s.delaySeconds === 0)).toBe(true);

		// Delivered in one batch in scrambled order, and again: each goes out once, each account in order.
		const messages = queue.sent.splice(0);
		await deliver([messages[3]!, messages[1]!, messages[0]!, messages[2]!], resumedAt);
		await deliver(messages, resumedAt + 1_000);
		expect((await runSweep(resumedAt + MINUTE)).claimed).toBe(0);
		expect(await feed(a.id)).toEqual([a1, a2, a3]);
		expect(await feed(b.id)).toEqual([b1]);
		for (const id of [a1, b1, a2, a3]) {
			expect(await postRow(id)).toMatchObject({ status: "published", holdReason: null });
			expect(await feedCount(id)).toBe(1);
		}

		const audit = await call("GET", `/audit?subject=workspace:${ws.id}`, { token: ws.token });
		expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(["workspace.pause", "workspace.resume"]));
	});

	it("a paused account stays held when the workspace resumes", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws);
		const t0 = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const id = await schedule(ws, acc.id, "Held twice over", t0);
		await call("POST", "/workspace/pause", { token: ws.token });
		expect((await call("POST", `/accounts/${acc.id}/pause`, { token: ws.token })).body.paused).toBe(true);
		await runSweep(t0);
		expect((await postRow(id))?.holdReason).toBe("workspace_paused");
		await call("POST", "/workspace/resume", { token: ws.token, headers: at(t0 + MINUTE) });
		expect(queue.sent).toEqual([]);
		await runSweep(t0 + 2 * MINUTE);
		expect(await postRow(id)).toMatchObject({ status: "scheduled", holdReason: "account_paused" });
		await call("POST", `/accounts/${acc.id}/resume`, { token: ws.token, headers: at(t0 + 3 * MINUTE) });
		expect(queue.sent.map((s) => s.postId)).toEqual([id]);
		await deliver(queue.sent, t0 + 3 * MINUTE);
		expect(await feedCount(id)).toBe(1);
	});

	it("only members who may publish pull the stop; another workspace is untouched", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const other = await signUp();
		const author = await addMember(ws, "author");
		const refused = await call("POST", "/workspace/pause", { token: author.token });
		expect(refused.status).toBe(403);
		const manager = await addMember(ws, "manager");
		expect((await call("POST", "/workspace/pause", { token: manager.token })).body.paused).toBe(true);
		expect((await call("GET", "/workspace", { token: other.token })).body.paused).toBe(false);
		const acc = await addAccount(other);
		const t0 = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const id = await schedule(other, acc.id, "Unaffected elsewhere", t0);
		await runSweep(t0);
		expect((await postRow(id))?.status).toBe("publishing");
	});
});
