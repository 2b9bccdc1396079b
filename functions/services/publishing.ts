/** Publishing on demand: `publish-now` goes through exactly the path the scheduler uses (queue → desk → network). */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getAccount } from "../../db/queries/accounts";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { memberNames } from "../../db/queries/posts";
import { post } from "../../db/schema";
import { hasErrors } from "../../domain/findings";
import { CLAIM_LEASE_MS } from "../../queues/cron";
import { enqueuePublish } from "../../queues/producer";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { ApiError, notFound } from "../errors";
import { postView } from "./post-view";
import { lintPost, loadPost } from "./posts";

export async function publishNow(ctx: { db: Db; actor: Actor; now: number; queue: Queue }, id: string) {
	const { db, actor, now } = ctx;
	const current = await loadPost(ctx, id);
	requirePermission(actor, "approve");
	if (!["draft", "pending_approval", "scheduled"].includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be published now`, { details: { status: current.status } });
	}
	const acc = await getAccount(db, actor.workspaceId, current.accountId);
	if (!acc) throw notFound("Account");
	if (acc.paused) throw new ApiError(409, "account_paused", `${acc.handle} is paused; unpause it to publish`);
	if (acc.needsReconnect) throw new ApiError(409, "needs_reconnect", `${acc.handle} needs reconnecting before it can publish`);
	const findings = lintPost(acc, current.body, current.link);
	if (hasErrors(findings)) {
		throw new ApiError(422, "lint_failed", findings.find((f) => f.severity === "error")?.message ?? "lint failed", { details: { findings } });
	}
	const next = {
		...current,
		status: "publishing" as const,
		holdReason: null,
		scheduledAt: current.scheduledAt ?? now,
		calendarAt: current.scheduledAt ?? now,
		// Publishing someone's pending post now is approving it.
		approverId: current.approverId ?? (current.status === "pending_approval" ? actor.id : null),
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
	if (updated.length === 0) throw new ApiError(409, "edit_conflict", "The post changed at the same moment; reload and try again");
	// Awaited: if the enqueue fails the caller hears it, and the sweep re-sends the claimed post anyway.
	await enqueuePublish(ctx.queue, [{ postId: id, workspaceId, accountId: current.accountId, delaySeconds: 0 }]);
	return postView(next, await memberNames(db, workspaceId));
}
