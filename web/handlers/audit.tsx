/**
 * The audit trail as a page: the same events, filters and cursor as GET /api/v1/audit (one query,
 * db/queries/audit-events), told in words with names instead of ids.
 */

import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { type AuditEventRow, conversationSummaries, formatAuditCursor, listAuditEvents, parseAuditCursor, postSummaries } from "../../db/queries/audit-events";
import { listMembers } from "../../db/queries/members";
import { redactAuditEntry } from "../../domain/audit-visibility";
import { networkNames } from "../../domain/networks";
import { addDays, isoWithOffset, startOfLocalDay } from "../../domain/time";
import { linkActorNames } from "../../functions/services/approval-links";
import { actionText, changesOf, type Lookup, SYSTEM_ACTOR, splitSubject, subjectKinds } from "../audit";
import { signedIn, viewerOf, type WebEnv } from "../env";
import { excerpt, formatStamp, isPlainDate } from "../format";
import { type AuditEntry, type AuditFilters, AuditPage } from "../pages/audit";
import { describeHours, describeWeekdays } from "../shifts";

const PAGE = 50;
const singleSubject = new RegExp(`^(${subjectKinds.join("|")}):[\\w-]{1,64}$`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The snapshot of the object as the event saw it: after a change, else before it. */
const snapshotOf = (e: AuditEventRow): Record<string, unknown> => (isRecord(e.after) ? e.after : isRecord(e.before) ? e.before : {});
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export const auditPages = new Hono<WebEnv>().get("/audit", signedIn, async (c) => {
	const db = c.get("db");
	const ws = c.get("workspace");
	const zone = ws.timezone;
	const q = c.req.query();
	const filters: AuditFilters = {
		from: isPlainDate(q.from) ? q.from : "",
		to: isPlainDate(q.to) ? q.to : "",
		actor: q.actor?.slice(0, 64) ?? "",
		subject: q.subject && ((subjectKinds as readonly string[]).includes(q.subject) || singleSubject.test(q.subject)) ? q.subject : "",
	};
	const cursor = q.cursor ? parseAuditCursor(q.cursor) : null;
	const { rows: stored, next } = await listAuditEvents(db, ws.id, {
		from: filters.from ? startOfLocalDay(filters.from, zone) : undefined,
		// "To" is inclusive: up to the start of the day after.
		to: filters.to ? startOfLocalDay(addDays(filters.to, 1), zone) : undefined,
		actor: filters.actor || undefined,
		subject: filters.subject || undefined,
		cursor: cursor ?? undefined,
		limit: PAGE,
	});
	// What the viewer may not read through the object's own page is left out, as in GET /audit.
	const actor = c.get("actor");
	const rows = stored.map((e) => redactAuditEntry(actor, e));

	const [members, accounts, clients] = await Promise.all([
		listMembers(db, ws.id),
		listAccounts(db, ws.id),
		linkActorNames(
			db,
			ws.id,
			rows.map((r) => r.actorId),
		),
	]);
	// A client deciding through an approval link is named "client via link <label>".
	const memberNames = new Map([...members.map((m) => [m.id, m.name] as const), ...clients]);
	const handles = new Map(accounts.map((a) => [a.id, a.handle]));
	const subjects = rows.map((r) => splitSubject(r.subject));
	// Replies named in conversation events are posts too: one lookup for both.
	const replyIds = rows.flatMap((r) => [r.before, r.after].flatMap((v) => (isRecord(v) && typeof v.postId === "string" ? [v.postId] : [])));
	const [posts, conversations] = await Promise.all([
		postSummaries(db, ws.id, [...subjects.filter((s) => s.kind === "post").map((s) => s.id), ...replyIds]),
		conversationSummaries(
			db,
			ws.id,
			subjects.filter((s) => s.kind === "conversation").map((s) => s.id),
		),
	]);
	const lookup: Lookup = {
		zone,
		member: (id) => memberNames.get(id) ?? "a former member",
		account: (id) => handles.get(id) ?? "a removed account",
		post: (id) => {
			const p = posts.get(id);
			return p ? `“${excerpt(p.body || p.link || "", 60)}”` : "a removed post";
		},
	};

	function subjectOf(e: AuditEventRow): AuditEntry["subject"] {
		const { kind, id } = splitSubject(e.subject);
		const snap = snapshotOf(e);
		switch (kind) {
			case "post": {
				const p = posts.get(id);
				const body = p ? p.body || p.link || "" : (str(snap.body) ?? "");
				const text = body ? `“${excerpt(body, 60)}”` : "(no text)";
				if (!p) return { text, note: "(deleted)" };
				return { text, href: `/posts/${encodeURIComponent(id)}`, note: `on ${lookup.account(p.accountId)}` };
			}
			case "account": {
				const handle = handles.get(id);
				const network = networkNames[str(snap.network) as keyof typeof networkNames] as string | undefined;
				if (handle) return { text: handle, note: network ? `(${network})` : undefined };
				return { text: str(snap.handle) ?? "an account", note: network ? `(${network}, removed)` : "(removed)" };
			}
			case "member": {
				const name = memberNames.get(id);
				return name ? { text: name } : { text: str(snap.name) ?? "a member", note: "(no longer a member)" };
			}
			case "shift": {
				const memberId = str(snap.memberId);
				const days = Array.isArray(snap.weekdays) ? describeWeekdays(snap.weekdays.map(Number)) : "";
				const start = str(snap.start);
				const end = str(snap.end);
				const hours = start && end ? describeHours({ start, end }) : "";
				const who = memberId ? `${lookup.member(memberId)}: ` : "";
				return { text: `${who}${days} ${hours}`.trim() || "a shift", note: str(snap.timezone) ? `(${snap.timezone})` : undefined };
			}
			case "conversation": {
				const convo = conversations.get(id);
				if (!convo) return { text: "a conversation", note: "(removed)" };
				return { text: `the conversation with ${convo.authorHandle}`, href: `/inbox/${encodeURIComponent(id)}`, note: `on ${lookup.account(convo.accountId)}` };
			}
			case "report":
				return { text: str(snap.name) ? `“${snap.name}”` : "a report", href: `/reports/${encodeURIComponent(id)}` };
			case "announcement":
				return { text: str(snap.title) ? `“${snap.title}”` : "an announcement", href: `/announcements/${encodeURIComponent(id)}` };
			case "invitation":
				return { text: str(snap.email) ?? "someone" };
			case "mission":
				return { text: id === "workspace" ? "of the workspace" : `of ${lookup.account(id)}` };
			case "token":
				return { text: str(snap.name) ? `“${snap.name}”` : "a token" };
			case "workspace":
				return { text: id === ws.id ? ws.name : (str(snap.name) ?? "a workspace") };
			default:
				return { text: e.subject };
		}
	}

	const entries: AuditEntry[] = rows.map((e) => ({
		id: e.id,
		iso: isoWithOffset(e.at, zone),
		when: formatStamp(e.at, zone),
		actor:
			e.actorId === SYSTEM_ACTOR
				? { name: "Scheduler", kind: "system" }
				: memberNames.has(e.actorId)
					? { name: memberNames.get(e.actorId)!, kind: "member" }
					: { name: "A former member", kind: "former" },
		action: actionText(e.action),
		subject: subjectOf(e),
		changes: changesOf(e, lookup),
		hidden: e.redacted ? "Details are shown to those who may see this object" : undefined,
	}));

	const link = (extra: Record<string, string>) => {
		const params = new URLSearchParams();
		for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
		const s = params.toString();
		return s ? `/audit?${s}` : "/audit";
	};
	const single = filters.subject.includes(":") ? `Only this ${splitSubject(filters.subject).kind}` : undefined;
	return c.html(
		<AuditPage
			viewer={viewerOf(c)}
			timezone={zone}
			filters={filters}
			actors={members.map((m) => ({ id: m.id, name: m.name }))}
			entries={entries}
			older={next ? link({ cursor: formatAuditCursor(next) }) : undefined}
			newest={q.cursor ? link({}) : undefined}
			notice={q.cursor && !cursor ? "That page link is not valid any more; showing the newest entries." : undefined}
			single={single}
		/>,
	);
});
