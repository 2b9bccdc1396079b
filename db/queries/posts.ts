import { and, asc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import { member, post, postTag } from "../schema";

export type PostRow = typeof post.$inferSelect;

export const getPost = (db: Db, workspaceId: string, id: string) => db.query.post.findFirst({ where: and(eq(post.workspaceId, workspaceId), eq(post.id, id)) });

export type PostFilter = {
	from?: number;
	to?: number;
	accountId?: string;
	/** Posts carrying this tag; posts of this campaign. */
	tagId?: string;
	campaignId?: string;
	status?: PostRow["status"][];
	/** Keyset cursor: the (calendarAt, id) of the last row of the previous page. */
	after?: { calendarAt: number | null; id: string };
	limit: number;
};

/**
 * One page of posts in calendar order (undated drafts last), on the (workspace, calendar_at) index.
 * Asks for one row more than the page so the caller knows whether there is a next page.
 */
export function listPosts(db: Db, workspaceId: string, f: PostFilter) {
	// Replies to conversations go out like posts but are not part of the calendar.
	const where: (SQL | undefined)[] = [eq(post.workspaceId, workspaceId), eq(post.kind, "post")];
	if (f.from !== undefined) where.push(gte(post.calendarAt, f.from));
	if (f.to !== undefined) where.push(lt(post.calendarAt, f.to));
	if (f.accountId) where.push(eq(post.accountId, f.accountId));
	if (f.status?.length) where.push(inArray(post.status, f.status));
	if (f.campaignId) where.push(eq(post.campaignId, f.campaignId));
	if (f.tagId)
		where.push(
			sql`EXISTS (SELECT 1 FROM ${postTag} WHERE ${postTag.postId} = ${post.id} AND ${postTag.workspaceId} = ${workspaceId} AND ${postTag.tagId} = ${f.tagId})`,
		);
	if (f.after) {
		const { calendarAt, id } = f.after;
		where.push(
			calendarAt === null
				? sql`(${post.calendarAt} IS NULL AND ${post.id} > ${id})`
				: sql`(${post.calendarAt} > ${calendarAt} OR (${post.calendarAt} = ${calendarAt} AND ${post.id} > ${id}) OR ${post.calendarAt} IS NULL)`,
		);
	}
	return db
		.select()
		.from(post)
		.where(and(...where))
		.orderBy(sql`${post.calendarAt} IS NULL`, asc(post.calendarAt), asc(post.id))
		.limit(f.limit + 1);
}

/** Scheduled instants already taken on an account, for `slot: "next"`. */
export async function takenTimes(db: Db, workspaceId: string, accountId: string, from: number): Promise<Set<number>> {
	const rows = await db
		.select({ at: post.scheduledAt })
		.from(post)
		.where(
			and(
				eq(post.workspaceId, workspaceId),
				eq(post.accountId, accountId),
				eq(post.kind, "post"),
				gte(post.calendarAt, from),
				inArray(post.status, ["pending_approval", "scheduled", "publishing", "published"]),
			),
		);
	return new Set(rows.map((r) => r.at).filter((at): at is number => at !== null));
}

/** Names of every member, to show authors and approvers without a query per post. */
export async function memberNames(db: Db, workspaceId: string): Promise<Map<string, { id: string; name: string }>> {
	const rows = await db.select({ id: member.id, name: member.name }).from(member).where(eq(member.workspaceId, workspaceId));
	return new Map(rows.map((m) => [m.id, m]));
}

/** The statuses of one compose's posts, for the confirmation after creating them. */
export const groupStatuses = (db: Db, workspaceId: string, groupId: string) =>
	db
		.select({ status: post.status, accountId: post.accountId })
		.from(post)
		.where(and(eq(post.workspaceId, workspaceId), eq(post.groupId, groupId)));
