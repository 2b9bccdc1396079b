/**
 * Reading the audit trail, newest first, one page at a time: GET /api/v1/audit and the /audit page
 * both list it with this, so they filter and page identically.
 */
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvent, conversation, post } from "../schema";

export type AuditEventRow = typeof auditEvent.$inferSelect;

/** Where the previous page ended: the last row's time and id. */
export type AuditCursor = { at: number; id: string };

export type AuditFilter = {
	/** Inclusive, ms since the epoch. */
	from?: number;
	/** Exclusive, ms since the epoch. */
	to?: number;
	/** A member id, or "system" for the scheduler. */
	actor?: string;
	/** "post:<id>" for one object, or a kind alone ("post") for all of that kind. */
	subject?: string;
	cursor?: AuditCursor;
	limit: number;
};

/** The cursor string a page hands out: "<at>_<id>". */
export const formatAuditCursor = (c: AuditCursor) => `${c.at}_${c.id}`;

/** A cursor string this module handed out, or null for anything else. */
export function parseAuditCursor(cursor: string): AuditCursor | null {
	const [at, id] = cursor.split("_");
	if (!at || !id || !/^\d+$/.test(at)) return null;
	return { at: Number(at), id };
}

export async function listAuditEvents(db: Db, workspaceId: string, f: AuditFilter): Promise<{ rows: AuditEventRow[]; next: AuditCursor | null }> {
	const where: (SQL | undefined)[] = [eq(auditEvent.workspaceId, workspaceId)];
	if (f.from !== undefined) where.push(gte(auditEvent.at, f.from));
	if (f.to !== undefined) where.push(lt(auditEvent.at, f.to));
	if (f.actor) where.push(eq(auditEvent.actorId, f.actor));
	if (f.subject) where.push(f.subject.includes(":") ? eq(auditEvent.subject, f.subject) : sql`${auditEvent.subject} LIKE ${`${f.subject}:%`}`);
	if (f.cursor) {
		const { at, id } = f.cursor;
		where.push(sql`(${auditEvent.at} < ${at} OR (${auditEvent.at} = ${at} AND ${auditEvent.id} < ${id}))`);
	}
	const rows = await db
		.select()
		.from(auditEvent)
		.where(and(...where))
		.orderBy(desc(auditEvent.at), desc(auditEvent.id))
		.limit(f.limit + 1);
	const page = rows.slice(0, f.limit);
	const last = page.at(-1);
	return { rows: page, next: rows.length > f.limit && last ? { at: last.at, id: last.id } : null };
}

/** What names a post in the trail: its text and account, for the posts of one page of events. */
export async function postSummaries(
	db: Db,
	workspaceId: string,
	ids: string[],
): Promise<Map<string, { body: string; link: string | null; accountId: string }>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: post.id, body: post.body, link: post.link, accountId: post.accountId })
		.from(post)
		.where(and(eq(post.workspaceId, workspaceId), inArray(post.id, unique)));
	return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** Who each conversation is with and on which account, for the trail's "the conversation with @x on @y". */
export async function conversationSummaries(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, { authorHandle: string; accountId: string }>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: conversation.id, authorHandle: conversation.authorHandle, accountId: conversation.accountId })
		.from(conversation)
		.where(and(eq(conversation.workspaceId, workspaceId), inArray(conversation.id, unique)));
	return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}
