import type { AccountRow } from "../../db/queries/accounts";
import type { MediaRow } from "../../db/queries/media";
import type { PostView, RevisionItem } from "../../functions/services/post-view";
import type { RepeatView } from "../../functions/services/series";
import type { linksOf } from "../../functions/services/short-links";
import { ApprovalLinksCard } from "../components/approval-links-card";
import { EditForm, type EditValues } from "../components/edit-form";
import { MediaThumbnails } from "../components/media-thumbnails";
import { Banner } from "../components/messages";
import { PostActions } from "../components/post-actions";
import { PostDetails } from "../components/post-details";
import { PostLabelsCard } from "../components/post-labels-card";
import { PostParts } from "../components/post-parts";
import { PublishingCard } from "../components/publishing-card";
import { RepeatCard } from "../components/repeat-card";
import { ReviewHistory } from "../components/review-history";
import { ShortLinksCard } from "../components/short-links-card";
import { StatusBadge } from "../components/status-badge";
import type { FormErrors } from "../form";
import { safeHref } from "../format";
import { Layout, type Viewer } from "../layout";
import type { PostLabels } from "../post-labels";
import type { AttemptItem, Lateness } from "../publishing";

type Props = {
	viewer?: Viewer;
	post: PostView;
	/** The post's images and video, for thumbnails with their alt text. */
	media?: Pick<MediaRow, "id" | "type" | "alt">[];
	account?: AccountRow;
	attempts: AttemptItem[];
	/** The review history: each version submitted and each verdict. */
	history?: RevisionItem[];
	late: Lateness;
	workspaceZone: string;
	notice?: string;
	/** A publish now, approve, reject or cancel that was refused. */
	actionError?: FormErrors;
	edit?: { values: EditValues; errors?: FormErrors };
	may: { approve: boolean; cancel: boolean; edit: boolean; schedule: boolean; publishNow: boolean; retract: boolean; repeat?: boolean };
	/** Campaign and tags, and the client approval links of the post. */
	labels?: PostLabels & { canShare: boolean; now: number; defaultExpiry: string };
	/** The series this post belongs to (an evergreen post), or null. */
	repeat?: RepeatView | null;
	repeatErrors?: string[];
	/** Its first-party short links with their clicks. */
	links?: Awaited<ReturnType<typeof linksOf>>;
};

export function PostPage(props: Props) {
	const { viewer, post, media = [], account, attempts, history = [], late, workspaceZone, notice, actionError, edit, may, labels } = props;
	const link = safeHref(post.link);
	return (
		<Layout title="Post" viewer={viewer}>
			<div class="post-head">
				<h1>
					Post <StatusBadge status={post.status} />
					{post.retraction && <span class="tag warning">Retracted</span>}
				</h1>
				<a href="/calendar">← Calendar</a>
			</div>
			<Banner text={notice} />
			<Banner text={actionError?.message ?? edit?.errors?.message} kind="error" />
			<div class="post-layout">
				<section class="card">
					<div class="post-body">{post.body || "(no text)"}</div>
					<PostParts post={post} />
					<MediaThumbnails media={media} />
					{post.link && <p class="post-link">{link ? <a href={link}>{post.link}</a> : post.link}</p>}
					<PostDetails post={post} account={account} workspaceZone={workspaceZone} />
					{post.lint.length > 0 && (
						<>
							<h2>Checks</h2>
							<ul class="findings">
								{post.lint.map((f) => (
									<li class={`finding-${f.severity}`}>{f.message}</li>
								))}
							</ul>
						</>
					)}
					<ReviewHistory items={history} zone={account?.timezone ?? post.timezone} />
				</section>
				<div class="side">
					<PublishingCard post={post} attempts={attempts} zone={account?.timezone ?? post.timezone} late={late} />
					<PostActions
						postId={post.id}
						canApprove={may.approve}
						canCancel={may.cancel}
						canPublishNow={may.publishNow}
						canRetract={may.retract}
						rejectErrors={post.status === "published" ? undefined : actionError?.fields.reason}
						retractErrors={post.status === "published" ? actionError?.fields.reason : undefined}
					/>
					{may.edit && edit && (
						<EditForm
							postId={post.id}
							values={edit.values}
							zone={account?.timezone ?? post.timezone}
							isDraft={post.status === "draft"}
							canSchedule={may.schedule}
							errors={edit.errors}
						/>
					)}
					{labels && (
						<PostLabelsCard
							postId={post.id}
							tags={labels.tags}
							campaigns={labels.campaigns}
							tagIds={labels.tagIds}
							campaignId={post.campaignId}
							canEdit={may.edit}
						/>
					)}
					{labels && (
						<ApprovalLinksCard
							action={`/posts/${post.id}/approval-links`}
							links={labels.links}
							now={labels.now}
							zone={workspaceZone}
							canShare={labels.canShare}
							defaultExpiry={labels.defaultExpiry}
						/>
					)}
					<ShortLinksCard links={props.links ?? []} />
					<RepeatCard postId={post.id} repeat={props.repeat ?? null} may={may.repeat ?? false} errors={props.repeatErrors} />
				</div>
			</div>
		</Layout>
	);
}
