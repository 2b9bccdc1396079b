/**
 * How long a post is, counted the way each network counts it, so the composer and the
 * scheduling lint reject what the network would reject rather than discovering it at publish time.
 */
import twitter from "twitter-text";
import { capabilities, type LengthUnit } from "./capabilities";
import type { Finding } from "./findings";
import { escapeLittleText } from "./little-text";
import { type Network, networkNames } from "./networks";

export type { LengthUnit };

export type LengthCount = {
	network: Network;
	used: number;
	limit: number;
	unit: LengthUnit;
	ok: boolean;
	/** Only where the network also caps the encoded size (Bluesky). */
	bytes?: { used: number; limit: number };
};

/** Defaults, from the capability table; Mastodon instances and paid X tiers allow more, hence the `limit` option below. */
export const lengthLimits: Record<Network, number> = Object.fromEntries(
	(Object.keys(capabilities) as Network[]).map((network) => [network, capabilities[network].text.limit]),
) as Record<Network, number>;

/** Instagram's other caption limits (content publishing, "Limitations"): hashtags and @ tags per caption. */
export const instagramCaptionLimits = { hashtags: 30, mentions: 20 } as const;

const blueskyByteLimit = capabilities.bluesky.text.maxBytes ?? 3000;

/** Mastodon's default characters_reserved_per_url (StatusLengthValidator::URL_PLACEHOLDER_CHARS). */
const mastodonUrlLength = 23;

export type MeasureOptions = {
	/** Overrides the default limit, e.g. an instance's configuration.statuses.max_characters. */
	limit?: number;
	/** Mastodon: what one URL counts, the instance's configuration.statuses.characters_reserved_per_url. */
	urlLength?: number;
};

/**
 * The text actually sent. The link goes last, after a blank line, unless the author already put
 * it in the body; trailing whitespace of the body is dropped only then, so the gap is exactly one blank line.
 */
export function composeText(body: string, link?: string | null): string {
	const url = link?.trim();
	if (!url || body.includes(url)) return body;
	if (body.trim() === "") return url;
	return `${body.trimEnd()}\n\n${url}`;
}

export function measure(network: Network, text: string, options: MeasureOptions = {}): LengthCount {
	const limit = options.limit ?? lengthLimits[network];
	switch (network) {
		case "x": {
			// twitter-text is X's own counter: URLs weigh 23, CJK and emoji 2, an emoji ZWJ sequence is one emoji.
			const used = twitter.parseTweet(text).weightedLength;
			return { network, used, limit, unit: "weighted characters", ok: used <= limit };
		}
		case "mastodon":
		case "sandbox": {
			// The sandbox counts like Mastodon so demos hit realistic limits.
			const used = countGraphemes(mastodonCountableText(text, options.urlLength ?? mastodonUrlLength));
			return { network, used, limit, unit: "characters", ok: used <= limit };
		}
		case "bluesky": {
			// app.bsky.feed.post caps text at 300 graphemes and 3000 UTF-8 bytes; both must fit.
			// No URL discount: the record text is counted as written.
			const used = countGraphemes(text);
			const bytes = { used: encoder.encode(text).length, limit: blueskyByteLimit };
			return { network, used, limit, unit: "graphemes", ok: used <= limit && bytes.used <= bytes.limit, bytes };
		}
		case "threads": {
			const used = threadsLength(text);
			return { network, used, limit, unit: "characters", ok: used <= limit };
		}
		case "linkedin": {
			// LinkedIn's 3,000 is checked on the commentary it receives ("ShareCommentary text length (N
			// characters) exceeded the maximum allowed (3000 characters)"), and that commentary is the
			// "little" text with every reserved character backslash-escaped. Neither the Posts API nor the
			// little-format page says whether the escapes count, so they are counted: at worst a post is
			// held to a few characters less than LinkedIn would take, never sent to be refused. The unit
			// is UTF-16 code units, as for Facebook below.
			const used = escapeLittleText(text).length;
			return { network, used, limit, unit: "characters", ok: used <= limit };
		}
		case "instagram":
		case "facebook": {
			// Undocumented unit (Instagram's page says "characters" too). UTF-16 code units (what its JavaScript clients and Hack backend see as a
			// string's length) is the largest plausible count, so we never pass a post the network would
			// reject; it only over-counts characters outside the BMP (emoji).
			const used = text.length;
			return { network, used, limit, unit: "characters", ok: used <= limit };
		}
	}
}

/** Errors for the composed text: empty, or too long for the network. Nothing when it fits. */
export function lengthFindings(network: Network, body: string, link?: string | null, options: MeasureOptions = {}): Finding[] {
	const text = composeText(body, link);
	if (text.trim() === "") {
		return [{ rule: "empty", severity: "error", message: "Nothing to post: write some text or add a link" }];
	}
	const count = measure(network, text, options);
	if (network === "instagram") return [...(count.ok ? [] : [tooLong(network, count)]), ...instagramTagFindings(text)];
	if (count.ok) return [];
	return [tooLong(network, count)];
}

function tooLong(network: Network, count: LengthCount): Finding {
	const name = networkNames[network];
	const over: string[] = [];
	if (count.used > count.limit) over.push(`${count.used}/${count.limit} ${count.unit}`);
	if (count.bytes && count.bytes.used > count.bytes.limit) {
		over.push(`${count.bytes.used}/${count.bytes.limit} bytes (UTF-8)`);
	}
	return { rule: "length", severity: "error", message: `Too long for ${name}: ${over.join(" and ")}` };
}

/**
 * Instagram refuses a caption with more than 30 hashtags or 20 @ tags. Counted with twitter-text's
 * extractors, which find #tags and @names the way Instagram's own linkifier does closely enough: a
 * tag it would not link is not counted, so the check never refuses what Instagram takes.
 */
function instagramTagFindings(text: string): Finding[] {
	const findings: Finding[] = [];
	const hashtags = twitter.extractHashtags(text).length;
	const mentions = twitter.extractMentions(text).length;
	const { hashtags: maxTags, mentions: maxMentions } = instagramCaptionLimits;
	if (hashtags > maxTags) findings.push({ rule: "hashtags", severity: "error", message: `Too many hashtags for Instagram: ${hashtags}/${maxTags}` });
	if (mentions > maxMentions) findings.push({ rule: "mentions", severity: "error", message: `Too many @ tags for Instagram: ${mentions}/${maxMentions}` });
	return findings;
}

const encoder = new TextEncoder();
// Grapheme boundaries do not depend on the locale; a fixed one keeps counts identical everywhere.
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function countGraphemes(text: string): number {
	let n = 0;
	for (const _ of graphemes.segment(text)) n++;
	return n;
}

/**
 * Threads documents 500 characters where "emojis are counted as the number of UTF-8 bytes".
 * Other characters count one per code point (never fewer than Threads could count them);
 * an emoji, including a whole ZWJ sequence or flag, counts its UTF-8 bytes.
 */
function threadsLength(text: string): number {
	let n = 0;
	for (const { segment } of graphemes.segment(text)) {
		n += emoji.test(segment) ? encoder.encode(segment).length : [...segment].length;
	}
	return n;
}

const emoji = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

// Mastodon's MENTION_RE (app/models/account.rb); Ruby's [[:word:]] is Unicode letters, marks, digits and connectors.
const word = String.raw`\p{L}\p{M}\p{Nd}\p{Pc}`;
const mentionRe = new RegExp(String.raw`(?<![=/${word}])@(([a-z0-9_]+(?:[a-z0-9_.\-]+[a-z0-9_]+)?)(?:@[${word}.\-]+[${word}]+)?)`, "giu");
const maxDomainLength = 253;

type Entity = { start: number; end: number; replacement: string };

/**
 * Mastodon's StatusLengthValidator#countable_text: every URL with a protocol becomes 23 characters (the instance's characters_reserved_per_url),
 * every mention `@user@domain` becomes `@user`, then grapheme clusters are counted
 * (`each_grapheme_cluster.size`), not code points or UTF-16 units.
 */
function mastodonCountableText(text: string, urlLength: number): string {
	if (text.trim() === "") return "";
	const entities: Entity[] = [];
	for (const { indices } of twitter.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
		entities.push({ start: indices[0], end: indices[1], replacement: "x".repeat(urlLength) });
	}
	if (/[@＠]/.test(text)) {
		for (const m of text.matchAll(mentionRe)) {
			const end = m.index + m[0].length;
			// Like twitter-text: "@noël" is not a mention of "@no", nor is "@user@" or "@http://".
			if (twitter.regexen.endMentionMatch.test(text.slice(end))) continue;
			const [username = "", domain] = (m[1] ?? "").split("@");
			if (domain && domain.length > maxDomainLength) continue;
			entities.push({ start: m.index, end, replacement: `@${username}` });
		}
	}
	// Mastodon's remove_overlapping_entities: earliest start wins, anything overlapping it is dropped.
	entities.sort((a, b) => a.start - b.start);
	let result = "";
	let last = 0;
	for (const e of entities) {
		if (e.start < last) continue;
		result += text.slice(last, e.start) + e.replacement;
		last = e.end;
	}
	return result + text.slice(last);
}
