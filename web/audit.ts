/**
 * The audit trail in words, for people who never read JSON: who did what to which object, and which
 * fields changed from what to what. Values are shown as the rest of the pages show them (times in the
 * workspace's zone, members and accounts by name).
 */
import type { AuditEventRow } from "../db/queries/audit-events";
import { excerpt, formatDay, formatDuration, formatStamp, isPlainDate } from "./format";
import { describeWeekdays, weekdayName } from "./shifts";

export const subjectKinds = ["post", "conversation", "account", "member", "shift", "report", "announcement", "invitation", "token", "workspace"] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export const kindNames: Record<SubjectKind, string> = {
	post: "Posts",
	conversation: "Conversations",
	account: "Accounts",
	member: "Members",
	shift: "Shifts",
	report: "Reports",
	announcement: "Announcements",
	invitation: "Invitations",
	token: "API tokens",
	workspace: "Workspace",
};

/** What the actor did, as a sentence after their name; {s} is where the subject goes. */
const actionWords: Record<string, string> = {
	"post.create.draft": "saved the draft {s}",
	"post.create.scheduled": "scheduled the post {s}",
	"post.create.pending_approval": "sent the post {s} for approval",
	"post.edit": "edited the post {s}",
	"post.approve": "approved the post {s}",
	"post.reject": "sent the post {s} back to its author",
	"post.cancel": "canceled the post {s}",
	"post.delete": "deleted the post {s}",
	"post.duplicate_allowed": "let the post {s} through although a near-identical one is scheduled",
	"post.publish_now": "chose “Publish now” for the post {s}",
	"post.published": "published the post {s}",
	"post.failed": "could not publish the post {s}",
	"post.needs_review": "could not confirm that the post {s} went out: it needs a review",
	"post.late": "noticed that the post {s} is late",
	"post.rota_changed": "held the post {s} for approval because the rota changed",
	"account.create": "added the account {s}",
	"account.update": "changed the account {s}",
	"account.delete": "removed the account {s}",
	"account.slots": "changed the posting slots of {s}",
	"member.add": "added the member {s}",
	"member.update": "changed the member {s}",
	"member.remove": "removed the member {s}",
	"member.password_reset": "reset the password of {s}",
	"shift.create": "added the shift {s}",
	"shift.update": "changed the shift {s}",
	"shift.delete": "deleted the shift {s}",
	"token.create": "created the API token {s}",
	"token.revoke": "revoked the API token {s}",
	"workspace.create": "created the workspace {s}",
	"post.retract": "retracted the post {s}",
	"account.connect": "connected the account {s}",
	"account.reconnect": "reconnected the account {s}",
	"account.needs_reconnect": "found that the account {s} needs reconnecting",
	"account.credentials_expiring": "warned that the credentials of {s} expire soon",
	"conversation.claim": "took on {s}",
	"conversation.release": "let go of {s}",
	"conversation.handoff": "handed on {s}",
	"conversation.reply": "replied in {s}",
	"conversation.reply_pending": "wrote a reply in {s} that waits for approval",
	"conversation.reply_approve": "approved a reply in {s}",
	"conversation.reply_reject": "sent back a reply in {s}",
	"report.create": "set up the report {s}",
	"report.update": "changed the report {s}",
	"report.delete": "deleted the report {s}",
	"announcement.create": "announced {s}",
	"invitation.create": "invited {s}",
	"invitation.revoke": "withdrew the invitation of {s}",
	"invitation.accept": "accepted the invitation {s}",
	"member.second_factor_on": "turned on the second factor of {s}",
	"member.second_factor_off": "turned off the second factor of {s}",
	"mission.update": "changed the mission {s}",
};

/** The sentence around the subject; an action nobody taught the page yet still reads: "post.archive" → "post archive …". */
export function actionText(action: string): [string, string] {
	const template = actionWords[action] ?? `${action.replace(/[._]/g, " ")} {s}`;
	const [before = "", after = ""] = template.split("{s}");
	return [before, after];
}

export const SYSTEM_ACTOR = "system";

/** "post:01J…" → { kind: "post", id: "01J…" } */
export function splitSubject(subject: string): { kind: string; id: string } {
	const i = subject.indexOf(":");
	return i < 0 ? { kind: subject, id: "" } : { kind: subject.slice(0, i), id: subject.slice(i + 1) };
}

export type Lookup = {
	zone: string;
	member: (id: string) => string;
	account: (id: string) => string;
	/** A post (a reply, say) by its text, where the page looked it up. */
	post?: (id: string) => string;
};

const fieldNames: Record<string, string> = {
	body: "text",
	link: "link",
	scheduledAt: "time",
	status: "status",
	handle: "handle",
	displayName: "display name",
	timezone: "time zone",
	ownerId: "owner",
	parentId: "main account",
	postingPolicy: "posting policy",
	paused: "paused",
	connected: "connected",
	needsReconnect: "needs reconnecting",
	slots: "posting slots",
	sandbox: "sandbox failures",
	name: "name",
	email: "email",
	role: "role",
	memberId: "member",
	accountIds: "accounts",
	weekdays: "days",
	start: "from",
	end: "to",
	validFrom: "valid from",
	validTo: "valid to",
	prefix: "token",
	networkPostId: "network id",
	networkUrl: "network link",
	lateBySeconds: "late by",
	reason: "reason",
	holdReason: "held because",
	responsible: "responsible",
	reassignTo: "handed over to",
	owner: "owner",
	author: "author",
	postId: "reply",
	approvalFrom: "approval from",
	claimed: "newly taken on",
	note: "note",
	notify: "told",
	accounts: "accounts handed over",
	revoked: "access revoked",
	network: "network",
};

// Follows from other fields; worth a line only when it changes.
const derived = new Set(["connected", "needsReconnect"]);

// Bookkeeping, not something a person changed.
const hidden = new Set(["id", "revision", "createdAt", "workspaceId"]);

const statusWords: Record<string, string> = {
	draft: "draft",
	pending_approval: "needs approval",
	scheduled: "scheduled",
	publishing: "publishing",
	published: "published",
	failed: "failed",
	needs_review: "needs review",
	canceled: "canceled",
};

const holdWords: Record<string, string> = {
	paused: "account paused",
	waiting_for_main: "waiting for the main post",
	embargo: "embargo",
	rota_changed: "rota changed",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One value as words. `null` is "none"; unknown shapes fall back to short JSON. */
export function formatValue(key: string, value: unknown, l: Lookup): string {
	if (value === null || value === undefined || value === "") {
		if (key === "accountIds") return "all accounts";
		return "none";
	}
	switch (key) {
		case "scheduledAt":
			return typeof value === "number" ? formatStamp(value, l.zone).replace(/:00$/, "") : String(value);
		case "status":
			return statusWords[String(value)] ?? String(value);
		case "holdReason":
			return holdWords[String(value)] ?? String(value);
		case "ownerId":
		case "memberId":
		case "reassignTo":
		case "owner":
		case "author":
		case "notify":
			return l.member(String(value));
		case "approvalFrom":
			return isRecord(value) ? String(value.name ?? "someone") : l.member(String(value));
		case "postId":
			return l.post ? l.post(String(value)) : "a post";
		case "parentId":
			return l.account(String(value));
		case "accountIds":
		case "accounts":
			return Array.isArray(value) ? (value.length ? value.map((id) => l.account(String(id))).join(", ") : "none") : String(value);
		case "validFrom":
		case "validTo":
			return typeof value === "string" && isPlainDate(value) ? formatDay(value) : String(value);
		case "weekdays":
			return Array.isArray(value) ? describeWeekdays(value.map(Number)) : String(value);
		case "slots":
			return Array.isArray(value)
				? value.length
					? value.map((s) => (isRecord(s) ? `${weekdayName(Number(s.weekday))} ${s.time}` : String(s))).join(", ")
					: "none"
				: String(value);
		case "responsible":
			return isRecord(value) ? String(value.name ?? "someone") : "nobody";
		case "lateBySeconds": {
			const s = Number(value);
			return s < 60 ? `${s} s` : formatDuration(s * 1000);
		}
		case "body":
			return `“${excerpt(String(value), 60)}”`;
	}
	if (typeof value === "boolean") return value ? "yes" : "no";
	if (typeof value === "string") return excerpt(value, 60);
	if (typeof value === "number") return String(value);
	if (isRecord(value) && key === "revoked") return revokedWords(value);
	if (isRecord(value) && key === "sandbox") return `${value.failMode ?? "none"}${value.failCount ? ` ×${value.failCount}` : ""}`;
	return excerpt(JSON.stringify(value), 60);
}

const revokedKinds: [string, string][] = [
	["sessions", "session"],
	["apiTokens", "API token"],
	["feedTokens", "feed token"],
	["invitations", "pending invitation"],
];

/** What leaving or a password reset revoked: "2 sessions, 1 API token and 1 pending invitation". */
function revokedWords(counts: Record<string, unknown>): string {
	const parts = revokedKinds.flatMap(([key, word]) => {
		const n = Number(counts[key] ?? 0);
		return n > 0 ? [`${n} ${word}${n === 1 ? "" : "s"}`] : [];
	});
	return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "nothing");
}

export type Change = { field: string; before?: string; after?: string };

// What the subject's own description already says, left out of a created or removed object's fields.
const namedBySubject: Record<string, string[]> = {
	post: ["body"],
	account: ["handle", "network"],
	member: ["name"],
	shift: ["memberId", "weekdays", "start", "end", "timezone"],
	token: ["name"],
	workspace: ["name"],
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Nothing worth listing for an object created or removed: unset, off, empty, or sandbox failures "none". */
const isDefault = (k: string, v: unknown) =>
	// A shift for every account says so: its null is not "unset".
	(v === null && k !== "accountIds") ||
	v === undefined ||
	v === false ||
	v === "" ||
	(Array.isArray(v) && v.length === 0) ||
	(isRecord(v) && v.failMode === "none");

/**
 * The fields that changed, before → after. An event with only an "after" (something created or
 * happening) lists what it set; with only a "before" (something removed) what it was.
 */
export function changesOf(e: Pick<AuditEventRow, "before" | "after" | "subject">, l: Lookup): Change[] {
	const { before, after } = e;
	const named = namedBySubject[splitSubject(e.subject).kind] ?? [];
	const label = (k: string) => fieldNames[k] ?? k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
	if (Array.isArray(before) || Array.isArray(after)) {
		// account.slots stores the slot lists themselves.
		return same(before, after) ? [] : [{ field: label("slots"), before: formatValue("slots", before ?? [], l), after: formatValue("slots", after ?? [], l) }];
	}
	const b = isRecord(before) ? before : undefined;
	const a = isRecord(after) ? after : undefined;
	const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !hidden.has(k));
	const changes: Change[] = [];
	for (const k of keys) {
		if (b && a) {
			if (same(b[k], a[k])) continue;
			changes.push({ field: label(k), before: formatValue(k, b[k], l), after: formatValue(k, a[k], l) });
		} else if (named.includes(k)) {
		} else if (a) {
			if (isDefault(k, a[k]) || derived.has(k)) continue;
			changes.push({ field: label(k), after: formatValue(k, a[k], l) });
		} else if (b) {
			if (isDefault(k, b[k]) || derived.has(k)) continue;
			changes.push({ field: label(k), before: formatValue(k, b[k], l) });
		}
	}
	return changes;
}
