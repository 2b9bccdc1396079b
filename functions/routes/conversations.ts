import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { serviceContext } from "../services/context";
import { changeOwner, getConversation, listConversations, reply } from "../services/conversations";
import { jsonBody, queryParams } from "../validation";

const listSchema = z.object({
	status: z.enum(["open", "unanswered", "mine", "unowned"]).optional(),
	accountId: z.string().optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const conversationRoutes = new Hono<AppEnv>()
	.get("/", queryParams(listSchema), async (c) => c.json({ items: await listConversations(serviceContext(c), c.req.valid("query")), next: null }))
	.get("/:id", async (c) => c.json(await getConversation(serviceContext(c), c.req.param("id"))))
	.post("/:id/claim", async (c) => c.json(await changeOwner(serviceContext(c), c.req.param("id"), { kind: "claim" })))
	.post("/:id/release", async (c) => c.json(await changeOwner(serviceContext(c), c.req.param("id"), { kind: "release" })))
	.post("/:id/handoff", jsonBody(z.object({ memberId: z.string(), note: z.string().max(2000).optional() })), async (c) =>
		c.json(await changeOwner(serviceContext(c), c.req.param("id"), { kind: "handoff", ...c.req.valid("json") })),
	)
	.post("/:id/replies", jsonBody(z.object({ body: z.string().trim().min(1).max(10_000) })), async (c) =>
		c.json(await reply(serviceContext(c), c.req.param("id"), c.req.valid("json").body), 201),
	);
