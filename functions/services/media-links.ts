/**
 * Signed, expiring links to one medium's bytes, for networks that fetch media themselves instead of
 * taking an upload (Threads and Instagram: "media must be hosted on a publicly accessible server",
 * developers.facebook.com/docs/instagram-platform/content-publishing). The link is the credential:
 * workspace, media id and expiry, signed with HMAC-SHA256 under a key derived (HKDF) from
 * CREDENTIALS_KEY, so nobody can make one for other media, and it lapses after LINK_TTL_MS.
 */

import type { Db } from "../../db/client";
import { findMedia } from "../../db/queries/media";
import { timingSafeEqual } from "../auth/crypto";
import { publicUrl } from "../mail/send";

/** Long enough for Meta to fetch a video while the container (valid 24 hours) is processed. */
export const LINK_TTL_MS = 48 * 3_600_000;

const encoder = new TextEncoder();
const b64url = (bytes: ArrayBuffer) =>
	btoa(String.fromCharCode(...new Uint8Array(bytes)))
		.replace(/\+/g, "-")
		.replace(/\//g, "_")
		.replace(/=+$/, "");

async function linkKey(secret: string): Promise<CryptoKey> {
	// The secret's text as key material: HKDF accepts any length, whatever form the secret was given in.
	const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
	return crypto.subtle.deriveKey(
		{ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode("chorus media links v1") },
		material,
		{ name: "HMAC", hash: "SHA-256", length: 256 },
		false,
		["sign"],
	);
}

const signature = async (secret: string, payload: string) => b64url(await crypto.subtle.sign("HMAC", await linkKey(secret), encoder.encode(payload)));

/** The token: `<workspaceId>.<mediaId>.<expires>.<signature>` (ids are UUIDs, so "." separates safely). */
export async function mediaLinkToken(secret: string, workspaceId: string, mediaId: string, expiresAt: number): Promise<string> {
	const payload = `${workspaceId}.${mediaId}.${expiresAt}`;
	return `${payload}.${await signature(secret, payload)}`;
}

/** The public address of a medium's bytes, or null when this Chorus does not know its own address. */
export async function mediaLink(env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV" | "CREDENTIALS_KEY">, workspaceId: string, mediaId: string, now: number) {
	const base = publicUrl(env);
	if (!base) return null;
	return `${base}/api/v1/media-links/${await mediaLinkToken(env.CREDENTIALS_KEY, workspaceId, mediaId, now + LINK_TTL_MS)}`;
}

/** The media row a token names, when its signature holds and it has not expired; null otherwise (all alike: 404). */
export async function openMediaLink(db: Db, secret: string, token: string, now: number) {
	const parts = token.split(".");
	if (parts.length !== 4) return null;
	const [workspaceId, mediaId, expires, sig] = parts as [string, string, string, string];
	if (!/^\d{1,15}$/.test(expires) || Number(expires) <= now) return null;
	const expected = encoder.encode(await signature(secret, `${workspaceId}.${mediaId}.${expires}`));
	if (!timingSafeEqual(expected, encoder.encode(sig))) return null;
	return (await findMedia(db, workspaceId, mediaId)) ?? null;
}
