import type { Db } from "../../db/client";
import { listPosts, memberNames } from "../../db/queries/posts";
import { getWorkspace } from "../../db/queries/workspaces";
import { addDays, startOfLocalDay, utcToLocal } from "../../domain/time";
import type { Actor } from "../context";
import { invalidField, notFound } from "../errors";
import { type PostView, postView } from "./post-view";

export const MAX_CALENDAR_DAYS = 62;
// A calendar page is for people: past this many posts in the range, narrow it or page /posts instead.
const MAX_CALENDAR_POSTS = 5000;

/** Days `from`..`to` (inclusive, YYYY-MM-DD in the workspace zone), each with its posts in time order. */
export async function buildCalendar(
	ctx: { db: Db; actor: Actor },
	from: string,
	to: string,
	accountId?: string,
	labels: { tagId?: string; campaignId?: string } = {},
) {
	const ws = await getWorkspace(ctx.db, ctx.actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	if (to < from) throw invalidField(["to"], "Must not be before from");
	const dates: string[] = [];
	for (let d = from; d <= to; d = addDays(d, 1)) {
		dates.push(d);
		if (dates.length > MAX_CALENDAR_DAYS) throw invalidField(["to"], `At most ${MAX_CALENDAR_DAYS} days at a time`);
	}
	const rows = await listPosts(ctx.db, ws.id, {
		from: startOfLocalDay(from, ws.timezone),
		to: startOfLocalDay(addDays(to, 1), ws.timezone),
		accountId,
		tagId: labels.tagId,
		campaignId: labels.campaignId,
		limit: MAX_CALENDAR_POSTS,
	});
	const names = await memberNames(ctx.db, ws.id);
	const days = new Map<string, PostView[]>(dates.map((d) => [d, []]));
	for (const row of rows.slice(0, MAX_CALENDAR_POSTS)) {
		if (row.calendarAt === null) continue;
		days.get(utcToLocal(row.calendarAt, ws.timezone).date)?.push(postView(row, names));
	}
	return {
		timezone: ws.timezone,
		truncated: rows.length > MAX_CALENDAR_POSTS,
		days: [...days].map(([date, posts]) => ({ date, posts })),
	};
}

/** Monday of the week that contains `date`. */
export function weekStart(date: string): string {
	const weekday = new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
	return addDays(date, 1 - weekday);
}
