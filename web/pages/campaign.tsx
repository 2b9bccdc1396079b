import type { AccountRow } from "../../db/queries/accounts";
import type { CampaignRow } from "../../db/queries/labels";
import type { PostRow } from "../../db/queries/posts";
import type { ApprovalLinkRow } from "../../functions/services/approval-links";
import { ApprovalLinksCard } from "../components/approval-links-card";
import { LabelChips } from "../components/label-chips";
import { Banner } from "../components/messages";
import { StatusBadge } from "../components/status-badge";
import type { FormErrors } from "../form";
import { excerpt, formatStamp } from "../format";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	campaign: CampaignRow;
	accounts: AccountRow[];
	posts: PostRow[];
	links: ApprovalLinkRow[];
	now: number;
	zone: string;
	canManage: boolean;
	canShare: boolean;
	defaultExpiry: string;
	notice?: string;
	errors?: FormErrors;
};

export const CampaignPage = (p: Props) => {
	const handles = new Map(p.accounts.map((a) => [a.id, a.handle]));
	return (
		<Layout title={`Campaign ${p.campaign.name}`} viewer={p.viewer} current="campaigns">
			<div class="post-head">
				<h1>
					Campaign <LabelChips chips={[{ kind: "campaign", name: p.campaign.name, colour: p.campaign.colour }]} />
				</h1>
				<a href="/campaigns">← Campaigns and tags</a>
			</div>
			<Banner text={p.notice} />
			<Banner text={p.errors?.message} kind="error" />
			<div class="post-layout">
				<section class="card">
					<p>
						{p.campaign.startDate} – {p.campaign.endDate}
					</p>
					{p.campaign.goal && <p>Goal: {p.campaign.goal}</p>}
					<p class="muted">Accounts: {p.campaign.accountIds.length ? p.campaign.accountIds.map((id) => handles.get(id) ?? "(removed)").join(", ") : "any"}</p>
					<p>
						<a href={`/calendar?campaignId=${p.campaign.id}`}>This campaign on the calendar</a>
					</p>
					<h2>Posts</h2>
					{p.posts.length === 0 ? (
						<p class="muted">No posts in this campaign yet.</p>
					) : (
						<ul class="campaign-posts">
							{p.posts.map((post) => (
								<li>
									<a href={`/posts/${post.id}`}>{excerpt(post.body || post.link || "(no text)")}</a> <StatusBadge status={post.status} />{" "}
									<small class="muted">
										{handles.get(post.accountId)} {post.calendarAt ? `· ${formatStamp(post.calendarAt, p.zone)}` : ""}
									</small>
								</li>
							))}
						</ul>
					)}
					{p.canManage && (
						<form method="post" action={`/campaigns/${p.campaign.id}/delete`}>
							<button type="submit" class="danger">
								Delete the campaign
							</button>
						</form>
					)}
				</section>
				<div class="side">
					<ApprovalLinksCard
						action={`/campaigns/${p.campaign.id}/approval-links`}
						links={p.links}
						now={p.now}
						zone={p.zone}
						canShare={p.canShare}
						defaultExpiry={p.defaultExpiry}
					/>
				</div>
			</div>
		</Layout>
	);
};

/** Shown once after a link is made: the only time its token is visible. */
export const LinkCreatedPage = (p: { viewer?: Viewer; url: string; label: string; back: string }) => (
	<Layout title="Approval link" viewer={p.viewer}>
		<section class="card narrow">
			<h1>Link for {p.label}</h1>
			<p>Send this link to the client. It is shown only now; revoke it from the same page when it is no longer needed.</p>
			<p>
				<input class="copy-link" readonly value={p.url} aria-label="The approval link" />
			</p>
			<p>
				<a href={p.back}>Back</a>
			</p>
		</section>
	</Layout>
);
