import { Hono } from "hono";
import { z } from "zod";
import {
	bellItemView,
	bellOf,
	getNotification,
	listNotifications,
	markGroupRead,
	markRead,
	notificationView,
	preferencesOf,
	savePreferences,
	unreadCount,
} from "../../db/queries/notifications";
import { kindLabels, notificationKinds } from "../../domain/notifications";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { jsonBody, queryParams } from "../validation";

const listSchema = z.object({
	unread: z.enum(["true", "false"]).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	cursor: z.string().optional(),
});

export const preferencesSchema = z.object({
	items: z
		.array(z.object({ kind: z.enum(notificationKinds), inApp: z.boolean(), email: z.boolean() }))
		.min(1)
		.max(notificationKinds.length),
});

export const readGroupSchema = z.object({ group: z.string().min(1).max(200) });

function parseCursor(cursor: string) {
	const [at, id] = cursor.split("_");
	if (!at || !id || !/^\d+$/.test(at)) throw invalidField(["cursor"], "Not a cursor this API returned");
	return { at: Number(at), id };
}

const whoOf = (actor: { workspaceId: string; id: string }) => ({ workspaceId: actor.workspaceId, memberId: actor.id });

/** The caller's own notifications: nobody reads or marks anyone else's. */
export const notificationRoutes = new Hono<AppEnv>()
	.get("/", queryParams(listSchema), async (c) => {
		const q = c.req.valid("query");
		const who = whoOf(c.get("actor"));
		const db = c.get("db");
		const [page, unread] = await Promise.all([
			listNotifications(db, who, { unreadOnly: q.unread === "true", limit: q.limit, cursor: q.cursor ? parseCursor(q.cursor) : undefined }),
			unreadCount(db, who),
		]);
		return c.json({ items: page.rows.map(notificationView), next: page.next, unread });
	})
	// The bell: unread notifications still asking something, one line per group, approvals first.
	.get("/bell", async (c) => {
		const who = whoOf(c.get("actor"));
		const [items, unread] = await Promise.all([bellOf(c.get("db"), who), unreadCount(c.get("db"), who)]);
		return c.json({ items: items.map(bellItemView), unread });
	})
	// A bell line at once: every unread notification of the caller's with that group key.
	.post("/read-group", jsonBody(readGroupSchema), async (c) => {
		const marked = await markGroupRead(c.get("db"), whoOf(c.get("actor")), c.get("now"), c.req.valid("json").group);
		return c.json({ marked });
	})
	.get("/preferences", async (c) => {
		const prefs = await preferencesOf(c.get("db"), whoOf(c.get("actor")));
		return c.json({ items: notificationKinds.map((kind) => ({ kind, label: kindLabels[kind], ...prefs[kind] })) });
	})
	.put("/preferences", jsonBody(preferencesSchema), async (c) => {
		const who = whoOf(c.get("actor"));
		await savePreferences(c.get("db"), who, c.req.valid("json").items);
		const prefs = await preferencesOf(c.get("db"), who);
		return c.json({ items: notificationKinds.map((kind) => ({ kind, label: kindLabels[kind], ...prefs[kind] })) });
	})
	.post("/read-all", async (c) => c.json({ marked: await markRead(c.get("db"), whoOf(c.get("actor")), c.get("now")) }))
	.post("/:id/read", async (c) => {
		const who = whoOf(c.get("actor"));
		const db = c.get("db");
		if (!(await getNotification(db, who, c.req.param("id")))) throw notFound("Notification");
		await markRead(db, who, c.get("now"), c.req.param("id"));
		return c.json(notificationView((await getNotification(db, who, c.req.param("id")))!));
	});
