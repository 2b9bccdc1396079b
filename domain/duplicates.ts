/**
 * The double-post guard's text comparison: is a new or edited post the same, or nearly the same, as
 * another post to the same account within the duplicate window?
 *
 * Texts are normalised (NFKC, lower case, links reduced to host and path, punctuation and emoji
 * dropped, whitespace collapsed), cut into shingles, and compared by the Jaccard index of the
 * shingle sets. Word 3-shingles for ordinary text; character 4-grams (by grapheme) for texts
 * of fewer than three words and for texts in scripts written without spaces (Chinese, Japanese, Thai…),
 * where words are not separated.
 */

/**
 * Jaccard similarity at or above which two posts count as the same post. Chosen from the labelled
 * pairs in test/domain/duplicates.test.ts: every duplicate there scores at least 0.619 (one character
 * changed in a 20-character Chinese post), every distinct pair at most 0.429 ("Thanks @alice for the
 * great talk today!" vs "… @bob …"); 0.55 is about the middle of that gap, a little towards the
 * duplicates since a false alarm blocks a post (409 duplicate_post, unless allowDuplicate).
 * With word 3-shingles one word changed mid-text in an n-word post scores (n − 5) / (n + 1): a one-word
 * edit counts as a duplicate from 13 words on, a changed first or last word from 6 words on.
 */
export const DUPLICATE_SIMILARITY_THRESHOLD = 0.55;

export const DEFAULT_DUPLICATE_WINDOW_HOURS = 72;

const urlPattern = /(?:https?:\/\/|www\.)[^\s<>"]+/giu;
/** Characters that end a sentence rather than a link: "see https://x.test/a." */
const urlTrailing = /[.,;:!?)\]}'"]+$/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each emoji part (variation selectors, ZWJ, keycap, tags) is removed on its own, on purpose.
const emoji = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE00}-\u{FE0F}\u{20E3}\u{200D}\u{E0020}-\u{E007F}]/gu;
const apostrophes = /['\u2019\u02BC]/gu;
/** Everything but letters, digits, marks, "_" and "@" (mentions) becomes a space. */
const nonWord = /[^\p{L}\p{N}\p{M}_@\s]/gu;
/** An "@" that does not start a mention. */
const strayAt = /@(?![\p{L}\p{N}_])/gu;
/** Scripts written without spaces between words. */
const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
const letter = /\p{L}/u;

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/** A link reduced to host and path: no scheme, no "www.", no query or fragment, no trailing slash. */
function reduceUrl(url: string): string {
	const rest = url.replace(/^https?:\/\//u, "").replace(/^www\./u, "");
	const [hostAndPath = ""] = rest.split(/[?#]/u, 1);
	return hostAndPath.replace(/\/+$/u, "");
}

function normalizeWords(text: string): string {
	return text.replace(emoji, " ").replace(apostrophes, "").replace(nonWord, " ").replace(strayAt, " ");
}

/**
 * The text as compared: NFKC, lower case, links reduced to host + path (tracking parameters differ
 * between otherwise equal posts), @mentions kept, hashtags kept as words, apostrophes dropped
 * ("don't" = "dont"), other punctuation and emoji removed, whitespace collapsed.
 */
export function normalizeForComparison(text: string): string {
	return memo(normalized, text, normalizeUncached);
}

/**
 * A bounded memo for the pure steps above: checking one post against its neighbours normalises the
 * same neighbours again and again (a 5,000-row import does it ~100,000 times), and normalising is the
 * costly part. Cleared whole when full, which keeps it simple and its memory bounded.
 */
const MEMO_LIMIT = 4_000;
const normalized = new Map<string, string>();
const shingled = new Map<string, Set<string>>();
function memo<V>(cache: Map<string, V>, key: string, compute: (key: string) => V): V {
	const hit = cache.get(key);
	if (hit !== undefined) return hit;
	if (cache.size >= MEMO_LIMIT) cache.clear();
	const value = compute(key);
	cache.set(key, value);
	return value;
}

function normalizeUncached(text: string): string {
	const lower = text.normalize("NFKC").toLowerCase();
	const parts: string[] = [];
	let last = 0;
	for (const match of lower.matchAll(urlPattern)) {
		const raw = match[0];
		const trailing = urlTrailing.exec(raw)?.[0] ?? "";
		const url = raw.slice(0, raw.length - trailing.length);
		parts.push(normalizeWords(lower.slice(last, match.index)), ` ${reduceUrl(url)} `);
		last = match.index + url.length;
	}
	parts.push(normalizeWords(lower.slice(last)));
	return parts.join("").replace(/\s+/gu, " ").trim();
}

function isUnspaced(normalized: string): boolean {
	if (!unspaced.test(normalized)) return false;
	let letters = 0;
	let unspacedLetters = 0;
	for (const char of normalized) {
		if (!letter.test(char)) continue;
		letters++;
		if (unspaced.test(char)) unspacedLetters++;
	}
	return unspacedLetters * 2 >= letters;
}

function needsCharacterGrams(normalized: string): boolean {
	return normalized.split(" ").length < 3 || isUnspaced(normalized);
}

function wordShingles(normalized: string): Set<string> {
	const words = normalized.split(" ");
	const result = new Set<string>();
	for (let i = 0; i + 3 <= words.length; i++) result.add(words.slice(i, i + 3).join(" "));
	return result;
}

function characterGrams(normalized: string): Set<string> {
	const chars = Array.from(graphemes.segment(normalized), (s) => s.segment);
	const result = new Set<string>();
	if (chars.length === 0) return result;
	// A text shorter than one 4-gram is its own only shingle.
	if (chars.length < 4) return result.add(chars.join(""));
	for (let i = 0; i + 4 <= chars.length; i++) result.add(chars.slice(i, i + 4).join(""));
	return result;
}

function shinglesOf(text: string, characters: boolean): Set<string> {
	if (text === "") return new Set();
	// Callers only read the sets, so a memoised one can be shared.
	return memo(shingled, `${characters ? "c" : "w"}${text}`, (key) => (characters ? characterGrams(key.slice(1)) : wordShingles(key.slice(1))));
}

/**
 * The shingles of the normalised text: word 3-shingles, or character 4-grams (by grapheme) for texts
 * of fewer than three words or written mostly in a script without spaces.
 */
export function shingleSet(text: string): Set<string> {
	const normalized = normalizeForComparison(text);
	return shinglesOf(normalized, needsCharacterGrams(normalized));
}

/**
 * Jaccard index of the two texts' shingle sets, 0…1. Texts that normalise to the same string
 * (including two empty ones) score 1. If either text needs character 4-grams, both are cut into
 * character 4-grams, so a short post and its longer variant are still comparable.
 */
export function similarity(a: string, b: string): number {
	const na = normalizeForComparison(a);
	const nb = normalizeForComparison(b);
	if (na === nb) return 1;
	const characters = needsCharacterGrams(na) || needsCharacterGrams(nb);
	const sa = shinglesOf(na, characters);
	const sb = shinglesOf(nb, characters);
	if (sa.size === 0 || sb.size === 0) return 0;
	let shared = 0;
	for (const shingle of sa) if (sb.has(shingle)) shared++;
	return shared / (sa.size + sb.size - shared);
}

/** Whether `b` would be a double post of `a` (or vice versa): similarity at or above the threshold. */
export function isNearDuplicate(a: string, b: string): boolean {
	return similarity(a, b) >= DUPLICATE_SIMILARITY_THRESHOLD;
}
