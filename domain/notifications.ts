/**
 * Notifications, as pure rules: which events exist, the key that makes each event (and each
 * recipient's copy) happen once, who receives it, what it says, and the default preferences.
 */
export const notificationKinds = [
	"approval_needed",
	"post_rejected",
	"post_failed",
	"post_needs_review",
	"conversation_assigned",
	"conversation_unanswered",
	"duty_gap",
	"report_ready",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** What members see in their settings, one line per kind. */
export const kindLabels: Record<NotificationKind, string> = {
	approval_needed: "A post waits for my approval",
	post_rejected: "My post was rejected or needs changes",
	post_failed: "My post failed to publish",
	post_needs_review: "My post needs review (outcome unknown)",
	conversation_assigned: "A conversation was assigned or handed to me",
	conversation_unanswered: "A conversation on my shift is unanswered too long",
	duty_gap: "Nobody is on duty on my accounts in the next 48 hours",
	report_ready: "A report is ready",
};

export type Preference = { inApp: boolean; email: boolean };
export const defaultPreference: Preference = { inApp: true, email: false };

export type NotifyEvent =
	// conversationId: the post is a reply waiting in that conversation (shown in the Inbox).
	| { kind: "approval_needed"; postId: string; revision: number; authorId: string; approvalFrom: string | null; conversationId?: string }
	| { kind: "post_rejected"; postId: string; revision: number; verdict: "rejected" | "changes_requested"; reason: string; by: string; conversationId?: string }
	| { kind: "post_failed" | "post_needs_review"; postId: string; revision: number; reason: string }
	| { kind: "conversation_assigned"; conversationId: string; to: string; by: string; at: number; note?: string | null }
	| { kind: "conversation_unanswered"; conversationId: string; accountId: string; lastInboundAt: number }
	| { kind: "duty_gap"; accountId: string; from: number; to: number }
	| { kind: "report_ready"; reportRunId: string; name: string; memberIds?: string[] };

/** The event's identity: recording the same event again (a repeated sweep, a redelivery) is a no-op. */
export function eventKey(e: NotifyEvent): string {
	switch (e.kind) {
		case "approval_needed":
		case "post_rejected":
		case "post_failed":
		case "post_needs_review":
			return `${e.kind}:${e.postId}:${e.revision}`;
		case "conversation_assigned":
			return `${e.kind}:${e.conversationId}:${e.to}:${e.at}`;
		case "conversation_unanswered":
			return `${e.kind}:${e.conversationId}:${e.lastInboundAt}`;
		case "duty_gap":
			return `${e.kind}:${e.accountId}:${e.from}`;
		case "report_ready":
			return `${e.kind}:${e.reportRunId}`;
	}
}

export type TeamMember = { id: string; role: "owner" | "manager" | "author" | "analyst" };

/** What the fan-out knows about the event's subject when it picks recipients. */
export type RecipientFacts = {
	members: TeamMember[];
	post?: { authorId: string; approvalFrom: string | null; responsibleId: string | null };
	account?: { ownerId: string | null };
	/** Who is on duty on the conversation's account now (responsible first). */
	onDuty?: string[];
	conversationOwner?: string | null;
};

const approvers = (members: TeamMember[]) => members.filter((m) => m.role === "owner" || m.role === "manager").map((m) => m.id);

/** Who gets the event. Never the member who caused it; only current members; each once. */
export function recipientsOf(e: NotifyEvent, f: RecipientFacts): string[] {
	const ids = new Set(f.members.map((m) => m.id));
	let chosen: (string | null | undefined)[] = [];
	let actor: string | undefined;
	switch (e.kind) {
		case "approval_needed":
			// Waiting for one person (the responsible member), else any manager or owner.
			chosen = e.approvalFrom ? [e.approvalFrom] : approvers(f.members);
			actor = e.authorId;
			break;
		case "post_rejected":
			chosen = [f.post?.authorId];
			actor = e.by;
			break;
		case "post_failed":
		case "post_needs_review":
			chosen = [f.post?.authorId, f.post?.responsibleId];
			break;
		case "conversation_assigned":
			chosen = [e.to];
			actor = e.by;
			break;
		case "conversation_unanswered":
			// Whoever is on shift for the account; the conversation's owner too, since it is theirs.
			chosen = [...(f.onDuty ?? []), f.conversationOwner];
			if (chosen.every((id) => !id)) chosen = [f.account?.ownerId ?? null];
			if (chosen.every((id) => !id)) chosen = approvers(f.members);
			break;
		case "duty_gap":
			chosen = f.account?.ownerId ? [f.account.ownerId] : approvers(f.members);
			break;
		case "report_ready":
			chosen = e.memberIds ?? approvers(f.members);
			break;
	}
	return [...new Set(chosen.filter((id): id is string => !!id && ids.has(id) && id !== actor))];
}

export type Rendered = { title: string; body: string; link: string };

/** Names and texts the fan-out looks up so the message can say what it is about. */
export type RenderFacts = { postExcerpt?: string; accountHandle?: string; actorName?: string; conversationAuthor?: string; formatTime: (ms: number) => string };

export const excerpt = (text: string, max = 80) => {
	const line = text.replace(/\s+/g, " ").trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function render(e: NotifyEvent, f: RenderFacts): Rendered {
	const onAccount = f.accountHandle ? ` on ${f.accountHandle}` : "";
	const quoted = f.postExcerpt ? `“${f.postExcerpt}”` : "A post";
	switch (e.kind) {
		case "approval_needed":
			if (e.conversationId) {
				const reply = f.postExcerpt ? `The reply “${f.postExcerpt}”` : "A reply";
				return {
					title: `A reply waits for your approval${onAccount}`,
					body: `${reply}${f.actorName ? ` by ${f.actorName}` : ""} waits for your approval before it is sent.`,
					link: `/inbox/${e.conversationId}`,
				};
			}
			return {
				title: `Waiting for your approval${onAccount}`,
				body: `${quoted}${f.actorName ? ` by ${f.actorName}` : ""} waits for your approval.`,
				link: `/posts/${e.postId}`,
			};
		case "post_rejected": {
			if (e.conversationId)
				return {
					title: "Your reply was not sent",
					body: `${f.actorName ?? "A reviewer"} rejected your reply${f.postExcerpt ? ` “${f.postExcerpt}”` : ""}: ${e.reason}`,
					link: `/inbox/${e.conversationId}`,
				};
			const what = e.verdict === "changes_requested" ? "asked for changes to" : "rejected";
			return {
				title: e.verdict === "changes_requested" ? "Changes requested on your post" : "Your post was rejected",
				body: `${f.actorName ?? "A reviewer"} ${what} ${quoted.toLowerCase() === "a post" ? "your post" : quoted}: ${e.reason}`,
				link: `/posts/${e.postId}`,
			};
		}
		case "post_failed":
			return { title: `A post failed${onAccount}`, body: `${quoted} was not published: ${e.reason}`, link: `/posts/${e.postId}` };
		case "post_needs_review":
			return { title: `A post needs review${onAccount}`, body: `${quoted}: ${e.reason}`, link: `/posts/${e.postId}` };
		case "conversation_assigned":
			return {
				title: "A conversation was handed to you",
				body: `${f.actorName ?? "Someone"} gave you the conversation with ${f.conversationAuthor ?? "a user"}${onAccount}.${e.note ? ` Note: ${e.note}` : ""}`,
				link: `/inbox/${e.conversationId}`,
			};
		case "conversation_unanswered":
			return {
				title: `Unanswered${onAccount}`,
				body: `${f.conversationAuthor ?? "Someone"} has waited since ${f.formatTime(e.lastInboundAt)} for an answer.`,
				link: `/inbox/${e.conversationId}`,
			};
		case "duty_gap":
			return {
				title: `Nobody on duty${onAccount}`,
				body: `Nobody is on duty${onAccount} from ${f.formatTime(e.from)} to ${f.formatTime(e.to)}.`,
				link: "/rota",
			};
		case "report_ready":
			return { title: "A report is ready", body: `The report “${e.name}” is ready.`, link: `/report-runs/${e.reportRunId}` };
	}
}

/**
 * Kinds that pile up per account show as one line on the bell ("12 conversations waiting on @x");
 * every other kind, and any kind added later, stands alone unless it is named here.
 */
export function groupOf(e: NotifyEvent): string | null {
	switch (e.kind) {
		case "conversation_unanswered":
		case "duty_gap":
			return `${e.kind}:${e.accountId}`;
		default:
			return null;
	}
}

/** Where a group's line leads: the list of what it counts. */
function groupLink(kind: string, groupKey: string, fallback: string | null): string | null {
	const accountId = groupKey.slice(kind.length + 1);
	if (kind === "conversation_unanswered") return `/inbox?view=unanswered&accountId=${encodeURIComponent(accountId)}`;
	if (kind === "duty_gap") return "/rota";
	return fallback;
}

/** Bell order: what holds someone else up first. A kind not ranked here sits with the conversations. */
const kindRank: Partial<Record<NotificationKind, number>> = {
	approval_needed: 0,
	post_failed: 1,
	post_needs_review: 1,
	post_rejected: 2,
	conversation_assigned: 3,
	conversation_unanswered: 4,
	duty_gap: 5,
	report_ready: 6,
};
const UNRANKED = 4;
export const rankOf = (kind: string): number => kindRank[kind as NotificationKind] ?? UNRANKED;

function groupTitle(kind: string, count: number, label: string | null, title: string): string {
	const on = label ? ` on ${label}` : "";
	switch (kind) {
		case "conversation_unanswered":
			return `${count} conversations waiting${on}`;
		case "duty_gap":
			return `${count} stretches with nobody on duty${on}`;
		default:
			return `${title} (${count})`;
	}
}

export type BellRow = {
	id: string;
	kind: string;
	title: string;
	body: string;
	link: string | null;
	groupKey: string | null;
	groupLabel: string | null;
	createdAt: number;
	readAt: number | null;
};
export type BellItem = {
	kind: string;
	title: string;
	body: string;
	link: string | null;
	count: number;
	unread: number;
	latestAt: number;
	group: string | null;
	ids: string[];
};

/** The bell: one line per group (or per lone notification), ranked by kind, newest first within a rank. */
export function bellItems(rows: BellRow[]): BellItem[] {
	const groups = new Map<string, BellRow[]>();
	for (const r of rows) {
		const key = r.groupKey ?? `one:${r.id}`;
		groups.set(key, [...(groups.get(key) ?? []), r]);
	}
	const items = [...groups.values()].map((members): BellItem => {
		const latest = members.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
		const count = members.length;
		const grouped = count > 1 && latest.groupKey !== null;
		return {
			kind: latest.kind,
			title: grouped ? groupTitle(latest.kind, count, latest.groupLabel, latest.title) : latest.title,
			body: grouped ? `Latest: ${latest.body}` : latest.body,
			link: grouped ? groupLink(latest.kind, latest.groupKey!, latest.link) : latest.link,
			count,
			unread: members.filter((m) => m.readAt === null).length,
			latestAt: latest.createdAt,
			group: latest.groupKey,
			ids: members.map((m) => m.id),
		};
	});
	return items.sort((a, b) => rankOf(a.kind) - rankOf(b.kind) || b.latestAt - a.latestAt);
}
