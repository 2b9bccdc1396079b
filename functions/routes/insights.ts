import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { invalidField } from "../errors";
import { insights } from "../services/insights";
import { queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset" });
const DAY = 86_400_000;
/** Long enough for a quarter against the one before; longer ranges belong in reports. */
const MAX_RANGE_DAYS = 120;

export const insightsQuery = z.object({ from: instant.optional(), to: instant.optional(), accountId: z.string().optional() });

/** Defaults: the 28 days up to now. */
export function insightsRange(q: z.infer<typeof insightsQuery>, now: number) {
	const to = q.to ? Date.parse(q.to) : now;
	const from = q.from ? Date.parse(q.from) : to - 28 * DAY;
	if (from >= to) throw invalidField(["from"], "must be before to");
	if (to - from > MAX_RANGE_DAYS * DAY) throw invalidField(["from"], `the range is at most ${MAX_RANGE_DAYS} days`);
	return { from, to, ...(q.accountId ? { accountId: q.accountId } : {}) };
}

export const insightRoutes = new Hono<AppEnv>().get("/", queryParams(insightsQuery), async (c) => {
	const range = insightsRange(c.req.valid("query"), c.get("now"));
	return c.json(await insights(c.get("db"), c.get("actor").workspaceId, range));
});
