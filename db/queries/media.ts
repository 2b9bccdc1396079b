import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { media } from "../schema";

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
