/**
 * Threads and first comments: a post's body is part 1; `parts` are the 2nd..nth parts, each published
 * as a reply to the one before; a first comment is published as a reply to part 1 once the thread is
 * out. Which networks take which is the capability table's `threads` and `firstComment` columns
 * (domain/capabilities.ts).
 *
 * Each part is its own entry in the account desk's ledger (`ledgerKey`), with its own request fixed
 * before its first try, so a thread that stops half way resumes at the first part not confirmed.
 */

import { capabilities } from "./capabilities";
import type { Finding } from "./findings";
import { blueskyHandleFindings } from "./lint/bluesky";
import { allCapsFindings, hashtagFindings, mentionFindings } from "./lint/bot";
import { bannedPhraseFindings, linkDomainFindings } from "./lint/content";
import type { Mission } from "./mission";
import { type Network, networks } from "./networks";
import { lengthFindings, type MeasureOptions } from "./text-length";

/** Networks where a post may be a thread of parts (each a reply to the previous one). */
export const threadNetworks: readonly Network[] = networks.filter((n) => capabilities[n].threads);
/** Networks where a post may carry a first comment (a comment on the post, by the account itself). */
export const firstCommentNetworks: readonly Network[] = networks.filter((n) => capabilities[n].firstComment);

/** At most this many parts after the body: X and Bluesky clients cap threads at about 25. */
export const MAX_EXTRA_PARTS = 24;

export const takesThreads = (network: Network) => threadNetworks.includes(network);
export const takesFirstComment = (network: Network) => firstCommentNetworks.includes(network);

/**
 * One message of a post after the body, in publishing order. `name` is "2".."n" for thread parts and
 * "comment" for the first comment; `field` is how the API names it (`parts[0]` is part 2).
 */
export type PartSlot = { name: string; text: string; field: string; label: string; replyTo: "previous" | "first" };

/** The messages after part 1, in the order they are published: the thread's parts, then the comment. */
export function followingParts(parts: readonly string[], firstComment: string | null): PartSlot[] {
	const total = parts.length + 1;
	const slots: PartSlot[] = parts.map((text, i) => ({
		name: String(i + 2),
		text,
		field: `parts[${i}]`,
		label: `part ${i + 2} of ${total}`,
		replyTo: "previous",
	}));
	if (firstComment !== null) slots.push({ name: "comment", text: firstComment, field: "firstComment", label: "the first comment", replyTo: "first" });
	return slots;
}

/**
 * The desk ledger's key for one message of a post: part 1 keeps the post's id, so a post without
 * parts is exactly the single post it always was.
 */
export const ledgerKey = (postId: string, name: string) => (name === "1" ? postId : `${postId}#${name}`);

/** The idempotency key a part sends (Mastodon's Idempotency-Key): the post's for part 1, else one per part. */
export const partIdempotencyKey = (postId: string, name: string) => (name === "1" ? postId : `${postId}-${name}`);

/** What the network answered for one message after part 1, kept on the post once it is out. */
export type PartResult = { name: string; networkPostId: string; networkUrl: string | null };

/**
 * Whether this network takes what the post carries; null when it does. Named by the API field, so a
 * 422 can say `parts` or `firstComment`.
 */
export function partsRefusal(network: Network, parts: readonly string[], firstComment: string | null): { field: string; message: string } | null {
	if (parts.length > 0 && !takesThreads(network))
		return { field: "parts", message: `A ${network} post cannot be a thread; threads go to ${threadNetworks.join(", ")}` };
	if (firstComment !== null && !takesFirstComment(network))
		return { field: "firstComment", message: `A ${network} post cannot carry a first comment; first comments go to ${firstCommentNetworks.join(", ")}` };
	if (parts.length > MAX_EXTRA_PARTS) return { field: "parts", message: `At most ${MAX_EXTRA_PARTS} parts after the body` };
	return null;
}

/** A part's findings named by its field, so the author (and a 422) knows which part to fix. */
export const forPart = (findings: readonly Finding[], field: string, label: string): Finding[] =>
	findings.map((f) => ({ ...f, field, message: `${label[0]!.toUpperCase()}${label.slice(1)}: ${f.message}` }));

/**
 * The mission lint for one part after the body: the rules about the words themselves (length, banned
 * phrases, link domains, capitals, hashtags, mentions). The rules about the post as a whole (topic,
 * broadcast share, texts repeated elsewhere, fan-out) are judged on part 1, which opens the thread.
 */
export function lintPart(input: { network: Network; text: string; mission: Mission; lengthOptions?: MeasureOptions }): Finding[] {
	const { network, text, mission } = input;
	const length = lengthFindings(network, text, null, input.lengthOptions ?? {});
	if (length.some((f) => f.rule === "empty")) return length;
	return [
		...length,
		...bannedPhraseFindings(text, mission),
		...linkDomainFindings(text, null, mission),
		...allCapsFindings(text),
		...hashtagFindings(text, mission),
		...mentionFindings(text, mission),
		...(network === "bluesky" ? blueskyHandleFindings(text) : []),
	];
}
