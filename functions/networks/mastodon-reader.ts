/**
 * Mastodon for measurement. Mentions: GET /api/v1/notifications?types[]=mention with min_id = the
 * newest notification id stored, which pages forward from there (since_id would jump to the newest
 * and skip a backlog). Whether each author follows us: GET /api/v1/accounts/relationships
 * (followed_by). Metrics: verify_credentials (followers_count) and the account's recent statuses
 * (favourites, reblogs, replies counts); Mastodon gives no impressions.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { sendWithTimeout } from "./http";
import { htmlToText } from "./match";
import { type FetchedMention, type NetworkReader, newerId, type PostCounts, readAnswer } from "./reader";
import type { AccountContext } from "./types";

/** Mastodon's maximum page of notifications. */
const pageSize = 40;

const notification = z.object({
	id: z.string(),
	type: z.string(),
	created_at: z.string(),
	account: z.object({ id: z.string(), acct: z.string(), display_name: z.string().nullish() }),
	status: z.object({ id: z.string(), content: z.string(), in_reply_to_id: z.string().nullish(), created_at: z.string() }).nullish(),
});
const relationship = z.object({ id: z.string(), followed_by: z.boolean() });
const credentialAccount = z.object({ id: z.string(), followers_count: z.number() });
const statusCounts = z.object({ id: z.string(), reblogs_count: z.number(), favourites_count: z.number(), replies_count: z.number() });

type Credentials = z.infer<typeof credentialSchemas.mastodon>;

function apiUrl(creds: Credentials, path: string, params: [string, string][] = []): string {
	const url = new URL(path, creds.instanceUrl.endsWith("/") ? creds.instanceUrl : `${creds.instanceUrl}/`);
	for (const [k, v] of params) url.searchParams.append(k, v);
	return url.toString();
}

const get = (creds: Credentials, url: string) =>
	sendWithTimeout(guardedFetch, url, { headers: { Authorization: `Bearer ${creds.accessToken}`, Accept: "application/json" } });

function credentialsOf(account: AccountContext) {
	const creds = credentialSchemas.mastodon.safeParse(account.credentials);
	return creds.success ? creds.data : null;
}

export const mastodonReader: NetworkReader = {
	async readMentions(account, cursor) {
		const creds = credentialsOf(account);
		if (!creds) return { kind: "auth", reason: "Mastodon credentials incomplete: reconnect the account" };
		const params: [string, string][] = [
			["types[]", "mention"],
			["limit", String(pageSize)],
		];
		if (cursor) params.push(["min_id", cursor]);
		const page = readAnswer(await get(creds, apiUrl(creds, "api/v1/notifications", params)), z.array(z.unknown()), "Mastodon notifications");
		if (page.kind !== "ok") return page;
		const notifications = page.value.flatMap((n) => {
			const parsed = notification.safeParse(n);
			return parsed.success && parsed.data.type === "mention" && parsed.data.status ? [parsed.data] : [];
		});
		const authorIds = [...new Set(notifications.map((n) => n.account.id))];
		const follows = new Map<string, boolean>();
		if (authorIds.length) {
			const rel = readAnswer(
				await get(
					creds,
					apiUrl(
						creds,
						"api/v1/accounts/relationships",
						authorIds.map((id) => ["id[]", id]),
					),
				),
				z.array(relationship),
				"Mastodon relationships",
			);
			// Not knowing who follows is no reason to lose the mentions: they are stored with null.
			if (rel.kind === "ok") for (const r of rel.value) follows.set(r.id, r.followed_by);
		}
		const mentions: FetchedMention[] = notifications.map((n) => ({
			externalId: n.status!.id,
			author: { handle: `@${n.account.acct}`, ...(n.account.display_name ? { name: n.account.display_name } : {}) },
			text: htmlToText(n.status!.content),
			createdAt: Date.parse(n.status!.created_at),
			inReplyTo: n.status!.in_reply_to_id ?? null,
			isFollower: follows.get(n.account.id) ?? null,
		}));
		mentions.sort((a, b) => a.createdAt - b.createdAt);
		// The cursor is the newest notification id of the page, including any that were not usable.
		const newest = page.value.reduce<string | null>((max, n) => newerId(max, z.object({ id: z.string() }).safeParse(n).data?.id ?? null), cursor);
		return { kind: "ok", value: { mentions, cursor: newest, more: page.value.length === pageSize } };
	},

	async readMetrics(account, networkPostIds) {
		const creds = credentialsOf(account);
		if (!creds) return { kind: "auth", reason: "Mastodon credentials incomplete: reconnect the account" };
		const me = readAnswer(await get(creds, apiUrl(creds, "api/v1/accounts/verify_credentials")), credentialAccount, "Mastodon account");
		if (me.kind !== "ok") return me;
		const wanted = new Set(networkPostIds);
		const posts: PostCounts[] = [];
		if (wanted.size) {
			const list = readAnswer(
				await get(
					creds,
					apiUrl(creds, `api/v1/accounts/${encodeURIComponent(me.value.id)}/statuses`, [
						["limit", "40"],
						["exclude_reblogs", "true"],
					]),
				),
				z.array(z.unknown()),
				"Mastodon statuses",
			);
			if (list.kind !== "ok") return list;
			for (const item of list.value) {
				const s = statusCounts.safeParse(item);
				if (s.success && wanted.has(s.data.id)) {
					posts.push({
						networkPostId: s.data.id,
						likes: s.data.favourites_count,
						reposts: s.data.reblogs_count,
						replies: s.data.replies_count,
						quotes: null,
						impressions: null,
						clicks: null,
					});
				}
			}
		}
		return { kind: "ok", value: { followers: me.value.followers_count, posts } };
	},
};
