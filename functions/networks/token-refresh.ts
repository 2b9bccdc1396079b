/**
 * Renewing access tokens with the OAuth 2 refresh grant (RFC 6749 §6), for the networks whose tokens
 * lapse on a clock: X (2-hour access tokens; every refresh returns a new refresh token and spends the
 * old one) and LinkedIn (60-day tokens; refresh tokens only for approved partners). Called only from
 * the AccountDesk, which serialises refreshes per account so a rotated refresh token is never lost.
 */
import { z } from "zod";
import { lifetimeToInstant, needsRefresh, reconnectBy, type TokenTimes } from "../../domain/credential-expiry";
import type { Network } from "../../domain/networks";
import { guardedFetch } from "../outbound";
import { clip, readJson, sendWithTimeout, summarize } from "./http";

/** Worker secrets of the OAuth apps (wrangler.toml documents them); absent ones disable that network's refresh. */
export type OAuthClientSecrets = {
	X_CLIENT_ID?: string;
	X_CLIENT_SECRET?: string;
	LINKEDIN_CLIENT_ID?: string;
	LINKEDIN_CLIENT_SECRET?: string;
	FACEBOOK_APP_ID?: string;
	FACEBOOK_APP_SECRET?: string;
	THREADS_APP_ID?: string;
	THREADS_APP_SECRET?: string;
};

export type RefreshResult =
	| { kind: "refreshed"; credentials: Record<string, unknown> }
	/** The network refused the refresh token for good (revoked, spent, expired): a human must reconnect. */
	| { kind: "revoked"; summary: string }
	/** No answer, 429 or 5xx: the old token may still be good later; try again. */
	| { kind: "retry"; summary: string };

export const tokenEndpoints = {
	x: "https://api.x.com/2/oauth2/token",
	linkedin: "https://www.linkedin.com/oauth/v2/accessToken",
	// developers.facebook.com/docs/threads/get-started/long-lived-tokens: GET with grant_type=th_refresh_token.
	threads: "https://graph.threads.net/refresh_access_token",
} as const;

/**
 * Threads refreshes the long-lived token itself (no refresh token): allowed once it is 24 hours old
 * and still valid, and the answer is a new 60-day token. Renewed once less than this is left, so an
 * account that publishes or is read at least monthly never needs a human.
 */
export const THREADS_REFRESH_WINDOW_MS = 30 * 86_400_000;

const tokenAnswer = z.object({
	access_token: z.string().min(1),
	refresh_token: z.string().min(1).optional(),
	expires_in: z.number().optional(),
	refresh_token_expires_in: z.number().optional(),
	scope: z.string().optional(),
});

type Refresher = { endpoint: string; client: (s: OAuthClientSecrets) => { id?: string; secret?: string } };

const refreshers: Partial<Record<Network, Refresher>> = {
	x: { endpoint: tokenEndpoints.x, client: (s) => ({ id: s.X_CLIENT_ID, secret: s.X_CLIENT_SECRET }) },
	linkedin: { endpoint: tokenEndpoints.linkedin, client: (s) => ({ id: s.LINKEDIN_CLIENT_ID, secret: s.LINKEDIN_CLIENT_SECRET }) },
};

/** The token times inside stored credentials (only the fields this module reads). */
export function tokenTimes(credentials: Record<string, unknown>): TokenTimes {
	const num = (v: unknown) => (typeof v === "number" ? v : undefined);
	return {
		expiresAt: num(credentials.expiresAt),
		refreshToken: typeof credentials.refreshToken === "string" ? credentials.refreshToken : undefined,
		refreshExpiresAt: num(credentials.refreshExpiresAt),
	};
}

/** Networks whose tokens lapse on a clock and can be renewed: only their credentials go through the desk. */
export const refreshable = (network: Network): boolean => refreshers[network] !== undefined || network === "threads";

export function refreshDue(network: Network, credentials: Record<string, unknown>, now: number): boolean {
	if (network === "threads") {
		const { expiresAt } = tokenTimes(credentials);
		return expiresAt !== undefined && expiresAt > now && expiresAt - THREADS_REFRESH_WINDOW_MS <= now;
	}
	return refreshers[network] !== undefined && needsRefresh(tokenTimes(credentials), now);
}

/** When these credentials need a human again (the account's credentialsExpireAt column). */
export const credentialsExpireAt = (credentials: Record<string, unknown>): number | null => reconnectBy(tokenTimes(credentials));

/**
 * One refresh grant, authenticating the client one way only (RFC 6749 §2.3.1: a client MUST NOT use
 * more than one authentication method in each request):
 * - LinkedIn: client_id and client_secret in the form, as its refresh-token page documents
 *   (learn.microsoft.com/linkedin/shared/authentication/programmatic-refresh-tokens); no Basic header.
 * - X: a confidential client sends HTTP Basic (docs.x.com OAuth 2.0 authorization code flow,
 *   "Confidential clients"); client_id in the form names the client, as X's refresh example does,
 *   and a public client sends only that.
 */
export async function refreshCredentials(
	network: Network,
	credentials: Record<string, unknown>,
	secrets: OAuthClientSecrets,
	now: number,
): Promise<RefreshResult> {
	if (network === "threads") return refreshThreads(credentials, now);
	const refresher = refreshers[network];
	const { refreshToken } = tokenTimes(credentials);
	if (!refresher || !refreshToken) return { kind: "revoked", summary: "These credentials cannot be refreshed" };
	const client = refresher.client(secrets);
	if (!client.id) return { kind: "revoked", summary: `The ${network} OAuth app is not configured (client id secret missing)` };
	const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.id });
	const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
	if (client.secret && network === "linkedin") form.set("client_secret", client.secret);
	else if (client.secret) headers.Authorization = `Basic ${btoa(`${client.id}:${client.secret}`)}`;
	const sent = await sendWithTimeout(guardedFetch, refresher.endpoint, { method: "POST", headers, body: form.toString() });
	if (sent.kind !== "response") return { kind: "retry", summary: clip(`token refresh got no answer: ${sent.reason}`) };
	const answer = sent.status === 200 ? readJson(sent.body, tokenAnswer) : null;
	if (answer) {
		return {
			kind: "refreshed",
			credentials: {
				...credentials,
				accessToken: answer.access_token,
				// X rotates: the old refresh token is spent now. Networks that do not rotate keep the old one.
				refreshToken: answer.refresh_token ?? refreshToken,
				expiresAt: lifetimeToInstant(answer.expires_in, now),
				refreshExpiresAt: lifetimeToInstant(answer.refresh_token_expires_in, now) ?? credentials.refreshExpiresAt,
				// X says which scopes the renewed token carries; keeping them tells a media post whether media.write is there.
				...(network === "x" && answer.scope ? { scopes: answer.scope.split(/\s+/).filter(Boolean) } : {}),
			},
		};
	}
	const summary = summarize(sent.status, sent.body);
	if (sent.status === 429 || sent.status >= 500 || sent.status === 200) return { kind: "retry", summary };
	// 400 invalid_grant (spent, revoked, expired) and 401 (the app's client credentials refused).
	return { kind: "revoked", summary };
}

const threadsToken = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

/**
 * GET graph.threads.net/refresh_access_token?grant_type=th_refresh_token&access_token=… answers
 * { access_token, token_type, expires_in } (developers.facebook.com/docs/threads/get-started/long-lived-tokens).
 * An expired or revoked token is refused (Graph error 190): only a reconnect helps then.
 */
async function refreshThreads(credentials: Record<string, unknown>, now: number): Promise<RefreshResult> {
	const token = typeof credentials.accessToken === "string" ? credentials.accessToken : null;
	if (!token) return { kind: "revoked", summary: "These credentials cannot be refreshed" };
	const url = new URL(tokenEndpoints.threads);
	url.searchParams.set("grant_type", "th_refresh_token");
	url.searchParams.set("access_token", token);
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
	if (sent.kind !== "response") return { kind: "retry", summary: clip(`token refresh got no answer: ${sent.reason}`) };
	const answer = sent.status === 200 ? readJson(sent.body, threadsToken) : null;
	if (answer)
		return { kind: "refreshed", credentials: { ...credentials, accessToken: answer.access_token, expiresAt: lifetimeToInstant(answer.expires_in, now) } };
	const summary = summarize(sent.status, sent.body);
	if (sent.status === 429 || sent.status >= 500 || sent.status === 200) return { kind: "retry", summary };
	return { kind: "revoked", summary };
}
