import { Hono } from "hono";
import { z } from "zod";
import { getWorkspace } from "../../db/queries/workspaces";
import { addDays, utcToLocal } from "../../domain/time";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { buildCalendar, weekStart } from "../services/calendar";
import { queryParams } from "../validation";

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: "YYYY-MM-DD or ISO-8601 with an offset" });
const querySchema = z.object({
	from: day.optional(),
	to: day.optional(),
	accountId: z.string().optional(),
	tagId: z.string().optional(),
	campaignId: z.string().optional(),
});

export const calendarRoutes = new Hono<AppEnv>().get("/", queryParams(querySchema), async (c) => {
	const q = c.req.valid("query");
	const db = c.get("db");
	const actor = c.get("actor");
	const ws = await getWorkspace(db, actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	// Instants become the local date they fall on; `to` as an instant is exclusive, as a date inclusive.
	const localDate = (v: string, exclusive: boolean) => (v.length === 10 ? v : utcToLocal(Date.parse(v) - (exclusive ? 1 : 0), ws.timezone).date);
	const from = q.from ? localDate(q.from, false) : weekStart(utcToLocal(c.get("now"), ws.timezone).date);
	const to = q.to ? localDate(q.to, true) : addDays(from, 6);
	return c.json(await buildCalendar({ db, actor }, from, to, q.accountId, { tagId: q.tagId, campaignId: q.campaignId }));
});
