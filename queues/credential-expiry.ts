/**
 * Part of the minute sweep: credentials that will stop working without a human get their owner
 * warned ahead of time (once per expiry), and credentials past their end mark the account as
 * needing reconnection, so its due posts wait with a reason instead of failing at the network.
 */
import { and, eq, isNotNull, isNull, lte } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditStatement } from "../db/queries/audit";
import { account } from "../db/schema";
import { EXPIRY_WARNING_MS } from "../domain/credential-expiry";

export async function checkCredentialExpiry(db: Db, now: number): Promise<{ warned: number; expired: number }> {
	const warned = await db
		.update(account)
		.set({ expiryWarnedAt: now })
		.where(and(isNotNull(account.credentialsExpireAt), isNull(account.expiryWarnedAt), lte(account.credentialsExpireAt, now + EXPIRY_WARNING_MS)))
		.returning({ id: account.id, workspaceId: account.workspaceId, handle: account.handle, ownerId: account.ownerId, expireAt: account.credentialsExpireAt });
	const expired = await db
		.update(account)
		.set({ needsReconnect: true })
		.where(and(isNotNull(account.credentialsExpireAt), lte(account.credentialsExpireAt, now), eq(account.needsReconnect, false)))
		.returning({ id: account.id, workspaceId: account.workspaceId, handle: account.handle, ownerId: account.ownerId, expireAt: account.credentialsExpireAt });
	const audits = [
		...warned.map((a) => ({ a, action: "account.credentials_expiring", after: { expiresAt: iso(a.expireAt), notify: a.ownerId } })),
		...expired.map((a) => ({
			a,
			action: "account.needs_reconnect",
			after: { needsReconnect: true, reason: "The account's credentials expired: reconnect it", notify: a.ownerId },
		})),
	].map(({ a, action, after }) => auditStatement(db, { workspaceId: a.workspaceId, actorId: "system", action, subject: `account:${a.id}`, after, at: now }));
	for (let i = 0; i < audits.length; i += 50) {
		const [first, ...rest] = audits.slice(i, i + 50);
		if (first) await db.batch([first, ...rest]);
	}
	return { warned: warned.length, expired: expired.length };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
