/**
 * The calendar's tag and campaign filters (query parameters, so they work without JavaScript) and
 * each entry's chips: its campaign first, then its tags, each with its name and colour.
 */
import type { Db } from "../db/client";
import { type CampaignRow, listCampaigns, listTags, type TagRow, tagIdsOfPosts } from "../db/queries/labels";
import type { Chip } from "./components/label-chips";

export type CalendarLabelChoices = { tags: TagRow[]; campaigns: CampaignRow[]; tagId?: string; campaignId?: string };

export async function calendarLabels(db: Db, workspaceId: string, q: Record<string, string | undefined>) {
	const [tags, campaigns] = await Promise.all([listTags(db, workspaceId), listCampaigns(db, workspaceId)]);
	// Only this workspace's ids filter; anything else is ignored like an unknown account.
	const tagId = tags.some((t) => t.id === q.tagId) ? q.tagId : undefined;
	const campaignId = campaigns.some((c) => c.id === q.campaignId) ? q.campaignId : undefined;
	const filter: { tagId?: string; campaignId?: string } = { ...(tagId ? { tagId } : {}), ...(campaignId ? { campaignId } : {}) };
	const tagById = new Map(tags.map((t) => [t.id, t]));
	const campaignById = new Map(campaigns.map((c) => [c.id, c]));
	return {
		filter,
		choices: { tags, campaigns, tagId, campaignId } satisfies CalendarLabelChoices,
		/** One query for every post on the page; then each post's chips. */
		async chipsFor(posts: { id: string; campaignId: string | null }[]) {
			const byPost = tags.length ? await tagIdsOfPosts(db, workspaceId, [...new Set(posts.map((p) => p.id))]) : new Map<string, string[]>();
			return (p: { id: string; campaignId: string | null }): Chip[] => {
				const camp = p.campaignId ? campaignById.get(p.campaignId) : undefined;
				return [
					...(camp ? [{ kind: "campaign" as const, name: camp.name, colour: camp.colour }] : []),
					...(byPost.get(p.id) ?? []).flatMap((id) => {
						const t = tagById.get(id);
						return t ? [{ kind: "tag" as const, name: t.name, colour: t.colour }] : [];
					}),
				];
			};
		},
	};
}
