/**
 * LinkedIn (versioned REST API, Posts API). POST /rest/posts; the new post's URN comes back in the
 * x-restli-id header of a 201 with an empty body. No idempotency key. Refusals are classified in
 * linkedin-errors.ts (an over-long text is a 400 naming ShareCommentary, a repeated one 422 DUPLICATE_POST).
 * A request with inReplyTo is a comment instead (linkedin-comments.ts).
 */
import { z } from "zod";
import { escapeLittleText, unescapeLittleText } from "../../domain/little-text";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf, uploadOutcomeOf } from "./error-class";
import { answerOf, clip, outcomeForFailure, readJson, retractOutcome, type Sent, sendWithTimeout } from "./http";
import { linkedinApi, linkedinHeaders, linkedinVersion, postUrl } from "./linkedin-api";
import { findComment, publishComment, retractComment } from "./linkedin-comments";
import { classifyLinkedIn } from "./linkedin-errors";
import { normalizeText, notBefore } from "./match";
import { uploadEach, uploaded } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

export { linkedinVersion };

const apiBase = linkedinApi;
const pageSize = 10;

const initializedUpload = z.object({ value: z.object({ uploadUrl: z.url(), image: z.string().startsWith("urn:li:image:") }) });
/** Videos API initializeUpload: the video's URN and the byte ranges to PUT, each to its own URL. */
const initializedVideo = z.object({
	value: z.object({
		video: z.string().startsWith("urn:li:video:"),
		uploadToken: z.string().default(""),
		uploadInstructions: z.array(z.object({ uploadUrl: z.url(), firstByte: z.number().int().min(0), lastByte: z.number().int().min(0) })).min(1),
	}),
});
const videoStatus = z.object({ status: z.string() });
const page = z.object({
	elements: z.array(z.unknown()),
	paging: z.object({ start: z.number().optional(), total: z.number().optional() }).optional(),
});
const element = z.object({
	id: z.string(),
	commentary: z.string().optional(),
	createdAt: z.number().optional(),
	publishedAt: z.number().optional(),
	lastModifiedAt: z.number().optional(),
});

export { escapeLittleText, unescapeLittleText };

/** An upload call that did not give what was asked, as an upload outcome. */
function uploadFailure(sent: Sent, what: string) {
	if (sent.kind !== "response") return { kind: "retry" as const, retryAfterSeconds: null, answer: { status: null, summary: clip(`${what}: ${sent.reason}`) } };
	return uploadOutcomeOf(classifyLinkedIn(sent), answerOf(sent.status, sent.body, what));
}

/** Images API: initializeUpload names the image and where to PUT its bytes; the post then cites the image URN. */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "LinkedIn credentials incomplete: reconnect the account" } };
	const token = creds.data.accessToken;
	return uploadEach(items, async (item) => {
		if (item.type.startsWith("video/")) return uploadVideo(token, creds.data.authorUrn, item);
		const init = await sendWithTimeout(guardedFetch, `${apiBase}/images?action=initializeUpload`, {
			method: "POST",
			headers: { ...linkedinHeaders(token), "Content-Type": "application/json" },
			body: JSON.stringify({ initializeUploadRequest: { owner: creds.data.authorUrn } }),
		});
		const started = init.kind === "response" && init.status === 200 ? readJson(init.body, initializedUpload) : null;
		if (!started) return uploadFailure(init, "LinkedIn initializeUpload failed");
		const put = await sendWithTimeout(
			guardedFetch,
			started.value.uploadUrl,
			{ method: "PUT", headers: { Authorization: `Bearer ${token}`, "Content-Type": item.type }, body: item.bytes },
			60_000,
		);
		if (put.kind !== "response" || put.status >= 300) return uploadFailure(put, "LinkedIn image upload failed");
		return uploaded(item, started.value.image);
	});
}

/** Processing is waited for within the consumer, at most this long; a video not ready by then is a retry. */
const maxVideoWaitMs = 60_000;
const videoCheckMs = 3_000;

/**
 * Videos API (learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api):
 * initializeUpload with the owner and fileSizeBytes, a PUT of each byte range to its uploadUrl
 * (each answers an ETag), finalizeUpload with the ETags in order, then GET /videos/{urn} until its
 * status is AVAILABLE. The post cites the video URN in content.media like an image's.
 */
async function uploadVideo(token: string, owner: string, item: MediaUpload) {
	const init = await sendWithTimeout(guardedFetch, `${apiBase}/videos?action=initializeUpload`, {
		method: "POST",
		headers: { ...linkedinHeaders(token), "Content-Type": "application/json" },
		body: JSON.stringify({ initializeUploadRequest: { owner, fileSizeBytes: item.bytes.byteLength, uploadCaptions: false, uploadThumbnail: false } }),
	});
	const started = init.kind === "response" && init.status === 200 ? readJson(init.body, initializedVideo) : null;
	if (!started) return uploadFailure(init, "LinkedIn video initializeUpload failed");
	const { video, uploadToken, uploadInstructions } = started.value;
	const etags: string[] = [];
	for (const part of uploadInstructions) {
		const put = await sendWithTimeout(
			guardedFetch,
			part.uploadUrl,
			{
				method: "PUT",
				headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream" },
				body: item.bytes.slice(part.firstByte, part.lastByte + 1),
			},
			60_000,
		);
		const etag = put.kind === "response" && put.status < 300 ? put.headers.get("etag") : null;
		if (!etag) return uploadFailure(put, `LinkedIn video upload (bytes ${part.firstByte}–${part.lastByte}) failed`);
		etags.push(etag);
	}
	const finalize = await sendWithTimeout(guardedFetch, `${apiBase}/videos?action=finalizeUpload`, {
		method: "POST",
		headers: { ...linkedinHeaders(token), "Content-Type": "application/json" },
		body: JSON.stringify({ finalizeUploadRequest: { video, uploadToken, uploadedPartIds: etags } }),
	});
	if (finalize.kind !== "response" || finalize.status >= 300) return uploadFailure(finalize, "LinkedIn video finalizeUpload failed");

	const deadline = Date.now() + maxVideoWaitMs;
	for (;;) {
		const read = await sendWithTimeout(guardedFetch, `${apiBase}/videos/${encodeURIComponent(video)}`, { headers: linkedinHeaders(token) });
		const status = read.kind === "response" && read.status === 200 ? readJson(read.body, videoStatus)?.status : null;
		if (!status) return uploadFailure(read, "LinkedIn video status check failed");
		if (status === "AVAILABLE") return uploaded(item, video);
		if (status === "PROCESSING_FAILED")
			return { kind: "rejected" as const, answer: { status: 200, summary: clip(`LinkedIn could not process the video ${video}`) } };
		if (Date.now() + videoCheckMs > deadline) {
			// Not ready in time: the upload publishes nothing, so the post is simply tried again later.
			return {
				kind: "retry" as const,
				retryAfterSeconds: 60,
				answer: { status: 200, summary: clip(`LinkedIn is still processing video ${video} (${status})`) },
			};
		}
		await new Promise((resolve) => setTimeout(resolve, videoCheckMs));
	}
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	// A reply, a first comment or a later part is a comment on what it answers (linkedin-comments.ts).
	if (request.inReplyTo) return publishComment(account, { ...request, inReplyTo: request.inReplyTo });
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "LinkedIn credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/posts`, {
		method: "POST",
		headers: { ...linkedinHeaders(creds.data.accessToken), "Content-Type": "application/json" },
		body: JSON.stringify({
			author: creds.data.authorUrn,
			commentary: escapeLittleText(request.text),
			visibility: "PUBLIC",
			distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
			// One image through content.media (domain/media.ts allows one), its alt text beside it.
			...(request.media?.length ? { content: { media: { id: request.media[0]!.networkMediaId, altText: request.media[0]!.alt.slice(0, 4086) } } } : {}),
			lifecycleState: "PUBLISHED",
			isReshareDisabledByAuthor: false,
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);

	if (sent.status === 201) {
		const urn = sent.headers.get("x-restli-id")?.trim() ?? "";
		if (!/^urn:li:[A-Za-z]+:\S+$/.test(urn))
			return { kind: "unknown", answer: { status: 201, summary: "201 without a readable x-restli-id: published, id unknown" } };
		return { kind: "published", networkPostId: urn, networkUrl: postUrl(urn), answer: { status: 201, summary: clip(`201: ${urn}`) } };
	}
	return publishOutcomeOf(classifyLinkedIn(sent), answerOf(sent.status, sent.body));
}

/**
 * Reading back needs r_member_social (restricted) for a person's posts or r_organization_social for a
 * page's; without it LinkedIn answers 403 and this returns null: a human checks.
 */
async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	if (request.inReplyTo) return findComment(account, { ...request, inReplyTo: request.inReplyTo });
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	if (!creds.success) return null;
	const url = `${apiBase}/posts?author=${encodeURIComponent(creds.data.authorUrn)}&q=author&count=${pageSize}&sortBy=LAST_MODIFIED`;
	const sent = await sendWithTimeout(guardedFetch, url, { headers: { ...linkedinHeaders(creds.data.accessToken), "X-RestLi-Method": "FINDER" } });
	const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, page) : null;
	if (!found) return null;

	const wanted = normalizeText(request.text);
	// The page is sorted by last modification, newest first: a post edited today can sit above ours
	// though it was published last year, so the page reaches back to the request only when its least
	// recently modified post was modified before the request (ours was modified no earlier than sent).
	let leastRecentlyModified: number | undefined;
	for (const item of found.elements) {
		const post = element.safeParse(item);
		if (!post.success) continue;
		const modified = post.data.lastModifiedAt ?? post.data.publishedAt ?? post.data.createdAt;
		if (modified !== undefined && (leastRecentlyModified === undefined || modified < leastRecentlyModified)) leastRecentlyModified = modified;
		if (!notBefore(request.createdAt, post.data.publishedAt ?? post.data.createdAt)) continue;
		if (normalizeText(unescapeLittleText(post.data.commentary ?? "")) === wanted) return { networkPostId: post.data.id, networkUrl: postUrl(post.data.id) };
	}
	if (leastRecentlyModified !== undefined && !notBefore(request.createdAt, leastRecentlyModified)) return "absent";
	// A short page is not the end by itself (LinkedIn may filter some posts out of a page); only a total
	// the page reaches says there is nothing further. Otherwise "not found" would be a guess: cannot tell.
	const total = found.paging?.total;
	return total !== undefined && (found.paging?.start ?? 0) + found.elements.length >= total ? "absent" : null;
}

/** DELETE /rest/posts/{encoded urn} answers 204; a post already deleted is 404. */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	if (networkPostId.startsWith("urn:li:comment:")) return retractComment(account, networkPostId);
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "LinkedIn credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/posts/${encodeURIComponent(networkPostId)}`, {
		method: "DELETE",
		headers: { ...linkedinHeaders(creds.data.accessToken), "X-RestLi-Method": "DELETE" },
	});
	return retractOutcome(sent, [204, 200]);
}

export const linkedinAdapter: NetworkAdapter = {
	network: "linkedin",
	idempotent: false,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
