/**
 * Invitations are limited per workspace and per (workspace, address) in a sliding day, so nobody can
 * use Chorus to flood an inbox or mail strangers in bulk. The count comes from the invitation table
 * (every mailed invitation is a row, kept when withdrawn or replaced), so no extra table is needed.
 * The address is counted within the inviter's workspace only: a limit that counted other
 * workspaces' invitations would tell the inviter about them.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { invitation } from "../../db/schema";
import { ApiError } from "../errors";

export const INVITATION_WINDOW_MS = 24 * 60 * 60_000;
export const INVITATIONS_PER_WORKSPACE = 50;
export const INVITATIONS_PER_ADDRESS = 3;

export async function assertInvitationAllowed(db: Db, workspaceId: string, email: string, now: number): Promise<void> {
	const since = now - INVITATION_WINDOW_MS;
	const [row] = await db
		.select({
			total: sql<number>`count(*)`,
			oldest: sql<number | null>`min(${invitation.createdAt})`,
			toAddress: sql<number>`coalesce(sum(${invitation.email} = ${email}), 0)`,
			oldestToAddress: sql<number | null>`min(CASE WHEN ${invitation.email} = ${email} THEN ${invitation.createdAt} END)`,
		})
		.from(invitation)
		.where(and(eq(invitation.workspaceId, workspaceId), gt(invitation.createdAt, since)));
	if (!row) return;
	const refuse = (oldest: number | null, message: string, limit: string) => {
		// The window frees a slot when its oldest invitation leaves it.
		const retryAfter = Math.max(1, Math.ceil(((oldest ?? now) + INVITATION_WINDOW_MS - now) / 1000));
		return new ApiError(429, "rate_limited", `${message}; try again in ${retryAfter} s`, {
			headers: { "Retry-After": String(retryAfter) },
			details: { retryAfter, limit },
		});
	};
	if (row.toAddress >= INVITATIONS_PER_ADDRESS)
		throw refuse(row.oldestToAddress, `At most ${INVITATIONS_PER_ADDRESS} invitations a day to one address`, "invitations_per_address");
	if (row.total >= INVITATIONS_PER_WORKSPACE)
		throw refuse(row.oldest, `At most ${INVITATIONS_PER_WORKSPACE} invitations a day per workspace`, "invitations_per_workspace");
}
