import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { account } from "../schema";

export type AccountRow = typeof account.$inferSelect;

export const getAccount = (db: Db, workspaceId: string, id: string) =>
	db.query.account.findFirst({ where: and(eq(account.workspaceId, workspaceId), eq(account.id, id)) });

export const listAccounts = (db: Db, workspaceId: string) =>
	db.select().from(account).where(eq(account.workspaceId, workspaceId)).orderBy(asc(account.createdAt), asc(account.id));

/** The public shape: credentials are write-only, so only whether they exist shows. */
export function accountView(a: AccountRow) {
	return {
		id: a.id,
		network: a.network,
		handle: a.handle,
		displayName: a.displayName,
		timezone: a.timezone,
		ownerId: a.ownerId,
		parentId: a.parentId,
		postingPolicy: a.postingPolicy,
		paused: a.paused,
		connected: a.network === "sandbox" || (a.credentials !== null && !a.needsReconnect),
		needsReconnect: a.needsReconnect,
		// When the credentials stop working unless someone reconnects; null when they do not expire.
		credentialsExpireAt: a.credentialsExpireAt === null ? null : new Date(a.credentialsExpireAt).toISOString(),
		slots: a.slots,
		...(a.network === "sandbox" ? { sandbox: { failMode: a.sandboxFailMode, failCount: a.sandboxFailCount } } : {}),
		createdAt: new Date(a.createdAt).toISOString(),
	};
}
