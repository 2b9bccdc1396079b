/**
 * The mission lint with what it needs from the database: the account's mission (workspace default
 * plus override) and the workspace's recent posts, loaded once per request whatever the number of
 * accounts in the compose.
 */
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { AccountRow } from "../../db/queries/accounts";
import { missionsFor } from "../../db/queries/missions";
import { post } from "../../db/schema";
import type { Finding } from "../../domain/findings";
import { isBroadcast, lintDraft, type RecentPost } from "../../domain/lint";

// Two weeks either side of now: the window the broadcast share and repeated texts are judged in.
const RECENT_MS = 14 * 86_400_000;
const RECENT_LIMIT = 1000;

export type Linter = {
	lint(acc: Pick<AccountRow, "id" | "network">, body: string, link: string | null | undefined, compose: { groupId?: string; accounts: Pick<AccountRow, "id" | "network">[]; excludePostIds?: string[] }): Finding[];
};

export async function loadLinter(db: Db, workspaceId: string, accountIds: string[], now: number): Promise<Linter> {
	const [missions, rows] = await Promise.all([
		missionsFor(db, workspaceId, accountIds),
		db
			.select({ id: post.id, body: post.body, link: post.link, groupId: post.groupId, accountId: post.accountId })
			.from(post)
			.where(
				and(
					eq(post.workspaceId, workspaceId),
					eq(post.kind, "post"),
					inArray(post.status, ["pending_approval", "scheduled", "publishing", "published"]),
					gte(post.calendarAt, now - RECENT_MS),
					lte(post.calendarAt, now + RECENT_MS),
				),
			)
			.limit(RECENT_LIMIT),
	]);
	const networks = new Map<string, RecentPost["network"]>();
	return {
		lint(acc, body, link, compose) {
			for (const a of compose.accounts) networks.set(a.id, a.network);
			const recentPosts: RecentPost[] = rows
				.filter((r) => !compose.excludePostIds?.includes(r.id))
				.map((r) => ({ body: r.body, broadcast: isBroadcast(r.body, r.link), groupId: r.groupId, accountId: r.accountId, network: networks.get(r.accountId) ?? "sandbox" }));
			return lintDraft({
				network: acc.network,
				body,
				link,
				mission: missions.forAccount(acc.id),
				recentPosts,
				compose: { groupId: compose.groupId, accountIds: compose.accounts.map((a) => ({ id: a.id, network: a.network })) },
				accountId: acc.id,
			});
		},
	};
}
