/**
 * The subscribable calendar (GET /calendar.ics?token=…): one VEVENT per scheduled or published post,
 * built with ical-generator. Google Calendar and Outlook poll the URL; the feed token is the only
 * credential, read-only and revocable.
 */
import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from "ical-generator";
import type { Db } from "../../db/client";
import { getWorkspace } from "../../db/queries/workspaces";
import { account, feedToken, member, post } from "../../db/schema";
import { sha256Hex } from "../auth/crypto";
import { ApiError } from "../errors";

const DAY = 86_400_000;
// What a subscriber sees: the last quarter and the coming year, so the feed stays small and fast.
const PAST_MS = 90 * DAY;
const AHEAD_MS = 366 * DAY;
const MAX_EVENTS = 5_000;
const EVENT_MINUTES = 15;
const ON_CALENDAR = ["pending_approval", "scheduled", "publishing", "published"] as const;

export async function feedTokenFor(db: Db, token: string | undefined) {
	if (!token) throw new ApiError(401, "unauthorized", "Give the feed token: /api/v1/calendar.ics?token=…");
	// A feed token reads with its member's standing: once they have left it opens nothing (removal
	// deletes their tokens; the join also shuts out any left from before that).
	const [found] = await db
		.select({ feedToken })
		.from(feedToken)
		.innerJoin(member, and(eq(member.id, feedToken.memberId), eq(member.workspaceId, feedToken.workspaceId)))
		.where(eq(feedToken.tokenHash, await sha256Hex(token)))
		.limit(1);
	if (!found) throw new ApiError(401, "unauthorized", "This feed token is unknown or was revoked");
	return found.feedToken;
}

const firstLine = (text: string, max = 60) => {
	const line = text.split("\n")[0]!.trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export async function calendarFeed(db: Db, token: typeof feedToken.$inferSelect, now: number, origin: string): Promise<string> {
	const ws = await getWorkspace(db, token.workspaceId);
	const rows = await db
		.select({ post, handle: account.handle, network: account.network })
		.from(post)
		.innerJoin(account, eq(account.id, post.accountId))
		.where(
			and(
				eq(post.workspaceId, token.workspaceId),
				eq(post.kind, "post"),
				inArray(post.status, [...ON_CALENDAR]),
				gte(post.calendarAt, now - PAST_MS),
				lte(post.calendarAt, now + AHEAD_MS),
				token.accountId ? eq(post.accountId, token.accountId) : undefined,
			),
		)
		.orderBy(asc(post.calendarAt))
		.limit(MAX_EVENTS);
	const calendar = ical({
		name: `Chorus: ${ws?.name ?? "calendar"}`,
		description: "Scheduled and published posts",
		prodId: { company: "Chorus", product: "calendar", language: "EN" },
		method: ICalCalendarMethod.PUBLISH,
		// Times go out in UTC ("…Z"): ical-generator writes zoned times without a VTIMEZONE unless given a
		// timezone library, which clients would read as floating. X-WR-TIMEZONE only suggests a display zone.
		x: { "X-WR-TIMEZONE": ws?.timezone ?? "UTC" },
		// Clients that honour it poll every 15 minutes rather than once a day.
		ttl: 15 * 60,
	});
	for (const { post: p, handle, network } of rows) {
		const start = new Date(p.calendarAt!);
		const published = p.status === "published";
		calendar.createEvent({
			id: `${p.id}@chorus`,
			start,
			end: new Date(start.getTime() + EVENT_MINUTES * 60_000),
			stamp: new Date(p.updatedAt),
			lastModified: new Date(p.updatedAt),
			// A post edited after subscribers saw it: bumping the sequence makes clients take the change.
			sequence: p.revision,
			summary: `${published ? "✓ " : ""}${handle}: ${firstLine(p.body)}`,
			description: [p.body, p.link ?? "", `Status: ${p.status.replace("_", " ")} · ${network} ${handle}`].filter(Boolean).join("\n\n"),
			url: p.networkUrl?.startsWith("http") ? p.networkUrl : `${origin}/posts/${p.id}`,
			status: p.status === "pending_approval" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
			transparency: ICalEventTransparency.TRANSPARENT,
			categories: [{ name: p.status }],
		});
	}
	return calendar.toString();
}
