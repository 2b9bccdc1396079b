import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { mediaInOrder } from "../../db/queries/media";
import { groupStatuses, listPosts, type PostRow } from "../../db/queries/posts";
import { addDays, utcToLocal } from "../../domain/time";
import { buildCalendar, weekStart } from "../../functions/services/calendar";
import { calendarLabels } from "../calendar-labels";
import type { CalendarDay } from "../components/calendar-post";
import { ctxOf, signedIn, viewerOf, type WebEnv } from "../env";
import { excerpt, formatDay, formatInstant, formatMonth, isoToMs, isPlainDate, monthStart } from "../format";
import { CalendarPage } from "../pages/calendar";

const DRAFTS_SHOWN = 20;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The confirmation after composing, from what was actually saved rather than from the URL: what happened
 * to each post, by outcome ("Scheduled 1 post (@a), 1 waits for approval (@b)"), so a post held for
 * approval is never counted as scheduled.
 */
export function createdBanner(rows: { status: PostRow["status"]; accountId: string }[], handles: Map<string, string>): string | undefined {
	if (rows.length === 0) return undefined;
	const outcomes: [PostRow["status"], (n: number) => string][] = [
		["scheduled", (n) => `scheduled ${plural(n, "post", "posts")}`],
		["pending_approval", (n) => (n === 1 ? "1 waits for approval" : `${n} wait for approval`)],
		["draft", (n) => (n === 1 ? "1 saved as a draft" : `${n} saved as drafts`)],
	];
	const only = rows.length === 1 || new Set(rows.map((r) => r.status)).size === 1;
	if (only && rows.every((r) => r.status === "draft")) return rows.length === 1 ? "Saved draft" : `Saved ${rows.length} drafts`;
	if (only && rows.every((r) => r.status === "pending_approval")) return `Sent ${plural(rows.length, "post", "posts")} for approval`;
	const parts = outcomes.flatMap(([status, say]) => {
		const these = rows.filter((r) => r.status === status);
		if (these.length === 0) return [];
		const where = these.map((r) => handles.get(r.accountId) ?? "a deleted account").join(", ");
		return [`${say(these.length)}${only ? "" : ` (${where})`}`];
	});
	const others = rows.length - outcomes.reduce((n, [status]) => n + rows.filter((r) => r.status === status).length, 0);
	if (others > 0) parts.push(`${plural(others, "post", "posts")} already moved on`);
	const text = parts.join(", ");
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export const calendarPages = new Hono<WebEnv>()
	.get("/", (c) => c.redirect("/calendar", 303))
	.get("/calendar", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const ws = c.get("workspace");
		const q = c.req.query();
		const today = utcToLocal(ctx.now, ws.timezone).date;
		// `week` is the composer's redirect target; `date` the calendar's own links.
		const view = q.view === "month" ? "month" : "week";
		const date = isPlainDate(q.week) ? q.week : isPlainDate(q.date) ? q.date : today;
		const accounts = await listAccounts(ctx.db, ws.id);
		const accountId = accounts.some((a) => a.id === q.accountId) ? q.accountId : undefined;
		const labels = await calendarLabels(ctx.db, ws.id, q);

		const from = view === "week" ? weekStart(date) : weekStart(monthStart(date));
		const to = view === "week" ? addDays(from, 6) : addDays(weekStart(addDays(monthStart(date, 1), -1)), 6);
		const cal = await buildCalendar(ctx, from, to, accountId, labels.filter);
		const chipsOf = await labels.chipsFor(cal.days.flatMap((d) => d.posts));

		const handles = new Map(accounts.map((a) => [a.id, a.handle]));
		// One query for every thumbnail on the page.
		const mediaRows = await mediaInOrder(ctx.db, ws.id, [...new Set(cal.days.flatMap((d) => d.posts.flatMap((p) => p.mediaIds)))]);
		const mediaById = new Map(mediaRows.map((m) => [m.id, m]));
		const days: CalendarDay[] = cal.days.map((d) => ({
			date: d.date,
			items: d.posts.map((p) => ({
				id: p.id,
				time: utcToLocal(isoToMs(p.publishedAt ?? p.scheduledAt) ?? 0, ws.timezone).time,
				handle: handles.get(p.accountId) ?? "",
				status: p.status,
				text: excerpt(p.body || p.link || ""),
				media: p.mediaIds.flatMap((id) => mediaById.get(id) ?? []),
				chips: chipsOf(p),
			})),
		}));

		const draftRows = await listPosts(ctx.db, ws.id, { status: ["draft"], accountId, ...labels.filter, limit: DRAFTS_SHOWN });
		const drafts = draftRows.slice(0, DRAFTS_SHOWN).map((r) => ({
			id: r.id,
			handle: handles.get(r.accountId) ?? "",
			text: r.body || r.link || "",
			when: r.scheduledAt === null ? null : formatInstant(r.scheduledAt, ws.timezone),
		}));

		const created = q.created ? await groupStatuses(ctx.db, ws.id, q.created) : [];
		const link = (v: string, d: string | null) => {
			const params = new URLSearchParams({ view: v, ...(d ? { date: d } : {}), ...(accountId ? { accountId } : {}), ...labels.filter });
			return `/calendar?${params}`;
		};
		const step = (n: number) => (view === "week" ? addDays(from, 7 * n) : monthStart(date, n));
		return c.html(
			<CalendarPage
				viewer={viewerOf(c)}
				view={view}
				date={date}
				title={view === "week" ? `Week of ${formatDay(from)}` : formatMonth(date)}
				timezone={ws.timezone}
				today={today}
				days={days}
				accounts={accounts}
				accountId={accountId}
				labels={labels.choices}
				nav={{ prev: link(view, step(-1)), next: link(view, step(1)), today: link(view, null), week: link("week", date), month: link("month", date) }}
				banner={createdBanner(created, handles)}
				truncated={cal.truncated}
				drafts={drafts}
				moreDrafts={draftRows.length > DRAFTS_SHOWN}
			/>,
		);
	});
