import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { serviceContext } from "../services/context";
import { approveReply, listPendingReplies, rejectReply } from "../services/replies";
import { jsonBody, queryParams } from "../validation";

const listSchema = z.object({
	conversationId: z.string().optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Replies waiting for approval (a conversation's reply by someone the account's policy would not let speak now). */
export const replyRoutes = new Hono<AppEnv>()
	.get("/pending", queryParams(listSchema), async (c) => c.json({ items: await listPendingReplies(serviceContext(c), c.req.valid("query")), next: null }))
	.post("/:id/approve", async (c) => c.json(await approveReply(serviceContext(c), c.req.param("id")), 202))
	.post("/:id/reject", jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })), async (c) =>
		c.json(await rejectReply(serviceContext(c), c.req.param("id"), c.req.valid("json").reason)),
	);
