/**
 * X for measurement. Mentions: GET /2/users/:id/mentions with since_id = the newest id stored; X
 * answers newest first and pages back with pagination_token, so while a backlog is read the cursor
 * also keeps the page to continue from. X does not say whether an author follows us (null).
 * Metrics: GET /2/users/:id (public_metrics.followers_count) and GET /2/tweets?ids= (like, retweet,
 * reply, quote and impression counts).
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { sendWithTimeout } from "./http";
import { decodeEntities } from "./match";
import { type FetchedMention, type NetworkReader, newerId, type ReadResult, readAnswer, readCursor } from "./reader";
import type { AccountContext } from "./types";

const apiBase = "https://api.x.com/2";
const pageSize = 100;

const mentionsPage = z.object({
	data: z
		.array(
			z.object({
				id: z.string(),
				text: z.string(),
				author_id: z.string().optional(),
				created_at: z.string().optional(),
				referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
			}),
		)
		.optional(),
	includes: z.object({ users: z.array(z.object({ id: z.string(), username: z.string(), name: z.string().optional() })).optional() }).optional(),
	meta: z.object({ newest_id: z.string().optional(), next_token: z.string().optional(), result_count: z.number().optional() }).optional(),
});
const user = z.object({ data: z.object({ id: z.string(), public_metrics: z.object({ followers_count: z.number() }).optional() }) });
const tweets = z.object({
	data: z
		.array(
			z.object({
				id: z.string(),
				public_metrics: z
					.object({
						like_count: z.number(),
						retweet_count: z.number(),
						reply_count: z.number(),
						quote_count: z.number().optional(),
						impression_count: z.number().optional(),
					})
					.optional(),
			}),
		)
		.optional(),
});

type Credentials = z.infer<typeof credentialSchemas.x>;
const get = (creds: Credentials, url: URL) =>
	sendWithTimeout(guardedFetch, url.toString(), { headers: { Authorization: `Bearer ${creds.accessToken}`, Accept: "application/json" } });

async function userId(creds: Credentials): Promise<ReadResult<string>> {
	if (creds.userId) return { kind: "ok", value: creds.userId };
	const me = readAnswer(await get(creds, new URL(`${apiBase}/users/me`)), user, "X users/me");
	return me.kind === "ok" ? { kind: "ok", value: me.value.data.id } : me;
}

function credentialsOf(account: AccountContext) {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	return creds.success ? creds.data : null;
}

export const xReader: NetworkReader = {
	async readMentions(account, rawCursor) {
		const creds = credentialsOf(account);
		if (!creds) return { kind: "auth", reason: "X credentials incomplete: reconnect the account" };
		const id = await userId(creds);
		if (id.kind !== "ok") return id;
		const state = readCursor(rawCursor);
		const url = new URL(`${apiBase}/users/${encodeURIComponent(id.value)}/mentions`);
		url.searchParams.set("max_results", String(pageSize));
		url.searchParams.set("tweet.fields", "created_at,author_id,referenced_tweets");
		url.searchParams.set("expansions", "author_id");
		url.searchParams.set("user.fields", "username,name");
		if (state.since) url.searchParams.set("since_id", state.since);
		if (state.page) url.searchParams.set("pagination_token", state.page);
		const page = readAnswer(await get(creds, url), mentionsPage, "X mentions");
		if (page.kind !== "ok") return page;
		const users = new Map((page.value.includes?.users ?? []).map((u) => [u.id, u]));
		const mentions: FetchedMention[] = (page.value.data ?? [])
			.map((t) => {
				const author = t.author_id ? users.get(t.author_id) : undefined;
				return {
					externalId: t.id,
					author: { handle: `@${author?.username ?? t.author_id ?? "unknown"}`, ...(author?.name ? { name: author.name } : {}) },
					text: decodeEntities(t.text),
					createdAt: t.created_at ? Date.parse(t.created_at) : Date.now(),
					inReplyTo: t.referenced_tweets?.find((r) => r.type === "replied_to")?.id ?? null,
					isFollower: null,
				};
			})
			.sort((a, b) => a.createdAt - b.createdAt);
		const top = newerId(state.top ?? null, page.value.meta?.newest_id ?? null) ?? state.since;
		// since_id bounds every page, so a next_token means more new mentions below this page.
		const next = state.since !== null ? page.value.meta?.next_token : undefined;
		const cursor = next ? { since: state.since, ...(top ? { top } : {}), page: next } : { since: top };
		return { kind: "ok", value: { mentions, cursor: JSON.stringify(cursor), more: Boolean(next) } };
	},

	async readMetrics(account, networkPostIds) {
		const creds = credentialsOf(account);
		if (!creds) return { kind: "auth", reason: "X credentials incomplete: reconnect the account" };
		const id = await userId(creds);
		if (id.kind !== "ok") return id;
		const meUrl = new URL(`${apiBase}/users/${encodeURIComponent(id.value)}`);
		meUrl.searchParams.set("user.fields", "public_metrics");
		const me = readAnswer(await get(creds, meUrl), user, "X user");
		if (me.kind !== "ok") return me;
		const posts = [];
		for (let i = 0; i < networkPostIds.length; i += 100) {
			const url = new URL(`${apiBase}/tweets`);
			url.searchParams.set("ids", networkPostIds.slice(i, i + 100).join(","));
			url.searchParams.set("tweet.fields", "public_metrics");
			const got = readAnswer(await get(creds, url), tweets, "X tweets");
			if (got.kind !== "ok") return got;
			for (const t of got.value.data ?? []) {
				const m = t.public_metrics;
				posts.push({
					networkPostId: t.id,
					likes: m?.like_count ?? null,
					reposts: m?.retweet_count ?? null,
					replies: m?.reply_count ?? null,
					quotes: m?.quote_count ?? null,
					impressions: m?.impression_count ?? null,
					clicks: null,
				});
			}
		}
		return { kind: "ok", value: { followers: me.value.data.public_metrics?.followers_count ?? null, posts } };
	},
};
