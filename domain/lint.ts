/**
 * The scheduling lint: every rule a draft for one account is checked against before it may be
 * scheduled. Errors block scheduling (422 lint_failed); warnings are shown to the author.
 *
 * Rule ids (stable; the composer and the API key on them):
 * - "empty" (error), "length" (error): the network's length rules (domain/text-length.ts).
 * - "banned_phrase" (error, span): a phrase of the mission's banned list, whole, in any case or accents.
 * - "link_domain" (error, span for links in the body): a link outside the allowed domains and their subdomains.
 * - "off_topic" (warning): the mission has topics and neither text nor link mentions one.
 * - "broadcast_share" (warning): a broadcast (see isBroadcast) pushing the account's broadcast share over the mission's.
 * - "all_caps" (warning): over 70% capitals in a text with at least 20 cased letters.
 * - "hashtag_stuffing" (error over the mission's maxHashtags, span; warning over 5, or ≥ 3 hashtags and > 30% of the words).
 * - "mention_limit" (error, span): more distinct @mentions than the mission's maxMentions.
 * - "identical_elsewhere" (warning): the same text posted or scheduled to other accounts from another compose.
 * - "compose_fanout" (error): this compose sends the same text to more than 3 accounts of one network.
 * - "bluesky_partial_handle" (warning, span; Bluesky only): an @name that is not a full handle, so no mention.
 *   (At publish time a full handle nobody has adds "unresolved_mention" (warning) to the post.)
 *
 * Spans are UTF-16 offsets into `body`; the composed text (composeText) begins with the body, so they hold there too.
 */
import type { Finding } from "./findings";
import { blueskyHandleFindings } from "./lint/bluesky";
import { allCapsFindings, type ComposeAccount, composeFanoutFindings, hashtagFindings, identicalElsewhereFindings, mentionFindings } from "./lint/bot";
import { broadcastShareFindings } from "./lint/broadcast";
import { bannedPhraseFindings, linkDomainFindings, offTopicFindings } from "./lint/content";
import type { Mission } from "./mission";
import type { Network } from "./networks";
import { composeText, lengthFindings, type MeasureOptions } from "./text-length";

export type { ComposeAccount } from "./lint/bot";
export { isBroadcast } from "./lint/broadcast";

export type RecentPost = {
	body: string;
	/** Whether the post was a broadcast when it was scheduled (isBroadcast). */
	broadcast: boolean;
	groupId: string;
	accountId: string;
	network: Network;
};

export type LintInput = {
	network: Network;
	body: string;
	link?: string | null;
	/** The account's mission: mergeMission(workspace, override). */
	mission: Mission;
	/**
	 * The account's and the workspace's recent posts, posted or scheduled; the caller picks the window.
	 * The broadcast share counts this account's; identical_elsewhere looks at the other accounts'.
	 */
	recentPosts: readonly RecentPost[];
	/**
	 * The compose this draft belongs to: its group (absent for a new compose) and every account it sends
	 * to. An account entry with a `body` receives that text (a per-account variant); without, the draft's.
	 */
	compose: { groupId?: string; accountIds: readonly ComposeAccount[] };
	accountId: string;
	/** The account's length rules where they differ from the network's defaults (a Mastodon instance's limit and URL length). */
	lengthOptions?: MeasureOptions;
};

/** All findings for the draft, errors and warnings, "empty"/"length" first. An empty draft gets only "empty". */
export function lintDraft(input: LintInput): Finding[] {
	const { body, link, mission, network, accountId, recentPosts, compose } = input;
	const length = lengthFindings(network, body, link, input.lengthOptions ?? {});
	if (length.some((f) => f.rule === "empty")) return length;
	const groupId = compose.groupId;
	return [
		...length,
		...bannedPhraseFindings(body, mission),
		...linkDomainFindings(body, link, mission),
		...offTopicFindings(composeText(body, link), mission),
		...broadcastShareFindings({ body, link, accountId, groupId, mission }, recentPosts),
		...allCapsFindings(body),
		...hashtagFindings(body, mission),
		...mentionFindings(body, mission),
		...identicalElsewhereFindings({ body, link, accountId, groupId }, recentPosts),
		...composeFanoutFindings({ body, link, accountId, network }, compose.accountIds),
		...(network === "bluesky" ? blueskyHandleFindings(body) : []),
	];
}
