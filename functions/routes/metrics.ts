import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";
import { recordMetrics } from "../services/metrics";
import { jsonBody } from "../validation";

const date = z.iso.date({ message: "a date, YYYY-MM-DD" });
const count = z.number().int().min(0).nullable().optional();
const accountDay = z.object({ accountId: z.string(), date, followers: count, impressions: count, engagements: count, clicks: count, shares: count });
// Lifetime totals of one published post as read that day (post_metric).
const postDay = z.object({ postId: z.string(), date, likes: count, reposts: count, replies: count, quotes: count, impressions: count, clicks: count });
const postSchema = z
	.object({ items: z.array(accountDay).max(500).default([]), posts: z.array(postDay).max(500).default([]) })
	.refine((b) => b.items.length + b.posts.length > 0, { message: "Give at least one item or post", path: ["items"] });

/** Daily figures from integrations: upserted per account and date (and per post and date). */
export const metricRoutes = new Hono<AppEnv>().post("/", jsonBody(postSchema), async (c) => {
	const actor = c.get("actor");
	requirePermission(actor, "draft");
	const body = c.req.valid("json");
	const stored = await recordMetrics(c.get("db"), actor.workspaceId, body.items, body.posts, c.get("now"));
	return c.json(stored, 201);
});
