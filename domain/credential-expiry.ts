/**
 * When account credentials need attention. Pure: the refresh itself and the warnings live in the
 * AccountDesk and the sweep; this only says when.
 *
 * X access tokens last about 2 hours and come with a rotating refresh token (offline.access);
 * LinkedIn access tokens last 60 days, with a refresh token only for approved partners; Mastodon
 * tokens and Facebook long-lived Page tokens do not expire on a clock; Bluesky app passwords open
 * sessions the adapter renews itself.
 */

/** Refresh this long before the access token ends, so a send never starts with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Warn the account's owner this long before credentials that cannot be refreshed stop working. */
export const EXPIRY_WARNING_MS = 7 * 86_400_000;

export type TokenTimes = {
	/** When the access token ends (ms since the epoch); absent when the network gave no lifetime. */
	expiresAt?: number;
	/** Present when the access token can be renewed without a human. */
	refreshToken?: string;
	/** When the refresh token itself ends, where the network says. */
	refreshExpiresAt?: number;
};

/** True when a refreshable access token is within the margin of its end (or past it). */
export function needsRefresh(t: TokenTimes, now: number): boolean {
	return t.refreshToken !== undefined && t.expiresAt !== undefined && t.expiresAt - REFRESH_MARGIN_MS <= now;
}

/**
 * When the credentials stop working unless someone reconnects: the refresh token's end when there
 * is one, else the access token's end when it cannot be refreshed; null when neither is known.
 */
export function reconnectBy(t: TokenTimes): number | null {
	if (t.refreshToken !== undefined) return t.refreshExpiresAt ?? null;
	return t.expiresAt ?? null;
}

/** Warn once, within the warning window; a reconnect clears warnedAt for the next expiry. */
export function shouldWarn(expireAt: number | null, warnedAt: number | null, now: number): boolean {
	return expireAt !== null && warnedAt === null && expireAt - EXPIRY_WARNING_MS <= now;
}

/** Seconds-from-now lifetimes as the OAuth token endpoints give them, turned into instants. */
export function lifetimeToInstant(seconds: unknown, now: number): number | undefined {
	return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? now + seconds * 1000 : undefined;
}
