/**
 * Recognising our post among an account's recent posts, for the read-back after an unknown outcome.
 * Networks hand the text back changed (Mastodon as HTML, X with t.co links and HTML entities, LinkedIn
 * with its escapes), so both sides are normalised before comparing; a post older than the request
 * cannot be the one we sent, which keeps an identical post from last month from matching.
 */
import { decodeHTML } from "entities";

/** Every HTML entity, named or numeric, as the browser would read it (the `entities` library's full table). */
export const decodeEntities = (text: string): string => decodeHTML(text);

/** Mastodon's status HTML as the text that was posted: paragraphs, line breaks, links' full text. */
export function htmlToText(html: string): string {
	const text = html
		.replace(/<br\s*\/?>/gi, "\n")
		.replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
		.replace(/<[^>]*>/g, "");
	return decodeEntities(text);
}

/** Whitespace runs as one space, Unicode NFC: what survives every network's rendering. */
export function normalizeText(text: string): string {
	return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** For networks that rewrite links (X's t.co): every URL becomes the same placeholder. */
export function withoutUrls(text: string): string {
	return text.replace(/https?:\/\/\S+/giu, "<url>");
}

/** Clock skew allowed between Chorus fixing createdAt and the network stamping its post. */
const skewMs = 5 * 60_000;

/** False only when the network's timestamp is readable and clearly before the request was made. */
export function notBefore(requestCreatedAt: string, networkTime: string | number | null | undefined): boolean {
	const requested = Date.parse(requestCreatedAt);
	if (networkTime === null || networkTime === undefined || Number.isNaN(requested)) return true;
	// Graph API writes "+0000"; Date.parse wants "+00:00".
	const posted = typeof networkTime === "number" ? networkTime : Date.parse(networkTime.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
	return Number.isNaN(posted) || posted >= requested - skewMs;
}

/**
 * Whether a page of recent posts reaches back to the request: either the network had fewer posts than
 * asked for, or the oldest one is from before the request. Otherwise our post may be on a later page,
 * and "not found" would be a guess.
 */
export function pageCovers(requestCreatedAt: string, returned: number, asked: number, oldestTime: string | number | null | undefined): boolean {
	if (returned < asked) return true;
	if (oldestTime === null || oldestTime === undefined) return false;
	return !notBefore(requestCreatedAt, oldestTime);
}
