/**
 * Bluesky for measurement. Mentions: app.bsky.notification.listNotifications (reasons mention, reply,
 * quote), which pages from the newest back. The cursor remembers the newest indexedAt stored and, while
 * a backlog is being read, the page to continue from, so a run that stops part-way resumes there.
 * Whether each author follows us: the author's viewer.followedBy. Metrics: app.bsky.actor.getProfile
 * (followersCount) and app.bsky.feed.getPosts (like, repost, reply and quote counts; no impressions).
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { withSession, xrpcUrl } from "./bluesky";
import { credentialSchemas } from "./credentials";
import { type Sent, sendWithTimeout } from "./http";
import { type FetchedMention, type NetworkReader, type ReadFailure, type ReadResult, readAnswer, readCursor } from "./reader";
import type { AccountContext, PublishOutcome, SessionCache } from "./types";

const pageSize = 50;
/** getPosts takes at most 25 uris. */
const postsPerCall = 25;

const notification = z.object({
	uri: z.string(),
	author: z.object({
		did: z.string(),
		handle: z.string(),
		displayName: z.string().nullish(),
		viewer: z.object({ followedBy: z.string().nullish() }).nullish(),
	}),
	reason: z.string(),
	record: z
		.object({ text: z.string().default(""), createdAt: z.string().optional(), reply: z.object({ parent: z.object({ uri: z.string() }) }).nullish() })
		.passthrough(),
	indexedAt: z.string(),
});
const notificationPage = z.object({ notifications: z.array(z.unknown()), cursor: z.string().nullish() });
const profile = z.object({ did: z.string(), followersCount: z.number().optional() });
const posts = z.object({
	posts: z.array(
		z.object({
			uri: z.string(),
			likeCount: z.number().optional(),
			repostCount: z.number().optional(),
			replyCount: z.number().optional(),
			quoteCount: z.number().optional(),
		}),
	),
});

const wanted = new Set(["mention", "reply", "quote"]);

function failure(outcome: PublishOutcome): ReadFailure {
	if (outcome.kind === "auth") return { kind: "auth", reason: outcome.answer.summary };
	return { kind: "retry", retryAfterSeconds: outcome.kind === "retry" ? outcome.retryAfterSeconds : null, reason: outcome.answer.summary };
}

async function call<T extends z.ZodType>(
	account: AccountContext,
	cache: SessionCache,
	method: string,
	params: [string, string][],
	schema: T,
): Promise<ReadResult<{ did: string; value: z.infer<T> }>> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", reason: "Bluesky credentials incomplete: reconnect the account" };
	const result = await withSession(creds.data, cache, (session): Promise<Sent> => {
		const url = new URL(xrpcUrl(creds.data.service, method));
		for (const [k, v] of params) url.searchParams.append(k, v === "$did" ? session.did : v);
		return sendWithTimeout(guardedFetch, url.toString(), { headers: { Authorization: `Bearer ${session.accessJwt}`, Accept: "application/json" } });
	});
	if ("outcome" in result) return failure(result.outcome);
	const read = readAnswer(result.sent, schema, `Bluesky ${method}`);
	return read.kind === "ok" ? { kind: "ok", value: { did: result.session.did, value: read.value } } : read;
}

export const blueskyReader: NetworkReader = {
	async readMentions(account, rawCursor, cache) {
		const state = readCursor(rawCursor);
		const params: [string, string][] = [["limit", String(pageSize)], ...[...wanted].map((r): [string, string] => ["reasons", r])];
		if (state.page) params.push(["cursor", state.page]);
		const page = await call(account, cache, "app.bsky.notification.listNotifications", params, notificationPage);
		if (page.kind !== "ok") return page;
		const items = page.value.value.notifications.flatMap((n) => {
			const parsed = notification.safeParse(n);
			return parsed.success ? [parsed.data] : [];
		});
		const fresh = items.filter((n) => state.since === null || n.indexedAt > state.since);
		const top = state.top ?? items.reduce<string | null>((max, n) => (max === null || n.indexedAt > max ? n.indexedAt : max), null) ?? state.since;
		const mentions: FetchedMention[] = fresh
			.filter((n) => wanted.has(n.reason))
			.map((n) => ({
				externalId: n.uri,
				author: { handle: `@${n.author.handle}`, ...(n.author.displayName ? { name: n.author.displayName } : {}) },
				text: n.record.text,
				createdAt: Date.parse(n.record.createdAt ?? n.indexedAt) || Date.parse(n.indexedAt),
				inReplyTo: n.record.reply?.parent.uri ?? null,
				isFollower: n.author.viewer ? Boolean(n.author.viewer.followedBy) : null,
			}))
			.sort((a, b) => a.createdAt - b.createdAt);
		// More to read back while every item of a full page was new; the first run reads one page only.
		const next = page.value.value.cursor;
		const backlog = state.since !== null && next && fresh.length === items.length && items.length > 0;
		const cursor = backlog ? { since: state.since, ...(top ? { top } : {}), page: next } : { since: top };
		return { kind: "ok", value: { mentions, cursor: JSON.stringify(cursor), more: Boolean(backlog) } };
	},

	async readMetrics(account, networkPostIds, cache) {
		const me = await call(account, cache, "app.bsky.actor.getProfile", [["actor", "$did"]], profile);
		if (me.kind !== "ok") return me;
		const counts = [];
		for (let i = 0; i < networkPostIds.length; i += postsPerCall) {
			const uris = networkPostIds.slice(i, i + postsPerCall).map((u): [string, string] => ["uris", u]);
			const got = await call(account, cache, "app.bsky.feed.getPosts", uris, posts);
			if (got.kind !== "ok") return got;
			for (const p of got.value.value.posts) {
				counts.push({
					networkPostId: p.uri,
					likes: p.likeCount ?? null,
					reposts: p.repostCount ?? null,
					replies: p.replyCount ?? null,
					quotes: p.quoteCount ?? null,
					impressions: null,
					clicks: null,
				});
			}
		}
		return { kind: "ok", value: { followers: me.value.value.followersCount ?? null, posts: counts } };
	},
};
