/** Publishing on demand: `publish-now` goes through exactly the path the scheduler uses (queue → desk → network). */
import { and, eq, inArray } from "drizzle-orm";
import { getAccount } from "../../db/queries/accounts";
import { getWorkspace } from "../../db/queries/workspaces";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { post } from "../../db/schema";
import { hasErrors } from "../../domain/findings";
import { CLAIM_LEASE_MS } from "../../queues/cron";
import { enqueuePublish } from "../../queues/producer";
import { requirePermission } from "../auth/authorize";
import { ApiError, forbidden, notFound } from "../errors";
import type { ServiceContext } from "./context";
import { dutyOf, loadRota, memberRef, releaseAll, reserveAll } from "./scheduling";
import { postView } from "./post-view";
import { loadLinter } from "./lint";
import { loadPost } from "./posts";

export async function publishNow(ctx: ServiceContext, id: string) {
	const { db, actor, now } = ctx;
	const current = await loadPost(ctx, id);
	requirePermission(actor, "approve");
	if (!["draft", "pending_approval", "scheduled"].includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be published now`, { details: { status: current.status } });
	}
	const acc = await getAccount(db, actor.workspaceId, current.accountId);
	if (!acc) throw notFound("Account");
	const ws = await getWorkspace(db, actor.workspaceId);
	if (ws?.paused) throw new ApiError(409, "workspace_paused", "Publishing is stopped for the whole workspace; resume it to publish");
	if (acc.paused) throw new ApiError(409, "account_paused", `${acc.handle} is paused; unpause it to publish`);
	if (acc.needsReconnect) throw new ApiError(409, "needs_reconnect", `${acc.handle} needs reconnecting before it can publish`);
	// Only whoever answers for the account right now may send to it now.
	const rota = await loadRota(db, actor.workspaceId);
	const duty = dutyOf(rota, acc, now);
	if (duty.responsible && duty.responsible !== actor.id) {
		const responsible = memberRef(rota, duty.responsible);
		throw forbidden(`${responsible?.name} is responsible for ${acc.handle} now (${duty.reason})`, { responsible, reason: duty.reason });
	}
	const linter = await loadLinter(db, actor.workspaceId, [acc.id], now);
	const findings = linter.lint(acc, current.body, current.link, { groupId: current.groupId, accounts: [acc], excludePostIds: [current.id] });
	if (hasErrors(findings)) {
		throw new ApiError(422, "lint_failed", findings.find((f) => f.severity === "error")?.message ?? "lint failed", { details: { findings } });
	}
	const reservation = { acc, postId: id, body: current.body, link: current.link, at: now, authorId: current.authorId };
	await reserveAll(ctx.desks, db, rota, [reservation], current.allowDuplicate, now);
	const next = {
		...current,
		status: "publishing" as const,
		holdReason: null,
		scheduledAt: current.scheduledAt ?? now,
		calendarAt: current.scheduledAt ?? now,
		// Publishing someone's pending post now is approving it.
		approverId: current.approverId ?? (current.status === "pending_approval" ? actor.id : null),
		approvalFrom: null,
		responsibleId: duty.responsible,
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
			.where(and(eq(post.workspaceId, workspaceId), eq(post.id, id), eq(post.revision, current.revision), inArray(post.status, ["draft", "pending_approval", "scheduled"])))
			.returning({ id: post.id }),
		auditIfChangedStatement(db, { workspaceId, actorId: actor.id, action: "post.publish_now", subject: `post:${id}`, before: { status: current.status }, after: { status: "publishing" }, at: now }),
	]);
	if (updated.length === 0) {
		if (current.status === "draft") await releaseAll(ctx.desks, [reservation]);
		throw new ApiError(409, "edit_conflict", "The post changed at the same moment; reload and try again");
	}
	// Awaited: if the enqueue fails the caller hears it, and the sweep re-sends the claimed post anyway.
	await enqueuePublish(ctx.queue, [{ postId: id, workspaceId, accountId: current.accountId, delaySeconds: 0 }]);
	return postView(next, rota.members);
}
