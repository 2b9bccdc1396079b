// X reading contract: GET /2/users/:id/mentions, GET /2/users/:id and GET /2/tweets as in the X API v2
// reference (data / includes.users / meta with newest_id, oldest_id, result_count, next_token).
import { afterEach, describe, expect, it, vi } from "vitest";
import { xReader } from "../../functions/networks/x-reader";
import { account, json, memoryCache, stubFetch } from "./helpers";

const acc = account("x", { accessToken: "x-token", userId: "2244994945" });
afterEach(() => vi.restoreAllMocks());

const mentionsAnswer = (next?: string) => ({
	data: [
		{
			id: "1861000000000000002",
			text: "@chorus why is checkout broken again?!",
			author_id: "77",
			created_at: "2026-11-26T09:05:00.000Z",
			edit_history_tweet_ids: ["1861000000000000002"],
			referenced_tweets: [{ type: "replied_to", id: "1860999999999999999" }],
		},
		{
			id: "1861000000000000001",
			text: "@chorus love the new app &amp; the dark mode",
			author_id: "78",
			created_at: "2026-11-26T09:00:00.000Z",
			edit_history_tweet_ids: ["1861000000000000001"],
		},
	],
	includes: {
		users: [
			{ id: "77", name: "Sam", username: "sam_x" },
			{ id: "78", name: "Kim", username: "kim" },
		],
	},
	meta: { result_count: 2, newest_id: "1861000000000000002", oldest_id: "1861000000000000001", ...(next ? { next_token: next } : {}) },
});

describe("X mentions", () => {
	it("asks for mentions since the stored id with the author expansion, oldest first, newest id as the cursor", async () => {
		const calls = stubFetch(json(mentionsAnswer()));
		const read = await xReader.readMentions(acc, JSON.stringify({ since: "1860000000000000000" }), memoryCache());
		const url = new URL(calls[0]!.url);
		expect(url.origin + url.pathname).toBe("https://api.x.com/2/users/2244994945/mentions");
		expect(url.searchParams.get("since_id")).toBe("1860000000000000000");
		expect(url.searchParams.get("expansions")).toBe("author_id");
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer x-token");
		expect(read).toEqual({
			kind: "ok",
			value: {
				mentions: [
					{
						externalId: "1861000000000000001",
						author: { handle: "@kim", name: "Kim" },
						text: "@chorus love the new app & the dark mode",
						createdAt: Date.parse("2026-11-26T09:00:00.000Z"),
						inReplyTo: null,
						isFollower: null,
					},
					{
						externalId: "1861000000000000002",
						author: { handle: "@sam_x", name: "Sam" },
						text: "@chorus why is checkout broken again?!",
						createdAt: Date.parse("2026-11-26T09:05:00.000Z"),
						inReplyTo: "1860999999999999999",
						isFollower: null,
					},
				],
				cursor: JSON.stringify({ since: "1861000000000000002" }),
				more: false,
			},
		});
	});

	it("follows next_token through a backlog, keeping since_id, and finishes at the newest id", async () => {
		stubFetch(json(mentionsAnswer("tok-2")));
		const first = await xReader.readMentions(acc, JSON.stringify({ since: "1860000000000000000" }), memoryCache());
		expect(first.kind === "ok" && first.value.more).toBe(true);
		vi.restoreAllMocks();
		const calls = stubFetch(json({ meta: { result_count: 0 } }));
		const second = await xReader.readMentions(acc, first.kind === "ok" ? first.value.cursor : null, memoryCache());
		const url = new URL(calls[0]!.url);
		expect(url.searchParams.get("pagination_token")).toBe("tok-2");
		expect(url.searchParams.get("since_id")).toBe("1860000000000000000");
		expect(second).toEqual({ kind: "ok", value: { mentions: [], cursor: JSON.stringify({ since: "1861000000000000002" }), more: false } });
	});

	it("waits out a 429 until x-rate-limit-reset", async () => {
		stubFetch(json({ title: "Too Many Requests", status: 429 }, 429, { "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 120) }));
		const read = await xReader.readMentions(acc, null, memoryCache());
		expect(read.kind).toBe("retry");
		expect(read.kind === "retry" && read.retryAfterSeconds).toBeGreaterThan(100);
	});
});

describe("X metrics", () => {
	it("reads followers and public_metrics of our tweets, impressions included", async () => {
		const calls = stubFetch(
			json({
				data: {
					id: "2244994945",
					name: "Chorus",
					username: "chorus",
					public_metrics: { followers_count: 5120, following_count: 3, tweet_count: 400, listed_count: 9, like_count: 0 },
				},
			}),
			json({
				data: [
					{
						id: "1850",
						text: "ours",
						edit_history_tweet_ids: ["1850"],
						public_metrics: { retweet_count: 7, reply_count: 2, like_count: 40, quote_count: 1, bookmark_count: 3, impression_count: 3100 },
					},
				],
			}),
		);
		const read = await xReader.readMetrics(acc, ["1850"], memoryCache());
		expect(new URL(calls[0]!.url).searchParams.get("user.fields")).toBe("public_metrics");
		expect(new URL(calls[1]!.url).searchParams.get("ids")).toBe("1850");
		expect(read).toEqual({
			kind: "ok",
			value: { followers: 5120, posts: [{ networkPostId: "1850", likes: 40, reposts: 7, replies: 2, quotes: 1, impressions: 3100, clicks: null }] },
		});
	});
});
