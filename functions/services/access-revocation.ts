/**
 * Leaving means leaving: everything a member holds that lets someone in or acts in their name, and
 * the statements that end all of it. Used when a member is removed and when their password is reset
 * (whoever knew the old password may have minted tokens or sent invitations with it).
 */
import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiToken, feedToken, invitation, session } from "../../db/schema";

/** How many of each kind were revoked: what the audit entry records. */
export type RevokedAccess = { sessions: number; apiTokens: number; feedTokens: number; invitations: number };

/** Invitations sent by the member that could still be accepted. */
export const pendingInvitationsFrom = (workspaceId: string, memberId: string, now: number) =>
	and(
		eq(invitation.workspaceId, workspaceId),
		eq(invitation.invitedBy, memberId),
		isNull(invitation.acceptedAt),
		isNull(invitation.revokedAt),
		gt(invitation.expiresAt, now),
	);

/** What the member holds right now (expired sessions and invitations do not count: they open nothing). */
export async function heldAccess(db: Db, workspaceId: string, memberId: string, now: number): Promise<RevokedAccess> {
	const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
	const [sessions, apiTokens, feedTokens, invitations] = await db.batch([
		db
			.select({ n: count() })
			.from(session)
			.where(and(eq(session.workspaceId, workspaceId), eq(session.memberId, memberId), gt(session.expiresAt, now))),
		db
			.select({ n: count() })
			.from(apiToken)
			.where(and(eq(apiToken.workspaceId, workspaceId), eq(apiToken.memberId, memberId))),
		db
			.select({ n: count() })
			.from(feedToken)
			.where(and(eq(feedToken.workspaceId, workspaceId), eq(feedToken.memberId, memberId))),
		db
			.select({ n: count() })
			.from(invitation)
			.where(pendingInvitationsFrom(workspaceId, memberId, now)),
	]);
	return { sessions: n(sessions), apiTokens: n(apiTokens), feedTokens: n(feedTokens), invitations: n(invitations) };
}

/**
 * The statements that end it all, for the caller's batch (with its audit entry): sessions, API
 * tokens and calendar feed tokens are deleted; pending invitations the member sent are withdrawn
 * (kept, so the team page still shows them, as `revoked`).
 */
export function revokeAccessStatements(db: Db, workspaceId: string, memberId: string, now: number) {
	return [
		db.delete(session).where(eq(session.memberId, memberId)),
		db.delete(apiToken).where(eq(apiToken.memberId, memberId)),
		db.delete(feedToken).where(and(eq(feedToken.workspaceId, workspaceId), eq(feedToken.memberId, memberId))),
		db
			.update(invitation)
			.set({ revokedAt: now })
			.where(pendingInvitationsFrom(workspaceId, memberId, now)),
	] as const;
}
