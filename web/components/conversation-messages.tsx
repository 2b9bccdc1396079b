import type { PostRow } from "../../db/queries/posts";
import { formatStamp } from "../format";
import { MentionLabels } from "./mention-labels";
import { StatusBadge } from "./status-badge";

export type ThreadMessage = {
	direction: "in" | "out";
	/** The post id of one of our replies, the mention id of one of theirs. */
	id: string;
	author: string;
	text: string;
	/** The message's own page on the network (their comment, our published reply), when known. */
	url?: string | null;
	at: string;
	status: PostRow["status"] | null;
	/** A reply waiting for approval: whose, or null for any manager's. */
	approvalFrom?: { id: string; name: string } | null;
	/** A reply kept from being sent: why. */
	rejectionReason?: string | null;
	/** Theirs: how Chorus classified it. */
	labels?: { sentiment: "positive" | "neutral" | "negative"; kind: "praise" | "question" | "concern" | "other" } | null;
};

/** The labels' correction control, for members who may reply: `back` is this conversation's page. */
export type LabelCorrection = { back: string; mayCorrect: boolean };

/** For a waiting reply: whether the viewer may approve or reject it (the brand-voice policy's answer). */
export type ReplyReview = { conversationId: string; mayDecide: (m: ThreadMessage) => boolean };

/** The conversation in time order: theirs on the left, ours on the right with how its publishing went. */
/** Only web links are rendered: a URL a network handed back is never trusted as a script. */
const webLink = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

export const ConversationMessages = ({
	messages,
	zone,
	review,
	correction,
	network,
}: {
	messages: ThreadMessage[];
	zone: string;
	review?: ReplyReview;
	correction?: LabelCorrection;
	/** The network's name, for "View on LinkedIn". */
	network?: string;
}) => (
	<ol class="thread" aria-label="Messages">
		{messages.map((m) => {
			const at = Date.parse(m.at);
			return (
				<li class={`msg msg-${m.direction}`} id={m.direction === "in" ? `mention-${m.id}` : undefined}>
					<div class="msg-meta">
						<span class="msg-author">{m.direction === "out" ? m.author || "Us" : m.author}</span>
						<time datetime={m.at}>{formatStamp(at, zone)}</time>
						{m.direction === "out" && m.status && <StatusBadge status={m.status} />}
					</div>
					<div class="msg-text">{m.text}</div>
					{m.labels && correction && (
						<MentionLabels mentionId={m.id} sentiment={m.labels.sentiment} kind={m.labels.kind} back={correction.back} mayCorrect={correction.mayCorrect} />
					)}
					{webLink(m.url) && (m.direction === "in" || m.status === "published") && (
						<a class="msg-details msg-on-network" href={webLink(m.url)!} target="_blank" rel="noopener noreferrer">
							View on {network ?? "the network"}
						</a>
					)}
					{m.status === "pending_approval" && <PendingReply message={m} review={review} />}
					{m.status === "canceled" && m.rejectionReason && <p class="msg-rejected">Not sent: {m.rejectionReason}</p>}
					{m.direction === "out" && m.status !== "pending_approval" && m.status !== "canceled" && (
						<a class="msg-details" href={`/posts/${encodeURIComponent(m.id)}`}>
							{m.status === "failed" || m.status === "needs_review" ? "See why it failed" : "Publishing details"}
						</a>
					)}
				</li>
			);
		})}
	</ol>
);

/** A waiting reply: for whom it waits and, for whoever may decide, approve and reject (plain forms). */
function PendingReply({ message: m, review }: { message: ThreadMessage; review?: ReplyReview }) {
	const base = review ? `/inbox/${encodeURIComponent(review.conversationId)}/replies/${encodeURIComponent(m.id)}` : "";
	return (
		<div class="pending-reply">
			<p class="muted">Not sent yet: waits for {m.approvalFrom ? `${m.approvalFrom.name}'s` : "a manager's"} approval.</p>
			{review?.mayDecide(m) && (
				<div class="pending-reply-actions">
					<form method="post" action={`${base}/approve`} class="inline-form">
						<button type="submit" class="primary">
							Approve and send
						</button>
					</form>
					<form method="post" action={`${base}/reject`} class="inline-form stack">
						<label for={`reject-${m.id}`}>Why not</label>
						<input id={`reject-${m.id}`} name="reason" required maxlength={2000} />
						<button type="submit">Reject</button>
					</form>
				</div>
			)}
		</div>
	);
}
