// LinkedIn reading and answering contract. Stubs copy the documented shapes:
// - Posts finder GET /rest/posts?q=author: learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
// - Comments API GET/POST /rest/socialActions/{urn}/comments, nested comments with parentComment,
//   GET …/comments/{id}, DELETE …/comments/{id}?actor=: learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api
// - organizationalEntityNotifications?q=criteria (SHARE_MENTION, sourcePost, lastModifiedAt):
//   learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-social-action-notifications
// - networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER → { firstDegreeSize }:
//   learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
// - organizationalEntityShareStatistics with shares=List(…) → totalShareStatistics:
//   learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
// - errors { status, code, message }, 429 without Retry-After: learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
import { afterEach, describe, expect, it, vi } from "vitest";
import { linkedinAdapter } from "../../functions/networks/linkedin";
import { createLinkedInReader } from "../../functions/networks/linkedin-reader";
import { overlapMs } from "../../functions/networks/time-cursor";
import { account, createdAtMs, json, memoryCache, request, stubFetch } from "./helpers";

const org = "urn:li:organization:2414183";
const acc = account("linkedin", { accessToken: "li-token", authorUrn: org });
const NOW = Date.parse("2026-11-26T12:00:00.000Z");
const reader = createLinkedInReader(() => NOW);
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

const share = "urn:li:share:6844785523593134080";
const activity = "urn:li:activity:6844785523593134080";
const commentUrn = (id: string) => `urn:li:comment:(${activity},${id})`;
const at = (iso: string) => Date.parse(iso);

/** One element of GET /rest/socialActions/{urn}/comments, as the Comments API documents it. */
function comment(id: string, actor: string, text: string, time: number, extra: Record<string, unknown> = {}) {
	return {
		actor,
		agent: actor,
		commentUrn: commentUrn(id),
		created: { actor, time },
		id,
		lastModified: { actor, time },
		message: { attributes: [], text },
		object: share,
		$URN: commentUrn(id),
		...extra,
	};
}
const paging = (count: number, total?: number) => ({ start: 0, count, links: [], ...(total !== undefined ? { total } : {}) });
const path = (url: string) => decodeURIComponent(new URL(url).pathname);

/** Answers by path, so the test reads as the API's map rather than an order of calls. */
function linkedIn(routes: Record<string, (url: URL) => Response>) {
	return stubFetch((call) => {
		const url = new URL(call.url);
		for (const [prefix, answer] of Object.entries(routes)) if (decodeURIComponent(url.pathname).startsWith(prefix)) return answer(url);
		throw new Error(`unexpected ${call.method} ${call.url}`);
	});
}

describe("LinkedIn comments and mentions", () => {
	const routes = () => ({
		"/rest/posts/urn:li:share:7000": () =>
			json({
				id: "urn:li:share:7000",
				author: "urn:li:person:mona",
				commentary: "Great week with \\@Chorus \\(again\\)",
				createdAt: at("2026-11-26T11:30:00Z"),
			}),
		"/rest/posts": () => json({ paging: paging(20), elements: [{ id: share, author: org, commentary: "Launch", createdAt: at("2026-11-20T09:00:00Z") }] }),
		[`/rest/socialActions/${commentUrn("100")}/comments`]: () =>
			json({
				paging: paging(100, 2),
				elements: [
					comment("101", org, "Thanks Ari!", at("2026-11-26T10:10:00Z"), { parentComment: commentUrn("100") }),
					comment("102", "urn:li:person:ari", "Still broken for me", at("2026-11-26T10:20:00Z"), { parentComment: commentUrn("100") }),
				],
			}),
		[`/rest/socialActions/${share}/comments`]: () =>
			json({
				paging: paging(100, 3),
				elements: [
					comment("100", "urn:li:person:ari", "Checkout fails on step 2", at("2026-11-26T10:00:00Z"), {
						commentsSummary: { totalFirstLevelComments: 2, selectedComments: [] },
					}),
					comment("99", "urn:li:person:old", "Nice", at("2026-11-01T10:00:00Z")),
					comment("98", org, "We posted this", at("2026-11-26T09:00:00Z")),
				],
			}),
		"/rest/organizationalEntityNotifications": () =>
			json({
				paging: paging(50),
				elements: [{ action: "SHARE_MENTION", organizationalEntity: org, sourcePost: "urn:li:share:7000", lastModifiedAt: at("2026-11-26T11:31:00Z") }],
			}),
	});

	it("reads the organisation's posts' comments and their replies, and its mentions, with the documented requests", async () => {
		const calls = linkedIn(routes());
		const since = at("2026-11-25T00:00:00Z");
		const read = await reader.readMentions(acc, JSON.stringify({ since }), memoryCache());

		expect(calls.every((c) => c.headers.get("authorization") === "Bearer li-token" && c.headers.get("x-restli-protocol-version") === "2.0.0")).toBe(true);
		const posts = new URL(calls[0]!.url);
		expect(posts.searchParams.get("q")).toBe("author");
		expect(posts.searchParams.get("author")).toBe(org);
		expect(calls[0]!.headers.get("x-restli-method")).toBe("FINDER");
		expect(path(calls[1]!.url)).toBe(`/rest/socialActions/${share}/comments`);
		expect(calls[1]!.url).toContain(`/socialActions/${encodeURIComponent(share)}/comments?start=0&count=100`);
		expect(calls[2]!.url).toContain(`/socialActions/${encodeURIComponent(commentUrn("100"))}/comments`);
		// Rest.li structure stays literal; the URN inside is encoded; the window starts before the cursor by the overlap.
		expect(calls[3]!.url).toContain(
			`/organizationalEntityNotifications?q=criteria&actions=List(SHARE_MENTION)&organizationalEntity=${encodeURIComponent(org)}&timeRange=(start:${since - overlapMs},end:${NOW})`,
		);
		expect(calls[4]!.url).toBe(`https://api.linkedin.com/rest/posts/${encodeURIComponent("urn:li:share:7000")}`);

		expect(read.kind).toBe("ok");
		if (read.kind !== "ok") return;
		// Old comments and the organisation's own comments are left out; oldest first.
		expect(read.value.mentions).toEqual([
			{
				externalId: commentUrn("100"),
				author: { handle: "urn:li:person:ari" },
				text: "Checkout fails on step 2",
				createdAt: at("2026-11-26T10:00:00Z"),
				inReplyTo: share,
				isFollower: null,
				url: `https://www.linkedin.com/feed/update/${share}?commentUrn=${encodeURIComponent(commentUrn("100"))}`,
			},
			{
				externalId: commentUrn("102"),
				author: { handle: "urn:li:person:ari" },
				text: "Still broken for me",
				createdAt: at("2026-11-26T10:20:00Z"),
				inReplyTo: commentUrn("100"),
				isFollower: null,
				url: `https://www.linkedin.com/feed/update/${share}?commentUrn=${encodeURIComponent(commentUrn("102"))}`,
			},
			{
				externalId: "urn:li:share:7000",
				author: { handle: "urn:li:person:mona" },
				text: "Great week with @Chorus (again)",
				createdAt: at("2026-11-26T11:30:00Z"),
				inReplyTo: null,
				isFollower: null,
				url: "https://www.linkedin.com/feed/update/urn:li:share:7000",
			},
		]);
		expect(JSON.parse(read.value.cursor!)).toEqual({ since: at("2026-11-26T11:30:00Z") });
		expect(read.value.more).toBe(false);
	});

	it("a deleted mentioning post, or one the organisation wrote itself, is no mention", async () => {
		linkedIn({
			"/rest/posts/urn:li:share:7001": () => json({ status: 404, serviceErrorCode: 100, code: "RESOURCE_NOT_FOUND", message: "Not found" }, 404),
			"/rest/posts/urn:li:share:7002": () => json({ id: "urn:li:share:7002", author: org, commentary: "We at \\@Chorus", createdAt: NOW - 60_000 }),
			"/rest/posts": () => json({ paging: paging(20), elements: [] }),
			"/rest/organizationalEntityNotifications": () =>
				json({
					paging: paging(50),
					elements: ["urn:li:share:7001", "urn:li:share:7002"].map((sourcePost) => ({
						action: "SHARE_MENTION",
						organizationalEntity: org,
						sourcePost,
						lastModifiedAt: NOW - 60_000,
					})),
				}),
		});
		const read = await reader.readMentions(acc, JSON.stringify({ since: NOW - 3_600_000 }), memoryCache());
		expect(read.kind === "ok" && read.value.mentions).toEqual([]);
	});

	it("reads every page of a long comment list (start/count), not just the first", async () => {
		const many = Array.from({ length: 100 }, (_, i) => comment(String(1000 + i), "urn:li:person:p", `c${i}`, at("2026-11-26T08:00:00Z") + i));
		const calls = linkedIn({
			"/rest/posts": () => json({ paging: paging(20), elements: [{ id: share }] }),
			[`/rest/socialActions/${share}/comments`]: (url) =>
				json(
					url.searchParams.get("start") === "0"
						? { paging: paging(100, 101), elements: many }
						: { paging: { ...paging(100, 101), start: 100 }, elements: [comment("2000", "urn:li:person:last", "the 101st", at("2026-11-26T09:00:00Z"))] },
				),
			"/rest/organizationalEntityNotifications": () => json({ paging: paging(50), elements: [] }),
		});
		const read = await reader.readMentions(acc, JSON.stringify({ since: at("2026-11-26T00:00:00Z") }), memoryCache());
		expect(calls.map((c) => new URL(c.url).searchParams.get("start"))).toEqual([null, "0", "100", "0"]);
		expect(read.kind === "ok" && read.value.mentions.map((m) => m.externalId).at(-1)).toBe(commentUrn("2000"));
		expect(read.kind === "ok" && read.value.mentions).toHaveLength(101);
	});

	it("a first run reads back a week, not the account's whole history", async () => {
		const calls = linkedIn({
			"/rest/posts": () => json({ paging: paging(20), elements: [] }),
			"/rest/organizationalEntityNotifications": () => json({ paging: paging(50), elements: [] }),
		});
		const read = await reader.readMentions(acc, null, memoryCache());
		expect(calls[1]!.url).toContain(`timeRange=(start:${NOW - 7 * 86_400_000},end:${NOW})`);
		expect(read).toEqual({ kind: "ok", value: { mentions: [], cursor: JSON.stringify({ since: NOW - overlapMs }), more: false } });
	});

	it.each([
		[429, { message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", status: 429 }, "retry"],
		[500, { message: "Internal Server Error", status: 500 }, "retry"],
		[401, { code: "EXPIRED_ACCESS_TOKEN", message: "The token used in the request has expired", status: 401, serviceErrorCode: 65601 }, "auth"],
		[
			403,
			{ message: "Not enough permissions to access: socialActions/comments.GET_ALL.20240101", serviceErrorCode: 100, status: 403, code: "ACCESS_DENIED" },
			"auth",
		],
	] as const)("a %i while reading comments is %s, and gives no cursor to store", async (status, body, kind) => {
		linkedIn({
			"/rest/posts": () => json({ paging: paging(20), elements: [{ id: share }] }),
			[`/rest/socialActions/${share}/comments`]: () => json(body, status),
		});
		const read = await reader.readMentions(acc, JSON.stringify({ since: at("2026-11-25T00:00:00Z") }), memoryCache());
		expect(read.kind).toBe(kind);
		expect("value" in read).toBe(false);
	});

	it("a member (person) account reads nothing: LinkedIn keeps a member's comments to approved partners", async () => {
		const calls = stubFetch();
		const person = account("linkedin", { accessToken: "li-token", authorUrn: "urn:li:person:abc" });
		expect(await reader.readMentions(person, "c", memoryCache())).toEqual({ kind: "ok", value: { mentions: [], cursor: "c", more: false } });
		expect(await reader.readMetrics(person, [], memoryCache())).toEqual({ kind: "ok", value: { followers: null, posts: [] } });
		expect(calls).toHaveLength(0);
	});
});

describe("LinkedIn metrics", () => {
	it("reads the follower count and our posts' share statistics (comments of ours are not posts)", async () => {
		const calls = linkedIn({
			"/rest/networkSizes/": () => json({ firstDegreeSize: 18450 }),
			"/rest/organizationalEntityShareStatistics": () =>
				json({
					paging: paging(10, 2),
					elements: [
						{
							organizationalEntity: org,
							share,
							totalShareStatistics: {
								uniqueImpressionsCount: 900,
								shareCount: 4,
								engagement: 0.05,
								clickCount: 31,
								likeCount: 40,
								impressionCount: 1200,
								commentCount: 6,
							},
						},
						{
							organizationalEntity: org,
							ugcPost: "urn:li:ugcPost:77",
							totalShareStatistics: {
								uniqueImpressionsCount: 10,
								shareCount: 0,
								engagement: 0,
								clickCount: 0,
								likeCount: 1,
								impressionCount: 12,
								commentCount: 0,
							},
						},
					],
				}),
		});
		const read = await reader.readMetrics(acc, [share, "urn:li:ugcPost:77", commentUrn("5")], memoryCache());
		expect(calls[0]!.url).toBe(`https://api.linkedin.com/rest/networkSizes/${encodeURIComponent(org)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`);
		expect(calls[1]!.url).toBe(
			`https://api.linkedin.com/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(org)}` +
				`&shares=List(${encodeURIComponent(share)})&ugcPosts=List(${encodeURIComponent("urn:li:ugcPost:77")})`,
		);
		expect(read).toEqual({
			kind: "ok",
			value: {
				followers: 18450,
				posts: [
					{ networkPostId: share, likes: 40, reposts: 4, replies: 6, quotes: null, impressions: 1200, clicks: 31 },
					{ networkPostId: "urn:li:ugcPost:77", likes: 1, reposts: 0, replies: 0, quotes: null, impressions: 12, clicks: 0 },
				],
			},
		});
	});

	it("a 429 on the statistics is a retry", async () => {
		linkedIn({
			"/rest/networkSizes/": () => json({ firstDegreeSize: 1 }),
			"/rest/organizationalEntityShareStatistics": () => json({ status: 429, message: "Too many requests" }, 429),
		});
		expect((await reader.readMetrics(acc, [share], memoryCache())).kind).toBe("retry");
	});
});

describe("LinkedIn replies are comments", () => {
	const createdComment = (id: string, extra: Record<string, unknown> = {}) =>
		new Response(JSON.stringify(comment(id, org, "Thanks!", NOW, extra)), {
			status: 201,
			headers: { "content-type": "application/json", "x-restli-id": id },
		});

	it("on a post: POST /rest/socialActions/{post}/comments as the organisation", async () => {
		const calls = stubFetch(createdComment("555"));
		const outcome = await linkedinAdapter.publish(acc, request({ text: "Thanks for asking (really)!", inReplyTo: share }), memoryCache());
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(share)}/comments`);
		expect(calls[0]!.headers.get("linkedin-version")).toMatch(/^20\d{4}$/);
		// Comment text is plain: the little-text escaping is for post commentary only.
		expect(calls[0]!.json).toEqual({ actor: org, object: share, message: { text: "Thanks for asking (really)!" } });
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: commentUrn("555"),
			networkUrl: `https://www.linkedin.com/feed/update/${activity}?commentUrn=${encodeURIComponent(commentUrn("555"))}`,
			answer: { status: 201, summary: `201: ${commentUrn("555")}` },
		});
	});

	it("on a comment: a nested comment with parentComment, object = the comment's post", async () => {
		const calls = stubFetch(
			json(comment("100", "urn:li:person:ari", "Checkout fails", NOW - 60_000)),
			createdComment("556", { parentComment: commentUrn("100") }),
		);
		const outcome = await linkedinAdapter.publish(acc, request({ text: "We're on it", inReplyTo: commentUrn("100") }), memoryCache());
		expect(calls[0]!.method).toBe("GET");
		expect(calls[0]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(activity)}/comments/100`);
		expect(calls[1]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(commentUrn("100"))}/comments`);
		expect(calls[1]!.json).toEqual({ actor: org, object: activity, message: { text: "We're on it" }, parentComment: commentUrn("100") });
		expect(outcome).toMatchObject({ kind: "published", networkPostId: commentUrn("556") });
	});

	it("on a reply: LinkedIn nests one level, so the answer joins the reply's own parent", async () => {
		const calls = stubFetch(
			json(comment("102", "urn:li:person:ari", "Still broken", NOW - 60_000, { parentComment: commentUrn("100") })),
			createdComment("557", { parentComment: commentUrn("100") }),
		);
		await linkedinAdapter.publish(acc, request({ text: "Sending a fix", inReplyTo: commentUrn("102") }), memoryCache());
		expect(calls[1]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(commentUrn("100"))}/comments`);
		expect(calls[1]!.json).toMatchObject({ parentComment: commentUrn("100") });
	});

	it("a look-up LinkedIn refuses (404) does not stop the answer: it goes under the answered comment", async () => {
		const calls = stubFetch(json({ status: 404, serviceErrorCode: 100, code: "RESOURCE_NOT_FOUND", message: "Not found" }, 404), createdComment("559"));
		const outcome = await linkedinAdapter.publish(acc, request({ text: "On it", inReplyTo: commentUrn("100") }), memoryCache());
		expect(calls[1]!.json).toEqual({ actor: org, object: activity, message: { text: "On it" }, parentComment: commentUrn("100") });
		expect(outcome).toMatchObject({ kind: "published", networkPostId: commentUrn("559") });
	});

	it("a throttled look-up sends nothing and is retried; a refused comment is classified as LinkedIn's errors are", async () => {
		const calls = stubFetch(json({ status: 429, message: "Too many requests" }, 429));
		expect(await linkedinAdapter.publish(acc, request({ inReplyTo: commentUrn("100") }), memoryCache())).toMatchObject({ kind: "retry" });
		expect(calls).toHaveLength(1);

		vi.restoreAllMocks();
		stubFetch(
			json({ status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: socialActions/comments.CREATE" }, 403),
		);
		expect(await linkedinAdapter.publish(acc, request({ inReplyTo: share }), memoryCache())).toMatchObject({ kind: "auth" });

		vi.restoreAllMocks();
		stubFetch(json({ status: 503, message: "Service Unavailable" }, 503));
		expect(await linkedinAdapter.publish(acc, request({ inReplyTo: share }), memoryCache())).toMatchObject({ kind: "retry" });
	});

	it("refuses what is not a LinkedIn post or comment, and media on a comment, without a call", async () => {
		const calls = stubFetch();
		expect(await linkedinAdapter.publish(acc, request({ inReplyTo: "12345" }), memoryCache())).toMatchObject({ kind: "rejected" });
		const media = [{ mediaId: "m", networkMediaId: "urn:li:image:1", alt: "", type: "image/png", width: 1, height: 1 }];
		expect(await linkedinAdapter.publish(acc, request({ inReplyTo: share, media }), memoryCache())).toMatchObject({ kind: "rejected" });
		expect(calls).toHaveLength(0);
	});

	it("after an unknown outcome, finds our comment under the post, or proves it absent from the whole list", async () => {
		vi.useFakeTimers({ now: createdAtMs + 1_000 });
		const ours = comment("558", org, "Thanks for asking!", createdAtMs + 500);
		const calls = stubFetch(json({ paging: paging(100, 2), elements: [comment("100", "urn:li:person:ari", "Q", createdAtMs - 5_000), ours] }));
		const found = await linkedinAdapter.findPublished(acc, request({ text: "Thanks for asking!", inReplyTo: share }), memoryCache());
		expect(calls[0]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(share)}/comments?start=0&count=100`);
		expect(found).toEqual({
			networkPostId: commentUrn("558"),
			networkUrl: `https://www.linkedin.com/feed/update/${activity}?commentUrn=${encodeURIComponent(commentUrn("558"))}`,
		});

		vi.restoreAllMocks();
		stubFetch(json({ paging: paging(100, 1), elements: [comment("100", "urn:li:person:ari", "Q", createdAtMs - 5_000)] }));
		expect(await linkedinAdapter.findPublished(acc, request({ text: "Thanks for asking!", inReplyTo: share }), memoryCache())).toBe("absent");
	});

	it("retracts a comment with DELETE …/comments/{id}?actor=", async () => {
		const calls = stubFetch(new Response(null, { status: 204 }));
		expect(await linkedinAdapter.retract(acc, commentUrn("558"), memoryCache())).toMatchObject({ kind: "deleted" });
		expect(calls[0]!.method).toBe("DELETE");
		expect(calls[0]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(activity)}/comments/558?actor=${encodeURIComponent(org)}`);
	});
});
