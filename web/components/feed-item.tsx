import { formatStamp } from "../format";

export type FeedEntry = { id: string; text: string; postId: string | null; inReplyTo: string | null; unreadable: boolean; createdAt: number };

/** One item of a sandbox feed. Its id is the anchor a published post's network link points at. */
export const FeedItem = ({ item, zone }: { item: FeedEntry; zone: string }) => (
	<li id={item.id} class="feed-item">
		<div class="feed-meta">
			<time datetime={new Date(item.createdAt).toISOString()}>{formatStamp(item.createdAt, zone)}</time>
			{item.postId ? <a href={`/posts/${encodeURIComponent(item.postId)}`}>Chorus post</a> : <span class="muted">not from a Chorus post</span>}
			<a href={`#${item.id}`} class="permalink muted" aria-label="Link to this item">
				#
			</a>
		</div>
		{item.inReplyTo && <p class="muted feed-reply">In reply to {item.inReplyTo}</p>}
		<div class="feed-text">{item.text}</div>
		{item.unreadable && (
			<p class="muted feed-note">The sandbox hides this item from Chorus's read-back (fail mode “unknown after send”), so only a person can see it is here.</p>
		)}
	</li>
);
