import type { PostView } from "../../functions/services/post-view";
import { formatDuration, networkHref } from "../format";
import { type AttemptItem, holdText, type Lateness } from "../publishing";
import { AttemptEntry } from "./attempt-entry";

const waiting: PostView["status"][] = ["pending_approval", "scheduled", "publishing"];

type Props = { post: PostView; attempts: AttemptItem[]; zone: string; late: Lateness };

/**
 * Where publishing stands: why it waits, whether it is late, why it failed, where it is on the
 * network, and every attempt. Nothing at all for a post that has not come near publishing.
 */
export function PublishingCard({ post, attempts, zone, late }: Props) {
	const href = networkHref(post.networkUrl);
	const failed = post.status === "failed" || post.status === "needs_review";
	const hold = post.holdReason && waiting.includes(post.status) ? holdText(post.holdReason) : null;
	const anything = attempts.length > 0 || hold || late || (failed && post.failureReason) || post.networkUrl || post.status === "publishing";
	if (!anything) return null;
	return (
		<section class="card publishing" aria-labelledby="publishing-title">
			<h2 id="publishing-title">Publishing</h2>
			{late?.kind === "late" && (
				<p class="note note-bad" role="alert">
					<strong>Late:</strong> {formatDuration(late.byMs)} past its time and not published yet.
				</p>
			)}
			{hold && <p class="note note-wait">{hold}</p>}
			{failed && post.failureReason && (
				<p class="note note-bad">
					<strong>{post.status === "needs_review" ? "Needs review:" : "Failed:"}</strong> {post.failureReason}
				</p>
			)}
			{late?.kind === "published_late" && <p class="note note-wait">Published {formatDuration(late.byMs)} late.</p>}
			{post.networkUrl && post.retraction && <p class="network-link muted">Retracted: deleted on the network, so there is nothing to link to.</p>}
			{post.networkUrl && !post.retraction && (
				<p class="network-link">
					<span class="muted">On the network: </span>
					{href ? (
						<a href={href} rel="noopener noreferrer">
							{href.startsWith("/sandbox/") ? "View it in the sandbox feed" : href}
						</a>
					) : (
						post.networkUrl
					)}
				</p>
			)}
			{attempts.length === 0 ? (
				<p class="muted">No attempts yet.</p>
			) : (
				<>
					<p class="muted timeline-zone">Times in {zone}</p>
					<ol class="timeline">
						{attempts.map((a) => (
							<AttemptEntry attempt={a} zone={zone} />
						))}
					</ol>
				</>
			)}
		</section>
	);
}
