// Bluesky reading contract: app.bsky.notification.listNotifications, app.bsky.actor.getProfile and
// app.bsky.feed.getPosts as in the lexicons (atproto lexicons/app/bsky/...), answers shaped like the
// AppView's (notification: uri, cid, author ProfileView with viewer, reason, record, isRead, indexedAt).
import { afterEach, describe, expect, it, vi } from "vitest";
import { blueskyReader } from "../../functions/networks/bluesky-reader";
import { account, json, memoryCache, stubFetch } from "./helpers";

const service = "https://pds.example";
const did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const acc = account("bluesky", { identifier: "chorus.example", appPassword: "app-pass", service });
const cached = () => memoryCache({ service, identifier: "chorus.example", did, handle: "chorus.example", accessJwt: "access-1", refreshJwt: "refresh-1" });
afterEach(() => vi.restoreAllMocks());

function note(n: number, reason: string, indexedAt: string, opts: { followedBy?: boolean; parent?: string } = {}) {
	const author = `did:plc:author${n}`;
	return {
		uri: `at://${author}/app.bsky.feed.post/3l${n}abc`,
		cid: `bafyrei${n}`,
		author: {
			did: author,
			handle: `user${n}.bsky.social`,
			displayName: `User ${n}`,
			viewer: { muted: false, blockedBy: false, ...(opts.followedBy ? { followedBy: `at://${author}/app.bsky.graph.follow/3kf${n}` } : {}) },
			labels: [],
		},
		reason,
		record: {
			$type: "app.bsky.feed.post",
			text: `@chorus.example message ${n}`,
			createdAt: indexedAt,
			langs: ["en"],
			...(opts.parent ? { reply: { root: { uri: opts.parent, cid: "bafyroot" }, parent: { uri: opts.parent, cid: "bafyparent" } } } : {}),
		},
		isRead: false,
		indexedAt,
		labels: [],
	};
}

describe("Bluesky mentions", () => {
	it("lists mention, reply and quote notifications with the cached session; the first read takes one page and remembers the newest", async () => {
		const calls = stubFetch(
			json({
				notifications: [
					note(2, "reply", "2026-11-26T09:05:00.000Z", { followedBy: true, parent: `at://${did}/app.bsky.feed.post/3ours` }),
					note(1, "mention", "2026-11-26T09:00:00.000Z"),
				],
				cursor: "older-1",
				seenAt: "2026-11-26T08:00:00.000Z",
			}),
		);
		const read = await blueskyReader.readMentions(acc, null, cached());
		const url = new URL(calls[0]!.url);
		expect(url.origin + url.pathname).toBe(`${service}/xrpc/app.bsky.notification.listNotifications`);
		expect(url.searchParams.getAll("reasons").sort()).toEqual(["mention", "quote", "reply"]);
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer access-1");
		expect(read.kind).toBe("ok");
		if (read.kind !== "ok") return;
		expect(read.value.mentions).toEqual([
			{
				externalId: `at://did:plc:author1/app.bsky.feed.post/3l1abc`,
				author: { handle: "@user1.bsky.social", name: "User 1" },
				text: "@chorus.example message 1",
				createdAt: Date.parse("2026-11-26T09:00:00.000Z"),
				inReplyTo: null,
				isFollower: false,
			},
			{
				externalId: `at://did:plc:author2/app.bsky.feed.post/3l2abc`,
				author: { handle: "@user2.bsky.social", name: "User 2" },
				text: "@chorus.example message 2",
				createdAt: Date.parse("2026-11-26T09:05:00.000Z"),
				inReplyTo: `at://${did}/app.bsky.feed.post/3ours`,
				isFollower: true,
			},
		]);
		expect(read.value.more).toBe(false);
		expect(JSON.parse(read.value.cursor!)).toEqual({ since: "2026-11-26T09:05:00.000Z" });
	});

	it("reads back page by page through a backlog and resumes from the stored page", async () => {
		const since = "2026-11-26T09:00:00.000Z";
		stubFetch(json({ notifications: [note(4, "mention", "2026-11-26T09:20:00.000Z"), note(3, "mention", "2026-11-26T09:10:00.000Z")], cursor: "page-2" }));
		const first = await blueskyReader.readMentions(acc, JSON.stringify({ since }), cached());
		expect(first.kind === "ok" && first.value.more).toBe(true);
		const resumed = first.kind === "ok" ? first.value.cursor : null;
		expect(JSON.parse(resumed!)).toEqual({ since, top: "2026-11-26T09:20:00.000Z", page: "page-2" });
		vi.restoreAllMocks();
		const calls = stubFetch(json({ notifications: [note(2, "mention", "2026-11-26T09:05:00.000Z"), note(1, "mention", since)], cursor: "page-3" }));
		const second = await blueskyReader.readMentions(acc, resumed, cached());
		expect(new URL(calls[0]!.url).searchParams.get("cursor")).toBe("page-2");
		expect(second.kind === "ok" && second.value.mentions.map((m) => m.text)).toEqual(["@chorus.example message 2"]);
		expect(second.kind === "ok" && JSON.parse(second.value.cursor!)).toEqual({ since: "2026-11-26T09:20:00.000Z" });
	});

	it("signs in when no session is cached, and a 5xx is a retry", async () => {
		const cache = memoryCache();
		const calls = stubFetch(
			json({ did, handle: "chorus.example", accessJwt: "access-9", refreshJwt: "refresh-9", active: true }),
			json({ error: "InternalServerError" }, 502),
		);
		const read = await blueskyReader.readMentions(acc, null, cache);
		expect(calls[0]!.url).toBe(`${service}/xrpc/com.atproto.server.createSession`);
		expect(read.kind).toBe("retry");
	});
});

describe("Bluesky metrics", () => {
	it("reads followersCount from getProfile and the counts of our posts from getPosts", async () => {
		const ours = `at://${did}/app.bsky.feed.post/3ours`;
		const calls = stubFetch(
			json({ did, handle: "chorus.example", followersCount: 2048, followsCount: 10, postsCount: 99 }),
			json({
				posts: [
					{
						uri: ours,
						cid: "bafy",
						author: { did, handle: "chorus.example" },
						record: { text: "hi" },
						likeCount: 31,
						repostCount: 5,
						replyCount: 4,
						quoteCount: 1,
						indexedAt: "2026-11-25T10:00:00.000Z",
					},
				],
			}),
		);
		const read = await blueskyReader.readMetrics(acc, [ours], cached());
		expect(new URL(calls[0]!.url).searchParams.get("actor")).toBe(did);
		expect(new URL(calls[1]!.url).searchParams.getAll("uris")).toEqual([ours]);
		expect(read).toEqual({
			kind: "ok",
			value: { followers: 2048, posts: [{ networkPostId: ours, likes: 31, reposts: 5, replies: 4, quotes: 1, impressions: null, clicks: null }] },
		});
	});
});
