// Threads and Instagram readers' contract. Stubs copy the documented shapes:
// - GET /{threads-user-id}/threads → { data: [{ id }], paging }: developers.facebook.com/docs/threads/retrieve-and-discover-posts/retrieve-posts
// - GET /{media-id}/conversation?reverse=true&fields=id,text,username,timestamp,replied_to,is_reply_owned_by_me
//   → { data: [...] }: developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations
// - GET /{media-id}/insights?metric=… → { data: [{ name, period, values: [{ value }] }] }; GET /{user}/threads_insights
//   ?metric=followers_count → { data: [{ name, total_value: { value } }] }: developers.facebook.com/docs/threads/insights
// - GET /{ig-user-id}/media → { data: [{ id }] }; GET /{ig-media-id}/comments?fields=…,replies{…} → { data: [{ id, text,
//   username, timestamp, replies: { data } }] }: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
// - GET /{ig-user-id}?fields=followers_count, GET /{ig-media-id}?fields=like_count,comments_count: …/reference/ig-user, …/reference/ig-media
import { afterEach, describe, expect, it, vi } from "vitest";
import { graphVersion } from "../../functions/networks/facebook";
import { instagramReader, threadsReader } from "../../functions/networks/meta-readers";
import { account, json, memoryCache, stubFetch } from "./helpers";

const threads = { ...account("threads", { accessToken: "THQW-token", userId: "17841400001" }), handle: "@chorus.team" };
const instagram = { ...account("instagram", { igUserId: "17841405822304914", pageId: "1", pageAccessToken: "EAAB-page-token" }), handle: "@chorus.team" };
const cache = memoryCache();

afterEach(() => vi.restoreAllMocks());

describe("Threads replies into the Inbox", () => {
	it("reads the conversation under each recent post, newest first; leaves out the account's own replies; the cursor moves to the newest", async () => {
		const calls = stubFetch(
			json({ data: [{ id: "post_1" }, { id: "post_2" }], paging: { cursors: { before: "a", after: "b" } } }),
			json({
				data: [
					{ id: "r3", text: "And a nested one", username: "bea", timestamp: "2026-11-26T10:05:00+0000", replied_to: { id: "r1" }, is_reply_owned_by_me: false },
					{ id: "r2", text: "Thanks!", username: "chorus.team", timestamp: "2026-11-26T10:04:00+0000", replied_to: { id: "r1" }, is_reply_owned_by_me: true },
					{
						id: "r1",
						text: "When does it ship?",
						username: "ari",
						timestamp: "2026-11-26T10:01:00+0000",
						replied_to: { id: "post_1" },
						is_reply_owned_by_me: false,
					},
				],
			}),
			json({ data: [] }),
		);
		const read = await threadsReader.readMentions(threads, null, cache);
		expect(new URL(calls[0]!.url).pathname).toBe("/v1.0/17841400001/threads");
		const conversation = new URL(calls[1]!.url);
		expect(conversation.pathname).toBe("/v1.0/post_1/conversation");
		expect(conversation.searchParams.get("reverse")).toBe("true");
		expect(conversation.searchParams.get("fields")).toBe("id,text,username,timestamp,replied_to,is_reply_owned_by_me");
		expect(read).toEqual({
			kind: "ok",
			value: {
				mentions: [
					{
						externalId: "r1",
						author: { handle: "@ari" },
						text: "When does it ship?",
						createdAt: Date.parse("2026-11-26T10:01:00Z"),
						inReplyTo: "post_1",
						isFollower: null,
					},
					{
						externalId: "r3",
						author: { handle: "@bea" },
						text: "And a nested one",
						createdAt: Date.parse("2026-11-26T10:05:00Z"),
						inReplyTo: "r1",
						isFollower: null,
					},
				],
				cursor: JSON.stringify({ since: String(Date.parse("2026-11-26T10:05:00Z")) }),
				more: false,
			},
		});
		// The next run keeps only what is newer than the cursor.
		vi.restoreAllMocks();
		stubFetch(
			json({ data: [{ id: "post_1" }] }),
			json({ data: [{ id: "r3", text: "And a nested one", username: "bea", timestamp: "2026-11-26T10:05:00+0000", replied_to: { id: "r1" } }] }),
		);
		const again = await threadsReader.readMentions(threads, read.kind === "ok" ? read.value.cursor : null, cache);
		expect(again.kind === "ok" && again.value.mentions).toEqual([]);
	});

	it("metrics: followers from threads_insights, per post views, likes, replies, reposts, quotes", async () => {
		const calls = stubFetch(
			json({ data: [{ name: "followers_count", period: "day", total_value: { value: 1520 }, id: "17841400001/insights/followers_count/day" }] }),
			json({
				data: ["views", "likes", "replies", "reposts", "quotes"].map((name, i) => ({
					name,
					period: "lifetime",
					values: [{ value: (i + 1) * 10 }],
					id: `x/${name}`,
				})),
			}),
		);
		expect(await threadsReader.readMetrics(threads, ["18060000000000001"], cache)).toEqual({
			kind: "ok",
			value: {
				followers: 1520,
				posts: [{ networkPostId: "18060000000000001", impressions: 10, likes: 20, replies: 30, reposts: 40, quotes: 50, clicks: null }],
			},
		});
		expect(new URL(calls[1]!.url).searchParams.get("metric")).toBe("views,likes,replies,reposts,quotes");
	});

	it("a refused token is a reconnect", async () => {
		stubFetch(json({ error: { message: "Error validating access token", type: "OAuthException", code: 190 } }, 401));
		expect((await threadsReader.readMentions(threads, null, cache)).kind).toBe("auth");
	});
});

describe("Instagram comments into the Inbox", () => {
	it("a comment answers the media, a reply answers its comment; the account's own are left out", async () => {
		const calls = stubFetch(
			json({ data: [{ id: "17920238422030506" }] }),
			json({
				data: [
					{
						id: "c1",
						text: "Love it",
						username: "ari",
						timestamp: "2026-11-26T10:01:00+0000",
						replies: {
							data: [
								{ id: "c2", text: "Thank you!", username: "chorus.team", timestamp: "2026-11-26T10:02:00+0000" },
								{ id: "c3", text: "Same here", username: "bea", timestamp: "2026-11-26T10:03:00+0000" },
							],
						},
					},
				],
			}),
		);
		const read = await instagramReader.readMentions(instagram, null, cache);
		expect(calls[0]!.url).toContain(`/${graphVersion}/17841405822304914/media?`);
		expect(new URL(calls[1]!.url).searchParams.get("fields")).toBe("id,text,username,timestamp,replies{id,text,username,timestamp}");
		expect(read.kind === "ok" && read.value.mentions.map((m) => [m.externalId, m.inReplyTo, m.author.handle])).toEqual([
			["c1", "17920238422030506", "@ari"],
			["c3", "c1", "@bea"],
		]);
	});

	it("metrics: followers_count, like_count and comments_count; a comment id among the posts is skipped", async () => {
		stubFetch(
			json({ followers_count: 880, id: "17841405822304914" }),
			json({ like_count: 12, comments_count: 3, id: "17920238422030506" }),
			json({ error: { message: "(#100) Tried accessing nonexisting field (like_count) on node type (IGComment)", type: "OAuthException", code: 100 } }, 400),
		);
		expect(await instagramReader.readMetrics(instagram, ["17920238422030506", "17858893269000002"], cache)).toEqual({
			kind: "ok",
			value: {
				followers: 880,
				posts: [{ networkPostId: "17920238422030506", likes: 12, replies: 3, reposts: null, quotes: null, impressions: null, clicks: null }],
			},
		});
	});
});
