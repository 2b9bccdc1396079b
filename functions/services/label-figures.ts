/**
 * The campaign and tag breakdown of a period, for Insights and the reports: posts published in
 * [from, to) and, where the networks gave them, their engagements, impressions and clicks (the
 * post's lifetime totals as last read into post_metric). Four queries whatever the number of posts.
 */
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listCampaigns, listTags, tagIdsOfPosts } from "../../db/queries/labels";
import { post, postMetric } from "../../db/schema";
import { labelBreakdown } from "../../domain/label-breakdown";

export async function labelFigures(db: Db, workspaceId: string, q: { from: number; to: number; accountIds?: string[] }) {
	const latest = (expr: ReturnType<typeof sql>) => sql<number | null>`(SELECT MAX(${expr}) FROM ${postMetric} WHERE ${postMetric.postId} = ${post.id})`;
	const [rows, campaigns, tags] = await Promise.all([
		db
			.select({
				id: post.id,
				campaignId: post.campaignId,
				engagements: latest(
					sql`COALESCE(${postMetric.likes}, 0) + COALESCE(${postMetric.reposts}, 0) + COALESCE(${postMetric.replies}, 0) + COALESCE(${postMetric.quotes}, 0)`,
				),
				impressions: latest(sql`${postMetric.impressions}`),
				clicks: latest(sql`${postMetric.clicks}`),
			})
			.from(post)
			.where(
				and(
					eq(post.workspaceId, workspaceId),
					eq(post.kind, "post"),
					eq(post.status, "published"),
					gte(post.publishedAt, q.from),
					lt(post.publishedAt, q.to),
					q.accountIds ? sql`${post.accountId} IN (SELECT value FROM json_each(${JSON.stringify(q.accountIds)}))` : undefined,
				),
			),
		listCampaigns(db, workspaceId),
		listTags(db, workspaceId),
	]);
	const tagsByPost = tags.length
		? await tagIdsOfPosts(
				db,
				workspaceId,
				rows.map((r) => r.id),
			)
		: new Map<string, string[]>();
	return labelBreakdown(
		rows.map((r) => ({ ...r, tagIds: tagsByPost.get(r.id) ?? [] })),
		campaigns,
		tags,
	);
}

export type LabelFiguresResult = Awaited<ReturnType<typeof labelFigures>>;
