/**
 * Waiting replies: a reply written by someone the account's posting policy would not let speak now
 * (services/conversations.ts `reply`) is kept as a post of kind "reply" in `pending_approval`, and
 * sent only when the right person approves it: the member it waits for, an owner, or (when it waits
 * for nobody in particular) any manager. Approving and rejecting go through the brand-voice policy
 * like every other act; both are audited and the author hears the outcome in the bell.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { account, conversation, post } from "../../db/schema";
import type { NotifyEvent } from "../../domain/notifications";
import { CLAIM_LEASE_MS } from "../../queues/cron";
import { dispatchSoon, eventIfChangedStatement, resolveEventsStatement } from "../../queues/notify-events";
import { enqueuePublish } from "../../queues/producer";
import { ApiError, notFound } from "../errors";
import { assertMay, loadVoiceRules, speak } from "./brand-voice";
import type { ServiceContext } from "./context";
import { memberRef, type Rota } from "./scheduling";

type ReplyRow = typeof post.$inferSelect;

/**
 * The request to approve this reply is done once anyone decided it: it leaves every approver's bell.
 * Guarded on the reply as written, so a decision that lost its race resolves nothing.
 */
function resolveApprovalStatements(ctx: ServiceContext, current: ReplyRow, revision: number, answered: boolean) {
	const { db, actor, now } = ctx;
	const guard = sql`EXISTS (SELECT 1 FROM ${post} WHERE ${post.workspaceId} = ${actor.workspaceId} AND ${post.id} = ${current.id} AND ${post.revision} = ${revision})`;
	return [
		resolveEventsStatement(db, actor.workspaceId, `approval_needed:${current.id}:`, now, { guard }),
		// Sent: the conversation is answered, so "unanswered on @x" for it leaves the bell too.
		...(answered ? [resolveEventsStatement(db, actor.workspaceId, `conversation_unanswered:${current.conversationId}:`, now, { guard })] : []),
	];
}

/** What the API answers for a reply. */
export function replyView(p: ReplyRow, rota: Rota) {
	return {
		id: p.id,
		conversationId: p.conversationId,
		accountId: p.accountId,
		body: p.body,
		status: p.status,
		author: memberRef(rota, p.authorId),
		approvalFrom: memberRef(rota, p.approvalFrom),
		approver: memberRef(rota, p.approverId),
		rejectionReason: p.rejectionReason,
		inReplyTo: p.inReplyTo,
		createdAt: new Date(p.createdAt).toISOString(),
	};
}

async function loadReply(ctx: ServiceContext, id: string): Promise<ReplyRow> {
	const found = await ctx.db.query.post.findFirst({ where: and(eq(post.workspaceId, ctx.actor.workspaceId), eq(post.id, id), eq(post.kind, "reply")) });
	if (!found) throw notFound("Reply");
	return found;
}

/** Replies waiting for approval, oldest first, in one conversation or all. */
export async function listPendingReplies(ctx: ServiceContext, filter: { conversationId?: string; limit: number }) {
	const { db, actor } = ctx;
	const rows = await db
		.select()
		.from(post)
		.where(
			and(
				eq(post.workspaceId, actor.workspaceId),
				eq(post.kind, "reply"),
				eq(post.status, "pending_approval"),
				filter.conversationId ? eq(post.conversationId, filter.conversationId) : undefined,
			),
		)
		.orderBy(asc(post.createdAt), asc(post.id))
		.limit(filter.limit);
	const rules = await loadVoiceRules(ctx, [], { lint: false });
	return rows.map((r) => replyView(r, rules.rota));
}

const notPending = (p: ReplyRow, what: string) =>
	new ApiError(409, "not_pending", `Only a reply waiting for approval can be ${what}; this one is ${p.status}`, { details: { status: p.status } });

/**
 * Sends a waiting reply now. The policy is asked again as for any send: the approver's role, whom
 * it waits for, the mission lint on its text (the mission may have changed), pause and emergency stop.
 */
export async function approveReply(ctx: ServiceContext, id: string) {
	assertMay(ctx, "approve_reply");
	const current = await loadReply(ctx, id);
	if (current.status !== "pending_approval") throw notPending(current, "approved");
	const { db, actor, now } = ctx;
	const acc = await db.query.account.findFirst({ where: and(eq(account.workspaceId, actor.workspaceId), eq(account.id, current.accountId)) });
	if (!acc) throw notFound("Account");
	const rules = await loadVoiceRules(ctx, [acc.id]);
	const [spoken] = await speak(ctx, rules, [
		{ act: "approve_reply", acc, at: now, words: { body: current.body, link: null, compose: { accounts: [acc] } }, subject: current },
	]);
	const next = {
		status: "publishing" as const,
		scheduledAt: now,
		calendarAt: now,
		approverId: actor.id,
		approvalFrom: null,
		responsibleId: spoken!.responsibleId,
		publishedById: actor.id,
		publishedVia: "publish-now" as const,
		leaseUntil: now + CLAIM_LEASE_MS,
		lint: spoken!.findings,
		revision: current.revision + 1,
		updatedAt: now,
	};
	const [updated] = await db.batch([
		db
			.update(post)
			.set(next)
			.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.id, id), eq(post.revision, current.revision), eq(post.status, "pending_approval")))
			.returning({ id: post.id }),
		db
			.update(conversation)
			.set({ lastOutboundAt: now })
			.where(and(eq(conversation.workspaceId, actor.workspaceId), eq(conversation.id, current.conversationId!))),
		auditIfChangedStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "conversation.reply_approve",
			subject: `conversation:${current.conversationId}`,
			before: { postId: id, status: "pending_approval", author: current.authorId },
			after: { postId: id, status: "publishing" },
			at: now,
		}),
		...resolveApprovalStatements(ctx, current, next.revision, true),
	]);
	if (updated.length === 0) throw new ApiError(409, "edit_conflict", "The reply changed at the same moment; reload and try again");
	await enqueuePublish(ctx.queue, [{ postId: id, workspaceId: actor.workspaceId, accountId: current.accountId, delaySeconds: 0 }]);
	return replyView({ ...current, ...next }, rules.rota);
}

/** Keeps a waiting reply from being sent, with the reason; its author hears it in the bell. */
export async function rejectReply(ctx: ServiceContext, id: string, reason: string) {
	assertMay(ctx, "reject");
	const current = await loadReply(ctx, id);
	if (current.status !== "pending_approval") throw notPending(current, "rejected");
	const { db, actor, now } = ctx;
	const acc = await db.query.account.findFirst({ where: and(eq(account.workspaceId, actor.workspaceId), eq(account.id, current.accountId)) });
	if (!acc) throw notFound("Account");
	const rules = await loadVoiceRules(ctx, [acc.id], { lint: false });
	await speak(ctx, rules, [{ act: "reject", acc, at: null, subject: current }]);
	const next = {
		status: "canceled" as const,
		rejectionReason: reason,
		reviewVerdict: "rejected" as const,
		approvalFrom: null,
		revision: current.revision + 1,
		updatedAt: now,
	};
	const event: NotifyEvent = {
		kind: "post_rejected",
		postId: id,
		revision: next.revision,
		verdict: "rejected",
		reason,
		by: actor.id,
		conversationId: current.conversationId!,
	};
	const [updated] = await db.batch([
		db
			.update(post)
			.set(next)
			.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.id, id), eq(post.revision, current.revision), eq(post.status, "pending_approval")))
			.returning({ id: post.id }),
		auditIfChangedStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "conversation.reply_reject",
			subject: `conversation:${current.conversationId}`,
			before: { postId: id, status: "pending_approval", author: current.authorId },
			after: { postId: id, status: "canceled", reason },
			at: now,
		}),
		eventIfChangedStatement(db, actor.workspaceId, event, now),
		...resolveApprovalStatements(ctx, current, next.revision, false),
	]);
	if (updated.length === 0) throw new ApiError(409, "edit_conflict", "The reply changed at the same moment; reload and try again");
	await dispatchSoon(db, ctx.notify, actor.workspaceId, [event], now);
	return replyView({ ...current, ...next }, rules.rota);
}

/** Which of these conversations have replies waiting, for the Inbox list. */
export async function conversationsWithPendingReplies(ctx: ServiceContext, conversationIds: string[]): Promise<Set<string>> {
	if (conversationIds.length === 0) return new Set();
	const out = new Set<string>();
	for (let i = 0; i < conversationIds.length; i += 90) {
		const rows = await ctx.db
			.select({ id: post.conversationId })
			.from(post)
			.where(
				and(
					eq(post.workspaceId, ctx.actor.workspaceId),
					eq(post.kind, "reply"),
					eq(post.status, "pending_approval"),
					inArray(post.conversationId, conversationIds.slice(i, i + 90)),
				),
			);
		for (const r of rows) if (r.id) out.add(r.id);
	}
	return out;
}
