import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { post } from "../db/schema";

// Belongs in db/queries/posts.ts (reported to the owner of db/); kept here until it moves.
/** The statuses of one compose's posts, for the confirmation after creating them. */
export const groupStatuses = (db: Db, workspaceId: string, groupId: string) =>
	db
		.select({ status: post.status })
		.from(post)
		.where(and(eq(post.workspaceId, workspaceId), eq(post.groupId, groupId)));
