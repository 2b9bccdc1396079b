// Mastodon reading contract: shapes as in docs.joinmastodon.org (methods/notifications,
// methods/accounts#relationships, entities/Notification, entities/Status, entities/Relationship).
import { afterEach, describe, expect, it, vi } from "vitest";
import { mastodonReader } from "../../functions/networks/mastodon-reader";
import { account, json, memoryCache, stubFetch } from "./helpers";

const acc = account("mastodon", { instanceUrl: "https://mastodon.example", accessToken: "tok-123" });
afterEach(() => vi.restoreAllMocks());

function mentionNotification(
	id: string,
	statusId: string,
	author = { id: "201", acct: "alice@other.example", display_name: "Alice" },
	extra: Record<string, unknown> = {},
) {
	return {
		id,
		type: "mention",
		group_key: `ungrouped-${id}`,
		created_at: "2026-11-26T09:00:00.000Z",
		account: { ...author, username: author.acct.split("@")[0], url: `https://other.example/@${author.acct}` },
		status: {
			id: statusId,
			created_at: "2026-11-26T08:59:58.000Z",
			in_reply_to_id: null,
			in_reply_to_account_id: null,
			visibility: "public",
			content:
				'<p><span class="h-card"><a href="https://mastodon.example/@chorus" class="u-url mention">@<span>chorus</span></a></span> how do I export my data &amp; reports?</p>',
			...extra,
		},
	};
}

describe("Mastodon mentions", () => {
	it("asks for mention notifications after the cursor, looks up who follows, returns them oldest first with the newest id as cursor", async () => {
		const calls = stubFetch(
			json([
				mentionNotification(
					"9002",
					"111002",
					{ id: "202", acct: "bob", display_name: "" },
					{ in_reply_to_id: "110999", created_at: "2026-11-26T09:01:00.000Z" },
				),
				mentionNotification("9001", "111001"),
			]),
			json([
				{ id: "202", following: false, followed_by: true, blocking: false, muting: false },
				{ id: "201", following: true, followed_by: false, blocking: false, muting: false },
			]),
		);
		const page = await mastodonReader.readMentions(acc, "9000", memoryCache());
		const list = new URL(calls[0]!.url);
		expect(list.origin + list.pathname).toBe("https://mastodon.example/api/v1/notifications");
		expect(list.searchParams.getAll("types[]")).toEqual(["mention"]);
		expect(list.searchParams.get("min_id")).toBe("9000");
		expect(list.searchParams.get("limit")).toBe("40");
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer tok-123");
		const rel = new URL(calls[1]!.url);
		expect(rel.pathname).toBe("/api/v1/accounts/relationships");
		expect(rel.searchParams.getAll("id[]").sort()).toEqual(["201", "202"]);
		expect(page).toEqual({
			kind: "ok",
			value: {
				mentions: [
					{
						externalId: "111001",
						author: { handle: "@alice@other.example", name: "Alice" },
						text: "@chorus how do I export my data & reports?",
						createdAt: Date.parse("2026-11-26T08:59:58.000Z"),
						inReplyTo: null,
						isFollower: false,
					},
					{
						externalId: "111002",
						author: { handle: "@bob" },
						text: "@chorus how do I export my data & reports?",
						createdAt: Date.parse("2026-11-26T09:01:00.000Z"),
						inReplyTo: "110999",
						isFollower: true,
					},
				],
				cursor: "9002",
				more: false,
			},
		});
	});

	it("keeps the cursor when the page is empty and needs no relationship call", async () => {
		const calls = stubFetch(json([]));
		expect(await mastodonReader.readMentions(acc, "9000", memoryCache())).toEqual({ kind: "ok", value: { mentions: [], cursor: "9000", more: false } });
		expect(calls).toHaveLength(1);
	});

	it("turns 429 into a retry with the reset time, 401 into auth", async () => {
		stubFetch(json({ error: "Too many requests" }, 429, { "X-RateLimit-Reset": new Date(Date.now() + 30_000).toISOString() }));
		const limited = await mastodonReader.readMentions(acc, null, memoryCache());
		expect(limited.kind).toBe("retry");
		expect(limited.kind === "retry" && limited.retryAfterSeconds).toBeGreaterThan(25);
		vi.restoreAllMocks();
		stubFetch(json({ error: "The access token is invalid" }, 401));
		expect((await mastodonReader.readMentions(acc, null, memoryCache())).kind).toBe("auth");
	});
});

describe("Mastodon metrics", () => {
	it("reads followers from verify_credentials and counts of our posts from the account's statuses", async () => {
		const calls = stubFetch(
			json({ id: "109", username: "chorus", acct: "chorus", followers_count: 1520, following_count: 12, statuses_count: 80 }),
			json([
				{ id: "555", created_at: "2026-11-25T10:00:00.000Z", content: "<p>ours</p>", reblogs_count: 4, favourites_count: 21, replies_count: 3 },
				{ id: "554", created_at: "2026-11-24T10:00:00.000Z", content: "<p>not tracked</p>", reblogs_count: 1, favourites_count: 2, replies_count: 0 },
			]),
		);
		const read = await mastodonReader.readMetrics(acc, ["555"], memoryCache());
		expect(new URL(calls[1]!.url).pathname).toBe("/api/v1/accounts/109/statuses");
		expect(read).toEqual({
			kind: "ok",
			value: { followers: 1520, posts: [{ networkPostId: "555", likes: 21, reposts: 4, replies: 3, quotes: null, impressions: null, clicks: null }] },
		});
	});
});
