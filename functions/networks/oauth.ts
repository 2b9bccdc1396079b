/**
 * How each network's OAuth 2 sign-in works: where to send the user, where to trade the code, what to
 * ask for, and how to read who signed in. arctic's OAuth2Client builds the sign-in URLs (PKCE S256) at
 * today's endpoints, not arctic's presets (old hosts and paths). The code is traded here, through the
 * outbound guard (arctic's own token request calls fetch directly and follows redirects, and a
 * Mastodon instance is any URL a user types): X and Mastodon take HTTP Basic for a confidential
 * client (client_id in the form for a public one); LinkedIn and Facebook want the client secret in
 * the form. Neither LinkedIn nor Facebook documents PKCE for this web flow (LinkedIn's is for native
 * apps, Facebook's belongs to its OIDC flow), so both rely on the single-use state and the secret.
 */
import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { z } from "zod";
import { lifetimeToInstant } from "../../domain/credential-expiry";
import { guardedFetch } from "../outbound";
import { graphVersion } from "./facebook";
import { readJson, sendWithTimeout, summarize } from "./http";
import type { OAuthClientSecrets } from "./token-refresh";
import { whyUnreachable } from "./unreachable";

export type OAuthNetwork = "x" | "mastodon" | "linkedin" | "facebook" | "instagram" | "threads";

/** Networks whose sign-in lists Pages to choose from (Instagram: the Pages linked to a professional account). */
export type PageNetwork = "facebook" | "instagram";
export const choosesPage = (network: OAuthNetwork): network is PageNetwork => network === "facebook" || network === "instagram";

/** Who signed in, and the credentials to store for the account (validated by credentialSchemas). */
export type Connected = { handle: string; displayName: string | null; credentials: Record<string, unknown> };

export type AppCredentials = { clientId: string; clientSecret: string | null };

type Provider = {
	scopes: string[];
	/** How the client authenticates the code exchange: HTTP Basic, or the client secret in the form. */
	exchange: "basic" | "secret-in-form";
	pkce: boolean;
	authorizeUrl: (instance: string | null) => string;
	tokenUrl: (instance: string | null) => string;
	/** Reads the profile with the new token and shapes the stored credentials. */
	profile: (tokens: TokenSet, instance: string | null, now: number) => Promise<Connected>;
};

export type TokenSet = {
	accessToken: string;
	refreshToken: string | null;
	expiresInSeconds: number | null;
	refreshExpiresInSeconds?: number | null;
	/** The granted scopes, when the token answer lists them (RFC 6749 §5.1 `scope`, space-separated). */
	scopes?: string[] | null;
};

/** RFC 6749 §5.1: the scope answer is space-delimited (some networks use commas). */
export function grantedScopes(scope: unknown): string[] | null {
	if (typeof scope !== "string" || scope.trim() === "") return null;
	return scope.split(/[\s,]+/).filter(Boolean);
}

const xMe = z.object({ data: z.object({ id: z.string().min(1), username: z.string().min(1), name: z.string().optional() }) });
const linkedinMe = z.object({ sub: z.string().min(1), name: z.string().optional() });
const mastodonMe = z.object({ id: z.string().min(1), username: z.string().min(1), display_name: z.string().optional() });
const mastodonApp = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });
const threadsMe = z.object({ id: z.string().min(1), username: z.string().min(1), name: z.string().optional() });

/** The Threads API host for sign-in and profile (developers.facebook.com/docs/threads/get-started). */
const threadsGraph = "https://graph.threads.net";

async function getJson<T extends z.ZodType>(url: string, token: string, schema: T): Promise<z.infer<T>> {
	const sent = await sendWithTimeout(guardedFetch, url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
	const parsed = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, schema) : null;
	if (!parsed) throw new ConnectError(`Could not read the signed-in profile (${sent.kind === "response" ? summarize(sent.status, sent.body) : sent.reason})`);
	return parsed;
}

/** A connect step the network refused or answered unreadably: the user sees the message. */
export class ConnectError extends Error {}

export const providers: Record<OAuthNetwork, Provider> = {
	x: {
		exchange: "basic",
		pkce: true,
		// docs.x.com authentication mapping: POST /2/tweets needs tweet.read tweet.write users.read;
		// the /2/media/upload family needs media.write; offline.access gives a refresh token, so the
		// 2-hour access tokens can be renewed without the user.
		scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
		authorizeUrl: () => "https://x.com/i/oauth2/authorize",
		tokenUrl: () => "https://api.x.com/2/oauth2/token",
		async profile(tokens, _instance, now) {
			const me = await getJson("https://api.x.com/2/users/me", tokens.accessToken, xMe);
			return {
				handle: `@${me.data.username}`,
				displayName: me.data.name ?? null,
				credentials: {
					accessToken: tokens.accessToken,
					...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
					userId: me.data.id,
					// What X granted, so an account without media.write is told so when it posts media.
					...(tokens.scopes ? { scopes: tokens.scopes } : {}),
					...(lifetimeToInstant(tokens.expiresInSeconds, now) ? { expiresAt: lifetimeToInstant(tokens.expiresInSeconds, now) } : {}),
				},
			};
		},
	},
	mastodon: {
		exchange: "basic",
		pkce: true,
		scopes: ["read", "write"],
		authorizeUrl: (instance) => new URL("/oauth/authorize", instance ?? "").toString(),
		tokenUrl: (instance) => new URL("/oauth/token", instance ?? "").toString(),
		async profile(tokens, instance) {
			const me = await getJson(new URL("/api/v1/accounts/verify_credentials", instance ?? "").toString(), tokens.accessToken, mastodonMe);
			return {
				handle: `@${me.username}@${new URL(instance ?? "").host}`,
				displayName: me.display_name || null,
				credentials: { instanceUrl: instance, accessToken: tokens.accessToken },
			};
		},
	},
	linkedin: {
		exchange: "secret-in-form",
		pkce: false,
		// openid + profile: who signed in (their member URN); w_member_social: post as them.
		scopes: ["openid", "profile", "w_member_social"],
		authorizeUrl: () => "https://www.linkedin.com/oauth/v2/authorization",
		tokenUrl: () => "https://www.linkedin.com/oauth/v2/accessToken",
		async profile(tokens, _instance, now) {
			const me = await getJson("https://api.linkedin.com/v2/userinfo", tokens.accessToken, linkedinMe);
			const expiresAt = lifetimeToInstant(tokens.expiresInSeconds, now);
			const refreshExpiresAt = lifetimeToInstant(tokens.refreshExpiresInSeconds, now);
			return {
				handle: me.name ?? `urn:li:person:${me.sub}`,
				displayName: me.name ?? null,
				credentials: {
					accessToken: tokens.accessToken,
					authorUrn: `urn:li:person:${me.sub}`,
					...(expiresAt ? { expiresAt } : {}),
					...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
					...(refreshExpiresAt ? { refreshExpiresAt } : {}),
				},
			};
		},
	},
	facebook: {
		exchange: "secret-in-form",
		// Facebook documents PKCE only for its OIDC code flow (scope openid, "still in testing":
		// developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token). This is the
		// manually built login flow (…/guides/advanced/manual-flow), which takes no code_challenge: the
		// code is bound by the single-use state and only traded with the app secret, server-side.
		pkce: false,
		// pages_show_list: /me/accounts; pages_manage_posts + pages_read_engagement: post and read back;
		// business_management: Pages owned through a Business Manager are listed only with it
		// (developers.facebook.com/docs/permissions, "business_management"); pages_read_user_content:
		// visitors' comments and posts (the Inbox); pages_manage_engagement: answer them as comments.
		scopes: ["pages_show_list", "pages_manage_posts", "pages_read_engagement", "business_management", "pages_read_user_content", "pages_manage_engagement"],
		authorizeUrl: () => `https://www.facebook.com/${graphVersion}/dialog/oauth`,
		tokenUrl: () => `https://graph.facebook.com/${graphVersion}/oauth/access_token`,
		// The user token only lists Pages: the account is the Page chosen next (connect.ts).
		async profile() {
			throw new ConnectError("Facebook connects a Page: choose one after signing in");
		},
	},
	instagram: {
		// Instagram API with Facebook Login (developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login):
		// the same Facebook app and dialog; the professional account is found through the Page it is linked to.
		exchange: "secret-in-form",
		pkce: false,
		// instagram_basic + instagram_content_publish: read the account and publish (…/content-publishing);
		// instagram_manage_comments: read and answer comments; pages_show_list + pages_read_engagement:
		// list the Pages and their linked accounts; business_management: Pages owned through a Business Manager.
		scopes: ["instagram_basic", "instagram_content_publish", "instagram_manage_comments", "pages_show_list", "pages_read_engagement", "business_management"],
		authorizeUrl: () => `https://www.facebook.com/${graphVersion}/dialog/oauth`,
		tokenUrl: () => `https://graph.facebook.com/${graphVersion}/oauth/access_token`,
		async profile() {
			throw new ConnectError("Instagram connects the professional account of a Page: choose one after signing in");
		},
	},
	threads: {
		// developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions: the code is
		// traded at POST graph.threads.net/oauth/access_token with the app secret in the form (no PKCE documented).
		exchange: "secret-in-form",
		pkce: false,
		// threads_basic (every call), threads_content_publish (posts and replies), threads_read_replies
		// and threads_manage_replies (the Inbox), threads_manage_insights (metrics), threads_delete (retract).
		scopes: ["threads_basic", "threads_content_publish", "threads_read_replies", "threads_manage_replies", "threads_manage_insights", "threads_delete"],
		authorizeUrl: () => "https://threads.net/oauth/authorize",
		tokenUrl: () => `${threadsGraph}/oauth/access_token`,
		async profile(tokens, _instance, now) {
			const me = await getJson(`${threadsGraph}/v1.0/me?fields=id,username,name`, tokens.accessToken, threadsMe);
			const expiresAt = lifetimeToInstant(tokens.expiresInSeconds, now);
			return {
				handle: `@${me.username}`,
				displayName: me.name ?? null,
				credentials: { accessToken: tokens.accessToken, userId: me.id, ...(expiresAt ? { expiresAt } : {}) },
			};
		},
	},
};

/** The Chorus OAuth app for a network from Worker secrets; a Mastodon instance's is registered per connect. */
export function configuredApp(network: OAuthNetwork, secrets: OAuthClientSecrets): AppCredentials | null {
	if (network === "x") return secrets.X_CLIENT_ID ? { clientId: secrets.X_CLIENT_ID, clientSecret: secrets.X_CLIENT_SECRET ?? null } : null;
	if (network === "linkedin")
		return secrets.LINKEDIN_CLIENT_ID && secrets.LINKEDIN_CLIENT_SECRET
			? { clientId: secrets.LINKEDIN_CLIENT_ID, clientSecret: secrets.LINKEDIN_CLIENT_SECRET }
			: null;
	// Instagram with Facebook Login is a product of the same Facebook app.
	if (network === "facebook" || network === "instagram")
		return secrets.FACEBOOK_APP_ID && secrets.FACEBOOK_APP_SECRET ? { clientId: secrets.FACEBOOK_APP_ID, clientSecret: secrets.FACEBOOK_APP_SECRET } : null;
	// A Threads app has its own id and secret (the Meta app dashboard's Threads "use case").
	if (network === "threads")
		return secrets.THREADS_APP_ID && secrets.THREADS_APP_SECRET ? { clientId: secrets.THREADS_APP_ID, clientSecret: secrets.THREADS_APP_SECRET } : null;
	return null;
}

/** POST /api/v1/apps on the user's instance: every Mastodon server has its own app registry. */
export async function registerMastodonApp(instance: string, redirectUri: string, website: string): Promise<AppCredentials> {
	const sent = await sendWithTimeout(guardedFetch, new URL("/api/v1/apps", instance).toString(), {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		body: JSON.stringify({ client_name: "Chorus", redirect_uris: redirectUri, scopes: providers.mastodon.scopes.join(" "), website }),
	});
	if (sent.kind !== "response") throw new ConnectError(`Could not reach the Mastodon server: ${await whyUnreachable(instance, sent.reason)}`);
	const app = sent.status === 200 ? readJson(sent.body, mastodonApp) : null;
	if (!app)
		throw new ConnectError(
			`${new URL(instance).hostname} did not register Chorus (${summarize(sent.status, sent.body)}): is it a Mastodon server, and does it allow new apps?`,
		);
	return { clientId: app.client_id, clientSecret: app.client_secret };
}

export function authorizationUrl(
	network: OAuthNetwork,
	app: AppCredentials,
	redirectUri: string,
	instance: string | null,
	state: string,
	codeVerifier: string,
): string {
	const client = new OAuth2Client(app.clientId, app.clientSecret, redirectUri);
	const provider = providers[network];
	const url = provider.pkce
		? client.createAuthorizationURLWithPKCE(provider.authorizeUrl(instance), state, CodeChallengeMethod.S256, codeVerifier, provider.scopes)
		: client.createAuthorizationURL(provider.authorizeUrl(instance), state, provider.scopes);
	// Facebook (and Instagram through it) and Threads separate scopes with commas.
	if (network === "facebook" || network === "instagram" || network === "threads") url.searchParams.set("scope", provider.scopes.join(","));
	return url.toString();
}

/** Trades the code (with the PKCE verifier) for tokens; a refusal becomes a ConnectError naming the network's reason. */
export async function exchangeCode(
	network: OAuthNetwork,
	app: AppCredentials,
	redirectUri: string,
	instance: string | null,
	code: string,
	codeVerifier: string,
): Promise<TokenSet> {
	const provider = providers[network];
	const params = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri });
	if (provider.pkce) params.set("code_verifier", codeVerifier);
	const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
	if (provider.exchange === "secret-in-form") {
		params.set("client_id", app.clientId);
		params.set("client_secret", app.clientSecret ?? "");
	} else if (app.clientSecret !== null) {
		headers.Authorization = `Basic ${btoa(`${app.clientId}:${app.clientSecret}`)}`;
	} else {
		params.set("client_id", app.clientId);
	}
	const url = provider.tokenUrl(instance);
	const sent =
		network === "facebook" || network === "instagram"
			? await sendWithTimeout(guardedFetch, `${url}?${params}`, { headers: { Accept: "application/json" } })
			: await sendWithTimeout(guardedFetch, url, { method: "POST", headers, body: params.toString() });
	const answer = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, tokenAnswer) : null;
	if (!answer) throw new ConnectError(`The network refused the sign-in code (${sent.kind === "response" ? summarize(sent.status, sent.body) : sent.reason})`);
	return {
		accessToken: answer.access_token,
		refreshToken: answer.refresh_token ?? null,
		expiresInSeconds: answer.expires_in ?? null,
		refreshExpiresInSeconds: answer.refresh_token_expires_in ?? null,
		scopes: grantedScopes(answer.scope),
	};
}

const tokenAnswer = z.object({
	access_token: z.string().min(1),
	refresh_token: z.string().min(1).optional(),
	expires_in: z.number().optional(),
	refresh_token_expires_in: z.number().optional(),
	// RFC 6749 §5.1: the granted scopes, space-separated (X sends them; others may not).
	scope: z.string().optional(),
});

/**
 * A Facebook login token lasts an hour or two, and so do Page tokens listed with it; Page tokens
 * listed with a long-lived user token do not expire. So the code's token is traded once more.
 */
export async function longLivedFacebookToken(app: AppCredentials, userToken: string): Promise<string> {
	const url = new URL(`https://graph.facebook.com/${graphVersion}/oauth/access_token`);
	url.search = new URLSearchParams({
		grant_type: "fb_exchange_token",
		client_id: app.clientId,
		client_secret: app.clientSecret ?? "",
		fb_exchange_token: userToken,
	}).toString();
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
	const answer = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, tokenAnswer) : null;
	if (!answer) throw new ConnectError(`Facebook did not extend the sign-in (${sent.kind === "response" ? summarize(sent.status, sent.body) : sent.reason})`);
	return answer.access_token;
}

/**
 * A Threads code gives a short-lived token (1 hour); GET graph.threads.net/access_token with
 * grant_type=th_exchange_token trades it for a 60-day one, { access_token, token_type, expires_in }
 * (developers.facebook.com/docs/threads/get-started/long-lived-tokens). The desk refreshes it later.
 */
export async function longLivedThreadsToken(app: AppCredentials, shortToken: string): Promise<TokenSet> {
	const url = new URL(`${threadsGraph}/access_token`);
	url.search = new URLSearchParams({ grant_type: "th_exchange_token", client_secret: app.clientSecret ?? "", access_token: shortToken }).toString();
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
	const answer = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, tokenAnswer) : null;
	if (!answer) throw new ConnectError(`Threads did not extend the sign-in (${sent.kind === "response" ? summarize(sent.status, sent.body) : sent.reason})`);
	return { accessToken: answer.access_token, refreshToken: null, expiresInSeconds: answer.expires_in ?? null };
}

const facebookPages = z.object({
	data: z.array(
		z.object({
			id: z.string().min(1),
			name: z.string(),
			access_token: z.string().min(1).optional(),
			instagram_business_account: z.object({ id: z.string().min(1), username: z.string().optional() }).optional(),
		}),
	),
	paging: z.object({ next: z.url().optional() }).optional(),
});

export type FacebookPage = { id: string; name: string; accessToken: string; instagram: { id: string; username: string | null } | null };

/** Graph pages of /me/accounts followed at most: 20 × 100 Pages. */
const maxPageListRequests = 20;
const graphOrigin = "https://graph.facebook.com";

/**
 * The Pages the signed-in Facebook user manages, each with its own Page token (what publishing uses).
 * Graph pages its edges (25 by default); only a missing paging.next ends the list
 * (developers.facebook.com/docs/graph-api/results), so every next is followed, up to a bound, and
 * only when it points back at Graph (the next URL carries the user token).
 */
export async function listFacebookPages(userToken: string): Promise<FacebookPage[]> {
	const first = new URL(`${graphOrigin}/${graphVersion}/me/accounts`);
	// instagram_business_account: the professional account linked to the Page, if any (Instagram connects it).
	first.searchParams.set("fields", "id,name,access_token,instagram_business_account{id,username}");
	first.searchParams.set("limit", "100");
	first.searchParams.set("access_token", userToken);
	const found: FacebookPage[] = [];
	let next: string | undefined = first.toString();
	for (let requests = 0; next && requests < maxPageListRequests; requests++) {
		const sent = await sendWithTimeout(guardedFetch, next, { headers: { Accept: "application/json" } });
		const pages = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, facebookPages) : null;
		if (!pages) throw new ConnectError(`Facebook did not list your Pages (${sent.kind === "response" ? summarize(sent.status, sent.body) : sent.reason})`);
		for (const p of pages.data) {
			if (!p.access_token) continue;
			const ig = p.instagram_business_account;
			found.push({ id: p.id, name: p.name, accessToken: p.access_token, instagram: ig ? { id: ig.id, username: ig.username ?? null } : null });
		}
		next = pages.paging?.next && new URL(pages.paging.next).origin === graphOrigin ? pages.paging.next : undefined;
	}
	return found;
}
