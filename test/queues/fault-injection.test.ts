/**
 * Publishing under faults: 200 posts over 20 sandbox accounts with random fail modes, every message
 * delivered twice (concurrently), every cron tick repeated, some messages lost, and desks evicted in
 * the middle of a send. Whatever happens, each post ends published exactly once, or failed /
 * needs_review with a reason; nothing is left without a final status; nothing is posted twice.
 */
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { createSandboxAdapter } from "../../functions/networks/sandbox";
import type { NetworkAdapter } from "../../functions/networks/types";
import type { PublishMessage } from "../../queues/messages";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, deliver, runSweep } from "../helpers/publishing";

/** mulberry32: a seeded generator, so a failing run can be replayed with the same seed. */
function seeded(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SEED = Number(process.env.FAULT_SEED ?? 20261126);
const queue = captureQueue();
afterAll(() => queue.restore());

describe("fault injection", () => {
	it("200 posts, 20 accounts, random faults: every post published once or ended with a reason", { timeout: 180_000 }, async () => {
		const random = seeded(SEED);
		const ws = await signUp();
		const accounts = [];
		for (let i = 0; i < 20; i++) accounts.push(await addAccount(ws));

		const modes = ["none", "none", "rate_limit", "server_error", "timeout_after_send", "unknown_after_send", "auth"] as const;
		for (const [i, acc] of accounts.entries()) {
			const failMode = i === 0 ? "auth" : modes[Math.floor(random() * (modes.length - 1))]!;
			if (failMode !== "none") {
				const res = await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode, failCount: 1 + Math.floor(random() * 3) } } });
				expect(res.status).toBe(200);
			}
		}

		// 10 posts to each of the 20 accounts, due over two minutes. One compose per post: the same text to
		// more than 3 accounts of a network is refused as bot-like (compose_fanout).
		const t0 = Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000;
		const postIds: string[] = [];
		// Ten different posts per account: near-identical ones would be refused by the double-post guard.
		const topics = [
			"our new office in Lisbon",
			"the spring sale results",
			"a customer story from Oslo",
			"tips for faster checkout",
			"the team behind the app",
			"this week's release notes",
			"an interview with our CEO",
			"volunteering day photos",
			"the holiday opening hours",
			"a sneak peek at what's next",
		];
		for (let i = 0; i < 10; i++) {
			for (const [j, acc] of accounts.entries()) {
				const res = await call("POST", "/posts", {
					token: ws.token,
					json: { accountId: acc.id, body: `Desk ${j} shares ${topics[i]}`, scheduledAt: new Date(t0 + i * 12_000).toISOString() },
				});
				expect(res.status).toBe(201);
				postIds.push(res.body.posts[0].id);
			}
		}
		expect(postIds).toHaveLength(200);

		// The sandbox, with desks evicted in the middle of some sends.
		const db = createDb(env.DB);
		const sandbox = createSandboxAdapter(db);
		let evictions = 0;
		const chaotic: NetworkAdapter = {
			...sandbox,
			async publish(account, request, cache) {
				if (random() < 0.1) {
					evictions++;
					await evictDurableObject(env.ACCOUNT_DESK.getByName(account.accountId));
				}
				return sandbox.publish(account, request, cache);
			},
		};

		type Pending = { body: PublishMessage; visibleAt: number; attempts: number };
		let pending: Pending[] = [];
		let taken = 0;
		const takeSent = (now: number) => {
			for (const s of queue.sent.slice(taken)) pending.push({ body: s, visibleAt: now + s.delaySeconds * 1000, attempts: 1 });
			taken = queue.sent.length;
		};

		let now = t0 - 60_000;
		let nextTick = now;
		let lost = 0;
		let deliveries = 0;
		const isFinal = async () => {
			const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM post WHERE workspace_id = ? AND status NOT IN ('published','failed','needs_review')")
				.bind(ws.id)
				.first<{ n: number }>();
			return row?.n === 0;
		};

		let reconnected = false;
		for (let step = 0; step < 2_000; step++) {
			// The auth-failing account holds its remaining posts (nothing lost) until someone reconnects it.
			if (!reconnected && now > t0 + 10 * 60_000) {
				const res = await call("PATCH", `/accounts/${accounts[0]!.id}`, { token: ws.token, json: { credentials: {}, sandbox: { failMode: "none" } } });
				expect(res.body.needsReconnect).toBe(false);
				reconnected = true;
			}
			if (now >= nextTick) {
				// Every tick runs twice: a repeated cron invocation must change nothing.
				await runSweep(now);
				await runSweep(now);
				takeSent(now);
				nextTick += 60_000;
				if (reconnected && (await isFinal())) break;
			}
			const visible = pending.filter((p) => p.visibleAt <= now).slice(0, 25);
			if (visible.length === 0) {
				now = Math.min(nextTick, ...pending.map((p) => p.visibleAt));
				continue;
			}
			pending = pending.filter((p) => !visible.includes(p));
			// Some messages are lost for good: the sweep's recovery must find their posts again.
			const delivered = visible.filter(() => {
				const keep = random() >= 0.03;
				if (!keep) lost++;
				return keep;
			});
			const bodies = delivered.map((p) => p.body);
			const opts = { adapterFor: () => chaotic };
			// Every message twice, at the same moment.
			const [a] = await Promise.all([deliver(bodies, now, opts), deliver(bodies, now, opts)]);
			deliveries += 2 * bodies.length;
			for (const body of a.retried) {
				// The plugin does not report retry delays; a few seconds covers Retry-After: 2 and the desk's waits.
				pending.push({ body, visibleAt: now + 3_000, attempts: 1 });
			}
			now += 500;
		}

		const rows = (
			await env.DB.prepare(
				`SELECT p.id, p.status, p.failure_reason AS reason, (SELECT COUNT(*) FROM sandbox_feed_item f WHERE f.post_id = p.id) AS copies
				 FROM post p WHERE p.workspace_id = ?`,
			)
				.bind(ws.id)
				.all<{ id: string; status: string; reason: string | null; copies: number }>()
		).results;

		const byStatus = Object.groupBy(rows, (r) => r.status);
		const duplicates = rows.filter((r) => r.copies > 1);
		const unfinished = rows.filter((r) => !["published", "failed", "needs_review"].includes(r.status));
		console.log(
			`fault soak (seed ${SEED}): ${rows.length} posts; published ${byStatus.published?.length ?? 0}, failed ${byStatus.failed?.length ?? 0}, needs_review ${byStatus.needs_review?.length ?? 0}; ` +
				`duplicates ${duplicates.length}, unfinished ${unfinished.length}; ${deliveries} deliveries, ${lost} messages lost, ${evictions} desk evictions mid-send`,
		);

		expect(unfinished.map((r) => r.status)).toEqual([]);
		expect(duplicates).toEqual([]);
		for (const r of byStatus.published ?? []) expect(r.copies, r.id).toBe(1);
		for (const r of [...(byStatus.failed ?? []), ...(byStatus.needs_review ?? [])]) expect(r.reason, r.id).toBeTruthy();
		// A failed post never reached the network; a needs_review one may have (that is why a human looks).
		for (const r of byStatus.failed ?? []) expect(r.copies, r.id).toBe(0);
		// The faults were real: some posts did not simply go through.
		expect(byStatus.failed?.length ?? 0).toBeGreaterThan(0);
		expect(lost + evictions).toBeGreaterThan(0);
		expect(byStatus.published?.length ?? 0).toBeGreaterThan(100);
	});
});
