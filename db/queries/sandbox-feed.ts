import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { sandboxFeedItem } from "../schema";

export type SandboxFeedRow = typeof sandboxFeedItem.$inferSelect;

/**
 * One sandbox account's feed, newest first: what Chorus actually "published" there. Scoped by
 * workspace as well as account, so another workspace's account id reads as an empty feed.
 * Used by the API (GET /accounts/:id/feed) and the web page (/sandbox/:accountId).
 */
export const listSandboxFeed = (db: Db, workspaceId: string, accountId: string, limit = 200) =>
	db
		.select()
		.from(sandboxFeedItem)
		.where(and(eq(sandboxFeedItem.workspaceId, workspaceId), eq(sandboxFeedItem.accountId, accountId)))
		.orderBy(desc(sandboxFeedItem.createdAt), desc(sandboxFeedItem.id))
		.limit(limit);
