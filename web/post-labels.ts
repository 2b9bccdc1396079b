/** What the post page shows of a post's labels and approval links (one place, so the page stays small). */
import { listCampaigns, listTags, tagIdsOfPosts } from "../db/queries/labels";
import type { PostRow } from "../db/queries/posts";
import { listApprovalLinks } from "../functions/services/approval-links";
import type { ServiceContext } from "../functions/services/context";

export async function postLabels(ctx: Pick<ServiceContext, "db" | "actor">, row: PostRow) {
	const ws = ctx.actor.workspaceId;
	const [tags, campaigns, tagIds, links] = await Promise.all([
		listTags(ctx.db, ws),
		listCampaigns(ctx.db, ws),
		tagIdsOfPosts(ctx.db, ws, [row.id]),
		listApprovalLinks(ctx, { postId: row.id }),
	]);
	return { tags, campaigns, tagIds: tagIds.get(row.id) ?? [], links };
}

export type PostLabels = Awaited<ReturnType<typeof postLabels>>;
