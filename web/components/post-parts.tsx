import type { PostView } from "../../functions/services/post-view";

type OnNetwork = { networkPostId: string; networkUrl: string | null } | null;

const Where = ({ on }: { on: OnNetwork }) =>
	on === null ? null : on.networkUrl ? (
		<a href={on.networkUrl} class="muted nowrap">
			on the network
		</a>
	) : (
		<span class="muted">{on.networkPostId}</span>
	);

/** A thread's later parts and the first comment, each with its link on the network once it is out. */
export function PostParts({ post }: { post: PostView }) {
	if (post.parts.length === 0 && post.firstComment === null) return null;
	const total = post.parts.length + 1;
	return (
		<section class="post-parts" aria-label="Thread and first comment">
			{post.parts.length > 0 && (
				<ol class="thread-parts" start={2}>
					{post.parts.map((text, i) => (
						<li>
							<span class="muted">{`Part ${i + 2} of ${total}, a reply to part ${i + 1}`}</span> <Where on={post.partsOnNetwork[i] ?? null} />
							<div class="post-body">{text}</div>
						</li>
					))}
				</ol>
			)}
			{post.firstComment !== null && (
				<div class="first-comment">
					<span class="muted">First comment</span> <Where on={post.firstCommentOnNetwork} />
					<div class="post-body">{post.firstComment}</div>
				</div>
			)}
		</section>
	);
}
