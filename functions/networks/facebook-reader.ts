/**
 * Facebook Pages for measurement (Graph API, Page access token).
 *
 * Comments: the Page feed with each post's comments in one call, GET /{page-id}/feed with
 * fields=…,comments.filter(stream).order(reverse_chronological){…}: filter=stream gives replies to
 * comments too (with their parent), newest first, so a post's comment pages are followed
 * (paging.next) only until they reach back before the cursor. Posts visitors wrote on the Page are
 * inbound as well. The Page's own comments and posts are ours, not inbound.
 * (developers.facebook.com/docs/graph-api/reference/page/feed, …/reference/object/comments)
 * Mentions: GET /{page-id}/tagged, the posts that tag the Page, since the cursor
 * (developers.facebook.com/docs/graph-api/reference/page/tagged).
 * Graph gives the commenter's name and page-scoped id (from) to the Page's own token; the id is the
 * handle (names are not unique), the name is shown beside it. The cursor is the newest time stored
 * (time-cursor.ts); the feed read covers the Page's most recent posts only.
 *
 * Metrics: GET /{page-id}?fields=followers_count, and for the Page's posts GET /?ids=…&fields=
 * reactions.summary(total_count),comments.summary(total_count),shares (no impressions: those are
 * Page Insights, a separate permission).
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { classifyFacebook } from "./facebook-errors";
import { graphApi, graphOrigin } from "./facebook-graph";
import { sendWithTimeout } from "./http";
import { type FetchedMention, type NetworkReader, type PostCounts, type ReadResult, readClassified } from "./reader";
import { pageOf, readFrom } from "./time-cursor";
import type { AccountContext } from "./types";

/** The Page's most recent posts whose comments are read each run. */
const recentPosts = 25;
const commentsPerPage = 100;
/** Further pages of one post's comments read at most per run. */
const maxCommentPages = 5;
const maxTaggedPages = 3;
/** Graph's ?ids= takes at most 50 ids. */
const idsPerCall = 50;

const from = z.object({ id: z.string(), name: z.string().optional() });
const comment = z.object({
	id: z.string(),
	message: z.string().default(""),
	from: from.optional(),
	created_time: z.string(),
	parent: z.object({ id: z.string() }).optional(),
	permalink_url: z.url().optional(),
});
type Comment = z.infer<typeof comment>;
const paging = z.object({ next: z.url().optional() }).optional();
const comments = z.object({ data: z.array(z.unknown()), paging });
const feedPost = z.object({
	id: z.string(),
	message: z.string().optional(),
	from: from.optional(),
	created_time: z.string().optional(),
	permalink_url: z.url().optional(),
	comments: comments.optional(),
});
const page = z.object({ data: z.array(z.unknown()), paging });
const followers = z.object({ followers_count: z.number().optional() });
const counts = z.record(
	z.string(),
	z.object({
		reactions: z.object({ summary: z.object({ total_count: z.number() }) }).optional(),
		comments: z.object({ summary: z.object({ total_count: z.number() }) }).optional(),
		shares: z.object({ count: z.number() }).optional(),
	}),
);

type Credentials = z.infer<typeof credentialSchemas.facebook>;
const commentFields = "id,message,from,created_time,parent{id},permalink_url";
const postFields = "id,message,from,created_time,permalink_url";

const read = async <T extends z.ZodType>(url: string, schema: T, what: string): Promise<ReadResult<z.infer<T>>> =>
	readClassified(await sendWithTimeout(guardedFetch, url, { headers: { Accept: "application/json" } }), schema, what, classifyFacebook);

/** A paging.next link, followed only back to Graph: it carries the Page token. */
const nextOf = (link: string | undefined) => (link && new URL(link).origin === graphOrigin ? link : undefined);

function url(path: string, params: Record<string, string>, creds: Credentials): string {
	const u = new URL(`${graphApi}/${path}`);
	for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
	u.searchParams.set("access_token", creds.pageAccessToken);
	return u.toString();
}

const author = (f: z.infer<typeof from> | undefined) => (f ? { handle: f.id, ...(f.name ? { name: f.name } : {}) } : { handle: "unknown" });

function commentMention(c: Comment, postId: string): FetchedMention {
	return {
		externalId: c.id,
		author: author(c.from),
		text: c.message,
		createdAt: Date.parse(c.created_time),
		inReplyTo: c.parent?.id ?? postId,
		isFollower: null,
		url: c.permalink_url ?? null,
	};
}

function postMention(p: z.infer<typeof feedPost>): FetchedMention {
	return {
		externalId: p.id,
		author: author(p.from),
		text: p.message ?? "",
		createdAt: p.created_time ? Date.parse(p.created_time) : Date.now(),
		inReplyTo: null,
		isFollower: null,
		url: p.permalink_url ?? null,
	};
}

/** One post's comments newer than `since`: the inline first page, then its next pages while they are still new. */
async function newComments(first: z.infer<typeof comments>, since: number, pageId: string, postId: string): Promise<ReadResult<FetchedMention[]>> {
	const out: FetchedMention[] = [];
	let current = first;
	for (let pages = 0; ; pages++) {
		let reachedOld = false;
		for (const item of current.data) {
			const c = comment.safeParse(item);
			if (!c.success) continue;
			if (Date.parse(c.data.created_time) < since) {
				reachedOld = true;
				continue;
			}
			if (c.data.from?.id !== pageId) out.push(commentMention(c.data, postId));
		}
		const next = nextOf(current.paging?.next);
		if (reachedOld || !next || pages >= maxCommentPages) break;
		const got = await read(next, comments, "Facebook comments");
		if (got.kind !== "ok") return got;
		current = got.value;
	}
	return { kind: "ok", value: out };
}

export function createFacebookReader(now: () => number): NetworkReader {
	return {
		async readMentions(account, rawCursor) {
			const creds = credentialsOf(account);
			if (!creds) return { kind: "auth", reason: "Facebook credentials incomplete: reconnect the account" };
			const { stored, from: since } = readFrom(rawCursor, now());
			const mentions: FetchedMention[] = [];

			const feedUrl = url(
				`${encodeURIComponent(creds.pageId)}/feed`,
				{
					fields: `${postFields},comments.filter(stream).order(reverse_chronological).limit(${commentsPerPage}){${commentFields}}`,
					limit: String(recentPosts),
				},
				creds,
			);
			const feed = await read(feedUrl, page, "Facebook feed");
			if (feed.kind !== "ok") return feed;
			for (const item of feed.value.data) {
				const p = feedPost.safeParse(item);
				if (!p.success) continue;
				// A visitor's post on the Page is a message to the Page.
				if (p.data.from && p.data.from.id !== creds.pageId && p.data.created_time && Date.parse(p.data.created_time) >= since)
					mentions.push(postMention(p.data));
				if (!p.data.comments) continue;
				const got = await newComments(p.data.comments, since, creds.pageId, p.data.id);
				if (got.kind !== "ok") return got;
				mentions.push(...got.value);
			}

			// Graph's time paging takes `since` in Unix seconds.
			let next: string | undefined = url(
				`${encodeURIComponent(creds.pageId)}/tagged`,
				{ fields: postFields, since: String(Math.floor(since / 1000)), limit: "50" },
				creds,
			);
			for (let pages = 0; next && pages < maxTaggedPages; pages++) {
				const tagged: ReadResult<z.infer<typeof page>> = await read(next, page, "Facebook tagged posts");
				if (tagged.kind !== "ok") return tagged;
				let reachedOld = false;
				for (const item of tagged.value.data) {
					const p = feedPost.safeParse(item);
					if (!p.success || p.data.from?.id === creds.pageId) continue;
					if (p.data.created_time && Date.parse(p.data.created_time) < since) reachedOld = true;
					else mentions.push(postMention(p.data));
				}
				next = reachedOld ? undefined : nextOf(tagged.value.paging?.next);
			}

			return pageOf(mentions, stored, now());
		},

		async readMetrics(account, networkPostIds) {
			const creds = credentialsOf(account);
			if (!creds) return { kind: "auth", reason: "Facebook credentials incomplete: reconnect the account" };
			const me = await read(url(encodeURIComponent(creds.pageId), { fields: "followers_count" }, creds), followers, "Facebook Page");
			if (me.kind !== "ok") return me;
			// The Page's posts only: its comments (replies) have no shares field, and one such id fails the whole call.
			const ours = networkPostIds.filter((id) => id.startsWith(`${creds.pageId}_`));
			const posts: PostCounts[] = [];
			for (let i = 0; i < ours.length; i += idsPerCall) {
				const got = await read(
					url(
						"",
						{
							ids: ours.slice(i, i + idsPerCall).join(","),
							fields: "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares",
						},
						creds,
					),
					counts,
					"Facebook post counts",
				);
				if (got.kind !== "ok") return got;
				for (const [id, c] of Object.entries(got.value)) {
					posts.push({
						networkPostId: id,
						likes: c.reactions?.summary.total_count ?? null,
						replies: c.comments?.summary.total_count ?? null,
						// Graph leaves shares out of a post nobody shared.
						reposts: c.shares?.count ?? 0,
						quotes: null,
						impressions: null,
						clicks: null,
					});
				}
			}
			return { kind: "ok", value: { followers: me.value.followers_count ?? null, posts } };
		},
	};
}

function credentialsOf(account: AccountContext) {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	return creds.success ? creds.data : null;
}
