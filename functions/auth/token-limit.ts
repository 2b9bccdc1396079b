/**
 * Token creation is limited per member in a sliding hour, so a stolen session cannot mint tokens by
 * the thousand. The count comes from the audit trail (one `token.create` event per token, kept when
 * the token is revoked), so revoking does not reset it and no extra table is needed.
 */
import { and, count, eq, gt, min } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvent } from "../../db/schema";
import type { Actor } from "../context";
import { ApiError } from "../errors";

export const TOKEN_WINDOW_MS = 60 * 60_000;
export const TOKENS_PER_WINDOW = 20;

export async function assertTokenCreationAllowed(db: Db, actor: Actor, now: number): Promise<void> {
	const [row] = await db
		.select({ n: count(), oldest: min(auditEvent.at) })
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.workspaceId, actor.workspaceId),
				gt(auditEvent.at, now - TOKEN_WINDOW_MS),
				eq(auditEvent.actorId, actor.id),
				eq(auditEvent.action, "token.create"),
			),
		);
	if (!row || row.n < TOKENS_PER_WINDOW) return;
	// The window frees a slot when its oldest creation leaves it.
	const retryAfter = Math.max(1, Math.ceil(((row.oldest ?? now) + TOKEN_WINDOW_MS - now) / 1000));
	throw new ApiError(429, "rate_limited", `At most ${TOKENS_PER_WINDOW} tokens an hour; try again in ${retryAfter} s`, {
		headers: { "Retry-After": String(retryAfter) },
		details: { retryAfter },
	});
}
