// Facebook Page reading and answering contract. Stubs copy the documented shapes:
// - GET /{page-id}/feed with field expansion (comments.filter(stream).order(reverse_chronological){…}),
//   data / paging.cursors / paging.next, created_time as "2026-11-26T10:00:00+0000":
//   developers.facebook.com/docs/graph-api/reference/page/feed, developers.facebook.com/docs/graph-api/results
// - /{object-id}/comments: filter=stream gives replies with parent, order=reverse_chronological, POST
//   { message } → { id }: developers.facebook.com/docs/graph-api/reference/object/comments
//   (and developers.facebook.com/docs/graph-api/reference/page-post/comments)
// - GET /{page-id}/tagged: developers.facebook.com/docs/graph-api/reference/page/tagged
// - followers_count on the Page node: developers.facebook.com/docs/graph-api/reference/page
// - ?ids= multi-id reads, reactions/comments summary(total_count), shares.count:
//   developers.facebook.com/docs/graph-api/reference/post
// - errors { error: { message, type, code, error_subcode } }, throttling codes 4/17/32/613 and
//   X-Page-Usage estimated_time_to_regain_access: developers.facebook.com/docs/graph-api/guides/error-handling,
//   developers.facebook.com/docs/graph-api/overview/rate-limiting
import { afterEach, describe, expect, it, vi } from "vitest";
import { facebookAdapter, graphVersion } from "../../functions/networks/facebook";
import { createFacebookReader } from "../../functions/networks/facebook-reader";
import { overlapMs } from "../../functions/networks/time-cursor";
import { account, createdAtMs, json, memoryCache, request, stubFetch } from "./helpers";

const pageId = "108765279";
const acc = account("facebook", { pageId, pageAccessToken: "EAAB-page-token" });
const NOW = Date.parse("2026-11-26T12:00:00.000Z");
const reader = createFacebookReader(() => NOW);
const graph = `https://graph.facebook.com/${graphVersion}`;
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

const post = `${pageId}_1234567890`;
const graphTime = (iso: string) => iso.replace(/\.\d{3}Z$/, "+0000").replace(/Z$/, "+0000");
const page = { id: pageId, name: "Chorus" };
const ari = { id: "6543210987", name: "Ari Castro" };
function comment(id: string, from: { id: string; name: string } | undefined, message: string, iso: string, parent?: string) {
	return {
		id,
		message,
		...(from ? { from } : {}),
		created_time: graphTime(iso),
		...(parent ? { parent: { id: parent } } : {}),
		permalink_url: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=${id.split("_")[1]}`,
	};
}
const cursors = { cursors: { before: "QVFIUmx1", after: "QVFIUkd3" } };

describe("Facebook Page comments and tags", () => {
	it("reads the feed with its comments (replies included), visitors' posts and tags, with the documented requests", async () => {
		const since = Date.parse("2026-11-25T00:00:00Z");
		const calls = stubFetch(
			json({
				data: [
					{
						id: post,
						message: "Launch day!",
						from: page,
						created_time: graphTime("2026-11-20T09:00:00Z"),
						permalink_url: `https://www.facebook.com/${pageId}/posts/1234567890`,
						comments: {
							data: [
								comment("1234567890_903", ari, "Still broken for me", "2026-11-26T10:20:00Z", "1234567890_901"),
								comment("1234567890_902", page, "Thanks Ari!", "2026-11-26T10:10:00Z", "1234567890_901"),
								comment("1234567890_901", ari, "Checkout fails on step 2", "2026-11-26T10:00:00Z"),
								comment("1234567890_800", { id: "1", name: "Old" }, "Nice", "2026-11-01T10:00:00Z"),
							],
							paging: { ...cursors, next: `${graph}/${post}/comments?access_token=EAAB-page-token&after=QVFIUkd3` },
						},
					},
					{ id: `${pageId}_555`, message: "Do you ship to Lisbon?", from: { id: "777", name: "Mona" }, created_time: graphTime("2026-11-26T11:00:00Z") },
				],
				paging: cursors,
			}),
			json({
				data: [{ id: "999_111", message: "Loving @Chorus today", from: { id: "888", name: "Kim" }, created_time: graphTime("2026-11-26T11:30:00Z") }],
				paging: cursors,
			}),
		);
		const read = await reader.readMentions(acc, JSON.stringify({ since }), memoryCache());

		const feed = new URL(calls[0]!.url);
		expect(feed.origin + feed.pathname).toBe(`${graph}/${pageId}/feed`);
		expect(feed.searchParams.get("fields")).toBe(
			"id,message,from,created_time,permalink_url,comments.filter(stream).order(reverse_chronological).limit(100){id,message,from,created_time,parent{id},permalink_url}",
		);
		expect(feed.searchParams.get("access_token")).toBe("EAAB-page-token");
		const tagged = new URL(calls[1]!.url);
		expect(tagged.origin + tagged.pathname).toBe(`${graph}/${pageId}/tagged`);
		// Graph's time paging is in Unix seconds; the window starts before the cursor by the overlap.
		expect(tagged.searchParams.get("since")).toBe(String((since - overlapMs) / 1000));
		// The comments' next page was not followed: this page already reached back before the cursor.
		expect(calls).toHaveLength(2);

		expect(read.kind).toBe("ok");
		if (read.kind !== "ok") return;
		expect(read.value.mentions).toEqual([
			{
				externalId: "1234567890_901",
				author: { handle: ari.id, name: ari.name },
				text: "Checkout fails on step 2",
				createdAt: Date.parse("2026-11-26T10:00:00Z"),
				inReplyTo: post,
				isFollower: null,
				url: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=901`,
			},
			{
				externalId: "1234567890_903",
				author: { handle: ari.id, name: ari.name },
				text: "Still broken for me",
				createdAt: Date.parse("2026-11-26T10:20:00Z"),
				inReplyTo: "1234567890_901",
				isFollower: null,
				url: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=903`,
			},
			{
				externalId: `${pageId}_555`,
				author: { handle: "777", name: "Mona" },
				text: "Do you ship to Lisbon?",
				createdAt: Date.parse("2026-11-26T11:00:00Z"),
				inReplyTo: null,
				isFollower: null,
				url: null,
			},
			{
				externalId: "999_111",
				author: { handle: "888", name: "Kim" },
				text: "Loving @Chorus today",
				createdAt: Date.parse("2026-11-26T11:30:00Z"),
				inReplyTo: null,
				isFollower: null,
				url: null,
			},
		]);
		expect(JSON.parse(read.value.cursor!)).toEqual({ since: Date.parse("2026-11-26T11:30:00Z") });
	});

	it("follows a post's comment pages (paging.next, to Graph only) while they are still newer than the cursor", async () => {
		const next = `${graph}/${post}/comments?access_token=EAAB-page-token&limit=100&after=QVFIUkd3`;
		const calls = stubFetch(
			json({
				data: [
					{
						id: post,
						from: page,
						created_time: graphTime("2026-11-20T09:00:00Z"),
						comments: { data: [comment("1_3", ari, "three", "2026-11-26T10:30:00Z")], paging: { ...cursors, next } },
					},
				],
				paging: cursors,
			}),
			json({ data: [comment("1_2", ari, "two", "2026-11-26T10:20:00Z")], paging: { ...cursors, next: "https://evil.example/next" } }),
			json({ data: [], paging: cursors }),
		);
		const read = await reader.readMentions(acc, JSON.stringify({ since: Date.parse("2026-11-26T00:00:00Z") }), memoryCache());
		expect(calls[1]!.url).toBe(next);
		expect(new URL(calls[2]!.url).pathname).toBe(`/${graphVersion}/${pageId}/tagged`);
		expect(read.kind === "ok" && read.value.mentions.map((m) => m.externalId)).toEqual(["1_2", "1_3"]);
	});

	it.each([
		["throttled (code 32, X-Page-Usage)", 400, { error: { message: "(#32) Page request limit reached", type: "OAuthException", code: 32 } }, "retry", 900],
		[
			"an expired token (code 190)",
			400,
			{ error: { message: "Error validating access token", type: "OAuthException", code: 190, error_subcode: 463 } },
			"auth",
			null,
		],
		["a missing permission (code 10)", 403, { error: { message: "(#10) pages_read_engagement is needed", type: "OAuthException", code: 10 } }, "auth", null],
		["a server error", 500, { error: { message: "An unexpected error has occurred.", type: "OAuthException", code: 2, is_transient: true } }, "retry", null],
	] as const)("%s is classified as Graph's errors are, and gives no cursor", async (_what, status, body, kind, retryAfter) => {
		stubFetch(
			json(body, status, { "x-page-usage": JSON.stringify({ call_count: 100, total_time: 20, total_cputime: 10, estimated_time_to_regain_access: 15 }) }),
		);
		const read = await reader.readMentions(acc, JSON.stringify({ since: NOW - 3_600_000 }), memoryCache());
		expect(read.kind).toBe(kind);
		expect("value" in read).toBe(false);
		if (read.kind === "retry" && retryAfter !== null) expect(read.retryAfterSeconds).toBe(retryAfter);
	});
});

describe("Facebook metrics", () => {
	it("reads followers_count and the Page posts' reactions, comments and shares (our comments are not posts)", async () => {
		const calls = stubFetch(
			json({ followers_count: 5120, id: pageId }),
			json({
				[post]: {
					reactions: { data: [], summary: { total_count: 40, viewer_reaction: "NONE" } },
					comments: { data: [], summary: { order: "ranked", total_count: 6, can_comment: true } },
					shares: { count: 3 },
					id: post,
				},
				[`${pageId}_2`]: { reactions: { data: [], summary: { total_count: 0 } }, comments: { data: [], summary: { total_count: 0 } }, id: `${pageId}_2` },
			}),
		);
		const read = await reader.readMetrics(acc, [post, `${pageId}_2`, "1234567890_999"], memoryCache());
		expect(calls[0]!.url).toBe(`${graph}/${pageId}?fields=followers_count&access_token=EAAB-page-token`);
		const counts = new URL(calls[1]!.url);
		expect(counts.pathname).toBe(`/${graphVersion}/`);
		expect(counts.searchParams.get("ids")).toBe(`${post},${pageId}_2`);
		expect(counts.searchParams.get("fields")).toBe("reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares");
		expect(read).toEqual({
			kind: "ok",
			value: {
				followers: 5120,
				posts: [
					{ networkPostId: post, likes: 40, replies: 6, reposts: 3, quotes: null, impressions: null, clicks: null },
					{ networkPostId: `${pageId}_2`, likes: 0, replies: 0, reposts: 0, quotes: null, impressions: null, clicks: null },
				],
			},
		});
	});
});

describe("Facebook replies are comments", () => {
	it("POST /{object-id}/comments with the message and the Page token in the body, then the comment's permalink_url", async () => {
		const calls = stubFetch(
			json({ id: "1234567890_904" }),
			json({ id: "1234567890_904", permalink_url: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=904` }),
		);
		const outcome = await facebookAdapter.publish(acc, request({ text: "We're on it, Ari", inReplyTo: "1234567890_901" }), memoryCache());
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(`${graph}/1234567890_901/comments`);
		expect(calls[0]!.json).toEqual({ message: "We're on it, Ari", access_token: "EAAB-page-token" });
		expect(calls[1]!.url).toBe(`${graph}/1234567890_904?fields=permalink_url&access_token=EAAB-page-token`);
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "1234567890_904",
			networkUrl: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=904`,
			answer: { status: 200, summary: "200: 1234567890_904" },
		});
	});

	it("a first comment on a Page post goes to the post's own comments edge", async () => {
		const calls = stubFetch(json({ id: "1234567890_905" }), json({ error: { message: "Unsupported get request", code: 100 } }, 400));
		const outcome = await facebookAdapter.publish(acc, request({ text: "Sign up: https://example.com", inReplyTo: post }), memoryCache());
		expect(calls[0]!.url).toBe(`${graph}/${post}/comments`);
		// The link could not be read: the comment is published all the same.
		expect(outcome).toMatchObject({ kind: "published", networkPostId: "1234567890_905", networkUrl: "https://www.facebook.com/1234567890_905" });
	});

	it.each([
		[{ error: { message: "(#32) Page request limit reached", code: 32 } }, 400, "retry"],
		[{ error: { message: "Error validating access token", code: 190, error_subcode: 460 } }, 400, "auth"],
		[{ error: { message: "(#100) Error finding the requested story", code: 100, error_subcode: 33 } }, 400, "rejected"],
		[{ error: { message: "An unknown error occurred", code: 1 } }, 500, "unknown"],
	] as const)("a refusal %j is classified as posts' are", async (body, status, kind) => {
		stubFetch(json(body, status));
		expect(await facebookAdapter.publish(acc, request({ inReplyTo: post }), memoryCache())).toMatchObject({ kind });
	});

	it("after an unknown outcome, finds the Page's comment, or 'absent' once the list reaches back before the request", async () => {
		vi.useFakeTimers({ now: createdAtMs + 60_000 });
		const iso = (ms: number) => new Date(ms).toISOString();
		const calls = stubFetch(
			json({
				data: [comment("1_906", ari, "Thanks!", iso(createdAtMs + 2_000)), comment("1_905", page, "Thanks for asking!", iso(createdAtMs + 1_000))],
				paging: cursors,
			}),
		);
		const found = await facebookAdapter.findPublished(acc, request({ text: "Thanks for asking!", inReplyTo: post }), memoryCache());
		const url = new URL(calls[0]!.url);
		expect(url.pathname).toBe(`/${graphVersion}/${post}/comments`);
		expect(url.searchParams.get("filter")).toBe("stream");
		expect(url.searchParams.get("order")).toBe("reverse_chronological");
		expect(found).toEqual({ networkPostId: "1_905", networkUrl: `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=905` });

		vi.restoreAllMocks();
		stubFetch(
			json({
				data: [comment("1_800", page, "Thanks for asking!", iso(createdAtMs - 86_400_000))],
				paging: { ...cursors, next: `${graph}/${post}/comments?after=x` },
			}),
		);
		expect(await facebookAdapter.findPublished(acc, request({ text: "Thanks for asking!", inReplyTo: post }), memoryCache())).toBe("absent");
	});
});
