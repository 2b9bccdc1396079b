/**
 * Corrections of a mention's sentiment or kind by the team: the label changes at once (insights read
 * it), the change is audited, and the words of the mention are counted under the new label for the
 * workspace's own naive-Bayes layer (domain/mentions/adapt.ts), read back on every ingest.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditStatement } from "../../db/queries/audit";
import { mention, mentionFeedback } from "../../db/schema";
import { adjustmentFrom, type FeedbackAxis, feedbackTokens } from "../../domain/mentions/adapt";
import type { MentionKind } from "../../domain/mentions/kind";
import { normalizeMention } from "../../domain/mentions/normalize";
import type { SentimentLabel } from "../../domain/mentions/sentiment";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { notFound } from "../errors";

/** The most counts read per ingest: a few thousand corrected mentions' words. */
const MAX_COUNTS = 20_000;

/** The workspace's adjustment of the shipped classifier, or undefined while it has taught nothing. */
export async function workspaceAdjustment(db: Db, workspaceId: string) {
	const rows = await db
		.select({ axis: mentionFeedback.axis, label: mentionFeedback.label, token: mentionFeedback.token, n: mentionFeedback.n })
		.from(mentionFeedback)
		.where(and(eq(mentionFeedback.workspaceId, workspaceId), sql`${mentionFeedback.n} > 0`))
		.limit(MAX_COUNTS);
	return adjustmentFrom(rows);
}

export type Correction = { sentiment?: SentimentLabel; kind?: MentionKind };

const SCORE: Record<SentimentLabel, number> = { positive: 1, neutral: 0, negative: -1 };

export async function correctMention(ctx: { db: Db; actor: Actor; now: number }, id: string, correction: Correction) {
	requirePermission(ctx.actor, "draft");
	const ws = ctx.actor.workspaceId;
	const m = await ctx.db.query.mention.findFirst({ where: and(eq(mention.workspaceId, ws), eq(mention.id, id)) });
	if (!m) throw notFound("Mention");
	const tokens = feedbackTokens(normalizeMention(m.text));
	const count = (axis: FeedbackAxis, label: string, delta: number) =>
		tokens.map((token) =>
			ctx.db
				.insert(mentionFeedback)
				.values({ workspaceId: ws, axis, label, token, n: Math.max(delta, 0) })
				.onConflictDoUpdate({
					target: [mentionFeedback.workspaceId, mentionFeedback.axis, mentionFeedback.label, mentionFeedback.token],
					set: { n: sql`MAX(${mentionFeedback.n} + ${delta}, 0)` },
				}),
		);
	const counting = [];
	const changes: Partial<typeof mention.$inferInsert> = {};
	if (correction.sentiment && correction.sentiment !== m.sentimentLabel) {
		// A label the team set before is taken back from the counts before the new one is added.
		if (m.sentimentCorrectedBy) counting.push(...count("sentiment", m.sentimentLabel, -1));
		counting.push(...count("sentiment", correction.sentiment, 1));
		Object.assign(changes, { sentimentLabel: correction.sentiment, sentimentScore: SCORE[correction.sentiment], sentimentCorrectedBy: ctx.actor.id });
	}
	if (correction.kind && correction.kind !== m.kind) {
		if (m.kindCorrectedBy) counting.push(...count("kind", m.kind, -1));
		counting.push(...count("kind", correction.kind, 1));
		Object.assign(changes, { kind: correction.kind, kindCorrectedBy: ctx.actor.id });
	}
	const after = { ...m, ...changes };
	if (Object.keys(changes).length > 0) {
		await ctx.db.batch([
			ctx.db
				.update(mention)
				.set(changes)
				.where(and(eq(mention.workspaceId, ws), eq(mention.id, id))),
			auditStatement(ctx.db, {
				workspaceId: ws,
				actorId: ctx.actor.id,
				action: "mention.correct",
				subject: `mention:${id}`,
				before: { sentiment: m.sentimentLabel, kind: m.kind },
				after: { sentiment: after.sentimentLabel, kind: after.kind },
				at: ctx.now,
			}),
			...counting,
		]);
	}
	return {
		id,
		sentiment: { label: after.sentimentLabel, score: after.sentimentScore },
		kind: after.kind,
		corrected: { sentiment: after.sentimentCorrectedBy !== null, kind: after.kindCorrectedBy !== null },
	};
}
