/**
 * Pausing: one account, or the whole workspace (the emergency stop). A pause only changes flags; the
 * sweep and the publish consumer read them and make due posts wait in `scheduled` with a holdReason,
 * so nothing goes out and nothing is lost. Resuming clears the reason and claims what is due at once,
 * oldest first, through the same queue → desk path as any post (the desk still refuses doubles).
 */
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type AccountRow, getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { getWorkspace, type WorkspaceRow } from "../../db/queries/workspaces";
import { account, post, workspace } from "../../db/schema";
import { CLAIM_LEASE_MS, LOOKAHEAD_MS } from "../../queues/cron";
import { enqueuePublish } from "../../queues/producer";
import { requirePermission } from "../auth/authorize";
import { notFound } from "../errors";
import type { ServiceContext } from "./context";

/** Hold reasons a resume may clear: "workspace_paused" for the workspace, "account_paused" for one account. */
type PauseReason = "workspace_paused" | "account_paused";

export async function setWorkspacePaused(ctx: ServiceContext, paused: boolean): Promise<WorkspaceRow> {
	const { db, actor, now } = ctx;
	// The emergency stop is for whoever may publish: stopping everything must not wait for the owner.
	requirePermission(actor, "approve");
	const before = await getWorkspace(db, actor.workspaceId);
	if (!before) throw notFound("Workspace");
	if (before.paused === paused) return before;
	const changes = paused ? { paused, pausedAt: now, pausedById: actor.id } : { paused, pausedAt: null, pausedById: null };
	await db.batch([
		db.update(workspace).set(changes).where(eq(workspace.id, actor.workspaceId)),
		...(paused ? [] : [releaseStatement(db, actor.workspaceId, null, "workspace_paused", now)]),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: paused ? "workspace.pause" : "workspace.resume",
			subject: `workspace:${actor.workspaceId}`,
			before: { paused: before.paused },
			after: { paused },
			at: now,
		}),
	]);
	if (!paused) await claimReleased(db, ctx.queue, actor.workspaceId, null, now);
	return { ...before, ...changes };
}

export async function setAccountPaused(ctx: ServiceContext, accountId: string, paused: boolean): Promise<AccountRow> {
	const { db, actor, now } = ctx;
	requirePermission(actor, "manage_accounts");
	const before = await getAccount(db, actor.workspaceId, accountId);
	if (!before) throw notFound("Account");
	if (before.paused === paused) return before;
	await db.batch([
		db
			.update(account)
			.set({ paused })
			.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.id, accountId))),
		...(paused ? [] : [releaseStatement(db, actor.workspaceId, accountId, "account_paused", now)]),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: paused ? "account.pause" : "account.resume",
			subject: `account:${accountId}`,
			before: { paused: before.paused },
			after: { paused },
			at: now,
		}),
	]);
	if (!paused) await claimReleased(db, ctx.queue, actor.workspaceId, accountId, now);
	return { ...before, paused };
}

/** Clears one hold reason from the workspace's (or one account's) waiting posts. */
export function releaseStatement(db: Db, workspaceId: string, accountId: string | null, reasons: PauseReason | string[], now: number) {
	const list = typeof reasons === "string" ? [reasons] : reasons;
	return db
		.update(post)
		.set({ holdReason: null, updatedAt: now })
		.where(
			and(
				eq(post.workspaceId, workspaceId),
				accountId ? eq(post.accountId, accountId) : undefined,
				eq(post.status, "scheduled"),
				inArray(post.holdReason, list.length ? list : ["-"]),
			),
		);
}

/**
 * Claims the released posts that are due (oldest first) and queues them in that order, without
 * waiting for the next tick. Posts of an account that is still paused or disconnected stay put:
 * the same holds the sweep applies are checked here.
 */
export async function claimReleased(db: Db, queue: Queue, workspaceId: string, accountId: string | null, now: number): Promise<number> {
	const ready = sql`${post.accountId} NOT IN (SELECT ${account.id} FROM ${account} WHERE ${account.workspaceId} = ${workspaceId} AND (${account.paused} = 1 OR ${account.needsReconnect} = 1))
		AND NOT EXISTS (SELECT 1 FROM ${workspace} WHERE ${workspace.id} = ${workspaceId} AND ${workspace.paused} = 1)`;
	const rows = await db
		.update(post)
		.set({ status: "publishing", leaseUntil: sql`MAX(${post.scheduledAt}, ${now}) + ${CLAIM_LEASE_MS}`, updatedAt: now })
		.where(
			and(
				eq(post.workspaceId, workspaceId),
				accountId ? eq(post.accountId, accountId) : undefined,
				eq(post.status, "scheduled"),
				isNull(post.holdReason),
				isNull(post.announcementId),
				lte(post.scheduledAt, now + LOOKAHEAD_MS),
				ready,
			),
		)
		.returning({ id: post.id, accountId: post.accountId, scheduledAt: post.scheduledAt });
	rows.sort((a, b) => (a.scheduledAt ?? 0) - (b.scheduledAt ?? 0) || a.id.localeCompare(b.id));
	await enqueuePublish(
		queue,
		rows.map((r) => ({ postId: r.id, workspaceId, accountId: r.accountId, delaySeconds: Math.max(0, Math.ceil(((r.scheduledAt ?? now) - now) / 1000)) })),
	);
	return rows.length;
}
