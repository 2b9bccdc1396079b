/**
 * Test-only hooks for `npm run bench` (bench/scenarios/publish.mjs). Mounted at /__bench, but every
 * request answers 404 unless CHORUS_BENCH is "true" and CHORUS_ENV is not "production", checked per
 * request: a deployed Worker (CHORUS_ENV = "production" in wrangler.toml, no CHORUS_BENCH) never
 * serves them. Behind the API's bearer auth, owners only, scoped to the caller's workspace.
 *
 *   GET  /__bench/publish-stats  the workspace's posts (canceled ones aside) joined with the sandbox feed:
 *                                outcome counts, duplicates, misses and publish lag percentiles, in SQL.
 *                                ?progress=1: status counts only (cheap, for polling); ?lags=1: every lag too.
 *   POST /__bench/retime         { dueAt } moves every `scheduled` post of the workspace to dueAt. Creating
 *                                10,000 posts through the API takes longer than anyone can predict, so
 *                                the bench schedules them far ahead and then brings them all to one minute.
 *   POST /__bench/clone          { bodies } copies every `scheduled` post of the workspace once per body:
 *                                same account, author, duty and schedule, a new id, group and body. Setup
 *                                only: the first post of each account comes through POST /posts, the rest
 *                                are copies of it, so setting up 10,000 posts takes seconds, not minutes.
 *   POST /__bench/enqueue-noop   { count, dueAt } sends `count` PUBLISH messages for posts that do not
 *                                exist, all due at dueAt: the consumer's near no-op path (one D1 lookup
 *                                per batch, then ack), the baseline the publish path is compared to.
 *   GET  /__bench/noop-stats     what the consumer saw of them (needs recordBenchNoops in the consumer).
 *   GET  /__bench/roundtrips     the local cost of one D1 query and one AccountDesk RPC (diagnostics).
 */
import { Hono } from "hono";
import { z } from "zod";
import { requireActor } from "../auth/authenticate";
import type { AppEnv } from "../context";
import { forbidden, invalidField } from "../errors";
import { jsonBody } from "../validation";

type BenchEnv = Env & { CHORUS_BENCH?: string };

/** The one switch: a bench flag, and never production. */
export const benchEnabled = (env: Env): boolean => (env as BenchEnv).CHORUS_BENCH === "true" && env.CHORUS_ENV !== "production";

/** Prefix of the no-op messages' postIds: no post ever has such an id (post ids are UUIDs). */
export const NOOP_PREFIX = "bench-noop-";

const NOOP_TABLE = `CREATE TABLE IF NOT EXISTS bench_noop_batch (workspace_id TEXT NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL)`;

/**
 * Called by the PUBLISH consumer once per batch (bench only): one row per batch that carried no-op
 * messages, with their number and the time the batch finished. Never throws: a bench counter must not
 * make the queue retry a batch.
 */
export async function recordBenchNoops(env: Env, bodies: { postId: string; workspaceId: string }[], now: number): Promise<void> {
	if (!benchEnabled(env)) return;
	const perWorkspace = new Map<string, number>();
	for (const b of bodies) if (b.postId.startsWith(NOOP_PREFIX)) perWorkspace.set(b.workspaceId, (perWorkspace.get(b.workspaceId) ?? 0) + 1);
	if (perWorkspace.size === 0) return;
	try {
		await env.DB.batch(
			[...perWorkspace].map(([ws, n]) => env.DB.prepare("INSERT INTO bench_noop_batch (workspace_id, at, n) VALUES (?, ?, ?)").bind(ws, now, n)),
		);
	} catch (error) {
		console.error("bench: could not record no-op messages", error);
	}
}

// Nearest-rank percentiles over a ranked CTE `ranked(v, rn, n)`: rank = ceil(n * p / 100) in integers.
const percentile = (p: number) => `MAX(CASE WHEN rn = MAX(1, (n * ${p} + 99) / 100) THEN v END)`;

const PUBLISH_STATS = `
WITH items AS (
	SELECT post_id, COUNT(*) AS c, MIN(created_at) AS first_at, MAX(created_at) AS last_at
	FROM sandbox_feed_item WHERE workspace_id = ?1 AND post_id IS NOT NULL GROUP BY post_id
),
per_post AS (
	SELECT p.id, p.status, p.scheduled_at, i.c, i.first_at, i.last_at
	FROM post p LEFT JOIN items i ON i.post_id = p.id
	WHERE p.workspace_id = ?1 AND p.status <> 'canceled'
),
ranked AS (
	SELECT first_at - scheduled_at AS v, ROW_NUMBER() OVER (ORDER BY first_at - scheduled_at) AS rn, COUNT(*) OVER () AS n
	FROM per_post WHERE first_at IS NOT NULL AND scheduled_at IS NOT NULL
),
counts AS (
	SELECT
		COUNT(*) AS total,
		SUM(status = 'published') AS published,
		SUM(status = 'failed') AS failed,
		SUM(status = 'needs_review') AS needs_review,
		SUM(status IN ('scheduled', 'publishing', 'pending_approval')) AS unfinished,
		SUM(c > 1) AS duplicates,
		COALESCE(SUM(c - 1), 0) AS extra_items,
		SUM(c IS NULL) AS without_item,
		SUM(status = 'published' AND c IS NULL) AS published_without_item,
		SUM(status <> 'published' AND c IS NOT NULL) AS item_but_not_published,
		MIN(scheduled_at) AS first_due,
		MAX(scheduled_at) AS last_due,
		MIN(first_at) AS first_at,
		MAX(last_at) AS last_at,
		(SELECT COUNT(*) FROM post WHERE workspace_id = ?1 AND status = 'canceled') AS canceled
	FROM per_post
),
lags AS (
	SELECT ${percentile(50)} AS p50, ${percentile(95)} AS p95, ${percentile(99)} AS p99, MAX(v) AS max, MIN(v) AS min, AVG(v) AS mean FROM ranked
)
SELECT * FROM counts, lags`;

const NOOP_STATS = `
WITH batches AS (SELECT at, n FROM bench_noop_batch WHERE workspace_id = ?1),
ranked AS (
	-- Every message of a batch finished when its batch did: rank messages by cumulative count.
	SELECT at - ?2 AS v, SUM(n) OVER (ORDER BY at ROWS UNBOUNDED PRECEDING) AS upto, n AS size, SUM(n) OVER () AS n FROM batches
)
SELECT
	(SELECT COUNT(*) FROM batches) AS batches,
	(SELECT COALESCE(SUM(n), 0) FROM batches) AS received,
	(SELECT MIN(at) FROM batches) AS first_at,
	(SELECT MAX(at) FROM batches) AS last_at,
	${[50, 95, 99].map((p) => `(SELECT MIN(v) FROM ranked WHERE upto >= MAX(1, (n * ${p} + 99) / 100)) AS p${p}`).join(",\n\t")},
	(SELECT MAX(v) FROM ranked) AS max`;

const PER_POST_LAGS = `
SELECT p.scheduled_at AS due, MIN(f.created_at) AS first_at
FROM post p JOIN sandbox_feed_item f ON f.post_id = p.id AND f.workspace_id = p.workspace_id
WHERE p.workspace_id = ?1 AND p.status <> 'canceled' AND p.scheduled_at IS NOT NULL
GROUP BY p.id`;

const dueAtSchema = z.union([z.number().int().positive(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

const enqueueSchema = z.object({
	count: z.number().int().min(1).max(100_000),
	/** The instant every message is due: epoch ms or ISO-8601. */
	dueAt: dueAtSchema,
});

// Queues' sendBatch takes at most 100 messages.
const SEND_BATCH = 100;

export const benchHookRoutes = new Hono<AppEnv>()
	// Checked on every request, before auth: disabled means "no such route", exactly like an unknown path.
	.use(async (c, next) => {
		if (!benchEnabled(c.env)) return c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
		await next();
	})
	.use(requireActor)
	.use(async (c, next) => {
		if (c.get("actor").role !== "owner") throw forbidden("Bench hooks are for owners");
		await next();
	})
	.get("/publish-stats", async (c) => {
		const ws = c.get("actor").workspaceId;
		// ?progress=1: status counts only, one cheap query, for polling while the queue drains (the full
		// figures join the feed and rank every lag: too much load to ask for every few seconds).
		if (c.req.query("progress") === "1") {
			const { results } = await c.env.DB.prepare("SELECT status, COUNT(*) AS n FROM post WHERE workspace_id = ? GROUP BY status")
				.bind(ws)
				.all<{ status: string; n: number }>();
			const n = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0);
			return c.json({
				total: results.reduce((sum, r) => sum + r.n, 0) - n("canceled"),
				published: n("published"),
				failed: n("failed"),
				needsReview: n("needs_review"),
				unfinished: n("scheduled", "publishing", "pending_approval"),
				canceled: n("canceled"),
			});
		}
		const row = await c.env.DB.prepare(PUBLISH_STATS).bind(ws).first<Record<string, number | null>>();
		const attempts = await c.env.DB.prepare("SELECT outcome, COUNT(*) AS n FROM publish_attempt WHERE workspace_id = ? GROUP BY outcome")
			.bind(ws)
			.all<{ outcome: string; n: number }>();
		// ?lags=1: every post's lag too (ms), so a caller can pool several workspaces' percentiles.
		const lagList =
			c.req.query("lags") === "1"
				? (await c.env.DB.prepare(PER_POST_LAGS).bind(ws).all<{ due: number; first_at: number }>()).results.map((r) => r.first_at - r.due)
				: undefined;
		const num = (k: string) => Number(row?.[k] ?? 0);
		const opt = (k: string) => (row?.[k] === null || row?.[k] === undefined ? null : Number(row[k]));
		return c.json({
			total: num("total"),
			published: num("published"),
			failed: num("failed"),
			needsReview: num("needs_review"),
			unfinished: num("unfinished"),
			canceled: num("canceled"),
			duplicates: num("duplicates"),
			extraItems: num("extra_items"),
			withoutItem: num("without_item"),
			publishedWithoutItem: num("published_without_item"),
			itemButNotPublished: num("item_but_not_published"),
			firstDue: opt("first_due"),
			lastDue: opt("last_due"),
			firstAt: opt("first_at"),
			lastAt: opt("last_at"),
			lags: { p50: opt("p50"), p95: opt("p95"), p99: opt("p99"), max: opt("max"), min: opt("min"), mean: opt("mean") },
			attempts: Object.fromEntries(attempts.results.map((r) => [r.outcome, r.n])),
			lagList,
		});
	})
	.post("/retime", jsonBody(z.object({ dueAt: dueAtSchema })), async (c) => {
		const { dueAt } = c.req.valid("json");
		if (dueAt <= Date.now()) throw invalidField(["dueAt"], "Must be in the future", 422);
		const result = await c.env.DB.prepare(
			"UPDATE post SET scheduled_at = ?1, calendar_at = ?1, updated_at = ?2 WHERE workspace_id = ?3 AND status = 'scheduled'",
		)
			.bind(dueAt, Date.now(), c.get("actor").workspaceId)
			.run();
		return c.json({ moved: result.meta.changes ?? 0, dueAt });
	})
	.post("/clone", jsonBody(z.object({ bodies: z.array(z.string().min(1).max(500)).min(1).max(100) })), async (c) => {
		const { bodies } = c.req.valid("json");
		const ws = c.get("actor").workspaceId;
		// The column list comes from the table itself, so a new column is copied without touching this hook.
		const { results: columns } = await c.env.DB.prepare("SELECT name FROM pragma_table_info('post')").all<{ name: string }>();
		const replaced: Record<string, string> = {
			id: "lower(hex(randomblob(16)))",
			group_id: "group_id || ':copy' || ?2",
			body: "?3",
			created_at: "?4",
			updated_at: "?4",
		};
		const names = columns.map((col) => col.name);
		const insert = `INSERT INTO post (${names.join(", ")}) SELECT ${names.map((n) => replaced[n] ?? n).join(", ")} FROM post WHERE workspace_id = ?1 AND status = 'scheduled' AND instr(group_id, ':copy') = 0`;
		const now = Date.now();
		const written = await c.env.DB.batch(bodies.map((body, k) => c.env.DB.prepare(insert).bind(ws, k + 1, body, now)));
		return c.json({ copied: written.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0) });
	})
	.post("/enqueue-noop", jsonBody(enqueueSchema), async (c) => {
		const { count, dueAt } = c.req.valid("json");
		const ws = c.get("actor").workspaceId;
		// A fresh count per run: the consumer appends one row per batch.
		await c.env.DB.batch([c.env.DB.prepare(NOOP_TABLE), c.env.DB.prepare("DELETE FROM bench_noop_batch WHERE workspace_id = ?").bind(ws)]);
		const run = crypto.randomUUID().slice(0, 8);
		const startedAt = Date.now();
		let maxDelay = 0;
		for (let i = 0; i < count; i += SEND_BATCH) {
			// Like the sweep: whole seconds of delay, so the message goes out at dueAt's second.
			const delaySeconds = Math.max(0, Math.min(43_200, Math.ceil((dueAt - Date.now()) / 1000)));
			maxDelay = Math.max(maxDelay, delaySeconds);
			const n = Math.min(SEND_BATCH, count - i);
			await c.env.PUBLISH.sendBatch(
				Array.from({ length: n }, (_, k) => ({
					body: { postId: `${NOOP_PREFIX}${run}-${i + k}`, workspaceId: ws, accountId: `${NOOP_PREFIX}account` },
					contentType: "json" as const,
					delaySeconds,
				})),
			);
		}
		return c.json({ sent: count, run, dueAt, enqueueMs: Date.now() - startedAt, maxDelaySeconds: maxDelay }, 202);
	})
	// Where a publish's time can go, measured inside the Worker: a trivial D1 query and a trivial desk
	// RPC, one after another and `parallel` at a time (the consumer runs a batch's messages concurrently).
	.get("/roundtrips", async (c) => {
		const n = Math.min(2_000, Math.max(1, Number(c.req.query("n") ?? 200)));
		const parallel = Math.min(100, Math.max(1, Number(c.req.query("parallel") ?? 50)));
		const desk = c.env.ACCOUNT_DESK.getByName(`${NOOP_PREFIX}desk`);
		const d1 = () => c.env.DB.prepare("SELECT 1 AS one").first();
		const rpc = () => desk.ledger(`${NOOP_PREFIX}post`);
		async function measure(fn: () => Promise<unknown>, width: number) {
			await fn(); // warm
			const started = Date.now();
			for (let done = 0; done < n; done += width) await Promise.all(Array.from({ length: Math.min(width, n - done) }, fn));
			const ms = Date.now() - started;
			return { calls: n, inFlight: width, ms, perCallMs: ms / n };
		}
		return c.json({
			d1Serial: await measure(d1, 1),
			d1Parallel: await measure(d1, parallel),
			deskSerial: await measure(rpc, 1),
			deskParallel: await measure(rpc, parallel),
		});
	})
	.get("/noop-stats", async (c) => {
		const ws = c.get("actor").workspaceId;
		const since = Number(c.req.query("dueAt") ?? 0);
		await c.env.DB.prepare(NOOP_TABLE).run();
		const row = await c.env.DB.prepare(NOOP_STATS).bind(ws, since).first<Record<string, number | null>>();
		const opt = (k: string) => (row?.[k] === null || row?.[k] === undefined ? null : Number(row[k]));
		return c.json({
			batches: opt("batches") ?? 0,
			received: opt("received") ?? 0,
			firstAt: opt("first_at"),
			lastAt: opt("last_at"),
			lags: { p50: opt("p50"), p95: opt("p95"), p99: opt("p99"), max: opt("max") },
		});
	});
