/** Tags and campaigns of posts: the look-ups and the statements that keep post_tag in step with a post. */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import { campaign, post, postTag, tag } from "../schema";

export type TagRow = typeof tag.$inferSelect;
export type CampaignRow = typeof campaign.$inferSelect;

export const listTags = (db: Db, workspaceId: string) => db.select().from(tag).where(eq(tag.workspaceId, workspaceId)).orderBy(asc(tag.name));
export const listCampaigns = (db: Db, workspaceId: string) =>
	db.select().from(campaign).where(eq(campaign.workspaceId, workspaceId)).orderBy(asc(campaign.startDate), asc(campaign.name));

/** The tags of each post asked about, in one query whatever their number (the ids go in as one JSON parameter). */
export async function tagIdsOfPosts(db: Db, workspaceId: string, postIds: string[]): Promise<Map<string, string[]>> {
	const byPost = new Map<string, string[]>(postIds.map((id) => [id, []]));
	if (postIds.length === 0) return byPost;
	const rows = await db
		.select({ postId: postTag.postId, tagId: postTag.tagId })
		.from(postTag)
		.where(and(eq(postTag.workspaceId, workspaceId), sql`${postTag.postId} IN (SELECT value FROM json_each(${JSON.stringify(postIds)}))`));
	for (const r of rows) byPost.get(r.postId)?.push(r.tagId);
	return byPost;
}

/**
 * The statements that make a post carry exactly `tagIds` (to batch with the post's own write). With
 * `ifRevision`, they act only if the post is at that revision, so a change that lost its race to a
 * concurrent edit leaves the tags as the winner wrote them.
 */
export function setPostTagsStatements(db: Db, workspaceId: string, postId: string, tagIds: string[], ifRevision?: number) {
	const guard: SQL = ifRevision
		? sql`EXISTS (SELECT 1 FROM ${post} WHERE ${post.workspaceId} = ${workspaceId} AND ${post.id} = ${postId} AND ${post.revision} = ${ifRevision})`
		: sql`1`;
	return [
		db.delete(postTag).where(and(eq(postTag.workspaceId, workspaceId), eq(postTag.postId, postId), guard)),
		db.insert(postTag).select(sql`SELECT ${workspaceId}, ${postId}, value FROM json_each(${JSON.stringify([...new Set(tagIds)])}) WHERE ${guard}`),
	] as const;
}
