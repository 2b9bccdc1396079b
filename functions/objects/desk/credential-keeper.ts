/**
 * The account's credentials as the AccountDesk hands them out: decrypted, and refreshed first when
 * the access token is about to lapse.
 *
 * Refreshes must never race: X spends the refresh token on use, so two refreshes at once would leave
 * one caller holding a token the network has already replaced, and the account disconnected. The
 * desk is one object per account, but awaiting fetch opens its input gate, so the keeper also keeps
 * the one operation in flight in memory and lets every concurrent caller join it.
 *
 * The new tokens are written to the desk's own storage before D1, so a failed D1 write cannot lose
 * a rotated refresh token: the next call finishes the write (only over the credentials it replaced,
 * so a reconnect in between wins).
 */
import { and, eq } from "drizzle-orm";
import { createDb, type Db } from "../../../db/client";
import { auditStatement } from "../../../db/queries/audit";
import { account } from "../../../db/schema";
import type { Network } from "../../../domain/networks";
import { decryptCredentials, encryptCredentials } from "../../auth/credentials";
import { credentialsExpireAt, type OAuthClientSecrets, refreshCredentials, refreshDue } from "../../networks/token-refresh";

export type CredentialsAnswer =
	| { kind: "ok"; credentials: Record<string, unknown> }
	/** The account cannot publish until a human reconnects it (already marked needsReconnect). */
	| { kind: "reconnect"; reason: string }
	/** The refresh got no usable answer; the caller tries again later. */
	| { kind: "retry"; reason: string };

type Pending = { sealed: string; basedOn: string; expireAt: number | null };

type KeeperEnv = OAuthClientSecrets & { DB: D1Database; CREDENTIALS_KEY: string };

export class CredentialKeeper {
	private inFlight: Promise<CredentialsAnswer> | null = null;

	constructor(
		private readonly sql: SqlStorage,
		private readonly env: KeeperEnv,
	) {
		sql.exec("CREATE TABLE IF NOT EXISTS pending_credentials (account_id TEXT PRIMARY KEY, v TEXT NOT NULL)");
	}

	credentials(workspaceId: string, accountId: string, now: number): Promise<CredentialsAnswer> {
		// Joining the call in flight is the serialisation: whoever comes while a refresh runs gets its result.
		if (this.inFlight) return this.inFlight;
		const run = this.load(workspaceId, accountId, now).finally(() => {
			this.inFlight = null;
		});
		this.inFlight = run;
		return run;
	}

	private async load(workspaceId: string, accountId: string, now: number): Promise<CredentialsAnswer> {
		const db = createDb(this.env.DB);
		await this.finishPendingWrite(db, workspaceId, accountId);
		const row = await db.query.account.findFirst({ where: and(eq(account.workspaceId, workspaceId), eq(account.id, accountId)) });
		if (!row) return { kind: "reconnect", reason: "The account no longer exists" };
		if (row.needsReconnect) return { kind: "reconnect", reason: "The account needs reconnecting" };
		if (!row.credentials) return { kind: "ok", credentials: {} };
		const credentials = await decryptCredentials(this.env.CREDENTIALS_KEY, workspaceId, accountId, row.credentials);
		if (!refreshDue(row.network, credentials, now)) return { kind: "ok", credentials };

		const result = await refreshCredentials(row.network, credentials, this.env, now);
		if (result.kind === "retry") return { kind: "retry", reason: result.summary };
		if (result.kind === "revoked") {
			const reason = `Refreshing the ${row.network} token failed (${result.summary}): reconnect the account`;
			await markNeedsReconnect(db, row, reason, now);
			return { kind: "reconnect", reason };
		}
		const pending: Pending = {
			sealed: await encryptCredentials(this.env.CREDENTIALS_KEY, workspaceId, accountId, result.credentials),
			basedOn: row.credentials,
			expireAt: credentialsExpireAt(result.credentials),
		};
		this.sql.exec("INSERT OR REPLACE INTO pending_credentials (account_id, v) VALUES (?, ?)", accountId, JSON.stringify(pending));
		await this.finishPendingWrite(db, workspaceId, accountId);
		return { kind: "ok", credentials: result.credentials };
	}

	private async finishPendingWrite(db: Db, workspaceId: string, accountId: string) {
		const row = this.sql.exec<{ v: string }>("SELECT v FROM pending_credentials WHERE account_id = ?", accountId).toArray()[0];
		if (!row) return;
		const pending = JSON.parse(row.v) as Pending;
		await db
			.update(account)
			.set({ credentials: pending.sealed, credentialsExpireAt: pending.expireAt, expiryWarnedAt: null })
			.where(and(eq(account.workspaceId, workspaceId), eq(account.id, accountId), eq(account.credentials, pending.basedOn)));
		this.sql.exec("DELETE FROM pending_credentials WHERE account_id = ?", accountId);
	}
}

/** needsReconnect and the owner's notice (the audit trail, where the owner's page shows it), together. */
async function markNeedsReconnect(
	db: Db,
	row: { id: string; workspaceId: string; network: Network; handle: string; ownerId: string | null },
	reason: string,
	now: number,
) {
	await db.batch([
		db
			.update(account)
			.set({ needsReconnect: true })
			.where(and(eq(account.workspaceId, row.workspaceId), eq(account.id, row.id))),
		auditStatement(db, {
			workspaceId: row.workspaceId,
			actorId: "system",
			action: "account.needs_reconnect",
			subject: `account:${row.id}`,
			before: { needsReconnect: false },
			after: { needsReconnect: true, reason, notify: row.ownerId },
			at: now,
		}),
	]);
}
