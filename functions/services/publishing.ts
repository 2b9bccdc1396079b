/** Publishing on demand: `publish-now` goes through exactly the path the scheduler uses (queue → desk → network). */
import { and, eq, inArray } from "drizzle-orm";
import { getAccount } from "../../db/queries/accounts";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { post } from "../../db/schema";
import { composeText } from "../../domain/text-length";
import { CLAIM_LEASE_MS } from "../../queues/cron";
import { enqueuePublish } from "../../queues/producer";
import { ApiError, notFound } from "../errors";
import { variantFactFindings } from "./announcement-facts";
import { assertMay, loadVoiceRules, speak } from "./brand-voice";
import type { ServiceContext } from "./context";
import { postView } from "./post-view";
import { loadPost } from "./posts";
import { approveReply } from "./replies";
import { releaseAll } from "./scheduling";

export async function publishNow(ctx: ServiceContext, id: string) {
	const { db, actor, now } = ctx;
	const current = await loadPost(ctx, id);
	// A waiting reply sent now is that reply approved.
	if (current.kind === "reply") return approveReply(ctx, id);
	assertMay(ctx, "publish_now");
	if (!["draft", "pending_approval", "scheduled"].includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be published now`, { details: { status: current.status } });
	}
	const acc = await getAccount(db, actor.workspaceId, current.accountId);
	if (!acc) throw notFound("Account");
	// The brand-voice policy: the approval it waits for, who answers for the account now, the
	// mission lint (and an announcement variant's facts), the double-post guard, pause and stop.
	const rules = await loadVoiceRules(ctx, [acc.id]);
	const facts = await variantFactFindings(db, current, composeText(current.body, current.link));
	const [spoken] = await speak(ctx, rules, [
		{
			act: "publish_now",
			acc,
			at: now,
			words: { body: current.body, link: current.link, compose: { groupId: current.groupId, accounts: [acc], excludePostIds: [current.id] }, extra: facts },
			subject: current,
			duplicatesAllowed: current.allowDuplicate,
			reserve: { postId: id, authorId: current.authorId },
		},
	]);
	const findings = spoken!.findings;
	const reservation = { acc, postId: id };
	const { rota } = rules;
	const next = {
		...current,
		status: "publishing" as const,
		holdReason: null,
		scheduledAt: current.scheduledAt ?? now,
		calendarAt: current.scheduledAt ?? now,
		// Publishing someone's pending post now is approving it.
		approverId: current.approverId ?? (current.status === "pending_approval" ? actor.id : null),
		approvalFrom: null,
		responsibleId: spoken!.responsibleId,
		publishedById: actor.id,
		publishedVia: "publish-now" as const,
		leaseUntil: now + CLAIM_LEASE_MS,
		lint: findings,
		revision: current.revision + 1,
		updatedAt: now,
	};
	const { id: _id, workspaceId, ...changes } = next;
	const [updated] = await db.batch([
		db
			.update(post)
			.set(changes)
			.where(
				and(
					eq(post.workspaceId, workspaceId),
					eq(post.id, id),
					eq(post.revision, current.revision),
					inArray(post.status, ["draft", "pending_approval", "scheduled"]),
				),
			)
			.returning({ id: post.id }),
		auditIfChangedStatement(db, {
			workspaceId,
			actorId: actor.id,
			action: "post.publish_now",
			subject: `post:${id}`,
			before: { status: current.status },
			after: { status: "publishing" },
			at: now,
		}),
	]);
	if (updated.length === 0) {
		if (current.status === "draft") await releaseAll(ctx.desks, [reservation]);
		throw new ApiError(409, "edit_conflict", "The post changed at the same moment; reload and try again");
	}
	// Awaited: if the enqueue fails the caller hears it, and the sweep re-sends the claimed post anyway.
	await enqueuePublish(ctx.queue, [{ postId: id, workspaceId, accountId: current.accountId, delaySeconds: 0 }]);
	return postView(next, rota.members);
}
