/**
 * Everything a report is built from, read in one D1 batch (one round trip, a dozen statements) so a
 * weekly report over fifty accounts stays far inside the 50-queries-per-invocation budget.
 */

import { type AnyColumn, and, eq, gte, inArray, isNotNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { ReportDefinitionRow, ReportRunRow } from "../../db/queries/reports";
import { account, auditEvent, member, mention, metricDay, post, postMetric, reportAnnotation, shift } from "../../db/schema";
import type { ReportInput } from "../../domain/reports/model";
import { type Period, trendPeriods } from "../../domain/reports/period";
import { dutyGaps } from "../../domain/rota";
import { addDays, localDayRuns, startOfLocalDay, utcToLocal } from "../../domain/time";
import { labelFigures } from "./label-figures";
import { clicksByAccount } from "./short-links";

/** Trend periods before the report's own. */
export const TREND_PERIODS = 8;
/** How far before the period the standout baselines reach (eight same weekdays, plus a day for follower gains). */
const BASELINE_DAYS = 57;

const inJson = (column: AnyColumn, ids: string[]) => sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * SQL for the local date (as days since the epoch) of `column` in `zone`, exact across DST changes:
 * one branch per run of whole days (domain/time.ts localDayRuns), usually one to five.
 */
function localDaySql(column: AnyColumn, startDate: string, endDate: string, zone: string) {
	const runs = localDayRuns(startDate, endDate, zone);
	const branch = (r: { from: number; day: string }) => sql`${Date.parse(`${r.day}T00:00:00Z`) / 86_400_000} + (${column} - ${r.from}) / 86400000`;
	const [first, ...rest] = runs;
	if (!first) return sql<number>`CAST(${column} / 86400000 AS INTEGER)`;
	if (rest.length === 0) return sql<number>`CAST(${branch(first)} AS INTEGER)`;
	const whens = rest.reverse().map((r) => sql`WHEN ${column} >= ${r.from} THEN ${branch(r)} `);
	return sql<number>`CAST(CASE ${sql.join(whens)}ELSE ${branch(first)} END AS INTEGER)`;
}

export async function loadReportInput(db: Db, def: ReportDefinitionRow, run: ReportRunRow, workspaceTimezone: string, now: number): Promise<ReportInput> {
	const zone = def.timezone || workspaceTimezone;
	const period: Period = { start: run.periodStart, end: run.periodEnd };
	const trend = trendPeriods(def.cadence, period, TREND_PERIODS);
	const baselineStart = [trend[0]!.start, addDays(period.start, -BASELINE_DAYS)].sort()[0]!;
	// Instants a day wider than the local dates, so every account's zone is covered; rows are then cut by local date.
	const fromAt = startOfLocalDay(baselineStart, zone) - 86_400_000;
	const periodStartAt = startOfLocalDay(period.start, zone);
	const periodEndAt = run.periodEndAt;
	const ws = def.workspaceId;

	const accountRows = await db
		.select()
		.from(account)
		.where(and(eq(account.workspaceId, ws), def.accountIds ? inJson(account.id, def.accountIds) : undefined))
		.orderBy(account.createdAt, account.id);
	const ids = accountRows.map((a) => a.id);
	const localDay = localDaySql(mention.createdAt, addDays(baselineStart, -1), addDays(period.end, 1), zone);
	const engagement = sql<
		number | null
	>`(SELECT MAX(COALESCE(${postMetric.likes}, 0) + COALESCE(${postMetric.reposts}, 0) + COALESCE(${postMetric.replies}, 0) + COALESCE(${postMetric.quotes}, 0)) FROM ${postMetric} WHERE ${postMetric.postId} = ${post.id})`;

	const [metrics, published, failed, approvals, shifts, mentions, replies, counts, members, notes] = await db.batch([
		db
			.select({
				accountId: metricDay.accountId,
				date: metricDay.date,
				followers: metricDay.followers,
				impressions: metricDay.impressions,
				engagements: metricDay.engagements,
				clicks: metricDay.clicks,
				shares: metricDay.shares,
			})
			.from(metricDay)
			.where(and(eq(metricDay.workspaceId, ws), inJson(metricDay.accountId, ids), gte(metricDay.date, baselineStart), lt(metricDay.date, period.end))),
		db
			.select({
				id: post.id,
				accountId: post.accountId,
				body: post.body,
				publishedAt: post.publishedAt,
				publishedById: post.publishedById,
				publishedVia: post.publishedVia,
				announcementId: post.announcementId,
				engagement,
			})
			.from(post)
			.where(
				and(
					eq(post.workspaceId, ws),
					inJson(post.accountId, ids),
					eq(post.status, "published"),
					eq(post.kind, "post"),
					gte(post.calendarAt, fromAt),
					lt(post.calendarAt, periodEndAt),
				),
			),
		db
			.select({ id: post.id, accountId: post.accountId, body: post.body, reason: post.failureReason, at: post.updatedAt })
			.from(post)
			.where(
				and(
					eq(post.workspaceId, ws),
					inJson(post.accountId, ids),
					eq(post.status, "failed"),
					gte(post.updatedAt, periodStartAt),
					lt(post.updatedAt, periodEndAt),
				),
			)
			.limit(500),
		db
			.select({ action: auditEvent.action, n: sql<number>`COUNT(*)` })
			.from(auditEvent)
			.where(
				and(
					eq(auditEvent.workspaceId, ws),
					inArray(auditEvent.action, ["post.approve", "post.reject"]),
					gte(auditEvent.at, periodStartAt),
					lt(auditEvent.at, periodEndAt),
				),
			)
			.groupBy(auditEvent.action),
		db.select().from(shift).where(eq(shift.workspaceId, ws)),
		db
			.select({
				id: mention.id,
				accountId: mention.accountId,
				conversationId: mention.conversationId,
				createdAt: mention.createdAt,
				text: mention.text,
				authorHandle: mention.authorHandle,
				isFollower: mention.isFollower,
				kind: mention.kind,
				sentiment: mention.sentimentLabel,
				topics: mention.topics,
			})
			.from(mention)
			.where(and(eq(mention.workspaceId, ws), inJson(mention.accountId, ids), gte(mention.createdAt, periodStartAt), lt(mention.createdAt, periodEndAt))),
		db
			.select({ conversationId: post.conversationId, at: post.publishedAt })
			.from(post)
			.where(
				and(
					eq(post.workspaceId, ws),
					inJson(post.accountId, ids),
					eq(post.kind, "reply"),
					eq(post.status, "published"),
					gte(post.publishedAt, periodStartAt),
					lt(post.publishedAt, periodEndAt),
				),
			),
		db
			.select({ accountId: mention.accountId, day: localDay, count: sql<number>`COUNT(*)` })
			.from(mention)
			.where(and(eq(mention.workspaceId, ws), inJson(mention.accountId, ids), gte(mention.createdAt, fromAt), lt(mention.createdAt, periodEndAt)))
			.groupBy(mention.accountId, sql`2`),
		db.select({ id: member.id, name: member.name }).from(member).where(eq(member.workspaceId, ws)),
		db
			.select({ runId: reportAnnotation.runId, date: reportAnnotation.date, text: reportAnnotation.text, authorId: reportAnnotation.authorId })
			.from(reportAnnotation)
			.where(
				and(
					eq(reportAnnotation.workspaceId, ws),
					eq(reportAnnotation.definitionId, def.id),
					ne(reportAnnotation.runId, run.id),
					isNotNull(reportAnnotation.date),
					gte(reportAnnotation.date, trend[0]!.start),
				),
			),
	]);

	// Short links' clicks by UTC day (link_click's days) over the period's dates.
	const clicks = await clicksByAccount(db, ws, period.start, period.end);
	const names = new Map(members.map((m) => [m.id, m.name]));
	const zones = new Map(accountRows.map((a) => [a.id, a.timezone]));
	const dayToDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
	const counted: Record<string, number> = Object.fromEntries(approvals.map((a) => [a.action, a.n]));

	const labels = await labelFigures(db, ws, { from: periodStartAt, to: periodEndAt, accountIds: ids });
	return {
		labels,
		name: def.name,
		cadence: def.cadence,
		timezone: zone,
		period,
		partialUntil: periodEndAt < startOfLocalDay(period.end, zone) ? utcToLocal(periodEndAt, zone).date : null,
		trend,
		generatedAt: now,
		accounts: accountRows.map((a) => ({ id: a.id, handle: a.handle, network: a.network, timezone: a.timezone })),
		metrics,
		posts: published.flatMap((p) => {
			if (p.publishedAt === null) return [];
			return [
				{
					id: p.id,
					accountId: p.accountId,
					body: p.body,
					publishedAt: p.publishedAt,
					date: utcToLocal(p.publishedAt, zones.get(p.accountId) ?? zone).date,
					publisherId: p.publishedById,
					publisherName: p.publishedById ? (names.get(p.publishedById) ?? "a former member") : "the scheduler",
					via: p.publishedVia,
					isAnnouncement: p.announcementId !== null,
					engagement: p.engagement,
				},
			];
		}),
		failures: failed.map((f) => ({ ...f, reason: f.reason ?? "no reason recorded" })),
		approvals: { approved: counted["post.approve"] ?? 0, rejected: counted["post.reject"] ?? 0 },
		linkClicks: accountRows.map((a) => ({ accountId: a.id, clicks: clicks.get(a.id) ?? 0 })),
		gaps: accountRows.flatMap((a) => dutyGaps(a, shifts, periodStartAt, periodEndAt).map((g) => ({ accountId: a.id, ...g }))),
		mentions: mentions.map((m) => ({ ...m, topics: Array.isArray(m.topics) ? m.topics : [] })),
		replies: replies.flatMap((r) => (r.conversationId && r.at !== null ? [{ conversationId: r.conversationId, at: r.at }] : [])),
		mentionCounts: counts.map((c) => ({ accountId: c.accountId, date: dayToDate(c.day), count: c.count })),
		priorNotes: notes.map((n) => ({ runId: n.runId, date: n.date!, text: n.text, authorName: names.get(n.authorId) ?? "a former member" })),
	};
}
