import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditEvent } from "../../db/schema";
import { getWorkspace } from "../../db/queries/workspaces";
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

/** The append-only trail: who did what to which object, before and after, newest first. */
export const auditRoutes = new Hono<AppEnv>().get("/", queryParams(querySchema), async (c) => {
	const q = c.req.valid("query");
	const actor = c.get("actor");
	const db = c.get("db");
	const ws = await getWorkspace(db, actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	const where: (SQL | undefined)[] = [eq(auditEvent.workspaceId, actor.workspaceId)];
	if (q.from) where.push(gte(auditEvent.at, Date.parse(q.from)));
	if (q.to) where.push(lt(auditEvent.at, Date.parse(q.to)));
	if (q.actor) where.push(eq(auditEvent.actorId, q.actor));
	if (q.subject) where.push(q.subject.includes(":") ? eq(auditEvent.subject, q.subject) : sql`${auditEvent.subject} LIKE ${`${q.subject}:%`}`);
	if (q.cursor) {
		const [at, id] = q.cursor.split("_");
		if (!at || !id || !/^\d+$/.test(at)) throw invalidField(["cursor"], "Not a cursor this API returned");
		where.push(sql`(${auditEvent.at} < ${Number(at)} OR (${auditEvent.at} = ${Number(at)} AND ${auditEvent.id} < ${id}))`);
	}
	const rows = await db
		.select()
		.from(auditEvent)
		.where(and(...where))
		.orderBy(desc(auditEvent.at), desc(auditEvent.id))
		.limit(q.limit + 1);
	const page = rows.slice(0, q.limit);
	const last = page.at(-1);
	return c.json({
		items: page.map((e) => ({ id: e.id, at: isoWithOffset(e.at, ws.timezone), actor: e.actorId, action: e.action, subject: e.subject, before: e.before, after: e.after })),
		next: rows.length > q.limit && last ? `${last.at}_${last.id}` : null,
	});
});
