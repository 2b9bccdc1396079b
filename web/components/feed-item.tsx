import { formatStamp } from "../format";

export type FeedEntry = {
	id: string;
	text: string;
	postId: string | null;
	/** "1" for a post itself, "2".."n" for a thread's later parts, "comment" for a first comment. */
	part?: string;
	inReplyTo: string | null;
	unreadable: boolean;
	createdAt: number;
};

/** What an answer is to: a thread's part, a first comment, or a plain reply; a link when it answers an item of this feed. */
const ReplyLine = ({ item, inFeed }: { item: FeedEntry; inFeed: boolean }) => {
	const target = inFeed ? <a href={`#${item.inReplyTo}`}>{item.inReplyTo}</a> : item.inReplyTo;
	if (item.part === "comment") return <p class="muted feed-reply">First comment on {target}</p>;
	if (item.part && item.part !== "1")
		return (
			<p class="muted feed-reply">
				Thread part {item.part}, in reply to {target}
			</p>
		);
	return <p class="muted feed-reply">In reply to {target}</p>;
};

/** One item of a sandbox feed. Its id is the anchor a published post's network link points at. */
export const FeedItem = ({ item, zone, ids }: { item: FeedEntry; zone: string; ids?: ReadonlySet<string> }) => (
	<li id={item.id} class="feed-item">
		<div class="feed-meta">
			<time datetime={new Date(item.createdAt).toISOString()}>{formatStamp(item.createdAt, zone)}</time>
			{item.postId ? <a href={`/posts/${encodeURIComponent(item.postId)}`}>Chorus post</a> : <span class="muted">not from a Chorus post</span>}
			<a href={`#${item.id}`} class="permalink muted" aria-label="Link to this item">
				#
			</a>
		</div>
		{item.inReplyTo && <ReplyLine item={item} inFeed={ids?.has(item.inReplyTo) ?? false} />}
		<div class="feed-text">{item.text}</div>
		{item.unreadable && (
			<p class="muted feed-note">The sandbox hides this item from Chorus's read-back (fail mode “unknown after send”), so only a person can see it is here.</p>
		)}
	</li>
);
