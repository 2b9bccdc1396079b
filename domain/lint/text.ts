/**
 * Text helpers for the draft lint: links, hashtags and mentions with their spans, and case- and
 * diacritic-folding that remembers where each folded character came from.
 */
import twitter from "twitter-text";
import { findSchemeUrls } from "../facts";

/** UTF-16 offsets [start, end) into the draft's body, as in Finding.span. */
export type Span = [number, number];
export type Entity = { span: Span; text: string };

/** Top-level domains that are mostly file names when written without a scheme ("notes.md", "app.zip"). */
const fileLikeTlds = new Set(["zip", "mov", "py", "md", "sh", "rs"]);
const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//iu;

/**
 * Links in the text: everything written with "http(s)://" or "www." (any host, reserved names
 * included), and bare domains twitter-text recognises ("chorus.app/launch"), except file-like names.
 */
export function findLinks(text: string): Entity[] {
	const links: Entity[] = findSchemeUrls(text).map(({ start, end }) => ({ span: [start, end], text: text.slice(start, end) }));
	for (const { url, indices } of twitter.extractUrlsWithIndices(text)) {
		const [start, end] = indices;
		if (links.some(({ span }) => start < span[1] && end > span[0])) continue;
		const tld = /^[^/?#]*\.([a-z]+)(?::\d+)?$/iu.exec(url)?.[1]?.toLowerCase();
		if (tld && fileLikeTlds.has(tld)) continue;
		links.push({ span: [start, end], text: url });
	}
	return links.sort((a, b) => a.span[0] - b.span[0]);
}

/** The lower-case host of a link written with or without a scheme, or null. */
export function hostOf(url: string): string | null {
	try {
		return new URL(hasScheme.test(url) ? url : `https://${url}`).hostname.replace(/\.$/u, "");
	} catch {
		return null;
	}
}

/** The text with the spans replaced by spaces, so offsets stay put. */
export function blank(text: string, spans: readonly Span[]): string {
	let result = text;
	for (const [start, end] of spans) result = result.slice(0, start) + " ".repeat(end - start) + result.slice(end);
	return result;
}

const hashtagRe = /(?<![\p{L}\p{N}_&/#＃])[#＃](?=[\p{L}\p{M}\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+/gu;
// Local users (@alice), fediverse handles (@alice@example.social) and Bluesky handles (@alice.bsky.social).
const mentionRe = /(?<![\p{L}\p{N}_.+\-/@])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?/gu;

function entities(text: string, re: RegExp): Entity[] {
	const withoutLinks = blank(
		text,
		findLinks(text).map((l) => l.span),
	);
	return [...withoutLinks.matchAll(re)].map((m) => ({ span: [m.index, m.index + m[0].length], text: m[0] }));
}

/** Hashtags outside links: "#" (or "＃") and letters, digits and "_", with at least one letter. */
export const findHashtags = (text: string) => entities(text, hashtagRe);
export const findMentions = (text: string) => entities(text, mentionRe);

const words = new Intl.Segmenter("und", { granularity: "word" });

/** Words in the text, counting each link, hashtag and mention as one; dictionary-based for Japanese, Chinese, Thai. */
export function countWords(text: string): number {
	const links = findLinks(text);
	const tags = findHashtags(text);
	const mentions = findMentions(text);
	const rest = blank(
		text,
		[...links, ...tags, ...mentions].map((e) => e.span),
	);
	let n = links.length + tags.length + mentions.length;
	for (const s of words.segment(rest)) if (s.isWordLike) n++;
	return n;
}

/** Lower case, no diacritics, "ß" as "ss", typographic apostrophes as "'", runs of white space as one space. */
export type Folded = { folded: string; starts: number[]; ends: number[] };

function foldChar(ch: string): string {
	if (/\s/u.test(ch)) return " ";
	if (ch === "ß" || ch === "ẞ") return "ss";
	if (/[’‘ʼ`´]/u.test(ch)) return "'";
	return ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The folded text, with each folded UTF-16 unit's source range in the original. */
export function foldWithMap(text: string): Folded {
	let folded = "";
	const starts: number[] = [];
	const ends: number[] = [];
	let offset = 0;
	for (const ch of text) {
		const f = foldChar(ch);
		if (!(f === " " && folded.endsWith(" "))) {
			for (let i = 0; i < f.length; i++) {
				starts.push(offset);
				ends.push(offset + ch.length);
			}
			folded += f;
		}
		offset += ch.length;
	}
	return { folded, starts, ends };
}

export const fold = (text: string) => foldWithMap(text).folded.trim();

export const wordChar = /[\p{L}\p{N}_]/u;
/** Scripts written without spaces between words, where a phrase has no word boundaries to respect. */
export const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Where the folded needle occurs in the folded haystack as a whole phrase (not inside a longer word). */
export function findPhrase(haystack: string, needle: string): number[] {
	const found: number[] = [];
	if (needle === "") return found;
	const first = needle[0] ?? "";
	const last = needle[needle.length - 1] ?? "";
	const checkStart = wordChar.test(first) && !unspaced.test(first);
	const checkEnd = wordChar.test(last) && !unspaced.test(last);
	for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
		if (checkStart && wordChar.test(haystack[i - 1] ?? "")) continue;
		if (checkEnd && wordChar.test(haystack[i + needle.length] ?? "")) continue;
		found.push(i);
	}
	return found;
}
