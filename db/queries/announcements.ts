import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { announcement, post } from "../schema";

export type AnnouncementListItem = {
	id: string;
	mainAccountId: string;
	createdAt: number;
	main: { id: string; body: string; status: (typeof post.$inferSelect)["status"]; scheduledAt: number | null; timezone: string } | null;
	/** How many local variants are in each status. */
	variants: Partial<Record<(typeof post.$inferSelect)["status"], number>>;
};

/** The workspace's most recent announcements, newest first, with their main post and the variants' statuses. */
export async function listAnnouncements(db: Db, workspaceId: string, limit = 50): Promise<AnnouncementListItem[]> {
	const rows = await db
		.select({ id: announcement.id, mainPostId: announcement.mainPostId, mainAccountId: announcement.mainAccountId, createdAt: announcement.createdAt })
		.from(announcement)
		.where(eq(announcement.workspaceId, workspaceId))
		.orderBy(desc(announcement.createdAt), desc(announcement.id))
		.limit(limit);
	if (rows.length === 0) return [];
	const posts = await db
		.select({ id: post.id, announcementId: post.announcementId, body: post.body, status: post.status, scheduledAt: post.scheduledAt, timezone: post.timezone })
		.from(post)
		.where(
			and(
				eq(post.workspaceId, workspaceId),
				inArray(
					post.announcementId,
					rows.map((r) => r.id),
				),
			),
		);
	return rows.map((r) => {
		const mine = posts.filter((p) => p.announcementId === r.id);
		const main = mine.find((p) => p.id === r.mainPostId);
		const variants: AnnouncementListItem["variants"] = {};
		for (const p of mine) if (p.id !== r.mainPostId) variants[p.status] = (variants[p.status] ?? 0) + 1;
		return {
			id: r.id,
			mainAccountId: r.mainAccountId,
			createdAt: r.createdAt,
			main: main ? { id: main.id, body: main.body, status: main.status, scheduledAt: main.scheduledAt, timezone: main.timezone } : null,
			variants,
		};
	});
}
