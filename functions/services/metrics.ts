/**
 * Daily figures per account (metric_day) and per published post (post_metric), from integrations
 * (POST /metrics) and from the networks (the INGEST queue). Both upsert by natural key: a later
 * reading of the same day replaces the figures it gives and keeps those it leaves out.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { account, metricDay, post, postMetric } from "../../db/schema";
import { invalidField } from "../errors";

export type AccountDayFigures = {
	accountId: string;
	date: string;
	followers?: number | null;
	impressions?: number | null;
	engagements?: number | null;
	clicks?: number | null;
	shares?: number | null;
};
export type PostDayFigures = {
	postId: string;
	date: string;
	likes?: number | null;
	reposts?: number | null;
	replies?: number | null;
	quotes?: number | null;
	impressions?: number | null;
	clicks?: number | null;
};

const keep = (column: { name: string }) => sql.raw(`COALESCE(excluded.${column.name}, ${column.name})`);

export function accountDayUpsert(db: Db, workspaceId: string, f: AccountDayFigures, now: number) {
	return db
		.insert(metricDay)
		.values({
			workspaceId,
			accountId: f.accountId,
			date: f.date,
			followers: f.followers ?? null,
			impressions: f.impressions ?? null,
			engagements: f.engagements ?? null,
			clicks: f.clicks ?? null,
			shares: f.shares ?? null,
			updatedAt: now,
		})
		.onConflictDoUpdate({
			target: [metricDay.accountId, metricDay.date],
			set: {
				followers: keep(metricDay.followers),
				impressions: keep(metricDay.impressions),
				engagements: keep(metricDay.engagements),
				clicks: keep(metricDay.clicks),
				shares: keep(metricDay.shares),
				updatedAt: now,
			},
		});
}

export function postDayUpsert(db: Db, workspaceId: string, accountId: string, f: PostDayFigures, now: number) {
	return db
		.insert(postMetric)
		.values({
			workspaceId,
			postId: f.postId,
			accountId,
			date: f.date,
			likes: f.likes ?? null,
			reposts: f.reposts ?? null,
			replies: f.replies ?? null,
			quotes: f.quotes ?? null,
			impressions: f.impressions ?? null,
			clicks: f.clicks ?? null,
			updatedAt: now,
		})
		.onConflictDoUpdate({
			target: [postMetric.postId, postMetric.date],
			set: {
				likes: keep(postMetric.likes),
				reposts: keep(postMetric.reposts),
				replies: keep(postMetric.replies),
				quotes: keep(postMetric.quotes),
				impressions: keep(postMetric.impressions),
				clicks: keep(postMetric.clicks),
				updatedAt: now,
			},
		});
}

/** POST /metrics: every account and post must be the workspace's (else 422 naming the item); one batch. */
export async function recordMetrics(db: Db, workspaceId: string, items: AccountDayFigures[], posts: PostDayFigures[], now: number) {
	const accountIds = [...new Set(items.map((i) => i.accountId))];
	const known = accountIds.length
		? new Set(
				(
					await db
						.select({ id: account.id })
						.from(account)
						.where(and(eq(account.workspaceId, workspaceId), inArray(account.id, accountIds)))
				).map((a) => a.id),
			)
		: new Set<string>();
	items.forEach((item, i) => {
		if (!known.has(item.accountId)) throw invalidField(["items", i, "accountId"], "No such account in this workspace", 422);
	});
	const postIds = [...new Set(posts.map((p) => p.postId))];
	const postAccount = new Map(
		postIds.length
			? (
					await db
						.select({ id: post.id, accountId: post.accountId })
						.from(post)
						.where(and(eq(post.workspaceId, workspaceId), inArray(post.id, postIds)))
				).map((p) => [p.id, p.accountId])
			: [],
	);
	posts.forEach((p, i) => {
		if (!postAccount.has(p.postId)) throw invalidField(["posts", i, "postId"], "No such post in this workspace", 422);
	});
	const statements = [
		...items.map((f) => accountDayUpsert(db, workspaceId, f, now)),
		...posts.map((f) => postDayUpsert(db, workspaceId, postAccount.get(f.postId)!, f, now)),
	];
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
	return { accounts: items.length, posts: posts.length };
}
