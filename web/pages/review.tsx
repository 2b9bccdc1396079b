import { raw } from "hono/html";
import { networkNames } from "../../domain/networks";
import type { ReviewPost } from "../../functions/services/approval-links";
import { Banner } from "../components/messages";

/**
 * The client's review page (/review/<token>): no account, no navigation, nothing of the workspace but
 * the posts the link covers. Its own document (not Layout): a client must not see the members' nav,
 * and search engines are told to leave it alone.
 */
const ReviewDocument = ({ title, children }: { title: string; children?: unknown }) => (
	<>
		{raw("<!doctype html>")}
		<html lang="en">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta name="robots" content="noindex, nofollow, noarchive" />
				<meta name="referrer" content="no-referrer" />
				<title>{`${title} · Chorus`}</title>
				<link rel="stylesheet" href="/app.css" />
			</head>
			<body>
				<main class="review">{children as never}</main>
			</body>
		</html>
	</>
);

export type ReviewForm = { postId: string; formToken: string };

type Props = {
	label: string;
	token: string;
	posts: (ReviewPost & { formToken: string })[];
	countsAsApproval: boolean;
	banner?: string;
	error?: { postId: string; message: string };
};

const statusWords: Record<ReviewPost["status"], string> = {
	draft: "Draft",
	pending_approval: "Waiting for approval",
	scheduled: "Scheduled",
	publishing: "Publishing",
	published: "Published",
	failed: "Failed",
	needs_review: "Being checked",
	canceled: "Canceled",
};

export const ReviewPage = (p: Props) => (
	<ReviewDocument title={`Review: ${p.label}`}>
		<h1>Review: {p.label}</h1>
		<p class="muted">
			{p.posts.length === 1 ? "One post" : `${p.posts.length} posts`} to review. Approve each one, or ask for changes with a comment.
			{p.countsAsApproval ? " Your approval lets a post waiting for approval go out as planned." : " The team sees your decision and takes it from there."}
		</p>
		<Banner text={p.banner} />
		{p.posts.length === 0 && <p>There is nothing to review here any more.</p>}
		{p.posts.map((post) => (
			<article class="card review-post" id={`post-${post.id}`} aria-labelledby={`h-${post.id}`}>
				<h2 id={`h-${post.id}`}>
					{networkNames[post.network]} <span class="handle">{post.handle}</span>
				</h2>
				<p class="muted">
					{statusWords[post.status]}
					{post.when ? (
						<>
							{" · "}
							<time datetime={post.when}>{post.when.replace("T", " ").slice(0, 16)}</time>
						</>
					) : null}
				</p>
				<p class="review-body">{post.body || "(no text)"}</p>
				{post.link && (
					<p>
						Link:{" "}
						<a href={post.link} rel="noopener noreferrer nofollow">
							{post.link}
						</a>
					</p>
				)}
				{post.media.length > 0 && (
					<ul class="media-thumbs">
						{post.media.map((m) => (
							<li>
								{m.type.startsWith("video/") ? (
									<video src={`/review/${p.token}/media/${m.id}`} preload="metadata" muted aria-label={m.alt} />
								) : (
									<img src={`/review/${p.token}/media/${m.id}`} alt={m.alt} loading="lazy" />
								)}
							</li>
						))}
					</ul>
				)}
				<ul class="counts">
					{post.counts.map((n) => (
						<li class={n.ok ? "ok" : "over"}>
							{n.text}
							{n.ok ? "" : " (too long)"}
						</li>
					))}
				</ul>
				{p.error?.postId === post.id && <Banner text={p.error.message} kind="error" />}
				{post.decidable ? (
					<form method="post" action={`/review/${p.token}`} class="review-decision">
						<input type="hidden" name="postId" value={post.id} />
						<input type="hidden" name="form" value={post.formToken} />
						<label>
							Comment (needed to ask for changes)
							<textarea name="comment" rows={3} maxlength={2000} />
						</label>
						<div class="actions">
							<button type="submit" name="decision" value="approve">
								Approve
							</button>
							<button type="submit" name="decision" value="changes" class="secondary">
								Ask for changes
							</button>
						</div>
					</form>
				) : null}
			</article>
		))}
	</ReviewDocument>
);

/** What a revoked, expired or unknown link answers: a clear page, no detail of the workspace. */
export const ReviewGonePage = ({ message }: { message: string }) => (
	<ReviewDocument title="Review link">
		<section class="card narrow">
			<h1>This review link does not open anything</h1>
			<p>{message}</p>
			<p class="muted">Ask the person who sent it for a new link.</p>
		</section>
	</ReviewDocument>
);
