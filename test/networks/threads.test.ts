// Threads contract. Stubs copy the documented shapes:
// - POST /{threads-user-id}/threads (media_type TEXT|IMAGE|VIDEO|CAROUSEL, text, image_url, video_url,
//   is_carousel_item, children, reply_to_id, alt_text) → { id }; POST /{threads-user-id}/threads_publish
//   (creation_id) → { id }: developers.facebook.com/docs/threads/posts and …/threads/reference/publishing
// - GET /{container-id}?fields=status,error_message → { status: FINISHED|IN_PROGRESS|ERROR|EXPIRED|PUBLISHED,
//   id, error_message? }: developers.facebook.com/docs/threads/troubleshooting
// - GET /{threads-user-id}/threads?fields=… → { data: [{ id, text, timestamp, permalink }], paging }:
//   developers.facebook.com/docs/threads/retrieve-and-discover-posts/retrieve-posts
// - DELETE /{threads-media-id} → { success: true, deleted_id }: developers.facebook.com/docs/threads/posts/delete-posts
// - GET graph.threads.net/refresh_access_token?grant_type=th_refresh_token → { access_token, token_type, expires_in }:
//   developers.facebook.com/docs/threads/get-started/long-lived-tokens
// - Graph errors { error: { message, type, code, error_subcode, fbtrace_id } }: developers.facebook.com/docs/graph-api/guides/error-handling
import { afterEach, describe, expect, it, vi } from "vitest";
import { threadsAdapter } from "../../functions/networks/threads";
import { refreshCredentials, refreshDue, THREADS_REFRESH_WINDOW_MS } from "../../functions/networks/token-refresh";
import type { MediaUpload, NetworkMedia, PreparedRequest } from "../../functions/networks/types";
import { account, createdAt, createdAtMs, json, memoryCache, request, stubFetch } from "./helpers";

const base = "https://graph.threads.net/v1.0";
const acc = account("threads", { accessToken: "THQW-token", userId: "17841400001", expiresAt: createdAtMs + 50 * 86_400_000 });
const cache = memoryCache();
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
	error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf123", ...extra },
});
const form = (body: string | null) => Object.fromEntries(new URLSearchParams(body ?? ""));
const image = (id: string, url: string): NetworkMedia => ({ mediaId: id, networkMediaId: url, alt: `alt ${id}`, type: "image/jpeg", width: 10, height: 10 });
const video = (id: string, url: string): NetworkMedia => ({ mediaId: id, networkMediaId: url, alt: "", type: "video/mp4", width: null, height: null });

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

async function prepared(overrides: Parameters<typeof request>[0] = {}): Promise<PreparedRequest> {
	return threadsAdapter.prepare!(acc, request(overrides), cache);
}

describe("Threads prepare: the container is made before the first publish", () => {
	it("a text post is one TEXT container; its id is fixed in the request", async () => {
		const calls = stubFetch(json({ id: "container_1" }));
		const result = await prepared();
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(`${base}/17841400001/threads`);
		expect(calls[0]!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
		expect(form(calls[0]!.body)).toEqual({ media_type: "TEXT", text: "Launch day!\n\nhttps://example.com/launch", access_token: "THQW-token" });
		expect(result).toMatchObject({ kind: "ready", request: { containerId: "container_1" } });
	});

	it("a reply carries reply_to_id (the id of what is answered)", async () => {
		const calls = stubFetch(json({ id: "container_2" }));
		await prepared({ text: "Thanks!", inReplyTo: "18050000000000001" });
		expect(form(calls[0]!.body)).toMatchObject({ media_type: "TEXT", text: "Thanks!", reply_to_id: "18050000000000001" });
	});

	it("one image is an IMAGE container with image_url and alt_text; one video a VIDEO container", async () => {
		let calls = stubFetch(json({ id: "c_img" }));
		await prepared({ media: [image("m1", "https://chorus.example/api/v1/media-links/t1")] });
		expect(form(calls[0]!.body)).toMatchObject({ media_type: "IMAGE", image_url: "https://chorus.example/api/v1/media-links/t1", alt_text: "alt m1" });
		vi.restoreAllMocks();
		calls = stubFetch(json({ id: "c_vid" }));
		await prepared({ media: [video("m2", "https://chorus.example/api/v1/media-links/t2")] });
		expect(form(calls[0]!.body)).toMatchObject({ media_type: "VIDEO", video_url: "https://chorus.example/api/v1/media-links/t2" });
	});

	it("a carousel: item containers (is_carousel_item) first, then CAROUSEL with children", async () => {
		const calls = stubFetch(json({ id: "child_a" }), json({ id: "child_b" }), json({ id: "carousel_1" }));
		const result = await prepared({ media: [image("m1", "https://x.example/1"), video("m2", "https://x.example/2")] });
		expect(form(calls[0]!.body)).toMatchObject({ media_type: "IMAGE", image_url: "https://x.example/1", is_carousel_item: "true" });
		expect(form(calls[1]!.body)).toMatchObject({ media_type: "VIDEO", video_url: "https://x.example/2", is_carousel_item: "true" });
		expect(form(calls[2]!.body)).toMatchObject({ media_type: "CAROUSEL", children: "child_a,child_b", text: "Launch day!\n\nhttps://example.com/launch" });
		expect(result).toMatchObject({ kind: "ready", request: { containerId: "carousel_1" } });
	});

	it("a refused container fails the post; 190 asks for a reconnect; a lost answer is tried again", async () => {
		stubFetch(json(graphError(100, "Invalid parameter", { error_subcode: 2207052 }), 400));
		expect(await prepared()).toMatchObject({ kind: "rejected", answer: { status: 400 } });
		vi.restoreAllMocks();
		stubFetch(json(graphError(190, "Error validating access token"), 400));
		expect((await prepared()).kind).toBe("auth");
		vi.restoreAllMocks();
		vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("Network connection lost."));
		expect((await prepared()).kind).toBe("retry");
	});
});

describe("Threads publish: status first, then threads_publish of the fixed container", () => {
	it("FINISHED → POST threads_publish creation_id → the media id; the URL is its permalink", async () => {
		const calls = stubFetch(
			json({ status: "FINISHED", id: "container_1" }),
			json({ id: "18060000000000001" }),
			json({ permalink: "https://www.threads.net/@chorus/post/DAbC123", id: "18060000000000001" }),
		);
		const outcome = await threadsAdapter.publish(acc, request({ containerId: "container_1" }), cache);
		expect(calls[0]!.url).toBe(`${base}/container_1?fields=status%2Cerror_message&access_token=THQW-token`);
		expect(calls[1]!.url).toBe(`${base}/17841400001/threads_publish`);
		expect(form(calls[1]!.body)).toEqual({ creation_id: "container_1", access_token: "THQW-token" });
		expect(calls[2]!.url).toBe(`${base}/18060000000000001?fields=permalink&access_token=THQW-token`);
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "18060000000000001",
			networkUrl: "https://www.threads.net/@chorus/post/DAbC123",
			answer: { status: 200, summary: "200: 18060000000000001" },
		});
		expect(threadsAdapter.idempotent).toBe(false);
	});

	it("IN_PROGRESS (a video being processed) waits a minute and sends nothing", async () => {
		vi.useFakeTimers();
		const calls = stubFetch(() => json({ status: "IN_PROGRESS", id: "container_1" }));
		const pending = threadsAdapter.publish(acc, request({ containerId: "container_1" }), cache);
		await vi.runAllTimersAsync();
		expect(await pending).toMatchObject({ kind: "retry", retryAfterSeconds: 60 });
		expect(calls.every((c) => c.method === "GET")).toBe(true);
		expect(calls).toHaveLength(3);
	});

	it("ERROR and EXPIRED refuse the post with the reason; PUBLISHED means an earlier try went out (unknown → read back)", async () => {
		stubFetch(json({ status: "ERROR", id: "c", error_message: "FAILED_DOWNLOADING_VIDEO" }));
		expect(await threadsAdapter.publish(acc, request({ containerId: "c" }), cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: "Threads could not process the media: FAILED_DOWNLOADING_VIDEO" },
		});
		vi.restoreAllMocks();
		stubFetch(json({ status: "EXPIRED", id: "c" }));
		expect((await threadsAdapter.publish(acc, request({ containerId: "c" }), cache)).kind).toBe("rejected");
		vi.restoreAllMocks();
		const calls = stubFetch(json({ status: "PUBLISHED", id: "c" }));
		expect((await threadsAdapter.publish(acc, request({ containerId: "c" }), cache)).kind).toBe("unknown");
		expect(calls).toHaveLength(1);
	});

	it("a publish whose answer is lost is unknown; a 5xx is a retry; a request without a container is refused", async () => {
		let n = 0;
		vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
			n++;
			if (n === 1) return json({ status: "FINISHED", id: "c" });
			throw new Error("Network connection lost.");
		});
		expect((await threadsAdapter.publish(acc, request({ containerId: "c" }), cache)).kind).toBe("unknown");
		vi.restoreAllMocks();
		stubFetch(json({ status: "FINISHED", id: "c" }), json(graphError(2, "Service temporarily unavailable", { is_transient: true }), 503));
		expect((await threadsAdapter.publish(acc, request({ containerId: "c" }), cache)).kind).toBe("retry");
		expect((await threadsAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
	});
});

describe("Threads reconciliation after an unknown outcome", () => {
	const after = new Date(createdAtMs + 30_000).toISOString().replace(/\.\d{3}Z$/, "+0000");
	it("PUBLISHED → the post is found among the account's threads by its text", async () => {
		const calls = stubFetch(
			json({ status: "PUBLISHED", id: "c" }),
			json({
				data: [
					{ id: "other", text: "Something else", timestamp: after, permalink: "https://www.threads.net/@chorus/post/X" },
					{ id: "18060000000000001", text: "Launch day!\n\nhttps://example.com/launch", timestamp: after, permalink: "https://www.threads.net/@chorus/post/Y" },
				],
				paging: { cursors: { before: "a", after: "b" } },
			}),
		);
		expect(await threadsAdapter.findPublished(acc, request({ containerId: "c" }), cache)).toEqual({
			networkPostId: "18060000000000001",
			networkUrl: "https://www.threads.net/@chorus/post/Y",
		});
		const list = new URL(calls[1]!.url);
		expect(list.pathname).toBe("/v1.0/17841400001/threads");
		expect(list.searchParams.get("fields")).toBe("id,text,timestamp,permalink");
	});

	it("a reply is looked for among the account's replies", async () => {
		const calls = stubFetch(json({ status: "PUBLISHED", id: "c" }), json({ data: [{ id: "r1", text: "Thanks!", timestamp: after }] }));
		expect(await threadsAdapter.findPublished(acc, request({ containerId: "c", text: "Thanks!", inReplyTo: "p1" }), cache)).toEqual({
			networkPostId: "r1",
			networkUrl: null,
		});
		expect(new URL(calls[1]!.url).pathname).toBe("/v1.0/17841400001/replies");
	});

	it("not PUBLISHED → absent (the same container may be published); an unreadable status → cannot tell", async () => {
		stubFetch(json({ status: "FINISHED", id: "c" }));
		expect(await threadsAdapter.findPublished(acc, request({ containerId: "c" }), cache)).toBe("absent");
		vi.restoreAllMocks();
		stubFetch(json(graphError(2, "Service temporarily unavailable"), 503));
		expect(await threadsAdapter.findPublished(acc, request({ containerId: "c" }), cache)).toBeNull();
	});
});

describe("Threads media, retract and token refresh", () => {
	const item: MediaUpload = { mediaId: "m1", type: "image/png", size: 10, alt: "a", width: 1, height: 1, bytes: new ArrayBuffer(10) };
	it("uploadMedia hands over Chorus's signed link; without a public address it refuses, saying why", async () => {
		const calls = stubFetch();
		expect(await threadsAdapter.uploadMedia(acc, [{ ...item, publicUrl: "https://chorus.example/api/v1/media-links/tok" }], cache)).toEqual({
			kind: "uploaded",
			media: [{ mediaId: "m1", networkMediaId: "https://chorus.example/api/v1/media-links/tok", alt: "a", type: "image/png", width: 1, height: 1 }],
		});
		expect(await threadsAdapter.uploadMedia(acc, [{ ...item, publicUrl: null }], cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: expect.stringContaining("PUBLIC_URL") },
		});
		expect(calls).toHaveLength(0);
	});

	it("DELETE /{media-id} → { success, deleted_id } is deleted; a post already gone is gone", async () => {
		const calls = stubFetch(json({ success: true, deleted_id: "18060000000000001" }));
		expect((await threadsAdapter.retract(acc, "18060000000000001", cache)).kind).toBe("deleted");
		expect(calls[0]!.method).toBe("DELETE");
		expect(calls[0]!.url).toBe(`${base}/18060000000000001?access_token=THQW-token`);
		vi.restoreAllMocks();
		stubFetch(json(graphError(100, "Unsupported delete request", { error_subcode: 33 }), 400));
		expect((await threadsAdapter.retract(acc, "gone", cache)).kind).toBe("gone");
	});

	it("the 60-day token is refreshed with th_refresh_token once less than 30 days are left", async () => {
		const expiresAt = createdAtMs + 40 * 86_400_000;
		const creds = { accessToken: "THQW-old", userId: "1", expiresAt };
		expect(refreshDue("threads", creds, createdAtMs)).toBe(false);
		expect(refreshDue("threads", creds, expiresAt - THREADS_REFRESH_WINDOW_MS)).toBe(true);
		expect(refreshDue("threads", creds, expiresAt + 1)).toBe(false);
		const calls = stubFetch(json({ access_token: "THQW-new", token_type: "bearer", expires_in: 5_183_944 }));
		const result = await refreshCredentials("threads", creds, {}, createdAtMs);
		expect(calls[0]!.url).toBe("https://graph.threads.net/refresh_access_token?grant_type=th_refresh_token&access_token=THQW-old");
		expect(result).toEqual({ kind: "refreshed", credentials: { accessToken: "THQW-new", userId: "1", expiresAt: createdAtMs + 5_183_944_000 } });
		vi.restoreAllMocks();
		stubFetch(json(graphError(190, "Error validating access token: Session has expired"), 400));
		expect((await refreshCredentials("threads", creds, {}, createdAtMs)).kind).toBe("revoked");
		expect(createdAt).toBeTruthy();
	});
});
