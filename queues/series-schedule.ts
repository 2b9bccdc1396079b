/**
 * The evergreen step of the minute sweep: each repeating post gets its next occurrence once the
 * latest one has had its time (gone out, failed, canceled, or its time passed) or was skipped, so a
 * series always shows its one upcoming post on the calendar. The occurrence is made by createPosts in
 * the name of the series' author: the same role, posting policy, rota, mission lint and double-post
 * guard as a post made by hand. What they refuse is skipped with the refusal as its reason (audited,
 * shown on the post page) and the series goes on with the occurrence after it.
 *
 * Ticks may overlap: an occurrence is claimed by inserting its (series, index) row first, so only one
 * sweep makes it; a claim left by a crashed sweep is taken over after CLAIM_STALE_MS.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditStatement } from "../db/queries/audit";
import { getMember } from "../db/queries/members";
import { post, postSeries, seriesOccurrence } from "../db/schema";
import { nextOccurrence } from "../domain/series";
import { ApiError } from "../functions/errors";
import type { ServiceContext } from "../functions/services/context";
import { createPosts } from "../functions/services/posts";

const PAGE = 50;
const CLAIM_STALE_MS = 5 * 60_000;
/** Skips in a row one series may record in one tick (a daily series refused by a long duplicate window). */
const STEPS_PER_TICK = 5;

type Series = typeof postSeries.$inferSelect;

/** Statuses after which an occurrence has had its turn, whatever its time. */
const DONE = ["publishing", "published", "failed", "needs_review", "canceled"];

export async function materialiseSeries(db: Db, env: Env, now: number): Promise<{ created: number; skipped: number; ended: number }> {
	const tally = { created: 0, skipped: 0, ended: 0 };
	const due = await db.all<{ id: string }>(sql`
		SELECT s.id FROM ${postSeries} s
		JOIN ${seriesOccurrence} o ON o.series_id = s.id AND o.idx = (SELECT MAX(idx) FROM ${seriesOccurrence} WHERE series_id = s.id)
		LEFT JOIN ${post} p ON p.id = o.post_id AND p.workspace_id = s.workspace_id
		WHERE s.ended_at IS NULL AND (
			o.outcome = 'skipped'
			OR (o.outcome = 'claimed' AND o.claimed_at < ${now - CLAIM_STALE_MS})
			OR (o.outcome = 'created' AND (p.id IS NULL OR p.status IN (${sql.join(
				DONE.map((d) => sql`${d}`),
				sql`, `,
			)}) OR (p.status IN ('scheduled', 'pending_approval') AND o.scheduled_at <= ${now})))
		)
		LIMIT ${PAGE}`);
	for (const { id } of due) {
		for (let step = 0; step < STEPS_PER_TICK; step++) {
			const outcome = await advance(db, env, id, now).catch((error) => {
				console.error("series step failed; the claim is taken over later", id, error);
				return "stop" as const;
			});
			if (outcome !== "skipped") {
				if (outcome === "created") tally.created++;
				if (outcome === "ended") tally.ended++;
				break;
			}
			tally.skipped++;
		}
	}
	return tally;
}

type Step = "created" | "skipped" | "ended" | "stop";

/** One step of one series: end it, or claim its next occurrence and make (or skip) it. */
async function advance(db: Db, env: Env, seriesId: string, now: number): Promise<Step> {
	const series = await db.query.postSeries.findFirst({ where: and(eq(postSeries.id, seriesId), isNull(postSeries.endedAt)) });
	if (!series) return "stop";
	const [last] = await db.select().from(seriesOccurrence).where(eq(seriesOccurrence.seriesId, seriesId)).orderBy(desc(seriesOccurrence.idx)).limit(1);
	if (!last) return "stop";
	const source = await latestPost(db, series);
	if (!source) return end(db, series, "post_deleted", now);

	let target: { index: number; at: number; missed: number };
	if (last.outcome === "claimed") {
		if (last.claimedAt >= now - CLAIM_STALE_MS) return "stop";
		const retaken = await db
			.update(seriesOccurrence)
			.set({ claimedAt: now })
			.where(
				and(
					eq(seriesOccurrence.seriesId, seriesId),
					eq(seriesOccurrence.idx, last.idx),
					eq(seriesOccurrence.outcome, "claimed"),
					eq(seriesOccurrence.claimedAt, last.claimedAt),
				),
			)
			.returning({ idx: seriesOccurrence.idx });
		if (retaken.length === 0) return "stop";
		target = { index: last.idx, at: last.scheduledAt, missed: 0 };
	} else {
		if (last.outcome === "created" && last.postId !== source.id) return end(db, series, "post_deleted", now);
		const next = nextOccurrence(series, { index: last.idx, at: last.scheduledAt }, now);
		if (next.kind === "end") return end(db, series, next.reason, now);
		const claimed = await db
			.insert(seriesOccurrence)
			.values({ seriesId, idx: next.index, workspaceId: series.workspaceId, scheduledAt: next.at, outcome: "claimed", claimedAt: now })
			.onConflictDoNothing()
			.returning({ idx: seriesOccurrence.idx });
		// Another sweep got there first.
		if (claimed.length === 0) return "stop";
		target = next;
	}

	const author = await getMember(db, series.workspaceId, series.authorId);
	if (!author) {
		await skip(db, series, target, now, { code: "author_left", message: "The series' author is no longer a member of this workspace" });
		return end(db, series, "author_left", now);
	}
	const ctx: ServiceContext = {
		db,
		actor: {
			id: author.id,
			personId: author.personId ?? author.id,
			name: author.name,
			email: author.email,
			role: author.role,
			workspaceId: series.workspaceId,
			via: "token",
			credentialId: `series:${series.id}`,
		},
		now,
		desks: env.ACCOUNT_DESK,
		queue: env.PUBLISH,
		env,
		webhooks: env.WEBHOOKS,
		notify: env.NOTIFY,
	};
	const occurrence = and(eq(seriesOccurrence.seriesId, seriesId), eq(seriesOccurrence.idx, target.index), eq(seriesOccurrence.outcome, "claimed"));
	try {
		await createPosts(
			ctx,
			{
				accountIds: [series.accountId],
				body: source.body,
				link: source.link,
				mediaIds: source.mediaIds,
				shortenLinks: source.shortenLinks,
				when: { scheduledAt: target.at },
				status: "scheduled",
			},
			{
				alsoWrite: ([row]) => [
					db.update(seriesOccurrence).set({ outcome: "created", postId: row!.id }).where(occurrence),
					auditStatement(db, {
						workspaceId: series.workspaceId,
						actorId: "system",
						action: "series.occurrence",
						subject: `post:${row!.id}`,
						after: { seriesId, index: target.index, from: `post:${source.id}`, status: row!.status, missed: target.missed },
						at: now,
					}),
				],
			},
		);
		return "created";
	} catch (error) {
		if (!(error instanceof ApiError) || error.status >= 500) throw error;
		await skip(db, series, target, now, { code: error.code, message: error.message });
		return "skipped";
	}
}

/** The occurrence is not made: why, on its row and in the audit; the series goes on. */
async function skip(db: Db, series: Series, target: { index: number; at: number }, now: number, why: { code: string; message: string }) {
	await db.batch([
		db
			.update(seriesOccurrence)
			.set({ outcome: "skipped", reason: why.message, reasonCode: why.code })
			.where(and(eq(seriesOccurrence.seriesId, series.id), eq(seriesOccurrence.idx, target.index), eq(seriesOccurrence.outcome, "claimed"))),
		auditStatement(db, {
			workspaceId: series.workspaceId,
			actorId: "system",
			action: "series.occurrence_skipped",
			subject: `series:${series.id}`,
			after: { index: target.index, scheduledAt: target.at, code: why.code, reason: why.message },
			at: now,
		}),
	]);
}

async function end(db: Db, series: Series, reason: string, now: number): Promise<"ended"> {
	await db.batch([
		db
			.update(postSeries)
			.set({ endedAt: now, endReason: reason, updatedAt: now })
			.where(and(eq(postSeries.id, series.id), isNull(postSeries.endedAt))),
		auditStatement(db, {
			workspaceId: series.workspaceId,
			actorId: "system",
			action: "series.end",
			subject: `series:${series.id}`,
			after: { reason },
			at: now,
		}),
	]);
	return "ended";
}

/** What the next occurrence repeats: the latest occurrence's post (edits to it carry forward). */
async function latestPost(db: Db, series: Series) {
	const [row] = await db
		.select({ post })
		.from(seriesOccurrence)
		.innerJoin(post, and(eq(post.id, seriesOccurrence.postId), eq(post.workspaceId, series.workspaceId)))
		.where(and(eq(seriesOccurrence.seriesId, series.id), eq(seriesOccurrence.outcome, "created")))
		.orderBy(desc(seriesOccurrence.idx))
		.limit(1);
	return row?.post ?? null;
}
