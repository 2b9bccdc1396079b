/**
 * Rich-text facets for app.bsky.feed.post (lexicon app.bsky.richtext.facet). Bluesky finds nothing in
 * the text itself: a URL is only clickable, a mention only notifies and a tag is only searchable when a
 * facet points at it, by UTF-8 byte offsets into the text (byteStart inclusive, byteEnd exclusive), not
 * JavaScript string (UTF-16) indices, so any emoji or CJK before it shifts them.
 *
 * Mentions and tags are found with the expressions of @atproto/api's detectFacets
 * (packages/api/src/rich-text/util.ts); that package does not load in workerd, so they are repeated here.
 * A mention's facet carries a DID, so handles are resolved first (com.atproto.identity.resolveHandle, in
 * the adapter) and `richTextFacets` takes what they resolved to.
 */
import { blueskyMentionPattern, endsInKnownTld } from "../../domain/lint/bluesky";

type ByteSlice = { byteStart: number; byteEnd: number };

export type LinkFacet = {
	$type: "app.bsky.richtext.facet";
	index: ByteSlice;
	features: [{ $type: "app.bsky.richtext.facet#link"; uri: string }];
};
export type MentionFacet = {
	$type: "app.bsky.richtext.facet";
	index: ByteSlice;
	features: [{ $type: "app.bsky.richtext.facet#mention"; did: string }];
};
export type TagFacet = {
	$type: "app.bsky.richtext.facet";
	index: ByteSlice;
	features: [{ $type: "app.bsky.richtext.facet#tag"; tag: string }];
};
export type Facet = LinkFacet | MentionFacet | TagFacet;

/** An @handle in the text, before resolution: the handle (lower case, without "@") and the bytes of "@handle". */
export type MentionCandidate = { handle: string; index: ByteSlice };

// Like @atproto/api's detectFacets: a URL starts the text or follows whitespace or "(", and runs to
// the next whitespace. Only explicit http(s) URLs: a bare "example.com" would need a TLD list to tell
// it from "e.g." and the publisher always writes links with their scheme.
const urlPattern = /(^|[\s(])(https?:\/\/\S+)/giu;
// detectFacets' TAG_REGEX: "#" (or the full-width "＃") at the start or after whitespace, then a run
// without whitespace or zero-width characters holding at least one character that is neither a digit
// nor punctuation (so "#1" and "#!!" are no tags); not an emoji variation selector right after "#" ("#️⃣").
const tagPattern =
	// biome-ignore lint/suspicious/noMisleadingCharacterClass: the official detectFacets pattern, copied as is; each joiner is excluded on its own.
	/(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;
const trailingPunctuation = /\p{P}+$/u;
/** The lexicon's facet#tag: maxGraphemes 64, maxLength 640 (bytes of the tag, without "#"). */
const maxTagGraphemes = 64;
const maxTagBytes = 640;

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const byteLength = (text: string) => encoder.encode(text).length;

export function linkFacets(text: string): LinkFacet[] {
	const facets: LinkFacet[] = [];
	for (const match of text.matchAll(urlPattern)) {
		const uri = trimTrailing(match[2]!);
		const start = match.index + match[1]!.length;
		if (!isHttpUrl(uri)) continue;
		const byteStart = byteLength(text.slice(0, start));
		facets.push({
			$type: "app.bsky.richtext.facet",
			index: { byteStart, byteEnd: byteStart + byteLength(uri) },
			features: [{ $type: "app.bsky.richtext.facet#link", uri }],
		});
	}
	return facets;
}

/**
 * The @handles of the text, in order, as detectFacets finds them: the part after "@" must end in a
 * known top-level domain (or ".test", the atproto test TLD), otherwise it is "probably not a handle"
 * ("@home", "@ 5pm") and stays plain text without a lookup.
 */
export function mentionCandidates(text: string): MentionCandidate[] {
	const found: MentionCandidate[] = [];
	for (const match of text.matchAll(blueskyMentionPattern)) {
		const handle = match[3]!;
		if (!endsInKnownTld(handle) && !handle.endsWith(".test")) continue;
		const start = match.index + match[1]!.length;
		const byteStart = byteLength(text.slice(0, start));
		found.push({ handle: handle.toLowerCase(), index: { byteStart, byteEnd: byteStart + byteLength(`@${handle}`) } });
	}
	return found;
}

/** The #tags of the text: the tag without "#" and trailing punctuation, at most 64 graphemes and 640 bytes. */
export function tagFacets(text: string): TagFacet[] {
	const facets: TagFacet[] = [];
	for (const match of text.matchAll(tagPattern)) {
		const raw = match[2];
		if (!raw) continue;
		const tag = raw.trim().replace(trailingPunctuation, "");
		if (tag.length === 0 || byteLength(tag) > maxTagBytes || [...graphemes.segment(tag)].length > maxTagGraphemes) continue;
		// The "#" itself (one UTF-16 unit, "＃" included) is part of the faceted text.
		const start = match.index + match[1]!.length;
		const byteStart = byteLength(text.slice(0, start));
		facets.push({
			$type: "app.bsky.richtext.facet",
			index: { byteStart, byteEnd: byteLength(text.slice(0, start + 1 + tag.length)) },
			features: [{ $type: "app.bsky.richtext.facet#tag", tag }],
		});
	}
	return facets;
}

/**
 * Every facet of the text, by byte position: links, tags, and the mentions whose handle is in `dids`
 * (handle in lower case → DID). A mention left out of `dids` stays plain text. Where two would
 * overlap, the earlier one wins: the lexicon leaves overlapping facets' rendering undefined.
 */
export function richTextFacets(text: string, dids: ReadonlyMap<string, string>): Facet[] {
	const mentions: MentionFacet[] = mentionCandidates(text).flatMap(({ handle, index }) => {
		const did = dids.get(handle);
		return did
			? [
					{
						$type: "app.bsky.richtext.facet" as const,
						index,
						features: [{ $type: "app.bsky.richtext.facet#mention" as const, did }] as [{ $type: "app.bsky.richtext.facet#mention"; did: string }],
					},
				]
			: [];
	});
	const all: Facet[] = [...linkFacets(text), ...mentions, ...tagFacets(text)].sort((a, b) => a.index.byteStart - b.index.byteStart);
	const kept: Facet[] = [];
	for (const facet of all) {
		const last = kept[kept.length - 1];
		if (!last || facet.index.byteStart >= last.index.byteEnd) kept.push(facet);
	}
	return kept;
}

/** Sentence punctuation after a URL belongs to the sentence, and so does a ")" that closes text before it. */
function trimTrailing(uri: string): string {
	let out = uri;
	for (;;) {
		if (/[.,;:!?"'»”’]$/u.test(out)) out = out.slice(0, -1);
		else if (out.endsWith(")") && count(out, "(") < count(out, ")")) out = out.slice(0, -1);
		else return out;
	}
}

function count(text: string, char: string): number {
	return text.split(char).length - 1;
}

function isHttpUrl(uri: string): boolean {
	try {
		const url = new URL(uri);
		return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
	} catch {
		return false;
	}
}
