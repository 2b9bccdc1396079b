// Media contract per adapter, over stubbed fetch: each network's upload call(s) as its docs describe
// them, then the post citing what the upload answered, with the alt text where the network keeps it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { blueskyAdapter } from "../../functions/networks/bluesky";
import { facebookAdapter } from "../../functions/networks/facebook";
import { linkedinAdapter } from "../../functions/networks/linkedin";
import { mastodonAdapter } from "../../functions/networks/mastodon";
import type { MediaUpload, NetworkMedia } from "../../functions/networks/types";
import { xAdapter } from "../../functions/networks/x";
import { account, json, memoryCache, request } from "./helpers";

const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
const item: MediaUpload = {
	mediaId: "m1",
	type: "image/png",
	size: bytes.byteLength,
	alt: "Our team at the launch",
	width: 1200,
	height: 800,
	bytes: bytes.buffer,
};
const fixed = (networkMediaId: string, extra: Partial<NetworkMedia> = {}): NetworkMedia => ({
	mediaId: "m1",
	networkMediaId,
	alt: item.alt,
	type: "image/png",
	width: 1200,
	height: 800,
	...extra,
});

/** Captures each request whole (multipart and binary bodies included) and answers in order. */
function stubRequests(...answers: Response[]): Request[] {
	const seen: Request[] = [];
	vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
		seen.push(new Request(input, init));
		const answer = answers[seen.length - 1];
		if (!answer) throw new Error(`unexpected fetch #${seen.length}`);
		return answer;
	});
	return seen;
}

const bodyBytes = async (r: Request) => new Uint8Array(await r.arrayBuffer());
async function formFile(r: Request, field: string) {
	const form = await r.formData();
	const file = form.get(field) as File;
	return { form, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) };
}

afterEach(() => vi.restoreAllMocks());

describe("Mastodon media", () => {
	const acc = account("mastodon", { instanceUrl: "https://mastodon.example", accessToken: "tok-123" });
	it("uploads to /api/v2/media with the alt text as description, then sends media_ids", async () => {
		const seen = stubRequests(json({ id: "22348641", type: "image" }), json({ id: "1", url: "https://mastodon.example/@c/1", content: "<p>x</p>" }));
		const outcome = await mastodonAdapter.uploadMedia(acc, [item], memoryCache());
		expect(outcome).toEqual({ kind: "uploaded", media: [fixed("22348641")] });
		expect(seen[0]!.url).toBe("https://mastodon.example/api/v2/media");
		expect(seen[0]!.headers.get("authorization")).toBe("Bearer tok-123");
		const upload = await formFile(seen[0]!, "file");
		expect(upload.form.get("description")).toBe(item.alt);
		expect(upload.bytes).toEqual(bytes);
		expect(upload.type).toBe("image/png");

		await mastodonAdapter.publish(acc, request({ media: [fixed("22348641")] }), memoryCache());
		expect(await seen[1]!.json()).toMatchObject({ media_ids: ["22348641"] });
	});

	it("202 (video still processing) is a good id; a status refused until processing ends is retried", async () => {
		stubRequests(
			json({ id: "9", type: "video", url: null }, 202),
			json({ error: "Cannot attach files that have not finished processing. Try again in a moment!" }, 422),
		);
		expect(await mastodonAdapter.uploadMedia(acc, [{ ...item, type: "video/mp4" }], memoryCache())).toMatchObject({
			kind: "uploaded",
			media: [{ networkMediaId: "9" }],
		});
		expect(await mastodonAdapter.publish(acc, request({ media: [fixed("9")] }), memoryCache())).toMatchObject({ kind: "retry", retryAfterSeconds: 10 });
	});

	it("a refused upload is rejected, a 503 or a lost answer is a retry (an upload publishes nothing)", async () => {
		stubRequests(json({ error: "File type of application/pdf is not supported" }, 422));
		expect(await mastodonAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "rejected" });
		vi.restoreAllMocks();
		stubRequests(new Response("", { status: 503 }));
		expect(await mastodonAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "retry" });
		vi.restoreAllMocks();
		vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("Network connection lost."));
		expect(await mastodonAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "retry" });
	});
});

describe("Bluesky media", () => {
	const service = "https://pds.example";
	const acc = account("bluesky", { identifier: "chorus.example", appPassword: "abcd-efgh-ijkl-mnop", service });
	const did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
	const session = { service, identifier: "chorus.example", did, handle: "chorus.example", accessJwt: "access-1", refreshJwt: "refresh-1" };
	const blob = { $type: "blob", ref: { $link: "bafkreibabalobzn6cd366ukcsjycp4yymjymgfxcv6xczmlgpemzkz3cfa" }, mimeType: "image/png", size: 7 };

	it("uploadBlob with the raw bytes, then an images embed with the alt text and aspect ratio", async () => {
		const seen = stubRequests(json({ blob }), json({ uri: `at://${did}/app.bsky.feed.post/3mabcdefghij2`, cid: "bafy", commit: { cid: "c", rev: "r" } }));
		const outcome = await blueskyAdapter.uploadMedia(acc, [item], memoryCache(session));
		expect(outcome).toEqual({ kind: "uploaded", media: [fixed(blob.ref.$link, { blob })] });
		expect(seen[0]!.url).toBe("https://pds.example/xrpc/com.atproto.repo.uploadBlob");
		expect(seen[0]!.headers.get("content-type")).toBe("image/png");
		expect(seen[0]!.headers.get("authorization")).toBe("Bearer access-1");
		expect(await bodyBytes(seen[0]!)).toEqual(bytes);

		await blueskyAdapter.publish(acc, request({ media: [fixed(blob.ref.$link, { blob })] }), memoryCache(session));
		const put = (await seen[1]!.json()) as { record: Record<string, unknown> };
		expect(put.record.embed).toEqual({ $type: "app.bsky.embed.images", images: [{ alt: item.alt, image: blob, aspectRatio: { width: 1200, height: 800 } }] });
	});

	it("a video: uploadBlob with the MP4 bytes, then an app.bsky.embed.video with its alt text", async () => {
		// docs.bsky.app/docs/tutorials/video (the simple path: com.atproto.repo.uploadBlob, then the post
		// embeds { $type: "app.bsky.embed.video", video: blob, alt, aspectRatio }, lexicons/app/bsky/embed/video.json).
		const videoBlob = { ...blob, mimeType: "video/mp4", size: 9 };
		const clip: MediaUpload = { ...item, mediaId: "v1", type: "video/mp4", size: 9, bytes: new Uint8Array(9).buffer };
		const seen = stubRequests(
			json({ blob: videoBlob }),
			json({ uri: `at://${did}/app.bsky.feed.post/3mabcdefghij2`, cid: "bafy", commit: { cid: "c", rev: "r" } }),
		);
		const outcome = await blueskyAdapter.uploadMedia(acc, [clip], memoryCache(session));
		const fixedVideo = fixed(blob.ref.$link, { mediaId: "v1", type: "video/mp4", blob: videoBlob });
		expect(outcome).toEqual({ kind: "uploaded", media: [fixedVideo] });
		expect(seen[0]!.headers.get("content-type")).toBe("video/mp4");
		await blueskyAdapter.publish(acc, request({ media: [fixedVideo] }), memoryCache(session));
		const put = (await seen[1]!.json()) as { record: Record<string, unknown> };
		expect(put.record.embed).toEqual({ $type: "app.bsky.embed.video", video: videoBlob, alt: item.alt, aspectRatio: { width: 1200, height: 800 } });
	});

	it("a blob over the PDS's upload limit is rejected", async () => {
		// @atproto/xrpc-server (util.ts): a body over the PDS's blobUploadLimit (5 MB by default) is 413
		// PayloadTooLarge "request entity too large".
		stubRequests(json({ error: "PayloadTooLarge", message: "request entity too large" }, 413));
		expect(await blueskyAdapter.uploadMedia(acc, [item], memoryCache(session))).toMatchObject({ kind: "rejected", answer: { status: 413 } });
	});

	it("an image over the lexicon's 2,000,000 bytes is refused with the post record, for good", async () => {
		// The PDS validates the record against app.bsky.embed.images (maxSize 2000000): 400 InvalidRecord
		// "Invalid app.bsky.feed.post record: …" with @atproto/lex-schema's "blob too big" issue.
		const big = { ...blob, size: 2_500_000 };
		stubRequests(json({ error: "InvalidRequest", message: "Invalid app.bsky.feed.post record: blob too big (maximum 2000000, got 2500000)" }, 400));
		const outcome = await blueskyAdapter.publish(acc, request({ media: [fixed(big.ref.$link, { blob: big })] }), memoryCache(session));
		expect(outcome).toMatchObject({ kind: "rejected", answer: { status: 400, summary: expect.stringContaining("maximum 2000000") } });
	});
});

describe("X media", () => {
	const acc = account("x", { accessToken: "oauth2-user-token" });
	it("POST /2/media/upload, the alt text through /2/media/metadata, then media_ids on the post", async () => {
		const seen = stubRequests(
			json({ data: { id: "1880028106020515840", media_key: "3_1880028106020515840", expires_after_secs: 86400 } }),
			json({ data: { associated_metadata: { alt_text: { text: item.alt } } } }),
			json({ data: { id: "1445880548472328192", text: "x" } }, 201),
		);
		expect(await xAdapter.uploadMedia(acc, [item], memoryCache())).toEqual({ kind: "uploaded", media: [fixed("1880028106020515840")] });
		expect(seen[0]!.url).toBe("https://api.x.com/2/media/upload");
		expect(seen[0]!.headers.get("authorization")).toBe("Bearer oauth2-user-token");
		const upload = await formFile(seen[0]!, "media");
		expect(upload.form.get("media_category")).toBe("tweet_image");
		expect(upload.bytes).toEqual(bytes);
		expect(seen[1]!.url).toBe("https://api.x.com/2/media/metadata");
		expect(await seen[1]!.json()).toEqual({ id: "1880028106020515840", metadata: { alt_text: { text: item.alt } } });

		await xAdapter.publish(acc, request({ media: [fixed("1880028106020515840")] }), memoryCache());
		expect(await seen[2]!.json()).toMatchObject({ media: { media_ids: ["1880028106020515840"] } });
	});

	it("a 429 on upload waits for X's reset", async () => {
		const reset = Math.floor(Date.now() / 1000) + 120;
		stubRequests(json({ title: "Too Many Requests" }, 429, { "x-rate-limit-reset": String(reset) }));
		const outcome = await xAdapter.uploadMedia(acc, [item], memoryCache());
		expect(outcome.kind).toBe("retry");
		expect(outcome.kind === "retry" && outcome.retryAfterSeconds).toBeGreaterThan(100);
	});
});

describe("X GIFs through the chunked upload", () => {
	// Stubs copy docs.x.com/x-api/media/initialize-media-upload, …/append-media-upload,
	// …/finalize-media-upload and …/get-media-upload-status ({ data: { id, media_key,
	// expires_after_secs, processing_info: { state, check_after_secs, progress_percent } } }).
	const acc = account("x", { accessToken: "oauth2-user-token", scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"] });
	const gifBytes = new Uint8Array(5 * 1024 * 1024 + 10).fill(71);
	const gif: MediaUpload = { ...item, type: "image/gif", size: gifBytes.byteLength, bytes: gifBytes.buffer };
	const id = "1880028106020515840";
	const media = (processing?: object) =>
		json({ data: { id, media_key: `16_${id}`, expires_after_secs: 86399, ...(processing ? { processing_info: processing } : {}) } });

	it("initialize (tweet_gif), append in segments from 0, finalize, poll STATUS until succeeded, then the alt text", async () => {
		const seen = stubRequests(
			media(),
			json({ data: { expires_at: 1735689600 } }),
			json({ data: { expires_at: 1735689600 } }),
			media({ state: "pending", check_after_secs: 1 }),
			media({ state: "in_progress", check_after_secs: 1, progress_percent: 60 }),
			media({ state: "succeeded", progress_percent: 100 }),
			json({ data: { associated_metadata: { alt_text: { text: item.alt } } } }),
		);
		const outcome = await xAdapter.uploadMedia(acc, [gif], memoryCache());
		expect(outcome).toEqual({ kind: "uploaded", media: [fixed(id, { type: "image/gif" })] });
		expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
			"POST https://api.x.com/2/media/upload/initialize",
			`POST https://api.x.com/2/media/upload/${id}/append`,
			`POST https://api.x.com/2/media/upload/${id}/append`,
			`POST https://api.x.com/2/media/upload/${id}/finalize`,
			`GET https://api.x.com/2/media/upload?command=STATUS&media_id=${id}`,
			`GET https://api.x.com/2/media/upload?command=STATUS&media_id=${id}`,
			"POST https://api.x.com/2/media/metadata",
		]);
		expect(await seen[0]!.json()).toEqual({ media_type: "image/gif", total_bytes: gifBytes.byteLength, media_category: "tweet_gif" });
		const first = await formFile(seen[1]!, "media");
		const second = await formFile(seen[2]!, "media");
		expect([first.form.get("segment_index"), second.form.get("segment_index")]).toEqual(["0", "1"]);
		expect(first.bytes.byteLength + second.bytes.byteLength).toBe(gifBytes.byteLength);
		expect(seen.every((r) => r.headers.get("authorization") === "Bearer oauth2-user-token")).toBe(true);
	}, 15_000);

	it("processing that fails refuses the post with X's reason; a 403 upload refuses it without freezing the account", async () => {
		stubRequests(
			media(),
			json({ data: {} }),
			json({ data: {} }),
			media({ state: "failed", error: { code: 1, name: "InvalidMedia", message: "Unsupported video format" } }),
		);
		expect(await xAdapter.uploadMedia(acc, [gif], memoryCache())).toEqual({
			kind: "rejected",
			answer: { status: null, summary: "X could not process the media: Unsupported video format" },
		});
		vi.restoreAllMocks();
		stubRequests(json({ title: "Forbidden", detail: "Forbidden", type: "about:blank", status: 403 }, 403));
		expect(await xAdapter.uploadMedia(acc, [gif], memoryCache())).toMatchObject({
			kind: "rejected",
			answer: { status: 403, summary: expect.stringContaining("media.write") },
		});
		// Whereas a 401 is the credentials: reconnect.
		vi.restoreAllMocks();
		stubRequests(json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, 401));
		expect(await xAdapter.uploadMedia(acc, [gif], memoryCache())).toMatchObject({ kind: "auth" });
	});

	it("a video goes the same chunked way as tweet_video, is polled until processed, then rides on the post", async () => {
		// docs.x.com/x-api/media/quickstart/media-upload-chunked: INIT with media_category tweet_video,
		// APPEND segments, FINALIZE answering processing_info, STATUS until "succeeded"; then
		// docs.x.com/x-api/posts/create-post with media.media_ids.
		const videoBytes = new Uint8Array(9 * 1024 * 1024).fill(0);
		const video: MediaUpload = { ...item, mediaId: "v1", type: "video/mp4", size: videoBytes.byteLength, width: null, height: null, bytes: videoBytes.buffer };
		const seen = stubRequests(
			media(),
			json({ data: {} }),
			json({ data: {} }),
			json({ data: {} }),
			media({ state: "pending", check_after_secs: 1 }),
			media({ state: "succeeded", progress_percent: 100 }),
			json({ data: { associated_metadata: { alt_text: { text: item.alt } } } }),
			json({ data: { id: "1880030000000000000", text: "Our launch, in a minute" } }, 201),
		);
		const outcome = await xAdapter.uploadMedia(acc, [video], memoryCache());
		const uploaded: NetworkMedia = { mediaId: "v1", networkMediaId: id, alt: item.alt, type: "video/mp4", width: null, height: null };
		expect(outcome).toEqual({ kind: "uploaded", media: [uploaded] });
		expect(await seen[0]!.json()).toEqual({ media_type: "video/mp4", total_bytes: videoBytes.byteLength, media_category: "tweet_video" });
		expect(seen.filter((r) => r.url.endsWith("/append"))).toHaveLength(3);
		expect(seen[5]!.url).toBe(`https://api.x.com/2/media/upload?command=STATUS&media_id=${id}`);
		const published = await xAdapter.publish(acc, request({ text: "Our launch, in a minute", media: [uploaded] }), memoryCache());
		expect(published).toMatchObject({ kind: "published", networkPostId: "1880030000000000000" });
		expect(await seen[7]!.json()).toEqual({ text: "Our launch, in a minute", media: { media_ids: [id] } });
	}, 15_000);

	it("an account whose granted scopes lack media.write is told to reconnect for media, without calling X", async () => {
		const calls = stubRequests();
		const textOnly = account("x", { accessToken: "t", scopes: ["tweet.read", "tweet.write", "users.read", "offline.access"] });
		const outcome = await xAdapter.uploadMedia(textOnly, [item], memoryCache());
		expect(outcome).toMatchObject({ kind: "rejected", answer: { summary: expect.stringMatching(/media\.write.*reconnect/) } });
		expect(calls).toHaveLength(0);
	});
});

describe("LinkedIn media", () => {
	const acc = account("linkedin", { accessToken: "li-token", authorUrn: "urn:li:organization:2414183" });
	it("initializeUpload, PUT the bytes to the upload URL, then content.media with the alt text", async () => {
		const uploadUrl = "https://www.linkedin.com/dms-uploads/sp/v2/D4D10AQ/uploadedImage/0?ca=vector_feedshare&cn=uploads";
		const seen = stubRequests(
			json({ value: { uploadUrlExpiresAt: 1650567510704, uploadUrl, image: "urn:li:image:C4E10AQFoyyAjHPMQuQ" } }),
			new Response("", { status: 201 }),
			new Response("", { status: 201, headers: { "x-restli-id": "urn:li:share:6844785523593134080" } }),
		);
		expect(await linkedinAdapter.uploadMedia(acc, [item], memoryCache())).toEqual({ kind: "uploaded", media: [fixed("urn:li:image:C4E10AQFoyyAjHPMQuQ")] });
		expect(seen[0]!.url).toBe("https://api.linkedin.com/rest/images?action=initializeUpload");
		expect(seen[0]!.headers.get("linkedin-version")).toBeTruthy();
		expect(await seen[0]!.json()).toEqual({ initializeUploadRequest: { owner: "urn:li:organization:2414183" } });
		expect(seen[1]!.method).toBe("PUT");
		expect(seen[1]!.url).toBe(uploadUrl);
		expect(await bodyBytes(seen[1]!)).toEqual(bytes);

		await linkedinAdapter.publish(acc, request({ media: [fixed("urn:li:image:C4E10AQFoyyAjHPMQuQ")] }), memoryCache());
		expect(await seen[2]!.json()).toMatchObject({ content: { media: { id: "urn:li:image:C4E10AQFoyyAjHPMQuQ", altText: item.alt } } });
	});

	it("a video: initializeUpload with its size, a PUT per byte range, finalizeUpload with the ETags, AVAILABLE, then content.media", async () => {
		// learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api: initializeUpload
		// answers { value: { video, uploadToken, uploadInstructions: [{ uploadUrl, firstByte, lastByte }] } };
		// each PUT answers an ETag; finalizeUpload takes { video, uploadToken, uploadedPartIds }; GET
		// /rest/videos/{urn} says status PROCESSING, then AVAILABLE.
		const videoBytes = new Uint8Array(10).map((_, i) => i);
		const clip: MediaUpload = { ...item, mediaId: "v1", type: "video/mp4", size: 10, bytes: videoBytes.buffer };
		const urn = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
		const part = (n: number) => `https://www.linkedin.com/dms-uploads/sp/v2/C5F10AQ/part-${n}?ca=vector_feedshare&cn=uploads`;
		const seen = stubRequests(
			json({
				value: {
					uploadUrlsExpireAt: 1650567510704,
					video: urn,
					uploadInstructions: [
						{ uploadUrl: part(0), firstByte: 0, lastByte: 5 },
						{ uploadUrl: part(1), firstByte: 6, lastByte: 9 },
					],
					uploadToken: "",
				},
			}),
			new Response("", { status: 200, headers: { etag: "/ambry-video/signedId/part-0" } }),
			new Response("", { status: 200, headers: { etag: "/ambry-video/signedId/part-1" } }),
			new Response("", { status: 200 }),
			json({ id: urn, status: "PROCESSING", owner: "urn:li:organization:2414183" }),
			json({ id: urn, status: "AVAILABLE", owner: "urn:li:organization:2414183", duration: 10000 }),
			new Response("", { status: 201, headers: { "x-restli-id": "urn:li:share:6844785523593134081" } }),
		);
		const outcome = await linkedinAdapter.uploadMedia(acc, [clip], memoryCache());
		const fixedVideo = fixed(urn, { mediaId: "v1", type: "video/mp4" });
		expect(outcome).toEqual({ kind: "uploaded", media: [fixedVideo] });
		expect(seen[0]!.url).toBe("https://api.linkedin.com/rest/videos?action=initializeUpload");
		expect(await seen[0]!.json()).toEqual({
			initializeUploadRequest: { owner: "urn:li:organization:2414183", fileSizeBytes: 10, uploadCaptions: false, uploadThumbnail: false },
		});
		expect([seen[1]!.url, seen[2]!.url]).toEqual([part(0), part(1)]);
		expect(await bodyBytes(seen[1]!)).toEqual(videoBytes.slice(0, 6));
		expect(await bodyBytes(seen[2]!)).toEqual(videoBytes.slice(6));
		expect(seen[3]!.url).toBe("https://api.linkedin.com/rest/videos?action=finalizeUpload");
		expect(await seen[3]!.json()).toEqual({
			finalizeUploadRequest: { video: urn, uploadToken: "", uploadedPartIds: ["/ambry-video/signedId/part-0", "/ambry-video/signedId/part-1"] },
		});
		expect(seen[4]!.url).toBe(`https://api.linkedin.com/rest/videos/${encodeURIComponent(urn)}`);

		await linkedinAdapter.publish(acc, request({ media: [fixedVideo] }), memoryCache());
		expect(await seen[6]!.json()).toMatchObject({ content: { media: { id: urn, altText: item.alt } } });
	}, 15_000);

	it("a video LinkedIn could not process refuses the post", async () => {
		const urn = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
		stubRequests(
			json({
				value: { video: urn, uploadInstructions: [{ uploadUrl: "https://www.linkedin.com/dms-uploads/x", firstByte: 0, lastByte: 6 }], uploadToken: "" },
			}),
			new Response("", { status: 200, headers: { etag: "/ambry-video/signedId/only" } }),
			new Response("", { status: 200 }),
			json({ id: urn, status: "PROCESSING_FAILED" }),
		);
		const outcome = await linkedinAdapter.uploadMedia(acc, [{ ...item, type: "video/mp4" }], memoryCache());
		expect(outcome).toMatchObject({ kind: "rejected", answer: { summary: expect.stringContaining("could not process") } });
	});

	it("a refused token on initializeUpload is auth", async () => {
		stubRequests(json({ status: 401, code: "REVOKED_ACCESS_TOKEN", message: "The token used in the request has been revoked by the user" }, 401));
		expect(await linkedinAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "auth" });
	});
});

describe("Facebook media", () => {
	const acc = account("facebook", { pageId: "108765279", pageAccessToken: "EAAB-page-token" });
	it("an unpublished photo on the Page, then the feed post attaching it (no link preview with photos)", async () => {
		const seen = stubRequests(
			json({ id: "1002345678901" }),
			json({ id: "108765279_1002345678999" }),
			json({ permalink_url: "https://www.facebook.com/108765279/posts/pfbid0", id: "108765279_1002345678999" }),
		);
		expect(await facebookAdapter.uploadMedia(acc, [item], memoryCache())).toEqual({ kind: "uploaded", media: [fixed("1002345678901")] });
		expect(seen[0]!.url).toBe("https://graph.facebook.com/v25.0/108765279/photos");
		const upload = await formFile(seen[0]!, "source");
		expect(upload.form.get("published")).toBe("false");
		expect(upload.form.get("alt_text_custom")).toBe(item.alt);
		expect(upload.form.get("access_token")).toBe("EAAB-page-token");
		expect(upload.bytes).toEqual(bytes);

		await facebookAdapter.publish(acc, request({ media: [fixed("1002345678901")] }), memoryCache());
		const feed = (await seen[1]!.json()) as Record<string, unknown>;
		expect(feed.attached_media).toEqual([{ media_fbid: "1002345678901" }]);
		expect(feed.link).toBeUndefined();
	});

	it("Graph's rate-limit code on upload is a retry, an expired token is auth", async () => {
		stubRequests(json({ error: { message: "(#32) Page request limit reached", code: 32 } }, 400));
		expect(await facebookAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "retry" });
		vi.restoreAllMocks();
		stubRequests(json({ error: { message: "Error validating access token", code: 190 } }, 400));
		expect(await facebookAdapter.uploadMedia(acc, [item], memoryCache())).toMatchObject({ kind: "auth" });
	});
});
