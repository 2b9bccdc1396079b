/**
 * Test-only hooks for `npm run bench -- report` (bench/scenarios/report.mjs), mounted at /__bench/report
 * behind the same switch as functions/routes/bench-hooks.ts (CHORUS_BENCH=true and never production),
 * owners only, scoped to the caller's workspace.
 *
 *   POST /__bench/report/seed-metrics   { start, days }: metric_day for every account of the workspace over
 *                                       `days` days (weekday seasonality, a few planted spikes), and two
 *                                       published posts a week per account with their post_metric, made
 *                                       inside SQLite (recursive CTEs) so seeding 20,000 rows takes a second.
 *   POST /__bench/report/seed-mentions  { from, to, offset, count }: `count` classified mentions spread over
 *                                       [from, to), round-robin over the accounts (call it in chunks).
 *   POST /__bench/report/build          { reportId, periodEnd }: makes the scheduled run of the period ending
 *                                       on periodEnd and builds it in this request through the consumer's
 *                                       own buildRun, counting every D1 statement it sends.
 */
import { Hono } from "hono";
import { z } from "zod";
import { createDb } from "../../db/client";
import { newId } from "../../db/ids";
import { getReportDefinition } from "../../db/queries/reports";
import { reportRun } from "../../db/schema";
import { periodEndingOn, periodKey } from "../../domain/reports/period";
import { startOfLocalDay } from "../../domain/time";
import { requireActor } from "../auth/authenticate";
import type { AppEnv } from "../context";
import { forbidden, notFound } from "../errors";
import { buildRun } from "../services/report-runs";
import { jsonBody } from "../validation";
import { benchEnabled } from "./bench-hooks";

/** A D1 binding that counts the statements sent through it (each statement of a batch counts, as on the platform). */
export function countingD1(d1: D1Database) {
	let statements = 0;
	const originals = new WeakMap<object, D1PreparedStatement>();
	const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
		const proxy = new Proxy(stmt, {
			get(target, prop) {
				const value = Reflect.get(target, prop) as unknown;
				if (typeof value !== "function") return value;
				if (prop === "bind") return (...args: unknown[]) => wrap((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args));
				if (prop === "all" || prop === "first" || prop === "run" || prop === "raw") {
					return (...args: unknown[]) => {
						statements++;
						return (value as (...a: unknown[]) => unknown).apply(target, args);
					};
				}
				return (value as (...a: unknown[]) => unknown).bind(target);
			},
		});
		originals.set(proxy, stmt);
		return proxy;
	};
	const binding = new Proxy(d1, {
		get(target, prop) {
			const value = Reflect.get(target, prop) as unknown;
			if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
			if (prop === "batch") {
				return (stmts: D1PreparedStatement[]) => {
					statements += stmts.length;
					return target.batch(stmts.map((s) => originals.get(s) ?? s));
				};
			}
			return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
	return { binding, count: () => statements };
}

const date = z.iso.date();

const SEED_METRICS = `
INSERT INTO metric_day (workspace_id, account_id, date, followers, impressions, engagements, clicks, shares, updated_at)
WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < CAST(?3 AS INTEGER) - 1),
days AS (SELECT i, date(?2, '+' || i || ' days') AS day FROM d),
accts AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS k FROM account WHERE workspace_id = ?1)
SELECT ?1, a.id, days.day,
	1000 + a.k * 10 + days.i * 3,
	(CASE WHEN strftime('%w', days.day) IN ('0', '6') THEN 2000 ELSE 5000 END) + abs(random() % 300),
	(CASE WHEN (days.i * 7 + a.k) % 89 = 0 THEN 8 ELSE 1 END) * ((CASE WHEN strftime('%w', days.day) IN ('0', '6') THEN 80 ELSE 200 END) + abs(random() % 20)),
	20 + abs(random() % 6),
	2 + abs(random() % 3),
	0
FROM days, accts a`;

const SEED_POSTS = `
INSERT INTO post (id, workspace_id, group_id, account_id, body, status, scheduled_at, calendar_at, timezone, author_id, published_at, published_by_id, published_via, kind, updated_at)
WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 3 FROM d WHERE i < ?3 - 3),
accts AS (SELECT id FROM account WHERE workspace_id = ?1)
SELECT 'bp-' || a.id || '-' || d.i, ?1, 'bp-' || a.id || '-' || d.i, a.id, 'Bench post ' || d.i || ' on ' || a.id, 'published',
	?2 + d.i * 86400000 + 36000000, ?2 + d.i * 86400000 + 36000000, 'UTC', ?4, ?2 + d.i * 86400000 + 36000000, ?4, 'scheduler', 'post', 0
FROM d, accts a`;

const SEED_POST_METRICS = `
INSERT INTO post_metric (workspace_id, post_id, account_id, date, likes, reposts, replies, quotes, impressions, clicks, updated_at)
SELECT workspace_id, id, account_id, date(published_at / 1000, 'unixepoch'), 20 + abs(random() % 30), 3 + abs(random() % 5), abs(random() % 4), 0, 1500, 10, 0
FROM post WHERE workspace_id = ?1 AND id LIKE 'bp-%'`;

const SEED_MENTIONS = `
INSERT INTO mention (id, workspace_id, account_id, network, external_id, author_handle, text, created_at, is_follower, conversation_id, received_at,
	sentiment_label, sentiment_score, kind, topics, classifier_version)
WITH RECURSIVE n(i) AS (SELECT CAST(?4 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ?4 + ?5 - 1),
accts AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () AS total FROM account WHERE workspace_id = ?1)
SELECT 'bm-' || ?1 || '-' || n.i, ?1, a.id, 'sandbox', 'bm-' || n.i, '@user' || (n.i % 7919),
	CASE n.i % 4 WHEN 0 THEN 'Love the new release, great work' WHEN 1 THEN 'How do I export my data?' WHEN 2 THEN 'The app keeps crashing on login' ELSE 'Saw this today' END,
	?2 + (n.i * (?3 - ?2)) / ?6, n.i % 3 = 0, 'bc-' || (n.i % 20011), 0,
	CASE n.i % 4 WHEN 0 THEN 'positive' WHEN 2 THEN 'negative' ELSE 'neutral' END, 0,
	CASE n.i % 4 WHEN 0 THEN 'praise' WHEN 1 THEN 'question' WHEN 2 THEN 'concern' ELSE 'other' END,
	CASE n.i % 5 WHEN 0 THEN '["release"]' WHEN 1 THEN '["export"]' WHEN 2 THEN '["login","crash"]' WHEN 3 THEN '["pricing"]' ELSE '[]' END, 1
FROM n JOIN accts a ON a.k = n.i % a.total`;

export const benchReportRoutes = new Hono<AppEnv>()
	.use(async (c, next) => {
		if (!benchEnabled(c.env)) return c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
		await next();
	})
	.use(requireActor)
	.use(async (c, next) => {
		if (c.get("actor").role !== "owner") throw forbidden("Bench hooks are for owners");
		await next();
	})
	.post("/seed-metrics", jsonBody(z.object({ start: date, days: z.number().int().min(1).max(2000) })), async (c) => {
		const { start, days } = c.req.valid("json");
		const actor = c.get("actor");
		const startMs = Date.parse(`${start}T00:00:00Z`);
		const [metrics, posts, postMetrics] = await c.env.DB.batch([
			c.env.DB.prepare(SEED_METRICS).bind(actor.workspaceId, start, days),
			c.env.DB.prepare(SEED_POSTS).bind(actor.workspaceId, startMs, days, actor.id),
			c.env.DB.prepare(SEED_POST_METRICS).bind(actor.workspaceId),
		]);
		return c.json({ metricDays: metrics!.meta.changes, posts: posts!.meta.changes, postMetrics: postMetrics!.meta.changes });
	})
	.post(
		"/seed-mentions",
		jsonBody(
			z.object({
				from: z.number().int(),
				to: z.number().int(),
				offset: z.number().int().min(0),
				count: z.number().int().min(1).max(50_000),
				total: z.number().int().min(1),
			}),
		),
		async (c) => {
			const { from, to, offset, count, total } = c.req.valid("json");
			const result = await c.env.DB.prepare(SEED_MENTIONS).bind(c.get("actor").workspaceId, from, to, offset, count, total).run();
			return c.json({ mentions: result.meta.changes });
		},
	)
	.post("/build", jsonBody(z.object({ reportId: z.string(), periodEnd: date })), async (c) => {
		const { reportId, periodEnd } = c.req.valid("json");
		const ws = c.get("actor").workspaceId;
		const def = await getReportDefinition(c.get("db"), ws, reportId);
		if (!def) throw notFound("Report");
		const period = periodEndingOn(def.cadence, periodEnd);
		const runId = newId();
		const now = Date.now();
		await c
			.get("db")
			.insert(reportRun)
			.values({
				id: runId,
				workspaceId: ws,
				definitionId: def.id,
				periodKey: `${periodKey(period)}#bench-${runId}`,
				periodStart: period.start,
				periodEnd: period.end,
				periodEndAt: startOfLocalDay(period.end, def.timezone),
				trigger: "schedule",
				enqueuedAt: now,
				createdBy: "system",
				createdAt: now,
			});
		const counter = countingD1(c.env.DB);
		const started = Date.now();
		const outcome = await buildRun(createDb(counter.binding), { reports: c.env.REPORTS, webhooks: c.env.WEBHOOKS }, runId, ws, now);
		return c.json({ runId, outcome, queries: counter.count(), workerMs: Date.now() - started });
	});
