// Instagram (Graph API with Facebook Login) contract. Stubs copy the documented shapes:
// - POST /{ig-user-id}/media (image_url, alt_text, caption | media_type=REELS + video_url | is_carousel_item |
//   media_type=CAROUSEL + children) → { id }; POST /{ig-user-id}/media_publish (creation_id) → { id }:
//   developers.facebook.com/docs/instagram-platform/content-publishing and …/instagram-graph-api/reference/ig-user/media
// - GET /{ig-container-id}?fields=status_code,status → { status_code: EXPIRED|ERROR|FINISHED|IN_PROGRESS|PUBLISHED,
//   status, id }: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
// - GET /{ig-media-id}?fields=permalink → { permalink, id }; GET /{ig-user-id}/media?fields=… → { data, paging }:
//   …/reference/ig-media and …/reference/ig-user/media
// - POST /{ig-media-id}/comments (message) → { id }: …/reference/ig-media/comments;
//   POST /{ig-comment-id}/replies (message) → { id }: …/reference/ig-comment/replies
// - Graph errors { error: { message, type, code, error_subcode, fbtrace_id } }: developers.facebook.com/docs/graph-api/guides/error-handling
import { afterEach, describe, expect, it, vi } from "vitest";
import { graphVersion } from "../../functions/networks/facebook";
import { instagramAdapter } from "../../functions/networks/instagram";
import type { NetworkMedia } from "../../functions/networks/types";
import { account, createdAtMs, json, memoryCache, request, stubFetch } from "./helpers";

const base = `https://graph.facebook.com/${graphVersion}`;
const acc = { ...account("instagram", { igUserId: "17841405822304914", pageId: "108765279", pageAccessToken: "EAAB-page-token" }), handle: "@chorus.team" };
const cache = memoryCache();
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
	error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf123", ...extra },
});
const form = (body: string | null) => Object.fromEntries(new URLSearchParams(body ?? ""));
const jpeg = (id: string): NetworkMedia => ({
	mediaId: id,
	networkMediaId: `https://chorus.example/api/v1/media-links/${id}`,
	alt: `alt ${id}`,
	type: "image/jpeg",
	width: 10,
	height: 10,
});
const mp4 = (id: string): NetworkMedia => ({
	mediaId: id,
	networkMediaId: `https://chorus.example/api/v1/media-links/${id}`,
	alt: "",
	type: "video/mp4",
	width: null,
	height: null,
});
const after = new Date(createdAtMs + 30_000).toISOString().replace(/\.\d{3}Z$/, "+0000");

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Instagram prepare: containers for an image, a reel, a carousel", () => {
	it("one image: POST /{ig-user-id}/media with image_url, alt_text and the caption", async () => {
		const calls = stubFetch(json({ id: "17889455560051444" }));
		const result = await instagramAdapter.prepare!(acc, request({ media: [jpeg("m1")] }), cache);
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(`${base}/17841405822304914/media`);
		expect(form(calls[0]!.body)).toEqual({
			image_url: "https://chorus.example/api/v1/media-links/m1",
			alt_text: "alt m1",
			caption: "Launch day!\n\nhttps://example.com/launch",
			access_token: "EAAB-page-token",
		});
		expect(result).toMatchObject({ kind: "ready", request: { containerId: "17889455560051444" } });
	});

	it("one video is a reel: media_type=REELS with video_url", async () => {
		const calls = stubFetch(json({ id: "c_reel" }));
		await instagramAdapter.prepare!(acc, request({ media: [mp4("v1")] }), cache);
		expect(form(calls[0]!.body)).toMatchObject({ media_type: "REELS", video_url: "https://chorus.example/api/v1/media-links/v1" });
	});

	it("a carousel: item containers (is_carousel_item; a video item is VIDEO), then CAROUSEL with children and the caption", async () => {
		const calls = stubFetch(json({ id: "child_1" }), json({ id: "child_2" }), json({ id: "carousel_1" }));
		const result = await instagramAdapter.prepare!(acc, request({ media: [jpeg("m1"), mp4("v1")] }), cache);
		expect(form(calls[0]!.body)).toMatchObject({ image_url: "https://chorus.example/api/v1/media-links/m1", is_carousel_item: "true" });
		expect(form(calls[0]!.body).caption).toBeUndefined();
		expect(form(calls[1]!.body)).toMatchObject({ media_type: "VIDEO", video_url: "https://chorus.example/api/v1/media-links/v1", is_carousel_item: "true" });
		expect(form(calls[2]!.body)).toMatchObject({ media_type: "CAROUSEL", children: "child_1,child_2", caption: "Launch day!\n\nhttps://example.com/launch" });
		expect(result).toMatchObject({ kind: "ready", request: { containerId: "carousel_1" } });
	});

	it("text alone is refused before anything is sent", async () => {
		const calls = stubFetch();
		expect(await instagramAdapter.prepare!(acc, request(), cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: "Instagram cannot publish text alone: attach at least one image or video" },
		});
		expect(calls).toHaveLength(0);
	});

	it("a refused image (only JPEG: code 9004 / 36003 aspect ratio) fails the post", async () => {
		stubFetch(json(graphError(36003, "The aspect ratio is not supported.", { error_subcode: 2207009 }), 400));
		expect((await instagramAdapter.prepare!(acc, request({ media: [jpeg("m1")] }), cache)).kind).toBe("rejected");
	});
});

describe("Instagram publish: status_code first, then media_publish", () => {
	it("FINISHED → POST media_publish creation_id → the IG media id; the URL is its permalink", async () => {
		const calls = stubFetch(
			json({ status_code: "FINISHED", id: "c1" }),
			json({ id: "17920238422030506" }),
			json({ permalink: "https://www.instagram.com/p/C1aBcDeF/", id: "17920238422030506" }),
		);
		const outcome = await instagramAdapter.publish(acc, request({ containerId: "c1", media: [jpeg("m1")] }), cache);
		expect(calls[0]!.url).toBe(`${base}/c1?fields=status_code%2Cstatus&access_token=EAAB-page-token`);
		expect(calls[1]!.url).toBe(`${base}/17841405822304914/media_publish`);
		expect(form(calls[1]!.body)).toEqual({ creation_id: "c1", access_token: "EAAB-page-token" });
		expect(outcome).toMatchObject({ kind: "published", networkPostId: "17920238422030506", networkUrl: "https://www.instagram.com/p/C1aBcDeF/" });
	});

	it("IN_PROGRESS waits (nothing published); ERROR refuses with the subcode; EXPIRED says to schedule again", async () => {
		vi.useFakeTimers();
		stubFetch(() => json({ status_code: "IN_PROGRESS", id: "c1" }));
		const pending = instagramAdapter.publish(acc, request({ containerId: "c1" }), cache);
		await vi.runAllTimersAsync();
		expect(await pending).toMatchObject({ kind: "retry", retryAfterSeconds: 60 });
		vi.useRealTimers();
		vi.restoreAllMocks();
		stubFetch(json({ status_code: "ERROR", status: "Error: 2207026", id: "c1" }));
		expect(await instagramAdapter.publish(acc, request({ containerId: "c1" }), cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: "Instagram could not process the media: Error: 2207026" },
		});
		vi.restoreAllMocks();
		stubFetch(json({ status_code: "EXPIRED", id: "c1" }));
		expect(await instagramAdapter.publish(acc, request({ containerId: "c1" }), cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: expect.stringContaining("schedule the post again") },
		});
	});

	it("rate limited (code 4 with usage headers) is a retry after the network's estimate", async () => {
		stubFetch(
			json({ status_code: "FINISHED", id: "c1" }),
			json(graphError(4, "Application request limit reached"), 400, {
				"x-app-usage": JSON.stringify({ call_count: 100, total_time: 20, total_cputime: 20, estimated_time_to_regain_access: 3 }),
			}),
		);
		expect(await instagramAdapter.publish(acc, request({ containerId: "c1" }), cache)).toMatchObject({ kind: "retry", retryAfterSeconds: 180 });
	});
});

describe("Instagram reconciliation", () => {
	it("PUBLISHED → found among /{ig-user-id}/media by its caption; FINISHED → absent", async () => {
		const calls = stubFetch(
			json({ status_code: "PUBLISHED", id: "c1" }),
			json({
				data: [
					{ id: "17920238422030506", caption: "Launch day!\n\nhttps://example.com/launch", timestamp: after, permalink: "https://www.instagram.com/p/C1/" },
				],
			}),
		);
		expect(await instagramAdapter.findPublished(acc, request({ containerId: "c1" }), cache)).toEqual({
			networkPostId: "17920238422030506",
			networkUrl: "https://www.instagram.com/p/C1/",
		});
		expect(new URL(calls[1]!.url).pathname).toBe(`/${graphVersion}/17841405822304914/media`);
		expect(new URL(calls[1]!.url).searchParams.get("fields")).toBe("id,caption,timestamp,permalink");
		vi.restoreAllMocks();
		stubFetch(json({ status_code: "FINISHED", id: "c1" }));
		expect(await instagramAdapter.findPublished(acc, request({ containerId: "c1" }), cache)).toBe("absent");
	});
});

describe("Instagram comments: inReplyTo is a media (comments) or a comment (replies)", () => {
	it("on a media id: prepare finds the media, publish POSTs /{ig-media-id}/comments with message (a first comment too)", async () => {
		let calls = stubFetch(json({ id: "17920238422030506", media_type: "IMAGE" }));
		const ready = await instagramAdapter.prepare!(acc, request({ text: "First comment #launch", inReplyTo: "17920238422030506" }), cache);
		expect(calls[0]!.url).toBe(`${base}/17920238422030506?fields=id%2Cmedia_type&access_token=EAAB-page-token`);
		expect(ready).toMatchObject({ kind: "ready", request: { replyEdge: "comments" } });
		vi.restoreAllMocks();
		calls = stubFetch(json({ id: "17870913679156914" }));
		const outcome = await instagramAdapter.publish(acc, ready.kind === "ready" ? ready.request : request(), cache);
		expect(calls[0]!.url).toBe(`${base}/17920238422030506/comments`);
		expect(form(calls[0]!.body)).toEqual({ message: "First comment #launch", access_token: "EAAB-page-token" });
		expect(outcome).toMatchObject({ kind: "published", networkPostId: "17870913679156914" });
	});

	it("on a comment id: Graph refuses media_type on an IG Comment (code 100), so the answer goes to /{ig-comment-id}/replies", async () => {
		stubFetch(json(graphError(100, "(#100) Tried accessing nonexisting field (media_type) on node type (IGComment)"), 400));
		const ready = await instagramAdapter.prepare!(acc, request({ text: "Thanks!", inReplyTo: "17858893269000001" }), cache);
		expect(ready).toMatchObject({ kind: "ready", request: { replyEdge: "replies" } });
		vi.restoreAllMocks();
		const calls = stubFetch(json({ id: "17858893269000002" }));
		await instagramAdapter.publish(acc, ready.kind === "ready" ? ready.request : request(), cache);
		expect(calls[0]!.url).toBe(`${base}/17858893269000001/replies`);
	});

	it("a comment whose answer was lost is found among the comments by this account's username", async () => {
		const calls = stubFetch(
			json({
				data: [
					{ id: "x1", text: "Thanks!", timestamp: after, username: "someone.else" },
					{ id: "17858893269000002", text: "Thanks!", timestamp: after, username: "chorus.team" },
				],
			}),
		);
		expect(await instagramAdapter.findPublished(acc, request({ text: "Thanks!", inReplyTo: "c9", replyEdge: "replies" }), cache)).toEqual({
			networkPostId: "17858893269000002",
			networkUrl: null,
		});
		expect(new URL(calls[0]!.url).pathname).toBe(`/${graphVersion}/c9/replies`);
	});
});

describe("Instagram retract", () => {
	it("says the API cannot delete posts, and sends nothing", async () => {
		const calls = stubFetch();
		expect(await instagramAdapter.retract(acc, "17920238422030506", cache)).toEqual({
			kind: "failed",
			answer: { status: null, summary: "Instagram's API cannot delete posts: delete it in the Instagram app (Chorus left it as published)" },
		});
		expect(calls).toHaveLength(0);
	});
});
