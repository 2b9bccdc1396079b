import type { AccountRow } from "../../db/queries/accounts";
import type { CampaignRow, TagRow } from "../../db/queries/labels";
import { tagColours } from "../../db/schema";
import { networkNames } from "../../domain/networks";
import { LabelChips } from "../components/label-chips";
import { Banner } from "../components/messages";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";

const ColourSelect = ({ value }: { value?: string }) => (
	<select name="colour" aria-label="Colour">
		{tagColours.map((c) => (
			<option value={c} selected={c === value}>
				{c}
			</option>
		))}
	</select>
);

type Props = {
	viewer?: Viewer;
	tags: TagRow[];
	campaigns: CampaignRow[];
	accounts: AccountRow[];
	canManage: boolean;
	notice?: string;
	errors?: FormErrors;
};

/** Tags and campaigns of the workspace: list, add, remove. */
export const CampaignsPage = (p: Props) => (
	<Layout title="Campaigns and tags" viewer={p.viewer} current="campaigns">
		<h1>Campaigns and tags</h1>
		<Banner text={p.notice} />
		<Banner text={p.errors?.message} kind="error" />
		<div class="post-layout">
			<section class="card">
				<h2>Campaigns</h2>
				{p.campaigns.length === 0 ? (
					<p class="muted">No campaigns yet.</p>
				) : (
					<ul class="campaign-list">
						{p.campaigns.map((c) => (
							<li>
								<a href={`/campaigns/${c.id}`}>
									<LabelChips chips={[{ kind: "campaign", name: c.name, colour: c.colour }]} />
								</a>{" "}
								<small class="muted">
									{c.startDate} – {c.endDate}
								</small>
							</li>
						))}
					</ul>
				)}
				{p.canManage && (
					<form method="post" action="/campaigns" class="stack">
						<h3>New campaign</h3>
						<label>
							Name
							<input name="name" required maxlength={120} />
						</label>
						<label>
							Starts
							<input type="date" name="startDate" required />
						</label>
						<label>
							Ends
							<input type="date" name="endDate" required />
						</label>
						<label>
							Goal
							<textarea name="goal" rows={2} maxlength={2000} />
						</label>
						<fieldset>
							<legend>Accounts (none: any)</legend>
							{p.accounts.map((a) => (
								<label class="check">
									<input type="checkbox" name="accountIds" value={a.id} /> {`${networkNames[a.network]} ${a.handle}`}
								</label>
							))}
						</fieldset>
						<ColourSelect value="blue" />
						<button type="submit">Add campaign</button>
					</form>
				)}
			</section>
			<section class="card">
				<h2>Tags</h2>
				{p.tags.length === 0 ? (
					<p class="muted">No tags yet.</p>
				) : (
					<ul class="tag-list">
						{p.tags.map((t) => (
							<li>
								<LabelChips chips={[{ kind: "tag", name: t.name, colour: t.colour }]} />
								{p.canManage && (
									<form method="post" action={`/campaigns/tags/${t.id}/delete`} class="inline">
										<button type="submit" class="link-button" aria-label={`Delete the tag ${t.name}`}>
											Delete
										</button>
									</form>
								)}
							</li>
						))}
					</ul>
				)}
				{p.canManage && (
					<form method="post" action="/campaigns/tags" class="stack">
						<h3>New tag</h3>
						<label>
							Name
							<input name="name" required maxlength={60} />
						</label>
						<ColourSelect value="slate" />
						<button type="submit">Add tag</button>
					</form>
				)}
			</section>
		</div>
	</Layout>
);
