import { Hono } from "hono";
import { z } from "zod";
import { formatAuditCursor, listAuditEvents, parseAuditCursor } from "../../db/queries/audit-events";
import { getWorkspace } from "../../db/queries/workspaces";
import { redactAuditEntry } from "../../domain/audit-visibility";
import { isoWithOffset } from "../../domain/time";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset" });
const querySchema = z.object({
	from: instant.optional(),
	to: instant.optional(),
	actor: z.string().optional(),
	// "post:<id>" for one object, or a kind alone ("post") for all of that kind.
	subject: z.string().max(200).optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
	cursor: z.string().optional(),
});

/**
 * The append-only trail: who did what to which object, before and after, newest first. Details the
 * reader may not see through the object's own route are blanked (`redacted: true`).
 */
export const auditRoutes = new Hono<AppEnv>().get("/", queryParams(querySchema), async (c) => {
	const q = c.req.valid("query");
	const actor = c.get("actor");
	const db = c.get("db");
	const ws = await getWorkspace(db, actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	const cursor = q.cursor ? parseAuditCursor(q.cursor) : undefined;
	if (cursor === null) throw invalidField(["cursor"], "Not a cursor this API returned");
	const { rows, next } = await listAuditEvents(db, actor.workspaceId, {
		from: q.from ? Date.parse(q.from) : undefined,
		to: q.to ? Date.parse(q.to) : undefined,
		actor: q.actor,
		subject: q.subject,
		cursor,
		limit: q.limit,
	});
	return c.json({
		items: rows
			.map((row) => redactAuditEntry(actor, row))
			.map((e) => ({
				id: e.id,
				at: isoWithOffset(e.at, ws.timezone),
				actor: e.actorId,
				action: e.action,
				subject: e.subject,
				before: e.before,
				after: e.after,
				redacted: e.redacted,
			})),
		next: next ? formatAuditCursor(next) : null,
	});
});
