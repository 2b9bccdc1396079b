import { Hono } from "hono";
import { z } from "zod";
import type { Db } from "../../db/client";
import { attemptView, listAttempts } from "../../db/queries/attempts";
import { tagIdsOfPosts } from "../../db/queries/labels";
import { listRevisions } from "../../db/queries/post-revisions";
import { listPosts, memberNames } from "../../db/queries/posts";
import { networks, postStatuses, repeatUnits } from "../../db/schema";
import { MAX_EXTRA_PARTS } from "../../domain/post-parts";
import { maxCount, maxEvery } from "../../domain/series";
import type { AppEnv } from "../context";
import { invalidField } from "../errors";
import { serviceContext } from "../services/context";
import { postView, revisionView } from "../services/post-view";
import { approvePost, cancelPost, createPosts, deletePost, editPost, loadPost, rejectPost, type When } from "../services/posts";
import { publishNow } from "../services/publishing";
import { retractPost } from "../services/retraction";
import { checkRepeat, type RepeatInput, repeatOf, setRepeat } from "../services/series";
import { linksOf } from "../services/short-links";
import { jsonBody, queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00" });
const body = z.string().max(100_000);
const link = z
	.url({ protocol: /^https?$/, message: "An http(s) URL" })
	.max(2048)
	.nullable();

const mediaIds = z.array(z.string().min(1)).max(10).optional();
const tagIds = z.array(z.string().min(1)).max(20).optional();
const campaignId = z.string().min(1).nullable().optional();

/** Each post view with the tags it carries (one query for the lot). */
async function withTags<T extends { id: string }>(c: { get(k: "db"): Db }, workspaceId: string, views: T[]) {
	const byPost = await tagIdsOfPosts(
		c.get("db"),
		workspaceId,
		views.map((v) => v.id),
	);
	return views.map((v) => ({ ...v, tagIds: byPost.get(v.id) ?? [] }));
}

// An evergreen post: every N days or weeks, until an instant and/or for N occurrences in all.
const repeat = z
	.object({
		every: z.number().int().min(1),
		unit: z.enum(repeatUnits),
		until: instant.optional(),
		count: z.number().int().min(2).max(maxCount).optional(),
	})
	.strict()
	.superRefine((v, ctx) => {
		if (v.every > maxEvery[v.unit]) ctx.addIssue({ code: "custom", path: ["every"], message: `At most ${maxEvery[v.unit]} for unit "${v.unit}"` });
	});
const repeatInput = (r: z.infer<typeof repeat>): RepeatInput => ({
	every: r.every,
	unit: r.unit,
	untilAt: r.until ? Date.parse(r.until) : null,
	count: r.count ?? null,
});
// A thread's 2nd..nth parts (the body is part 1) and a first comment; each is counted and linted like the body.
const parts = z.array(z.string().trim().min(1, "A part cannot be empty").max(100_000)).max(MAX_EXTRA_PARTS).optional();
const firstComment = z.string().trim().min(1, "The first comment cannot be empty").max(100_000).nullable().optional();

const createSchema = z
	.object({
		accountId: z.string().optional(),
		accountIds: z.array(z.string()).min(1).max(50).optional(),
		body,
		link: link.optional(),
		scheduledAt: instant.optional(),
		slot: z.literal("next").optional(),
		status: z.enum(["draft", "scheduled"]).optional(),
		allowDuplicate: z.boolean().optional(),
		// A different text per network in one compose (shorter for X, longer for LinkedIn); `body` is the rest's.
		bodies: z.partialRecord(z.enum(networks), body).optional(),
		mediaIds,
		tagIds,
		campaignId,
		repeat: repeat.optional(),
		shortenLinks: z.boolean().optional(),
		parts,
		firstComment,
	})
	.superRefine((v, ctx) => {
		if (!v.accountId === !v.accountIds) ctx.addIssue({ code: "custom", path: ["accountIds"], message: "Give accountId or accountIds (one of them)" });
		if (v.scheduledAt && v.slot) ctx.addIssue({ code: "custom", path: ["slot"], message: "Give scheduledAt or slot, not both" });
	});

const patchSchema = z.object({
	body: body.optional(),
	link: link.optional(),
	scheduledAt: instant.nullable().optional(),
	slot: z.literal("next").optional(),
	status: z.enum(["draft", "scheduled"]).optional(),
	revision: z.number().int().positive().optional(),
	mediaIds,
	tagIds,
	campaignId,
	// null stops the series this post belongs to.
	repeat: repeat.nullable().optional(),
	shortenLinks: z.boolean().optional(),
	parts,
	firstComment,
});

const listSchema = z.object({
	from: instant.optional(),
	to: instant.optional(),
	accountId: z.string().optional(),
	tagId: z.string().optional(),
	campaignId: z.string().optional(),
	status: z
		.string()
		.transform((s) => s.split(","))
		.pipe(z.array(z.enum(postStatuses)))
		.optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
	cursor: z.string().optional(),
});

const encodeCursor = (calendarAt: number | null, id: string) => btoa(JSON.stringify([calendarAt, id]));
function decodeCursor(cursor: string) {
	try {
		const [calendarAt, id] = JSON.parse(atob(cursor)) as [number | null, string];
		if (typeof id === "string" && (calendarAt === null || typeof calendarAt === "number")) return { calendarAt, id };
	} catch {
		// fall through to the validation error
	}
	throw invalidField(["cursor"], "Not a cursor this API returned");
}

const whenOf = (v: { scheduledAt?: string | null; slot?: "next" }): When | undefined =>
	v.slot ? { slot: "next" } : v.scheduledAt ? { scheduledAt: Date.parse(v.scheduledAt) } : v.scheduledAt === null ? null : undefined;

const whenAt = (iso: string | null) => (iso === null ? null : Date.parse(iso));

const ctxOf = serviceContext;

export const postRoutes = new Hono<AppEnv>()
	.get("/", queryParams(listSchema), async (c) => {
		const q = c.req.valid("query");
		const { db, actor } = ctxOf(c);
		const rows = await listPosts(db, actor.workspaceId, {
			from: q.from ? Date.parse(q.from) : undefined,
			to: q.to ? Date.parse(q.to) : undefined,
			accountId: q.accountId,
			tagId: q.tagId,
			campaignId: q.campaignId,
			status: q.status,
			after: q.cursor ? decodeCursor(q.cursor) : undefined,
			limit: q.limit,
		});
		const page = rows.slice(0, q.limit);
		const last = page.at(-1);
		const names = await memberNames(db, actor.workspaceId);
		return c.json({
			items: await withTags(
				c,
				actor.workspaceId,
				page.map((p) => postView(p, names)),
			),
			next: rows.length > q.limit && last ? encodeCursor(last.calendarAt, last.id) : null,
		});
	})
	.post("/", jsonBody(createSchema), async (c) => {
		const v = c.req.valid("json");
		const result = await createPosts(ctxOf(c), {
			accountIds: v.accountIds ?? [v.accountId as string],
			body: v.body,
			link: v.link,
			when: whenOf(v) ?? null,
			status: v.status,
			allowDuplicate: v.allowDuplicate,
			bodies: v.bodies,
			mediaIds: v.mediaIds,
			tagIds: v.tagIds,
			campaignId: v.campaignId,
			repeat: v.repeat ? repeatInput(v.repeat) : undefined,
			shortenLinks: v.shortenLinks,
			parts: v.parts,
			firstComment: v.firstComment,
		});
		const ctx = ctxOf(c);
		const posts = await Promise.all(
			result.posts.map(async (p) => ({
				...p,
				tagIds: [...new Set(v.tagIds ?? [])],
				repeat: v.repeat ? await repeatOf(ctx.db, ctx.actor.workspaceId, p.id) : null,
			})),
		);
		return c.json({ ...result, posts }, 201);
	})
	.get("/:id", async (c) => {
		const ctx = ctxOf(c);
		const found = await loadPost(ctx, c.req.param("id"));
		const [names, repeat] = await Promise.all([memberNames(ctx.db, ctx.actor.workspaceId), repeatOf(ctx.db, ctx.actor.workspaceId, found.id)]);
		const [view] = await withTags(c, ctx.actor.workspaceId, [postView(found, names)]);
		return c.json({ ...view, repeat });
	})
	.patch("/:id", jsonBody(patchSchema), async (c) => {
		const v = c.req.valid("json");
		if (v.scheduledAt && v.slot) throw invalidField(["slot"], "Give scheduledAt or slot, not both");
		const ifMatch = c.req.header("If-Match");
		if (ifMatch !== undefined && !/^"?\d+"?$/.test(ifMatch)) throw invalidField(["If-Match"], "The post's revision number");
		const expectedRevision = ifMatch
			? { value: Number(ifMatch.replaceAll('"', "")), from: "if-match" as const }
			: v.revision
				? { value: v.revision, from: "body" as const }
				: undefined;
		const ctx = ctxOf(c);
		const id = c.req.param("id");
		const { repeat: rule, revision: _r, shortenLinks, ...edits } = v;
		// A wrong rule is refused before any edit is written (a slot's time is known only after it).
		if (rule && !v.slot) checkRepeat(repeatInput(rule), v.scheduledAt !== undefined ? whenAt(v.scheduledAt) : (await loadPost(ctx, id)).scheduledAt);
		// Only `repeat` (with or without a revision): the series changes, the post does not.
		const edited =
			Object.keys(edits).length > 0 || shortenLinks !== undefined || rule === undefined
				? await editPost(ctx, id, {
						body: v.body,
						link: v.link,
						when: whenOf(v),
						status: v.status,
						expectedRevision,
						mediaIds: v.mediaIds,
						shortenLinks,
						tagIds: v.tagIds,
						campaignId: v.campaignId,
						parts: v.parts,
						firstComment: v.firstComment,
					})
				: postView(await loadPost(ctx, id), await memberNames(ctx.db, ctx.actor.workspaceId));
		if (rule !== undefined) await setRepeat(ctx, await loadPost(ctx, id), rule === null ? null : repeatInput(rule));
		const [view] = await withTags(c, ctx.actor.workspaceId, [edited]);
		return c.json({ ...view, repeat: await repeatOf(ctx.db, ctx.actor.workspaceId, id) });
	})
	.delete("/:id", async (c) => {
		await deletePost(ctxOf(c), c.req.param("id"));
		return c.body(null, 204);
	})
	.post("/:id/approve", async (c) => c.json(await approvePost(ctxOf(c), c.req.param("id"))))
	.post("/:id/reject", jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })), async (c) =>
		c.json(await rejectPost(ctxOf(c), c.req.param("id"), c.req.valid("json").reason)),
	)
	.post("/:id/request-changes", jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })), async (c) =>
		c.json(await rejectPost(ctxOf(c), c.req.param("id"), c.req.valid("json").reason, "changes_requested")),
	)
	.get("/:id/revisions", async (c) => {
		const ctx = ctxOf(c);
		const found = await loadPost(ctx, c.req.param("id"));
		const [rows, names] = await Promise.all([listRevisions(ctx.db, ctx.actor.workspaceId, found.id), memberNames(ctx.db, ctx.actor.workspaceId)]);
		return c.json({ items: rows.map((r) => revisionView(r, names, found.timezone)), next: null });
	})
	.post("/:id/cancel", async (c) => c.json(await cancelPost(ctxOf(c), c.req.param("id"))))
	.post("/:id/retract", jsonBody(z.object({ reason: z.string().trim().min(1).max(2000) })), async (c) =>
		c.json(await retractPost(ctxOf(c), c.req.param("id"), c.req.valid("json").reason)),
	)
	.get("/:id/links", async (c) => {
		const ctx = ctxOf(c);
		const found = await loadPost(ctx, c.req.param("id"));
		return c.json({ items: await linksOf(ctx.db, ctx.env, found), next: null });
	})
	.post("/:id/publish-now", async (c) => c.json(await publishNow(ctxOf(c), c.req.param("id")), 202))
	.get("/:id/attempts", async (c) => {
		const ctx = ctxOf(c);
		const found = await loadPost(ctx, c.req.param("id"));
		const [rows, names] = await Promise.all([listAttempts(ctx.db, ctx.actor.workspaceId, found.id), memberNames(ctx.db, ctx.actor.workspaceId)]);
		return c.json({ items: rows.map((a) => attemptView(a, names, found.timezone)), next: null });
	});
