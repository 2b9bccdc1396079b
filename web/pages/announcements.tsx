import type { AnnouncementListItem } from "../../db/queries/announcements";
import type { PostRow } from "../../db/queries/posts";
import { StatusBadge } from "../components/status-badge";
import { excerpt, formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	items: AnnouncementListItem[];
	handles: Map<string, string>;
	canCreate: boolean;
};

const order: PostRow["status"][] = ["draft", "pending_approval", "scheduled", "publishing", "published", "failed", "needs_review", "canceled"];
const words: Record<PostRow["status"], string> = {
	draft: "draft",
	pending_approval: "waiting for approval",
	scheduled: "scheduled",
	publishing: "publishing",
	published: "published",
	failed: "failed",
	needs_review: "in review",
	canceled: "canceled",
};

/** "1 draft, 2 scheduled": how far the local variants are. */
const variantSummary = (v: AnnouncementListItem["variants"]) =>
	order
		.filter((s) => v[s])
		.map((s) => `${v[s]} ${words[s]}`)
		.join(", ") || "no variants";

/** Recent announcements, newest first: the main post, when it goes out and where the variants stand. */
export function AnnouncementsPage({ viewer, items, handles, canCreate }: Props) {
	return (
		<Layout title="Announcements" viewer={viewer} current="announcements">
			<div class="narrow-page">
				<div class="post-head page-head">
					<h1>Announcements</h1>
					{canCreate && (
						<a href="/announcements/new" class="button-link primary">
							New announcement
						</a>
					)}
				</div>
				<p class="muted lead">One main post, rewritten by each local account in its own voice, with the key facts kept.</p>
				{items.length === 0 ? (
					<p class="card muted">No announcements yet.</p>
				) : (
					<ul class="card ann-list">
						{items.map((a) => {
							const at = a.main?.scheduledAt ?? null;
							return (
								<li>
									<a href={`/announcements/${encodeURIComponent(a.id)}`} class="ann-row">
										<span class="ann-row-top">
											<strong>{handles.get(a.mainAccountId) ?? "(deleted account)"}</strong>
											{a.main && <StatusBadge status={a.main.status} />}
											<small class="muted ann-when">{at !== null && a.main ? formatInstant(at, a.main.timezone) : "No time yet"}</small>
										</span>
										<span class="ann-excerpt">{a.main ? excerpt(a.main.body, 140) : "(main post deleted)"}</span>
										<small class="muted">Variants: {variantSummary(a.variants)}</small>
									</a>
								</li>
							);
						})}
					</ul>
				)}
			</div>
		</Layout>
	);
}
