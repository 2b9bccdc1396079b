/**
 * What an adapter needs to act for an account: its credentials (from the AccountDesk, which refreshes
 * them when due) and the desk-kept session cache. Shared by the publish consumer and retraction.
 */
import type { AccountRow } from "../../db/queries/accounts";
import { decryptCredentials } from "../auth/credentials";
import { refreshable } from "../networks/token-refresh";
import type { AccountContext, SessionCache } from "../networks/types";
import type { AccountDesk } from "../objects/account-desk";
import type { CredentialsAnswer } from "../objects/desk/credential-keeper";

export type DeskStub = DurableObjectStub<AccountDesk>;

export const deskOf = (desks: DurableObjectNamespace<AccountDesk>, accountId: string) => desks.getByName(accountId) as DeskStub;

/**
 * Credentials that may need a refresh come from the desk, which serialises refreshes; the rest
 * (sandbox, Mastodon, Bluesky, Facebook Page tokens) are decrypted here, without a desk round trip.
 */
export async function credentialsOf(desk: DeskStub, acc: AccountRow, now: number, key: string): Promise<CredentialsAnswer> {
	if (!acc.credentials) return { kind: "ok", credentials: {} };
	if (!refreshable(acc.network)) return { kind: "ok", credentials: await decryptCredentials(key, acc.workspaceId, acc.id, acc.credentials) };
	return (await desk.credentials(acc.workspaceId, acc.id, now)) as CredentialsAnswer;
}

export const accountContext = (acc: AccountRow, credentials: Record<string, unknown>): AccountContext => ({
	accountId: acc.id,
	workspaceId: acc.workspaceId,
	handle: acc.handle,
	network: acc.network,
	credentials,
	// The sandbox skips its fail-mode write when none was ordered as the account was loaded.
	sandboxFailCount: acc.sandboxFailCount,
});

export const deskCache = (desk: DeskStub, network: string): SessionCache => ({
	get: async () => (await desk.cacheGet(network)) as Record<string, unknown> | null,
	set: async (value) => {
		await desk.cacheSet(network, value);
	},
});
