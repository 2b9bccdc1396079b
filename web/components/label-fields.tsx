import type { CampaignRow, TagRow } from "../../db/queries/labels";
import { FieldErrors } from "./messages";

type Props = {
	tags: TagRow[];
	campaigns: CampaignRow[];
	tagIds: string[];
	campaignId: string;
	errors: { tagIds?: string[]; campaignId?: string[] };
};

/** The post's campaign and tags from the compose form (the same check as the API: ids of this workspace, a campaign that runs on the account). */
export function LabelFields({ tags, campaigns, tagIds, campaignId, errors }: Props) {
	if (tags.length === 0 && campaigns.length === 0) return null;
	return (
		<fieldset class="labels">
			<legend>Campaign and tags</legend>
			{campaigns.length > 0 && (
				<label class="field-label">
					Campaign
					<select name="campaignId">
						<option value="">None</option>
						{campaigns.map((c) => (
							<option value={c.id} selected={c.id === campaignId}>
								{c.name} ({c.startDate} to {c.endDate})
							</option>
						))}
					</select>
				</label>
			)}
			<FieldErrors messages={errors.campaignId} />
			{tags.length > 0 && (
				<div class="label-choices">
					{tags.map((t) => (
						<label class={`label-chip colour-${t.colour}`}>
							<input type="checkbox" name="tagIds" value={t.id} checked={tagIds.includes(t.id)} /> {t.name}
						</label>
					))}
				</div>
			)}
			<FieldErrors messages={errors.tagIds} />
		</fieldset>
	);
}
