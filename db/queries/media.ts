import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { media, post } from "../schema";

export type MediaRow = typeof media.$inferSelect;

export async function findMedia(db: Db, workspaceId: string, id: string): Promise<MediaRow | undefined> {
	return db
		.select()
		.from(media)
		.where(and(eq(media.workspaceId, workspaceId), eq(media.id, id)))
		.get();
}

/** The workspace's media among `ids`, in the order of `ids`; ids of other workspaces are simply absent. */
export async function mediaInOrder(db: Db, workspaceId: string, ids: readonly string[]): Promise<MediaRow[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.select()
		.from(media)
		.where(and(eq(media.workspaceId, workspaceId), inArray(media.id, [...ids])));
	const byId = new Map(rows.map((r) => [r.id, r]));
	return ids.flatMap((id) => byId.get(id) ?? []);
}

export function mediaView(m: MediaRow) {
	return {
		id: m.id,
		type: m.type,
		size: m.size,
		alt: m.alt,
		width: m.width,
		height: m.height,
		durationSeconds: m.durationSeconds,
		url: `/api/v1/media/${m.id}/raw`,
		createdAt: new Date(m.createdAt).toISOString(),
	};
}

/** While a post is in one of these, its media may still be sent: deleting them would break it. */
export const mediaHoldingStatuses = ["scheduled", "pending_approval", "publishing"] as const;

const holdsMedia = (workspaceId: string, mediaId: string) =>
	sql`${post.workspaceId} = ${workspaceId} AND ${post.status} IN ('scheduled', 'pending_approval', 'publishing') AND EXISTS (SELECT 1 FROM json_each(${post.mediaIds}) WHERE value = ${mediaId})`;

/** The posts that may still send this media (see mediaHoldingStatuses), at most 20. */
export async function postsHoldingMedia(db: Db, workspaceId: string, mediaId: string) {
	return db.select({ id: post.id, status: post.status }).from(post).where(holdsMedia(workspaceId, mediaId)).limit(20);
}

/**
 * Deletes the row unless a post took it meanwhile: the check and the delete are one statement, so a
 * post scheduled between the route's check and this delete keeps its media.
 */
export function deleteUnheldMediaStatement(db: Db, workspaceId: string, mediaId: string) {
	return db
		.delete(media)
		.where(and(eq(media.workspaceId, workspaceId), eq(media.id, mediaId), sql`NOT EXISTS (SELECT 1 FROM ${post} WHERE ${holdsMedia(workspaceId, mediaId)})`))
		.returning({ id: media.id });
}
