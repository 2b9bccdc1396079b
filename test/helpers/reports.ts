import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { addDays } from "../../domain/time";
import type { ReportMessage } from "../../queues/messages";
import { handleReportBatch } from "../../queues/reports";

export type MetricSeed = {
	date: string;
	followers?: number | null;
	impressions?: number | null;
	engagements?: number | null;
	clicks?: number | null;
	shares?: number | null;
};

/** metric_day rows straight into D1 (the ingest that fills them lives on the measure branch). */
export async function seedMetrics(workspaceId: string, accountId: string, rows: MetricSeed[]) {
	const stmt = env.DB.prepare(
		`INSERT INTO metric_day (workspace_id, account_id, date, followers, impressions, engagements, clicks, shares, updated_at)
		 SELECT ?1, ?2, j.value->>'date', j.value->>'followers', j.value->>'impressions', j.value->>'engagements', j.value->>'clicks', j.value->>'shares', 0 FROM json_each(?3) j`,
	);
	for (let i = 0; i < rows.length; i += 500) await stmt.bind(workspaceId, accountId, JSON.stringify(rows.slice(i, i + 500))).run();
}

/** `days` consecutive days from `from`, each made by `fn`. */
export const daily = (from: string, days: number, fn: (date: string, i: number) => Omit<MetricSeed, "date">): MetricSeed[] =>
	Array.from({ length: days }, (_, i) => ({ date: addDays(from, i), ...fn(addDays(from, i), i) }));

let seq = 0;

/** A post already published (as the publish path leaves it), with its engagement as post_metric. */
export async function seedPublishedPost(p: {
	workspaceId: string;
	accountId: string;
	body: string;
	publishedAt: number;
	publishedBy: string | null;
	announcementId?: string | null;
	kind?: "post" | "reply";
	conversationId?: string | null;
	engagement?: { likes: number; reposts: number; replies: number; quotes: number; date: string };
}) {
	const id = `seed-post-${Date.now().toString(36)}-${seq++}`;
	await env.DB.prepare(
		`INSERT INTO post (id, workspace_id, group_id, account_id, body, status, scheduled_at, calendar_at, timezone, author_id, published_at, published_by_id, published_via, announcement_id, kind, conversation_id, updated_at)
		 VALUES (?1, ?2, ?1, ?3, ?4, 'published', ?5, ?5, 'Europe/Berlin', COALESCE(?6, 'system'), ?5, ?6, 'scheduler', ?7, ?8, ?9, ?5)`,
	)
		.bind(id, p.workspaceId, p.accountId, p.body, p.publishedAt, p.publishedBy, p.announcementId ?? null, p.kind ?? "post", p.conversationId ?? null)
		.run();
	if (p.engagement) {
		const e = p.engagement;
		await env.DB.prepare(
			"INSERT INTO post_metric (workspace_id, post_id, account_id, date, likes, reposts, replies, quotes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
		)
			.bind(p.workspaceId, id, p.accountId, e.date, e.likes, e.reposts, e.replies, e.quotes)
			.run();
	}
	return id;
}

/** A hand-cranked REPORTS queue: sends are captured, and tests deliver them through the real consumer. */
export function captureReports() {
	const sent: (ReportMessage & { delaySeconds: number })[] = [];
	const spy = vi.spyOn(env.REPORTS, "sendBatch").mockImplementation(async (messages) => {
		for (const m of messages) sent.push({ ...(m.body as ReportMessage), delaySeconds: m.delaySeconds ?? 0 });
		return undefined as never;
	});
	return {
		sent,
		/** Takes what was sent so far, leaving the queue empty. */
		take: () => sent.splice(0, sent.length),
		restore: () => spy.mockRestore(),
	};
}

export async function deliverReports(bodies: ReportMessage[], now: number, attempts = 1, testEnv: Env = env) {
	const batch = createMessageBatch<unknown>(
		"chorus-reports",
		bodies.map((body) => ({ id: `r${seq++}`, timestamp: new Date(now), attempts, body })),
	);
	// The test queue result does not keep a retry's delay, so it is noted on the way.
	const delays = new Map<string, number | undefined>();
	for (const m of batch.messages) {
		const retry = m.retry.bind(m);
		vi.spyOn(m, "retry").mockImplementation((opts) => {
			delays.set(m.id, opts?.delaySeconds);
			retry(opts);
		});
	}
	const ctx = createExecutionContext();
	await handleReportBatch(batch, testEnv, { now: () => now });
	const result = await getQueueResult(batch, ctx);
	return { acked: result.explicitAcks.length, retried: result.retryMessages.map((r) => ({ delaySeconds: delays.get(r.msgId) })) };
}
