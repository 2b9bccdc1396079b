import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { newId } from "../ids";
import { auditEvent } from "../schema";

export type AuditInput = {
	workspaceId: string;
	actorId: string;
	action: string;
	subject: string;
	before?: unknown;
	after?: unknown;
	at: number;
};

/**
 * The audit row as an unexecuted statement, so callers put it in the same `db.batch` as the change
 * it describes: the trail and the change commit together or not at all.
 */
export function auditStatement(db: Db, event: AuditInput) {
	return db.insert(auditEvent).values({
		id: newId(),
		workspaceId: event.workspaceId,
		actorId: event.actorId,
		action: event.action,
		subject: event.subject,
		before: event.before ?? null,
		after: event.after ?? null,
		at: event.at,
	});
}

/**
 * Like auditStatement, but writes only if the statement just before it in the same batch changed a
 * row (SQLite's changes()). A guarded update that lost a race then leaves no audit row behind.
 */
export function auditIfChangedStatement(db: Db, event: AuditInput) {
	const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
	// Columns in the table's order: insert…select fills them positionally.
	return db
		.insert(auditEvent)
		.select(
			sql`SELECT ${newId()}, ${event.workspaceId}, ${event.at}, ${event.actorId}, ${event.action}, ${event.subject}, ${json(event.before)}, ${json(event.after)} WHERE changes() > 0`,
		);
}
