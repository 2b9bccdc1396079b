// Facebook Page video contract. Stubs copy:
// - POST /{page-id}/videos with file_url and description → { id } (the video id; the request itself
//   publishes the video post): developers.facebook.com/docs/graph-api/reference/page/videos,
//   developers.facebook.com/docs/video-api/guides/publishing ("On success, your app receives a JSON
//   response with the Video ID")
// - GET /{page-id}/videos → { data: [{ id, description, created_time, permalink_url }], paging }:
//   developers.facebook.com/docs/graph-api/reference/page/videos, …/reference/video (permalink_url
//   is a path on facebook.com)
// - Graph errors { error: { message, type, code, error_subcode, fbtrace_id } }:
//   developers.facebook.com/docs/graph-api/guides/error-handling
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { facebookAdapter, graphVersion } from "../../functions/networks/facebook";
import type { MediaUpload, NetworkMedia } from "../../functions/networks/types";
import { account, createdAtMs, json, memoryCache, request, stubFetch, stubSilentFetch } from "./helpers";

const acc = account("facebook", { pageId: "108765279", pageAccessToken: "EAAB-page-token" });
const cache = memoryCache();
const link = "https://chorus.example/api/v1/media-links/ws_1.v1.1796378400000.c2lnbmF0dXJl";
const clip: MediaUpload = {
	mediaId: "v1",
	type: "video/mp4",
	size: 4_000_000,
	alt: "The launch in 30 seconds",
	width: 1280,
	height: 720,
	bytes: new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]).buffer,
	publicUrl: link,
};
const fixedVideo: NetworkMedia = { mediaId: "v1", networkMediaId: link, alt: clip.alt, type: "video/mp4", width: 1280, height: 720 };
const videoRequest = (overrides = {}) => request({ media: [fixedVideo], ...overrides });
const videosUrl = `https://graph.facebook.com/${graphVersion}/108765279/videos`;
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
	error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf123", ...extra },
});

beforeEach(() => {
	vi.useFakeTimers({ now: createdAtMs + 1_000 });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Facebook video upload", () => {
	it("sends nothing: the video's upload is the signed link Facebook will fetch it from", async () => {
		const calls = stubFetch();
		expect(await facebookAdapter.uploadMedia(acc, [clip], cache)).toEqual({ kind: "uploaded", media: [fixedVideo] });
		expect(calls).toHaveLength(0);
	});

	it("is refused, naming PUBLIC_URL, when Chorus has no public address", async () => {
		const outcome = await facebookAdapter.uploadMedia(acc, [{ ...clip, publicUrl: null }], cache);
		expect(outcome).toMatchObject({ kind: "rejected", answer: { summary: expect.stringContaining("PUBLIC_URL") } });
	});
});

describe("Facebook video publish", () => {
	it("POSTs file_url, the text as description and the Page token to /{page-id}/videos: the video id is the post", async () => {
		const calls = stubFetch(json({ id: "1203948576012345" }));
		const outcome = await facebookAdapter.publish(acc, videoRequest(), cache);
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(videosUrl);
		expect(calls[0]!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
		expect(Object.fromEntries(new URLSearchParams(calls[0]!.body ?? ""))).toEqual({
			file_url: link,
			description: "Launch day!\n\nhttps://example.com/launch",
			access_token: "EAAB-page-token",
		});
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "1203948576012345",
			networkUrl: "https://www.facebook.com/1203948576012345",
			answer: { status: 200, summary: "200: video 1203948576012345" },
		});
	});

	it("a 4xx refusal (Facebook could not fetch or read the file) is rejected, never retried", async () => {
		stubFetch(json(graphError(100, "(#100) Invalid file_url: the video could not be downloaded", { error_subcode: 1363019 }), 400));
		expect(await facebookAdapter.publish(acc, videoRequest(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 400, summary: "400: (#100) Invalid file_url: the video could not be downloaded" },
		});
	});

	it("a missing permission asks for a reconnect", async () => {
		stubFetch(json(graphError(200, "(#200) The permission(s) pages_manage_posts are not available."), 403));
		expect((await facebookAdapter.publish(acc, videoRequest(), cache)).kind).toBe("auth");
	});

	it("a lost answer is unknown (the video may be posted), never a retry: the adapter is not idempotent", async () => {
		stubSilentFetch();
		const pending = facebookAdapter.publish(acc, videoRequest(), cache);
		await vi.advanceTimersByTimeAsync(60_000);
		expect((await pending).kind).toBe("unknown");
		expect(facebookAdapter.idempotent).toBe(false);
	});
});

describe("Facebook video read-back after an unknown outcome", () => {
	const videos = (data: object[], next?: string) => json({ data, paging: { cursors: { before: "QVFIUmx", after: "QVFIUkd" }, ...(next ? { next } : {}) } });
	const listUrl = `${videosUrl}?fields=id%2Cdescription%2Ccreated_time%2Cpermalink_url&limit=10&access_token=EAAB-page-token`;

	it("finds the video among the Page's videos by its description and time", async () => {
		const calls = stubFetch(
			videos([
				{ id: "1203948576099999", description: "Another clip", created_time: "2026-11-26T10:04:00+0000" },
				{
					id: "1203948576012345",
					description: "Launch day!\n\nhttps://example.com/launch",
					created_time: "2026-11-26T10:00:03+0000",
					permalink_url: "/108765279/videos/1203948576012345/",
				},
			]),
		);
		expect(await facebookAdapter.findPublished(acc, videoRequest(), cache)).toEqual({
			networkPostId: "1203948576012345",
			networkUrl: "https://www.facebook.com/108765279/videos/1203948576012345/",
		});
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe("GET");
		expect(calls[0]!.url).toBe(listUrl);
	});

	it('is "absent" when the list reaches back before the request without it, so the one send may go again', async () => {
		stubFetch(
			videos(
				[
					{ id: "1203948576099999", description: "Another clip", created_time: "2026-11-26T10:04:00+0000" },
					// The same text a month ago is not this post.
					{ id: "1203948576000001", description: "Launch day!\n\nhttps://example.com/launch", created_time: "2026-10-26T10:00:00+0000" },
				],
				`${listUrl}&after=QVFIUkd`,
			),
		);
		expect(await facebookAdapter.findPublished(acc, videoRequest(), cache)).toBe("absent");
	});

	it("cannot tell when the read fails, or a next page cannot be read", async () => {
		stubFetch(json(graphError(2, "Service temporarily unavailable", { is_transient: true }), 503));
		expect(await facebookAdapter.findPublished(acc, videoRequest(), cache)).toBeNull();
		vi.restoreAllMocks();
		stubFetch(
			videos([{ id: "1203948576099999", description: "Newer", created_time: "2026-11-26T10:04:00+0000" }], `${listUrl}&after=QVFIUkd`),
			json(graphError(2, "Service temporarily unavailable", { is_transient: true }), 503),
		);
		expect(await facebookAdapter.findPublished(acc, videoRequest(), cache)).toBeNull();
	});

	it("a text post is still read back from /{page-id}/posts", async () => {
		const calls = stubFetch(json({ data: [] }));
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toBe("absent");
		expect(calls[0]!.url).toContain("/108765279/posts?");
	});
});
