/**
 * How each network's OAuth 2 sign-in works: where to send the user, where to trade the code, what to
 * ask for, and how to read who signed in. The code exchange itself is arctic's OAuth2Client (PKCE
 * S256, HTTP Basic for confidential clients); the endpoints are today's, not arctic's defaults
 * (its Twitter/Mastodon presets use old hosts and paths).
 */
import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { z } from "zod";
import { lifetimeToInstant } from "../../domain/credential-expiry";
import { readJson, sendWithTimeout } from "./http";
import type { OAuthClientSecrets } from "./token-refresh";

export type OAuthNetwork = "x" | "mastodon";

/** Who signed in, and the credentials to store for the account (validated by credentialSchemas). */
export type Connected = { handle: string; displayName: string | null; credentials: Record<string, unknown> };

export type AppCredentials = { clientId: string; clientSecret: string | null };

type Provider = {
	scopes: string[];
	authorizeUrl: (instance: string | null) => string;
	tokenUrl: (instance: string | null) => string;
	/** Reads the profile with the new token and shapes the stored credentials. */
	profile: (tokens: TokenSet, instance: string | null, now: number) => Promise<Connected>;
};

export type TokenSet = { accessToken: string; refreshToken: string | null; expiresInSeconds: number | null };

const xMe = z.object({ data: z.object({ id: z.string().min(1), username: z.string().min(1), name: z.string().optional() }) });
const mastodonMe = z.object({ id: z.string().min(1), username: z.string().min(1), display_name: z.string().optional() });
const mastodonApp = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });

async function getJson<T extends z.ZodType>(url: string, token: string, schema: T): Promise<z.infer<T>> {
	const sent = await sendWithTimeout(globalThis.fetch, url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
	const parsed = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, schema) : null;
	if (!parsed) throw new ConnectError(`Could not read the signed-in profile (${sent.kind === "response" ? sent.status : sent.reason})`);
	return parsed;
}

/** A connect step the network refused or answered unreadably: the user sees the message. */
export class ConnectError extends Error {}

export const providers: Record<OAuthNetwork, Provider> = {
	x: {
		// offline.access: a refresh token, so the 2-hour access tokens can be renewed without the user.
		scopes: ["tweet.read", "tweet.write", "users.read", "offline.access"],
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
					...(lifetimeToInstant(tokens.expiresInSeconds, now) ? { expiresAt: lifetimeToInstant(tokens.expiresInSeconds, now) } : {}),
				},
			};
		},
	},
	mastodon: {
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
};

/** The Chorus OAuth app for a network: X's from Worker secrets; a Mastodon instance's is registered per connect. */
export function configuredApp(network: OAuthNetwork, secrets: OAuthClientSecrets): AppCredentials | null {
	if (network === "x") return secrets.X_CLIENT_ID ? { clientId: secrets.X_CLIENT_ID, clientSecret: secrets.X_CLIENT_SECRET ?? null } : null;
	return null;
}

/** POST /api/v1/apps on the user's instance: every Mastodon server has its own app registry. */
export async function registerMastodonApp(instance: string, redirectUri: string, website: string): Promise<AppCredentials> {
	const sent = await sendWithTimeout(globalThis.fetch, new URL("/api/v1/apps", instance).toString(), {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		body: JSON.stringify({ client_name: "Chorus", redirect_uris: redirectUri, scopes: providers.mastodon.scopes.join(" "), website }),
	});
	const app = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, mastodonApp) : null;
	if (!app) throw new ConnectError(`The instance did not register Chorus (${sent.kind === "response" ? `${sent.status}` : sent.reason})`);
	return { clientId: app.client_id, clientSecret: app.client_secret };
}

export function authorizationUrl(network: OAuthNetwork, app: AppCredentials, redirectUri: string, instance: string | null, state: string, codeVerifier: string): string {
	const client = new OAuth2Client(app.clientId, app.clientSecret, redirectUri);
	return client.createAuthorizationURLWithPKCE(providers[network].authorizeUrl(instance), state, CodeChallengeMethod.S256, codeVerifier, providers[network].scopes).toString();
}

/** Trades the code (with the PKCE verifier) for tokens; a refusal becomes a ConnectError naming the network's reason. */
export async function exchangeCode(network: OAuthNetwork, app: AppCredentials, redirectUri: string, instance: string | null, code: string, codeVerifier: string): Promise<TokenSet> {
	const client = new OAuth2Client(app.clientId, app.clientSecret, redirectUri);
	try {
		const tokens = await client.validateAuthorizationCode(providers[network].tokenUrl(instance), code, codeVerifier);
		const data = tokens.data as Record<string, unknown>;
		return {
			accessToken: tokens.accessToken(),
			refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
			expiresInSeconds: typeof data.expires_in === "number" ? data.expires_in : null,
		};
	} catch (error) {
		throw new ConnectError(`The network refused the sign-in code (${describe(error)})`);
	}
}

/** arctic's errors: OAuth2RequestError carries the network's error code; a fetch failure its cause. */
function describe(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	if ("code" in error && typeof error.code === "string") return `${error.code}${"description" in error && error.description ? `: ${String(error.description)}` : ""}`;
	return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
