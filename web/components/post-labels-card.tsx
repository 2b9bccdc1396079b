import type { CampaignRow, TagRow } from "../../db/queries/labels";

/** The post's tags and campaign, and (for who may edit it) the form that changes them. */
export const PostLabelsCard = (p: {
	postId: string;
	tags: TagRow[];
	campaigns: CampaignRow[];
	tagIds: string[];
	campaignId: string | null;
	canEdit: boolean;
}) => {
	const carried = p.tags.filter((t) => p.tagIds.includes(t.id));
	const campaign = p.campaigns.find((c) => c.id === p.campaignId);
	return (
		<section class="card post-labels">
			<h2>Campaign and tags</h2>
			<p>
				Campaign: {campaign ? <a href={`/campaigns/${campaign.id}`}>{campaign.name}</a> : "none"}
				<br />
				Tags: {carried.length ? carried.map((t) => t.name).join(", ") : "none"}
			</p>
			{p.canEdit && (p.tags.length > 0 || p.campaigns.length > 0) && (
				<form method="post" action={`/posts/${p.postId}/labels`} class="stack">
					<label>
						Campaign
						<select name="campaignId">
							<option value="">None</option>
							{p.campaigns.map((c) => (
								<option value={c.id} selected={c.id === p.campaignId}>
									{c.name}
								</option>
							))}
						</select>
					</label>
					{p.tags.length > 0 && (
						<fieldset>
							<legend>Tags</legend>
							{p.tags.map((t) => (
								<label class="check">
									<input type="checkbox" name="tagIds" value={t.id} checked={p.tagIds.includes(t.id)} /> {t.name}
								</label>
							))}
						</fieldset>
					)}
					<button type="submit">Save labels</button>
				</form>
			)}
		</section>
	);
};
