/** The review history of a post: each version submitted and each verdict on it (post_revision). */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { newId } from "../ids";
import { postRevision } from "../schema";

export type RevisionEvent = (typeof postRevision.$inferSelect)["event"];
type Snapshot = { id: string; workspaceId: string; revision: number; body: string; link: string | null; scheduledAt: number | null };

const rowOf = (p: Snapshot, event: RevisionEvent, actorId: string, at: number, reason: string | null = null) => ({
	id: newId(),
	workspaceId: p.workspaceId,
	postId: p.id,
	revision: p.revision,
	event,
	body: p.body,
	link: p.link,
	scheduledAt: p.scheduledAt,
	reason,
	actorId,
	at,
});

export const revisionStatement = (db: Db, p: Snapshot, event: RevisionEvent, actorId: string, at: number, reason?: string | null) =>
	db.insert(postRevision).values(rowOf(p, event, actorId, at, reason));

/** Written only if the statement before it in the batch changed a row (see auditIfChangedStatement). */
export function revisionIfChangedStatement(db: Db, p: Snapshot, event: RevisionEvent, actorId: string, at: number, reason?: string | null) {
	const r = rowOf(p, event, actorId, at, reason);
	return db
		.insert(postRevision)
		.select(
			sql`SELECT ${r.id}, ${r.workspaceId}, ${r.postId}, ${r.revision}, ${r.event}, ${r.body}, ${r.link}, ${r.scheduledAt}, ${r.reason}, ${r.actorId}, ${r.at} WHERE changes() > 0`,
		);
}

export const listRevisions = (db: Db, workspaceId: string, postId: string) =>
	db
		.select()
		.from(postRevision)
		.where(and(eq(postRevision.workspaceId, workspaceId), eq(postRevision.postId, postId)))
		.orderBy(asc(postRevision.at), asc(postRevision.revision));
