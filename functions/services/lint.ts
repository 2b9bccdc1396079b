/**
 * The mission lint with what it needs from the database: the account's mission (workspace default
 * plus override) and the workspace's recent posts, loaded once per request whatever the number of
 * accounts in the compose.
 */
import { and, desc, eq, gte, inArray, lte, notInArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { AccountRow } from "../../db/queries/accounts";
import { missionsFor } from "../../db/queries/missions";
import { post } from "../../db/schema";
import type { Finding } from "../../domain/findings";
import { lengthOptionsFor } from "../../domain/instance-limits";
import { isBroadcast, lintDraft, type RecentPost } from "../../domain/lint";
import { lintPart } from "../../domain/post-parts";

// A week either side of now: the window the broadcast share and repeated texts are judged in. Bounded
// so a compose costs the same in a busy workspace as in a quiet one.
const RECENT_MS = 7 * 86_400_000;
const RECENT_LIMIT = 300;

export type Linter = {
	/** `instanceLimits`: a Mastodon account's own length limit and URL length (absent: the defaults). */
	lint(
		acc: Pick<AccountRow, "id" | "network"> & Partial<Pick<AccountRow, "instanceLimits">>,
		body: string,
		link: string | null | undefined,
		compose: { groupId?: string; accounts: Pick<AccountRow, "id" | "network">[]; excludePostIds?: string[] },
	): Finding[];
	/** One part of a thread after the body, or a first comment (domain/post-parts.ts lintPart). */
	lintPart(acc: Pick<AccountRow, "id" | "network"> & Partial<Pick<AccountRow, "instanceLimits">>, text: string): Finding[];
};

export async function loadLinter(db: Db, workspaceId: string, accountIds: string[], now: number): Promise<Linter> {
	const recent = (scope: ReturnType<typeof and>, limit: number) =>
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
					scope,
				),
			)
			.orderBy(desc(post.calendarAt))
			.limit(limit);
	// The compose's own accounts (for their broadcast share) and the rest of the workspace (for texts
	// repeated elsewhere) separately, so a busy workspace cannot crowd out an account's own history.
	const [missions, ownRows, otherRows] = await Promise.all([
		missionsFor(db, workspaceId, accountIds),
		recent(and(inArray(post.accountId, accountIds.slice(0, 50))), RECENT_LIMIT),
		recent(and(notInArray(post.accountId, accountIds.slice(0, 50))), RECENT_LIMIT),
	]);
	const rows = [...ownRows, ...otherRows];
	// Computed once per request, not once per account linted: a compose to several accounts lints the
	// same recent posts each time. Only the compose's own accounts need the (costlier) broadcast test.
	const own = new Set(accountIds);
	const recentPosts = (networks: Map<string, RecentPost["network"]>, exclude: readonly string[] = []): RecentPost[] =>
		rows
			.filter((r) => !exclude.includes(r.id))
			.map((r) => ({
				body: r.body,
				broadcast: own.has(r.accountId) && isBroadcast(r.body, r.link),
				groupId: r.groupId,
				accountId: r.accountId,
				network: networks.get(r.accountId) ?? "sandbox",
			}));
	let cached: { key: string; posts: RecentPost[] } | null = null;
	return {
		lint(acc, body, link, compose) {
			const networks = new Map(compose.accounts.map((a) => [a.id, a.network] as const));
			const key = (compose.excludePostIds ?? []).join(",");
			if (cached?.key !== key) cached = { key, posts: recentPosts(networks, compose.excludePostIds) };
			const recent = cached.posts;
			return lintDraft({
				network: acc.network,
				body,
				link,
				mission: missions.forAccount(acc.id),
				recentPosts: recent,
				compose: { groupId: compose.groupId, accountIds: compose.accounts.map((a) => ({ id: a.id, network: a.network })) },
				accountId: acc.id,
				lengthOptions: lengthOptionsFor(acc),
			});
		},
		lintPart(acc, text) {
			return lintPart({ network: acc.network, text, mission: missions.forAccount(acc.id), lengthOptions: lengthOptionsFor(acc) });
		},
	};
}
