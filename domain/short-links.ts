/**
 * First-party short links: a post's links can go out as `<Chorus>/l/<code>`, which redirects to the
 * link with UTM parameters naming the network and account, so clicks are counted per post and
 * account without a third-party shortener. Pure: the codes' randomness is the Web Crypto global.
 */
import twitter from "twitter-text";
import type { Network } from "./networks";

/** Short-link codes: 10 characters of base62 (≈ 59.5 bits), unguessable by walking the space. */
export const CODE_LENGTH = 10;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function newCode(length = CODE_LENGTH): string {
	let out = "";
	// Rejection sampling: bytes ≥ 248 are dropped so every character is equally likely (248 = 4 × 62).
	while (out.length < length) {
		const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
		for (const b of bytes) if (b < 248 && out.length < length) out += BASE62[b % 62];
	}
	return out;
}

export const isCode = (s: string) => new RegExp(`^[0-9A-Za-z]{${CODE_LENGTH}}$`).test(s);

export type Utm = { utm_source: string; utm_medium: string; utm_content: string; utm_campaign: string };

/**
 * The UTM parameters of a short link: the network as the source, "social" as the medium, the
 * account's handle as the content, and the campaign's name when the post belongs to one (else "chorus").
 */
export function utmFor(input: { network: Network | string; handle: string; campaign?: string | null }): Utm {
	const campaign = input.campaign?.trim();
	return {
		utm_source: input.network,
		utm_medium: "social",
		utm_content: input.handle.replace(/^@/, ""),
		utm_campaign: campaign ? campaign : "chorus",
	};
}

/** The target with the UTM parameters set (replacing any the link already had), the rest of it untouched. */
export function withUtm(url: string, utm: Utm): string {
	const u = new URL(url);
	for (const [k, v] of Object.entries(utm)) u.searchParams.set(k, v);
	return u.toString();
}

/** The http(s) URLs in a text, with where they are, in order (X's own extractor: it knows where a URL ends). */
export function urlsIn(text: string): { url: string; indices: [number, number] }[] {
	return twitter.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false }).filter((e) => /^https?:\/\//i.test(e.url));
}

/** The text with each URL replaced by what `replace` gives for it (unchanged where it gives nothing). */
export function replaceUrls(text: string, replace: (url: string) => string | undefined): string {
	let out = "";
	let at = 0;
	for (const { url, indices } of urlsIn(text)) {
		const [start, end] = indices;
		out += text.slice(at, start) + (replace(url) ?? url);
		at = end;
	}
	return out + text.slice(at);
}

/** The short URL of a code on this Chorus. */
export const shortUrl = (base: string, code: string) => `${base.replace(/\/+$/, "")}/l/${code}`;

/** The text as it will be sent with every link shortened, for counting before the codes exist. */
export const asShortened = (text: string, base: string) => replaceUrls(text, () => shortUrl(base, "x".repeat(CODE_LENGTH)));
