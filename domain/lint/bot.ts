/** Patterns that make an account look automated: shouting, tag and mention stuffing, copy-paste fan-out. */
import { normalizeForComparison } from "../duplicates";
import type { Finding } from "../findings";
import type { Mission } from "../mission";
import { type Network, networkNames } from "../networks";
import { composeText } from "../text-length";
import { blank, countWords, findHashtags, findLinks, findMentions } from "./text";

export const ALL_CAPS_MIN_LETTERS = 20;
export const ALL_CAPS_SHARE = 0.7;
export const HASHTAG_WARNING_COUNT = 5;
export const HASHTAG_WARNING_SHARE = 0.3;
/** The share rule needs this many hashtags, so "Hello #world" is not stuffing. */
export const HASHTAG_SHARE_MIN_COUNT = 3;
export const MAX_IDENTICAL_PER_NETWORK = 3;

/** "all_caps" (warning): over 70% of the cased letters are capitals, with at least 20 of them (links, tags, mentions aside). */
export function allCapsFindings(body: string): Finding[] {
	const spans = [...findLinks(body), ...findHashtags(body), ...findMentions(body)].map((e) => e.span);
	const text = blank(body, spans);
	const upper = text.match(/[\p{Lu}\p{Lt}]/gu)?.length ?? 0;
	const cased = upper + (text.match(/\p{Ll}/gu)?.length ?? 0);
	if (cased < ALL_CAPS_MIN_LETTERS || upper / cased <= ALL_CAPS_SHARE) return [];
	return [
		{
			rule: "all_caps",
			severity: "warning",
			message: "Most of the text is in capitals, which reads as shouting and looks automated; write it in normal case",
		},
	];
}

/**
 * "hashtag_stuffing": an error over the mission's maxHashtags (span: the hashtags past the limit);
 * otherwise a warning over 5 hashtags, or when at least 3 hashtags are more than 30% of the words.
 */
export function hashtagFindings(body: string, mission: Mission): Finding[] {
	const tags = findHashtags(body);
	const n = tags.length;
	const max = mission.maxHashtags;
	const first = tags[max ?? 0];
	const last = tags[n - 1];
	if (max !== null && n > max && first && last) {
		return [
			{
				rule: "hashtag_stuffing",
				severity: "error",
				message: `${n} hashtags, but this account allows at most ${max}; remove ${n - max}`,
				span: [first.span[0], last.span[1]],
			},
		];
	}
	const words = countWords(body);
	const stuffed = n > HASHTAG_WARNING_COUNT || (n >= HASHTAG_SHARE_MIN_COUNT && n / words > HASHTAG_WARNING_SHARE);
	if (!stuffed) return [];
	return [
		{
			rule: "hashtag_stuffing",
			severity: "warning",
			message: `${n} hashtags in ${words} words looks like hashtag stuffing; keep a few relevant ones (at most ${HASHTAG_WARNING_COUNT})`,
		},
	];
}

/** "mention_limit" (error): more distinct @mentions than the mission's maxMentions (span: from the first one over). */
export function mentionFindings(body: string, mission: Mission): Finding[] {
	const max = mission.maxMentions;
	if (max === null) return [];
	const mentions = findMentions(body);
	const seen = new Set<string>();
	let over: [number, number] | undefined;
	for (const m of mentions) {
		seen.add(m.text.toLowerCase());
		if (seen.size > max && !over) over = m.span;
	}
	const last = mentions[mentions.length - 1];
	if (!over || !last) return [];
	return [
		{
			rule: "mention_limit",
			severity: "error",
			message: `${seen.size} accounts mentioned, but this account allows at most ${max}; remove ${seen.size - max}`,
			span: [over[0], last.span[1]],
		},
	];
}

export type OtherPost = { body: string; groupId: string; accountId: string; network: Network };
export type ComposeAccount = { id: string; network: Network; body?: string };

/** The draft's text as normalizeForComparison sees it, with and without its separate link. */
function draftForms(body: string, link?: string | null): Set<string> {
	const forms = new Set([normalizeForComparison(body), normalizeForComparison(composeText(body, link))]);
	forms.delete("");
	return forms;
}

const list = (names: Iterable<string>) => [...new Set(names)].join(", ");

/**
 * "identical_elsewhere" (warning): the same text (after normalizeForComparison) is posted or scheduled to
 * other accounts of the workspace from another compose: the same message sent separately, account by account.
 */
export function identicalElsewhereFindings(
	input: { body: string; link?: string | null; accountId: string; groupId?: string },
	recentPosts: readonly OtherPost[],
): Finding[] {
	const forms = draftForms(input.body, input.link);
	if (forms.size === 0) return [];
	const others = recentPosts.filter(
		(p) => p.accountId !== input.accountId && (input.groupId === undefined || p.groupId !== input.groupId) && forms.has(normalizeForComparison(p.body)),
	);
	const accounts = new Set(others.map((p) => p.accountId));
	if (accounts.size === 0) return [];
	const n = accounts.size;
	return [
		{
			rule: "identical_elsewhere",
			severity: "warning",
			message: `The same text is already posted or scheduled to ${n} other account${n === 1 ? "" : "s"} (${list(others.map((p) => networkNames[p.network]))}) from another compose; identical posts sent separately look automated. Adapt the text, or send it to all accounts from one compose.`,
		},
	];
}

/**
 * "compose_fanout" (error): one compose sends the same text to more than 3 accounts of the draft's network.
 * Compose entries without a body receive the draft's text; the draft's own account always counts.
 */
export function composeFanoutFindings(
	input: { body: string; link?: string | null; accountId: string; network: Network },
	accounts: readonly ComposeAccount[],
): Finding[] {
	const forms = draftForms(input.body, input.link);
	if (forms.size === 0) return [];
	const same = new Set([input.accountId]);
	for (const a of accounts) {
		if (a.network !== input.network) continue;
		if (a.body === undefined || forms.has(normalizeForComparison(a.body))) same.add(a.id);
	}
	if (same.size <= MAX_IDENTICAL_PER_NETWORK) return [];
	return [
		{
			rule: "compose_fanout",
			severity: "error",
			message: `This compose sends the same text to ${same.size} ${networkNames[input.network]} accounts; more than ${MAX_IDENTICAL_PER_NETWORK} identical posts on one network look like a bot network. Adapt the text for some accounts, or post to fewer.`,
		},
	];
}
