/**
 * Evergreen posts: a post that repeats on its account. The rule lives in `post_series`, each
 * occurrence in `series_occurrence` (the post made for it, or why it was skipped). Occurrences after
 * the first are made by the cron sweep (queues/series-schedule.ts) through createPosts, so they meet
 * exactly the same brand-voice policy and double-post guard as a post made by hand.
 */
import { and, desc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { auditStatement } from "../../db/queries/audit";
import type { PostRow } from "../../db/queries/posts";
import { postSeries, seriesOccurrence } from "../../db/schema";
import type { RepeatUnit } from "../../domain/series";
import { isoWithOffset, utcToLocal } from "../../domain/time";
import { ApiError, invalidField } from "../errors";
import { assertMay } from "./brand-voice";
import type { ServiceContext } from "./context";

export type RepeatInput = { every: number; unit: RepeatUnit; untilAt?: number | null; count?: number | null };

type Series = typeof postSeries.$inferSelect;

/** Checks that need the post's time: a repeating post has one, and `until` comes after it. */
export function checkRepeat(repeat: RepeatInput, firstAt: number | null): void {
	if (firstAt === null) throw invalidField(["repeat"], "A repeating post needs a time: give scheduledAt or slot", 422);
	if (repeat.untilAt != null && repeat.untilAt <= firstAt) throw invalidField(["repeat", "until"], "Must be after the post's time", 422);
}

/** The statements that make `p` the first occurrence of a new series (written in the caller's batch). */
export function newSeriesStatements(db: Db, p: PostRow, repeat: RepeatInput, actorId: string, now: number): BatchItem<"sqlite">[] {
	checkRepeat(repeat, p.scheduledAt);
	const id = crypto.randomUUID();
	const series: Series = {
		id,
		workspaceId: p.workspaceId,
		accountId: p.accountId,
		authorId: p.authorId,
		every: repeat.every,
		unit: repeat.unit,
		untilAt: repeat.untilAt ?? null,
		count: repeat.count ?? null,
		localTime: utcToLocal(p.scheduledAt!, p.timezone).time,
		timezone: p.timezone,
		endedAt: null,
		endReason: null,
		createdAt: now,
		updatedAt: now,
	};
	return [
		db.insert(postSeries).values(series),
		db.insert(seriesOccurrence).values({
			seriesId: id,
			idx: 0,
			workspaceId: p.workspaceId,
			scheduledAt: p.scheduledAt!,
			postId: p.id,
			outcome: "created",
			claimedAt: now,
		}),
		auditStatement(db, {
			workspaceId: p.workspaceId,
			actorId,
			action: "series.create",
			subject: `post:${p.id}`,
			after: ruleSnapshot(series),
			at: now,
		}),
	];
}

const ruleSnapshot = (s: Series) => ({ seriesId: s.id, every: s.every, unit: s.unit, untilAt: s.untilAt, count: s.count, localTime: s.localTime });

async function occurrenceOf(db: Db, workspaceId: string, postId: string) {
	const [row] = await db
		.select({ occurrence: seriesOccurrence, series: postSeries })
		.from(seriesOccurrence)
		.innerJoin(postSeries, eq(postSeries.id, seriesOccurrence.seriesId))
		.where(and(eq(seriesOccurrence.workspaceId, workspaceId), eq(seriesOccurrence.postId, postId), eq(postSeries.workspaceId, workspaceId)))
		.limit(1);
	return row ?? null;
}

/** Shown with a post: the rule it repeats by and the series' occurrences (the latest 50), skips with their reason. */
export async function repeatOf(db: Db, workspaceId: string, postId: string) {
	const found = await occurrenceOf(db, workspaceId, postId);
	if (!found) return null;
	const { series, occurrence } = found;
	const rows = await db
		.select()
		.from(seriesOccurrence)
		.where(and(eq(seriesOccurrence.workspaceId, workspaceId), eq(seriesOccurrence.seriesId, series.id)))
		.orderBy(desc(seriesOccurrence.idx))
		.limit(50);
	const at = (ms: number) => isoWithOffset(ms, series.timezone);
	return {
		seriesId: series.id,
		every: series.every,
		unit: series.unit,
		until: series.untilAt === null ? null : at(series.untilAt),
		count: series.count,
		time: series.localTime,
		timezone: series.timezone,
		index: occurrence.idx,
		ended: series.endedAt === null ? null : { at: at(series.endedAt), reason: series.endReason },
		occurrences: rows.reverse().map((o) => ({
			index: o.idx,
			scheduledAt: at(o.scheduledAt),
			postId: o.postId,
			outcome: o.outcome,
			reason: o.reason,
			reasonCode: o.reasonCode,
		})),
	};
}

export type RepeatView = NonNullable<Awaited<ReturnType<typeof repeatOf>>>;

/**
 * Changing a post's time: when it is the series' latest occurrence, the series follows it (its local
 * time, and the date the next occurrence counts from). Statements for the edit's own batch.
 */
export async function followTimeStatements(ctx: ServiceContext, p: PostRow, scheduledAt: number | null): Promise<BatchItem<"sqlite">[]> {
	if (scheduledAt === null || scheduledAt === p.scheduledAt) return [];
	const found = await occurrenceOf(ctx.db, p.workspaceId, p.id);
	if (!found || found.series.endedAt !== null || !(await isLatest(ctx.db, found.series.id, found.occurrence.idx))) return [];
	return [
		ctx.db
			.update(seriesOccurrence)
			.set({ scheduledAt })
			.where(and(eq(seriesOccurrence.seriesId, found.series.id), eq(seriesOccurrence.idx, found.occurrence.idx))),
		ctx.db
			.update(postSeries)
			.set({ localTime: utcToLocal(scheduledAt, found.series.timezone).time, updatedAt: ctx.now })
			.where(eq(postSeries.id, found.series.id)),
	];
}

async function isLatest(db: Db, seriesId: string, idx: number): Promise<boolean> {
	const [last] = await db
		.select({ idx: seriesOccurrence.idx })
		.from(seriesOccurrence)
		.where(eq(seriesOccurrence.seriesId, seriesId))
		.orderBy(desc(seriesOccurrence.idx))
		.limit(1);
	return last?.idx === idx;
}

/**
 * PATCH /posts/:id `repeat`: an object starts the series from this post, or changes its rule (the
 * series then keeps this post's local time); null stops it. Allowed to whoever may edit the post,
 * whatever its status, since stopping a series often starts from an occurrence already published.
 */
export async function setRepeat(ctx: ServiceContext, p: PostRow, repeat: RepeatInput | null): Promise<void> {
	assertMay(ctx, "draft", p);
	const { db, actor, now } = ctx;
	const found = await occurrenceOf(db, p.workspaceId, p.id);
	if (repeat === null) {
		if (!found || found.series.endedAt !== null) return;
		await db.batch([
			db
				.update(postSeries)
				.set({ endedAt: now, endReason: "stopped", updatedAt: now })
				.where(and(eq(postSeries.id, found.series.id), eq(postSeries.workspaceId, p.workspaceId))),
			auditStatement(db, {
				workspaceId: p.workspaceId,
				actorId: actor.id,
				action: "series.stop",
				subject: `post:${p.id}`,
				after: { seriesId: found.series.id },
				at: now,
			}),
		]);
		return;
	}
	if (!found) {
		if (p.status === "canceled" || p.status === "failed" || p.kind === "reply")
			throw new ApiError(409, "not_editable", `A ${p.kind === "reply" ? "reply" : `${p.status} post`} cannot start a series`);
		const [first, ...rest] = newSeriesStatements(db, p, repeat, actor.id, now);
		await db.batch([first!, ...rest]);
		return;
	}
	checkRepeat(repeat, p.scheduledAt);
	const next: Series = {
		...found.series,
		every: repeat.every,
		unit: repeat.unit,
		untilAt: repeat.untilAt ?? null,
		count: repeat.count ?? null,
		localTime: utcToLocal(p.scheduledAt!, found.series.timezone).time,
		// Giving a rule again resumes a stopped or ended series from its latest occurrence.
		endedAt: null,
		endReason: null,
		updatedAt: now,
	};
	const latest = await isLatest(db, found.series.id, found.occurrence.idx);
	await db.batch([
		db.update(postSeries).set(next).where(eq(postSeries.id, found.series.id)),
		...(latest
			? [
					db
						.update(seriesOccurrence)
						.set({ scheduledAt: p.scheduledAt! })
						.where(and(eq(seriesOccurrence.seriesId, found.series.id), eq(seriesOccurrence.idx, found.occurrence.idx))),
				]
			: []),
		auditStatement(db, {
			workspaceId: p.workspaceId,
			actorId: actor.id,
			action: "series.update",
			subject: `post:${p.id}`,
			before: ruleSnapshot(found.series),
			after: ruleSnapshot(next),
			at: now,
		}),
	]);
}
