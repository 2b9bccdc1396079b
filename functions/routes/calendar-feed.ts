import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { calendarFeed, feedTokenFor } from "../services/calendar-feed";
import { queryParams } from "../validation";

export const calendarFeedQuery = z.object({ token: z.string().min(1).max(200) });

/** GET /calendar.ics?token=…: the feed token is the credential, so this route sits outside requireActor. */
export const calendarFeedRoutes = new Hono<AppEnv>().get("/", queryParams(calendarFeedQuery), async (c) => {
	const db = c.get("db");
	const token = await feedTokenFor(db, c.req.valid("query").token);
	const body = await calendarFeed(db, token, c.get("now"), new URL(c.req.url).origin);
	return c.body(body, 200, {
		"Content-Type": "text/calendar; charset=utf-8",
		"Content-Disposition": 'inline; filename="chorus.ics"',
		"Cache-Control": "private, max-age=300",
	});
});
