import { and, asc, eq } from "drizzle-orm";
import { isoWithOffset } from "../../domain/time";
import type { Db } from "../client";
import { publishAttempt } from "../schema";

export const listAttempts = (db: Db, workspaceId: string, postId: string) =>
	db
		.select()
		.from(publishAttempt)
		.where(and(eq(publishAttempt.workspaceId, workspaceId), eq(publishAttempt.postId, postId)))
		.orderBy(asc(publishAttempt.n), asc(publishAttempt.finishedAt));

/** API.md: `{ n, startedAt, finishedAt, outcome, by, network: { status, summary } }`. */
export function attemptView(a: typeof publishAttempt.$inferSelect, names: Map<string, { id: string; name: string }>, zone: string) {
	return {
		n: a.n,
		// Which message of a thread: "1" (the post itself), "2".."n", or "comment".
		part: a.part,
		startedAt: isoWithOffset(a.startedAt, zone),
		finishedAt: isoWithOffset(a.finishedAt, zone),
		outcome: a.outcome,
		by: a.by === "scheduler" ? { kind: "scheduler" } : { kind: "member", ...(names.get(a.by) ?? { id: a.by, name: "(former member)" }) },
		network: { status: a.networkStatus, summary: a.networkSummary },
	};
}
