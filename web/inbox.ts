/**
 * What the inbox shows besides the services' own answers: the tabs, the count per tab and each
 * conversation's last message. The lists themselves come from `listConversations` and
 * `getConversation`; these are only the read-side extras a page needs, in a few queries per page.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { conversation, mention, post } from "../db/schema";
import type { ConversationFilter } from "../functions/services/conversations";

export const inboxViews = ["unanswered", "unowned", "mine", "all"] as const;
export type InboxView = (typeof inboxViews)[number];

/**
 * "Unanswered" by default: it is the desk's work queue. It holds everything someone outside is still
 * waiting on, owned or not (yours included), and a conversation leaves it as soon as it is answered.
 * "Unowned" would hide what was claimed but never answered; "Mine" is empty for whoever just arrived.
 */
export const DEFAULT_VIEW: InboxView = "unanswered";

export const viewLabels: Record<InboxView, string> = { unanswered: "Unanswered", unowned: "Unowned", mine: "Mine", all: "All open" };

export const emptyTexts: Record<InboxView, string> = {
	unanswered: "Nothing is waiting for an answer.",
	unowned: "Every open conversation has an owner.",
	mine: "You own no open conversations. Claim one, or reply to one, to make it yours.",
	all: "No open conversations yet. Mentions of your accounts show up here.",
};

export const parseView = (value: string | undefined): InboxView =>
	(inboxViews as readonly string[]).includes(value ?? "") ? (value as InboxView) : DEFAULT_VIEW;

/** The service's filter for a tab: "all" is every open conversation. */
export const statusOf = (view: InboxView): ConversationFilter["status"] => (view === "all" ? "open" : view);

/** The flags `listConversations` sets, in words. */
export const flagLabels: Record<string, string> = { unanswered_too_long: "Waiting > 1 h", owner_off_shift: "Owner off shift" };

export type TabCounts = Record<InboxView, number>;

/**
 * The number of open conversations in each tab, in one query. The conditions are the ones
 * `listConversations` filters with (open; no owner; the actor owns it; inbound after outbound).
 */
export async function tabCounts(db: Db, workspaceId: string, actorId: string, accountId?: string): Promise<TabCounts> {
	const [row] = await db
		.select({
			all: sql<number>`COUNT(*)`,
			unowned: sql<number>`COALESCE(SUM(CASE WHEN ${conversation.ownerId} IS NULL THEN 1 ELSE 0 END), 0)`,
			mine: sql<number>`COALESCE(SUM(CASE WHEN ${conversation.ownerId} = ${actorId} THEN 1 ELSE 0 END), 0)`,
			unanswered: sql<number>`COALESCE(SUM(CASE WHEN ${conversation.lastInboundAt} > COALESCE(${conversation.lastOutboundAt}, 0) THEN 1 ELSE 0 END), 0)`,
		})
		.from(conversation)
		.where(and(eq(conversation.workspaceId, workspaceId), eq(conversation.status, "open"), accountId ? eq(conversation.accountId, accountId) : undefined));
	return { all: Number(row?.all ?? 0), unowned: Number(row?.unowned ?? 0), mine: Number(row?.mine ?? 0), unanswered: Number(row?.unanswered ?? 0) };
}

export type LastMessage = { direction: "in" | "out"; text: string; at: number; authorName: string | null; authorId: string | null };

// D1 binds at most 100 parameters a statement.
const CHUNK = 90;

/**
 * Each conversation's latest message, theirs or ours, and the outside user's name as their latest
 * message gave it. Two queries per 90 conversations, each reading the newest row per conversation only.
 */
export async function lastMessages(db: Db, workspaceId: string, ids: string[]) {
	const last = new Map<string, LastMessage>();
	const names = new Map<string, string>();
	for (let i = 0; i < ids.length; i += CHUNK) {
		const part = ids.slice(i, i + CHUNK);
		const [inbound, outbound] = await Promise.all([
			db
				.select({ conversationId: mention.conversationId, text: mention.text, at: mention.createdAt, name: mention.authorName })
				.from(mention)
				.where(
					and(
						eq(mention.workspaceId, workspaceId),
						inArray(mention.conversationId, part),
						sql`${mention.createdAt} = (SELECT MAX(m2.created_at) FROM mention m2 WHERE m2.conversation_id = ${mention.conversationId})`,
					),
				),
			db
				.select({ conversationId: post.conversationId, text: post.body, at: post.createdAt, authorId: post.authorId })
				.from(post)
				.where(
					and(
						eq(post.workspaceId, workspaceId),
						inArray(post.conversationId, part),
						sql`${post.createdAt} = (SELECT MAX(p2.created_at) FROM post p2 WHERE p2.conversation_id = ${post.conversationId})`,
					),
				),
		]);
		for (const m of inbound) {
			if (!m.conversationId) continue;
			if (m.name) names.set(m.conversationId, m.name);
			const seen = last.get(m.conversationId);
			if (!seen || m.at > seen.at) last.set(m.conversationId, { direction: "in", text: m.text, at: m.at, authorName: m.name, authorId: null });
		}
		for (const p of outbound) {
			if (!p.conversationId) continue;
			const seen = last.get(p.conversationId);
			// A reply sent in the same millisecond as a mention came in counts as the later one.
			if (!seen || p.at >= seen.at) last.set(p.conversationId, { direction: "out", text: p.text, at: p.at, authorName: null, authorId: p.authorId });
		}
	}
	return { last, names };
}
