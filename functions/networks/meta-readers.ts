/**
 * Threads and Instagram for measurement. Neither has one "mentions" feed Chorus can page through by id,
 * so the answers to the account are read where they happen: under its most recent posts.
 * - Threads: GET /{user}/threads (the newest posts), then GET /{media-id}/conversation (every reply at
 *   any depth, newest first: developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations),
 *   each reply's `replied_to` naming what it answers. Metrics: GET /{media-id}/insights and
 *   GET /{user}/threads_insights?metric=followers_count (…/threads/insights, threads_manage_insights).
 * - Instagram: GET /{ig-user-id}/media, then GET /{ig-media-id}/comments with their replies
 *   (…/instagram-graph-api/reference/ig-media/comments): a comment answers the media, a reply its comment.
 *   Metrics: GET /{ig-user-id}?fields=followers_count and GET /{ig-media-id}?fields=like_count,comments_count.
 * The cursor is the newest answer's time already stored; the account's own answers are left out.
 */
import { z } from "zod";
import { credentialSchemas } from "./credentials";
import { instagramApiBase } from "./instagram";
import { getWithToken, type MetaHost } from "./meta-containers";
import { type FetchedMention, type MetricsSnapshot, type NetworkReader, type PostCounts, type ReadResult, readAnswer, readCursor } from "./reader";
import { threadsApiBase } from "./threads";
import type { AccountContext } from "./types";

/** How many of the account's newest posts are looked under on each run. */
const recentPosts = 10;
/** Answers read under each of them per run (the newest). */
const answersPerPost = 50;

const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
const ownPost = z.object({ id: z.string() });
/** Graph's "+0000" offsets, which Date.parse does not read. */
const instant = (t: string | undefined) => (t ? Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : Number.NaN);

const threadsReply = z.object({
	id: z.string(),
	text: z.string().optional(),
	username: z.string().optional(),
	timestamp: z.string().optional(),
	replied_to: z.object({ id: z.string() }).optional(),
	is_reply_owned_by_me: z.boolean().optional(),
});
const igReply = z.object({ id: z.string(), text: z.string().optional(), username: z.string().optional(), timestamp: z.string().optional() });
const igComment = igReply.extend({ replies: z.object({ data: z.array(igReply) }).optional() });
const insights = z.object({
	data: z.array(
		z.object({
			name: z.string(),
			values: z.array(z.object({ value: z.number() })).optional(),
			total_value: z.object({ value: z.number() }).optional(),
		}),
	),
});

/** Keeps what is newer than the cursor, oldest first, and moves the cursor to the newest kept. */
function page(found: FetchedMention[], since: string | null): ReadResult<{ mentions: FetchedMention[]; cursor: string | null; more: boolean }> {
	const after = since === null ? Number.NEGATIVE_INFINITY : Number(since);
	const fresh = found.filter((m) => m.createdAt > after).sort((a, b) => a.createdAt - b.createdAt);
	const newest = fresh.at(-1)?.createdAt;
	return { kind: "ok", value: { mentions: fresh, cursor: JSON.stringify({ since: newest === undefined ? since : String(newest) }), more: false } };
}

const handleOf = (account: AccountContext) => account.handle.replace(/^@/, "").toLowerCase();

function threadsHost(account: AccountContext): (MetaHost & { userId: string }) | null {
	const creds = credentialSchemas.threads.safeParse(account.credentials);
	if (!creds.success) return null;
	return { name: "Threads", apiBase: threadsApiBase, token: creds.data.accessToken, statusField: "status", userId: creds.data.userId };
}

function instagramHost(account: AccountContext): (MetaHost & { userId: string }) | null {
	const creds = credentialSchemas.instagram.safeParse(account.credentials);
	if (!creds.success) return null;
	return { name: "Instagram", apiBase: instagramApiBase, token: creds.data.pageAccessToken, statusField: "status_code", userId: creds.data.igUserId };
}

/** A metric's number from either insights shape: values[0].value (media) or total_value.value (user). */
function metric(data: z.infer<typeof insights>["data"], name: string): number | null {
	const m = data.find((d) => d.name === name);
	return m?.total_value?.value ?? m?.values?.[0]?.value ?? null;
}

export const threadsReader: NetworkReader = {
	async readMentions(account, rawCursor) {
		const host = threadsHost(account);
		if (!host) return { kind: "auth", reason: "Threads credentials incomplete: reconnect the account" };
		const cursor = readCursor(rawCursor);
		const posts = readAnswer(
			await getWithToken(host, `${encodeURIComponent(host.userId)}/threads`, { fields: "id", limit: String(recentPosts) }),
			list(ownPost),
			"Threads posts",
		);
		if (posts.kind !== "ok") return posts;
		const me = handleOf(account);
		const found: FetchedMention[] = [];
		for (const post of posts.value.data) {
			const conversation = readAnswer(
				await getWithToken(host, `${encodeURIComponent(post.id)}/conversation`, {
					fields: "id,text,username,timestamp,replied_to,is_reply_owned_by_me",
					reverse: "true",
					limit: String(answersPerPost),
				}),
				list(threadsReply),
				"Threads conversation",
			);
			if (conversation.kind !== "ok") return conversation;
			for (const r of conversation.value.data) {
				if (r.is_reply_owned_by_me || r.username?.toLowerCase() === me) continue;
				const createdAt = instant(r.timestamp);
				if (Number.isNaN(createdAt)) continue;
				found.push({
					externalId: r.id,
					author: { handle: `@${r.username ?? "unknown"}` },
					text: r.text ?? "",
					createdAt,
					inReplyTo: r.replied_to?.id ?? post.id,
					isFollower: null,
				});
			}
		}
		return page(found, cursor.since);
	},

	async readMetrics(account, networkPostIds) {
		const host = threadsHost(account);
		if (!host) return { kind: "auth", reason: "Threads credentials incomplete: reconnect the account" };
		const user = readAnswer(
			await getWithToken(host, `${encodeURIComponent(host.userId)}/threads_insights`, { metric: "followers_count" }),
			insights,
			"Threads user insights",
		);
		if (user.kind !== "ok") return user;
		const posts: PostCounts[] = [];
		for (const id of networkPostIds) {
			const got = readAnswer(
				await getWithToken(host, `${encodeURIComponent(id)}/insights`, { metric: "views,likes,replies,reposts,quotes" }),
				insights,
				"Threads insights",
			);
			// A post the network refuses to measure (deleted meanwhile) is skipped, not the whole run.
			if (got.kind === "failed") continue;
			if (got.kind !== "ok") return got;
			const d = got.value.data;
			posts.push({
				networkPostId: id,
				likes: metric(d, "likes"),
				reposts: metric(d, "reposts"),
				replies: metric(d, "replies"),
				quotes: metric(d, "quotes"),
				impressions: metric(d, "views"),
				clicks: null,
			});
		}
		const snapshot: MetricsSnapshot = { followers: metric(user.value.data, "followers_count"), posts };
		return { kind: "ok", value: snapshot };
	},
};

export const instagramReader: NetworkReader = {
	async readMentions(account, rawCursor) {
		const host = instagramHost(account);
		if (!host) return { kind: "auth", reason: "Instagram credentials incomplete: reconnect the account" };
		const cursor = readCursor(rawCursor);
		const posts = readAnswer(
			await getWithToken(host, `${encodeURIComponent(host.userId)}/media`, { fields: "id", limit: String(recentPosts) }),
			list(ownPost),
			"Instagram media",
		);
		if (posts.kind !== "ok") return posts;
		const me = handleOf(account);
		const found: FetchedMention[] = [];
		const add = (c: z.infer<typeof igReply>, inReplyTo: string) => {
			const createdAt = instant(c.timestamp);
			if (c.username?.toLowerCase() === me || Number.isNaN(createdAt)) return;
			found.push({ externalId: c.id, author: { handle: `@${c.username ?? "unknown"}` }, text: c.text ?? "", createdAt, inReplyTo, isFollower: null });
		};
		for (const post of posts.value.data) {
			const comments = readAnswer(
				await getWithToken(host, `${encodeURIComponent(post.id)}/comments`, {
					fields: "id,text,username,timestamp,replies{id,text,username,timestamp}",
					limit: String(answersPerPost),
				}),
				list(igComment),
				"Instagram comments",
			);
			if (comments.kind !== "ok") return comments;
			for (const c of comments.value.data) {
				add(c, post.id);
				for (const r of c.replies?.data ?? []) add(r, c.id);
			}
		}
		return page(found, cursor.since);
	},

	async readMetrics(account, networkPostIds) {
		const host = instagramHost(account);
		if (!host) return { kind: "auth", reason: "Instagram credentials incomplete: reconnect the account" };
		const user = readAnswer(
			await getWithToken(host, encodeURIComponent(host.userId), { fields: "followers_count" }),
			z.object({ followers_count: z.number().optional() }),
			"Instagram user",
		);
		if (user.kind !== "ok") return user;
		const posts: PostCounts[] = [];
		for (const id of networkPostIds) {
			const got = readAnswer(
				await getWithToken(host, encodeURIComponent(id), { fields: "like_count,comments_count" }),
				z.object({ like_count: z.number().optional(), comments_count: z.number().optional() }),
				"Instagram media counts",
			);
			// Chorus's comments are among the published ids too: a comment has no media counts, so it is skipped.
			if (got.kind === "failed") continue;
			if (got.kind !== "ok") return got;
			posts.push({
				networkPostId: id,
				likes: got.value.like_count ?? null,
				reposts: null,
				replies: got.value.comments_count ?? null,
				quotes: null,
				impressions: null,
				clicks: null,
			});
		}
		return { kind: "ok", value: { followers: user.value.followers_count ?? null, posts } };
	},
};
