/**
 * What each network needs to publish, validated when an account is connected. Stored encrypted
 * (functions/auth/credentials.ts) and never returned by the API.
 */
import { z } from "zod";
import type { Network } from "../../domain/networks";

// The scheme and host are judged by the outbound guard where credentials are entered (outboundUrlFields).
const httpsUrl = z.url({ protocol: /^https?$/ });
/** Token lifetimes are kept as instants (ms since the epoch), see domain/credential-expiry.ts. */
const instant = z.number().int().positive();

export const credentialSchemas = {
	sandbox: z.object({}).strict(),
	mastodon: z.object({ instanceUrl: httpsUrl, accessToken: z.string().min(1) }),
	bluesky: z.object({ identifier: z.string().min(1), appPassword: z.string().min(1), service: httpsUrl.default("https://bsky.social") }),
	x: z.object({
		accessToken: z.string().min(1),
		refreshToken: z.string().min(1).optional(),
		userId: z.string().optional(),
		expiresAt: instant.optional(),
		/** The scopes X granted (its token answer's `scope`), when it said; absent for accounts connected before they were kept. */
		scopes: z.array(z.string()).optional(),
	}),
	linkedin: z.object({
		accessToken: z.string().min(1),
		authorUrn: z.string().regex(/^urn:li:(person|organization):/, "urn:li:person:… or urn:li:organization:…"),
		expiresAt: instant.optional(),
		refreshToken: z.string().min(1).optional(),
		refreshExpiresAt: instant.optional(),
	}),
	facebook: z.object({ pageId: z.string().min(1), pageAccessToken: z.string().min(1) }),
	/**
	 * An Instagram professional account through Facebook Login: the IG user id (the Page's
	 * instagram_business_account) and the token of the Page it is linked to, which does not expire
	 * when listed with a long-lived user token (oauth.ts longLivedFacebookToken).
	 */
	instagram: z.object({ igUserId: z.string().min(1), pageId: z.string().min(1), pageAccessToken: z.string().min(1) }),
	/** A long-lived Threads user token (60 days, refreshed by the AccountDesk before it lapses: token-refresh.ts). */
	threads: z.object({ accessToken: z.string().min(1), userId: z.string().min(1), expiresAt: instant.optional() }),
} satisfies Record<Network, z.ZodType>;

/** The credential fields Chorus will fetch: each must pass the outbound guard when it is entered. */
export const outboundUrlFields: Partial<Record<Network, string>> = { mastodon: "instanceUrl", bluesky: "service" };
