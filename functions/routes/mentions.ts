import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { mention, mentionKinds, sentimentLabels } from "../../db/schema";
import { networks } from "../../domain/networks";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";
import { ingestMentions } from "../services/conversations";
import { correctMention } from "../services/mention-feedback";
import { jsonBody, queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset" });
const itemSchema = z.object({
	accountId: z.string(),
	network: z.enum(networks),
	externalId: z.string().min(1).max(200),
	author: z.union([z.string().min(1).max(200), z.object({ handle: z.string().min(1).max(200), name: z.string().max(200).optional() })]),
	text: z.string().max(20_000),
	createdAt: instant,
	inReplyTo: z.string().max(200).nullable().optional(),
	isFollower: z.boolean().nullable().optional(),
});
const postSchema = z.object({ items: z.array(itemSchema).min(1).max(500) });
/** A correction by the team: either label or both. */
const correctionSchema = z
	.object({ sentiment: z.enum(sentimentLabels).optional(), kind: z.enum(mentionKinds).optional() })
	.refine((v) => v.sentiment !== undefined || v.kind !== undefined, { message: "Give sentiment, kind or both", path: ["sentiment"] });
const listSchema = z.object({
	accountId: z.string().optional(),
	kind: z.enum(mentionKinds).optional(),
	sentiment: z.enum(sentimentLabels).optional(),
	from: instant.optional(),
	to: instant.optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Inbound messages from integrations (the networks' own come through the INGEST queue), classified on arrival. */
export const mentionRoutes = new Hono<AppEnv>()
	.post("/", jsonBody(postSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "draft");
		const items = c.req.valid("json").items.map((i) => ({ ...i, createdAt: Date.parse(i.createdAt) }));
		const results = await ingestMentions({ db: c.get("db"), now: c.get("now") }, actor.workspaceId, items);
		return c.json({ items: results }, 201);
	})
	// Corrects the labels; insights read them at once, and the workspace's classifier learns from them.
	.patch("/:id", jsonBody(correctionSchema), async (c) =>
		c.json(await correctMention({ db: c.get("db"), actor: c.get("actor"), now: c.get("now") }, c.req.param("id"), c.req.valid("json"))),
	)
	.get("/", queryParams(listSchema), async (c) => {
		const q = c.req.valid("query");
		const where: (SQL | undefined)[] = [eq(mention.workspaceId, c.get("actor").workspaceId)];
		if (q.accountId) where.push(eq(mention.accountId, q.accountId));
		if (q.kind) where.push(eq(mention.kind, q.kind));
		if (q.sentiment) where.push(eq(mention.sentimentLabel, q.sentiment));
		if (q.from) where.push(gte(mention.createdAt, Date.parse(q.from)));
		if (q.to) where.push(lt(mention.createdAt, Date.parse(q.to)));
		const rows = await c
			.get("db")
			.select()
			.from(mention)
			.where(and(...where))
			.orderBy(desc(mention.createdAt))
			.limit(q.limit);
		return c.json({
			items: rows.map((m) => ({
				id: m.id,
				accountId: m.accountId,
				network: m.network,
				externalId: m.externalId,
				author: m.authorHandle,
				text: m.text,
				createdAt: new Date(m.createdAt).toISOString(),
				inReplyTo: m.inReplyTo,
				isFollower: m.isFollower,
				conversationId: m.conversationId,
				sentiment: { label: m.sentimentLabel, score: m.sentimentScore },
				kind: m.kind,
				topics: m.topics,
			})),
			next: null,
		});
	});
