/**
 * Connecting accounts the way users expect: OAuth 2 for X (PKCE, offline.access), LinkedIn, Threads
 * (then the 60-day token), Facebook and Instagram (Facebook Login; then choose the Page, or the Page
 * whose Instagram professional account Chorus posts as), a Mastodon instance's own OAuth (Chorus registers itself on
 * the instance first), and a Bluesky handle with an app password.
 *
 * The state is random, stored only as its hash with the member who started it, expires after ten
 * minutes and is deleted by the callback that reads it, so a replayed or forged callback finds
 * nothing. The callback must come from the same signed-in member, or someone could connect their
 * own social account into another's workspace. Credentials are sealed as the API does (write-only).
 */
import { generateCodeVerifier, generateState } from "arctic";
import { and, eq, gt, lt } from "drizzle-orm";
import { newId } from "../../db/ids";
import { type AccountRow, accountView, getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { account, oauthState } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import { decryptCredentials, encryptCredentials } from "../auth/credentials";
import { sha256Hex } from "../auth/crypto";
import { ApiError, invalidField, notFound } from "../errors";
import { blueskySignIn } from "../networks/bluesky";
import { credentialSchemas } from "../networks/credentials";
import { readInstanceLimits } from "../networks/mastodon-instance";
import {
	type AppCredentials,
	authorizationUrl,
	ConnectError,
	type Connected,
	choosesPage,
	configuredApp,
	exchangeCode,
	type FacebookPage,
	listFacebookPages,
	longLivedFacebookToken,
	longLivedThreadsToken,
	type OAuthNetwork,
	type PageNetwork,
	providers,
	registerMastodonApp,
} from "../networks/oauth";
import { credentialsExpireAt } from "../networks/token-refresh";
import { outboundUrlProblem } from "../outbound";
import type { ServiceContext } from "./context";
import { claimReleased, releaseStatement } from "./pausing";

/** How long a started sign-in may take before its state is refused. */
export const STATE_TTL_MS = 10 * 60_000;

export type StartInput = { network: OAuthNetwork; timezone: string; instanceUrl?: string; accountId?: string };

/** The network's sign-in page to send the user to, with a fresh single-use state and PKCE verifier. */
export async function startConnect(ctx: ServiceContext, input: StartInput, origin: string) {
	const { actor, env } = ctx;
	requirePermission(actor, "manage_accounts");
	if (input.accountId) await reconnectTarget(ctx, input.accountId, input.network);
	const redirectUri = `${origin}/oauth/callback`;
	const instance = input.network === "mastodon" ? instanceOf(input.instanceUrl, env) : null;
	let app: AppCredentials | null;
	try {
		app = instance ? await registerMastodonApp(instance, redirectUri, origin) : configuredApp(input.network, env);
	} catch (error) {
		if (error instanceof ConnectError)
			throw new ApiError(502, "network_refused", error.message, { issues: [{ path: ["instanceUrl"], message: error.message }] });
		throw error;
	}
	if (!app)
		throw new ApiError(
			409,
			"not_configured",
			`Connecting ${input.network} accounts needs the ${appSecretNames[input.network]} secrets on this Chorus (wrangler.toml)`,
		);

	const codeVerifier = generateCodeVerifier();
	const { state, expiresAt } = await saveFlow(ctx, {
		network: input.network,
		secrets: { codeVerifier, ...app },
		instanceUrl: instance,
		redirectUri,
		timezone: input.timezone,
		accountId: input.accountId ?? null,
	});
	return { authorizeUrl: authorizationUrl(input.network, app, redirectUri, instance, state, codeVerifier), expiresAt: new Date(expiresAt).toISOString() };
}

export type Finished = { account: AccountRow } | { choosePage: { network: PageNetwork; flow: string; pages: { id: string; name: string }[] } };

/** Instagram lists only the Pages linked to a professional account. */
const pagesFor = (network: PageNetwork, pages: FacebookPage[]) => (network === "instagram" ? pages.filter((p) => p.instagram) : pages);
const pageLabel = (network: PageNetwork, p: FacebookPage) =>
	network === "instagram" && p.instagram ? `${p.instagram.username ? `@${p.instagram.username}` : p.instagram.id} (Page ${p.name})` : p.name;

/**
 * The callback: the state is spent whatever happens next, then the code is traded and the account
 * saved. Facebook answers with the Pages to choose from instead (a second single-use flow).
 */
export async function finishConnect(ctx: ServiceContext, query: { state?: string; code?: string; error?: string }): Promise<Finished> {
	const { now } = ctx;
	const flow = await spendFlow(ctx, query.state);
	if (query.error || !query.code) throw new ApiError(400, "connect_canceled", `The network did not connect the account (${query.error ?? "no code"})`);
	const network = flow.network as OAuthNetwork;
	const secrets = (await openSecrets(ctx, flow)) as AppCredentials & { codeVerifier: string };
	try {
		let tokens = await exchangeCode(network, secrets, flow.redirectUri, flow.instanceUrl, query.code, secrets.codeVerifier);
		if (choosesPage(network)) {
			const userToken = await longLivedFacebookToken(secrets, tokens.accessToken);
			const pages = pagesFor(network, await listFacebookPages(userToken));
			if (pages.length === 0)
				throw new ConnectError(
					network === "instagram"
						? "None of this Facebook user's Pages is linked to an Instagram professional account"
						: "This Facebook user manages no Page Chorus may post to",
				);
			const next = await saveFlow(ctx, {
				network,
				secrets: { userToken },
				instanceUrl: null,
				redirectUri: flow.redirectUri,
				timezone: flow.timezone,
				accountId: flow.accountId,
			});
			return { choosePage: { network, flow: next.state, pages: pages.map((p) => ({ id: p.id, name: pageLabel(network, p) })) } };
		}
		// A Threads code gives a one-hour token: traded at once for the 60-day one the desk refreshes.
		if (network === "threads") tokens = await longLivedThreadsToken(secrets, tokens.accessToken);
		const connected = await providers[network].profile(tokens, flow.instanceUrl, now);
		return { account: await saveConnected(ctx, network, connected, flow.timezone, flow.accountId) };
	} catch (error) {
		if (error instanceof ConnectError) throw new ApiError(502, "network_refused", error.message);
		throw error;
	}
}

/**
 * The Page chosen after a Facebook or Instagram sign-in: its own Page token is what gets stored (for
 * Instagram, with the professional account linked to it, which is what Chorus posts as).
 */
export async function chooseFacebookPage(ctx: ServiceContext, flowToken: string | undefined, pageId: string): Promise<AccountRow> {
	const flow = await spendFlow(ctx, flowToken);
	const network = flow.network as OAuthNetwork;
	if (!choosesPage(network)) throw invalidState();
	const { userToken } = (await openSecrets(ctx, flow)) as { userToken: string };
	try {
		const page = pagesFor(network, await listFacebookPages(userToken)).find((p) => p.id === pageId);
		if (!page)
			throw invalidField(
				["pageId"],
				`Not one of the Pages this Facebook user manages${network === "instagram" ? " with an Instagram professional account" : ""}`,
				422,
			);
		const connected =
			network === "instagram" && page.instagram
				? {
						handle: page.instagram.username ? `@${page.instagram.username}` : page.instagram.id,
						displayName: page.name,
						credentials: { igUserId: page.instagram.id, pageId: page.id, pageAccessToken: page.accessToken },
					}
				: { handle: page.name, displayName: page.name, credentials: { pageId: page.id, pageAccessToken: page.accessToken } };
		return await saveConnected(ctx, network, connected, flow.timezone, flow.accountId);
	} catch (error) {
		if (error instanceof ConnectError) throw new ApiError(502, "network_refused", error.message);
		throw error;
	}
}

/** Deletes and returns the flow of this state: whatever happens next, it cannot be used again. */
async function spendFlow(ctx: ServiceContext, state: string | undefined) {
	const { db, actor, now } = ctx;
	if (!state) throw invalidState();
	// Another workspace's flow is unknown here: answered like a forged state, and left alone.
	const [flow] = await db
		.delete(oauthState)
		.where(and(eq(oauthState.id, await sha256Hex(state)), eq(oauthState.workspaceId, actor.workspaceId), gt(oauthState.expiresAt, now)))
		.returning();
	if (!flow) throw invalidState();
	if (flow.memberId !== actor.id) {
		throw new ApiError(403, "forbidden", "This sign-in was started by someone else; start connecting again from your own Accounts page");
	}
	return flow;
}

const openSecrets = (ctx: ServiceContext, flow: { workspaceId: string; id: string; secrets: string }) =>
	decryptCredentials(ctx.env.CREDENTIALS_KEY, flow.workspaceId, `oauth:${flow.id}`, flow.secrets);

type NewFlow = {
	network: OAuthNetwork;
	secrets: Record<string, unknown>;
	instanceUrl: string | null;
	redirectUri: string;
	timezone: string;
	accountId: string | null;
};

/** A new single-use flow: a random state, stored as its hash with the sealed secrets; stale flows go. */
async function saveFlow(ctx: ServiceContext, f: NewFlow) {
	const { db, actor, now, env } = ctx;
	const state = generateState();
	const id = await sha256Hex(state);
	const expiresAt = now + STATE_TTL_MS;
	await db.batch([
		db.delete(oauthState).where(lt(oauthState.expiresAt, now)),
		db.insert(oauthState).values({
			id,
			workspaceId: actor.workspaceId,
			memberId: actor.id,
			network: f.network,
			secrets: await encryptCredentials(env.CREDENTIALS_KEY, actor.workspaceId, `oauth:${id}`, f.secrets),
			instanceUrl: f.instanceUrl,
			redirectUri: f.redirectUri,
			timezone: f.timezone,
			accountId: f.accountId,
			expiresAt,
			createdAt: now,
		}),
	]);
	return { state, expiresAt };
}

export type BlueskyInput = { handle: string; appPassword: string; service: string; timezone: string; accountId?: string };

/** Bluesky has no third-party OAuth for posting yet: the handle and an app password, checked with createSession. */
export async function connectBluesky(ctx: ServiceContext, input: BlueskyInput): Promise<AccountRow> {
	requirePermission(ctx.actor, "manage_accounts");
	if (input.accountId) await reconnectTarget(ctx, input.accountId, "bluesky");
	const problem = outboundUrlProblem(input.service, ctx.env);
	if (problem) throw invalidField(["service"], problem);
	const signedIn = await blueskySignIn({ identifier: input.handle, appPassword: input.appPassword, service: input.service });
	if (signedIn.kind !== "ok") {
		if (signedIn.kind === "refused") throw invalidField(["appPassword"], `Bluesky refused this handle and app password (${signedIn.summary})`, 422);
		throw new ApiError(502, "network_refused", `Could not reach ${input.service}: ${signedIn.summary}`);
	}
	const credentials = { identifier: input.handle, appPassword: input.appPassword, service: input.service };
	return saveConnected(ctx, "bluesky", { handle: `@${signedIn.handle}`, displayName: null, credentials }, input.timezone, input.accountId ?? null);
}

async function reconnectTarget(ctx: ServiceContext, accountId: string, network: string) {
	const found = await getAccount(ctx.db, ctx.actor.workspaceId, accountId);
	if (!found) throw notFound("Account");
	if (found.network !== network) throw invalidField(["accountId"], `That account is on ${found.network}, not ${network}`, 422);
	return found;
}

/** A new account, or new credentials for the one being reconnected (which releases what waited for it). */
async function saveConnected(
	ctx: ServiceContext,
	network: AccountRow["network"],
	connected: Connected,
	timezone: string,
	accountId: string | null,
): Promise<AccountRow> {
	const { db, actor, now, env } = ctx;
	const parsed = credentialSchemas[network].safeParse(connected.credentials);
	if (!parsed.success) throw new ApiError(502, "network_refused", `The network's answer did not give usable credentials (${parsed.error.issues[0]?.message})`);
	const data = parsed.data as Record<string, unknown>;
	const id = accountId ?? newId();
	const sealed = { credentials: await encryptCredentials(env.CREDENTIALS_KEY, actor.workspaceId, id, data), credentialsExpireAt: credentialsExpireAt(data) };
	// A Mastodon instance's own length and media limits, read now and then daily by the ingest run.
	const limits = network === "mastodon" ? await readInstanceLimits(String(data.instanceUrl), now) : null;
	if (accountId) {
		const before = await reconnectTarget(ctx, accountId, network);
		const refreshed = limits ? { instanceLimits: limits } : {};
		const after = { ...before, ...sealed, ...refreshed, needsReconnect: false, expiryWarnedAt: null };
		await db.batch([
			db
				.update(account)
				.set({ ...sealed, ...refreshed, needsReconnect: false, expiryWarnedAt: null })
				.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.id, accountId))),
			releaseStatement(db, actor.workspaceId, accountId, ["needs_reconnect"], now),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "account.reconnect",
				subject: `account:${accountId}`,
				before: accountView(before),
				after: accountView(after),
				at: now,
			}),
		]);
		await claimReleased(db, ctx.queue, actor.workspaceId, accountId, now);
		return after;
	}
	const row: AccountRow = {
		id,
		workspaceId: actor.workspaceId,
		network,
		handle: connected.handle,
		displayName: connected.displayName,
		timezone,
		ownerId: actor.id,
		parentId: null,
		postingPolicy: "open",
		paused: false,
		...sealed,
		needsReconnect: false,
		expiryWarnedAt: null,
		slots: [],
		sandboxFailMode: "none",
		sandboxFailCount: 0,
		instanceLimits: limits,
		createdAt: now,
	};
	await db.batch([
		db.insert(account).values(row),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "account.connect",
			subject: `account:${id}`,
			after: accountView(row),
			at: now,
		}),
	]);
	return row;
}

/** The instance's origin, once the outbound guard allows it (https, a public host, no credentials). */
function instanceOf(url: string | undefined, env: Env): string {
	if (!url) throw invalidField(["instanceUrl"], "Give your Mastodon server, e.g. https://mastodon.social");
	const problem = outboundUrlProblem(url, env);
	if (problem) throw invalidField(["instanceUrl"], `${problem}: give the https:// address of a Mastodon server`);
	return new URL(url).origin;
}

/**
 * The secrets an admin must still set before `network` can be connected on this Chorus, or null when its
 * OAuth app is configured (Mastodon registers itself on each server: never missing).
 */
export function missingAppSecrets(network: OAuthNetwork, env: Env): string | null {
	if (network === "mastodon") return null;
	return configuredApp(network, env) ? null : appSecretNames[network];
}

const appSecretNames: Record<OAuthNetwork, string> = {
	x: "X_CLIENT_ID",
	mastodon: "",
	linkedin: "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET",
	facebook: "FACEBOOK_APP_ID and FACEBOOK_APP_SECRET",
	instagram: "FACEBOOK_APP_ID and FACEBOOK_APP_SECRET",
	threads: "THREADS_APP_ID and THREADS_APP_SECRET",
};

const invalidState = () => new ApiError(400, "invalid_state", "This sign-in link is unknown, expired or already used: start connecting again");
