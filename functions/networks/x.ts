/**
 * X (API v2). POST /2/tweets with an OAuth 2.0 user token. X has no idempotency key: after an unknown
 * outcome Chorus reads the account's recent posts before sending again. Refusals are classified in
 * x-errors.ts (403 means a duplicate, a restricted reply, or the token's kind or scopes).
 * Media: images through the one-shot POST /2/media/upload; GIFs through the chunked upload
 * (initialize / append / finalize, then status polling), which is the only one that takes tweet_gif.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf, uploadOutcomeOf } from "./error-class";
import { answerOf, clip, outcomeForFailure, readJson, retractOutcome, type Sent, sendWithTimeout } from "./http";
import { decodeEntities, normalizeText, notBefore, pageCovers, withoutUrls } from "./match";
import { uploadEach, uploaded } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";
import { classifyX, type XCall } from "./x-errors";

export { xRetryAfter } from "./x-errors";

const apiBase = "https://api.x.com/2";
const pageSize = 20;

const created = z.object({ data: z.object({ id: z.string().regex(/^\d+$/) }) });
const deleted = z.object({ data: z.object({ deleted: z.boolean() }) });
const me = z.object({ data: z.object({ id: z.string().min(1) }) });
const timeline = z.object({
	data: z.array(z.unknown()).optional(),
	meta: z.object({ result_count: z.number().optional() }).optional(),
});
const tweet = z.object({ id: z.string(), text: z.string(), created_at: z.string().optional(), note_tweet: z.object({ text: z.string() }).optional() });

/**
 * The media upload answers (docs.x.com/x-api/media/initialize-media-upload, …/finalize-media-upload,
 * …/get-media-upload-status): { data: { id, media_key, expires_after_secs, processing_info? } }.
 */
const processingInfo = z.object({
	state: z.enum(["pending", "in_progress", "failed", "succeeded"]),
	check_after_secs: z.number().optional(),
	progress_percent: z.number().optional(),
	error: z.object({ code: z.number().optional(), name: z.string().optional(), message: z.string().optional() }).optional(),
});
const mediaAnswer = z.object({ data: z.object({ id: z.string().regex(/^\d+$/), processing_info: processingInfo.optional() }) });

const statusUrl = (id: string) => `https://x.com/i/web/status/${id}`;

function headers(token: string): Record<string, string> {
	return { Authorization: `Bearer ${token}`, Accept: "application/json" };
}

function refused(sent: Sent & { kind: "response" }, call: XCall, prefix?: string) {
	return { cls: classifyX(sent, call), answer: answerOf(sent.status, sent.body, prefix) };
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "X credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/tweets`, {
		method: "POST",
		headers: { ...headers(creds.data.accessToken), "Content-Type": "application/json" },
		body: JSON.stringify({
			text: request.text,
			...(request.inReplyTo ? { reply: { in_reply_to_tweet_id: request.inReplyTo } } : {}),
			...(request.media?.length ? { media: { media_ids: request.media.map((m) => m.networkMediaId) } } : {}),
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);

	if (sent.status === 201 || sent.status === 200) {
		const post = readJson(sent.body, created);
		if (!post) return { kind: "unknown", answer: answerOf(sent.status, sent.body, "the post id could not be read") };
		return {
			kind: "published",
			networkPostId: post.data.id,
			networkUrl: statusUrl(post.data.id),
			answer: { status: sent.status, summary: `${sent.status}: ${post.data.id}` },
		};
	}
	const { cls, answer } = refused(sent, "post");
	return publishOutcomeOf(cls, answer);
}

/** Whether X categorises this upload as a GIF or a video: those go through the chunked upload. */
export function xMediaCategory(type: string): "tweet_image" | "tweet_gif" | "tweet_video" {
	if (type === "image/gif") return "tweet_gif";
	return type.startsWith("video/") ? "tweet_video" : "tweet_image";
}

/** APPEND takes at most 5 MB a segment (the v1.1 reference's limit, kept by v2); 4 MiB leaves room for the multipart framing. */
export const xChunkBytes = 4 * 1024 * 1024;
/** Processing is waited for within the consumer, at most this long; X's check_after_secs says how often. */
const maxProcessingWaitMs = 60_000;
const maxStatusChecks = 12;

type ItemFailure = Exclude<MediaUploadOutcome, { kind: "uploaded" }>;

function failure(sent: Sent, what: string): ItemFailure {
	if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`${what}: ${sent.reason}`) } };
	const { cls, answer } = refused(sent, "media", what);
	return uploadOutcomeOf(cls, answer);
}

/**
 * The chunked upload (docs.x.com/x-api/media/quickstart/media-upload-chunked):
 * POST /2/media/upload/initialize (JSON: media_type, total_bytes, media_category), then
 * POST /2/media/upload/{id}/append (multipart: media, segment_index from 0) per segment, then
 * POST /2/media/upload/{id}/finalize. When the answer carries processing_info, GET
 * /2/media/upload?command=STATUS&media_id={id} after check_after_secs until it succeeds or fails.
 */
async function chunkedUpload(token: string, item: MediaUpload): Promise<{ kind: "ready"; id: string } | ItemFailure> {
	const init = await sendWithTimeout(guardedFetch, `${apiBase}/media/upload/initialize`, {
		method: "POST",
		headers: { ...headers(token), "Content-Type": "application/json" },
		body: JSON.stringify({ media_type: item.type, total_bytes: item.bytes.byteLength, media_category: xMediaCategory(item.type) }),
	});
	const started = init.kind === "response" && init.status < 300 ? readJson(init.body, mediaAnswer) : null;
	if (!started) return failure(init, "X media upload (initialize) failed");
	const id = started.data.id;

	for (let offset = 0, segment = 0; offset < item.bytes.byteLength; offset += xChunkBytes, segment++) {
		const form = new FormData();
		form.set("media", new File([item.bytes.slice(offset, offset + xChunkBytes)], item.mediaId, { type: "application/octet-stream" }));
		form.set("segment_index", String(segment));
		const append = await sendWithTimeout(guardedFetch, `${apiBase}/media/upload/${id}/append`, { method: "POST", headers: headers(token), body: form }, 60_000);
		if (append.kind !== "response" || append.status >= 300) return failure(append, `X media upload (append ${segment}) failed`);
	}

	const finalize = await sendWithTimeout(guardedFetch, `${apiBase}/media/upload/${id}/finalize`, { method: "POST", headers: headers(token) });
	const finished = finalize.kind === "response" && finalize.status < 300 ? readJson(finalize.body, mediaAnswer) : null;
	if (!finished) return failure(finalize, "X media upload (finalize) failed");

	let info = finished.data.processing_info;
	const deadline = Date.now() + maxProcessingWaitMs;
	for (let checks = 0; info && info.state !== "succeeded"; checks++) {
		if (info.state === "failed") {
			const reason = info.error?.message ?? info.error?.name ?? "processing failed";
			return { kind: "rejected", answer: { status: null, summary: clip(`X could not process the media: ${reason}`) } };
		}
		const waitMs = Math.max(1, info.check_after_secs ?? 1) * 1000;
		if (checks >= maxStatusChecks || Date.now() + waitMs > deadline) {
			// Not ready in time: the upload publishes nothing, so the post is simply tried again later.
			return {
				kind: "retry",
				retryAfterSeconds: info.check_after_secs ?? null,
				answer: { status: null, summary: clip(`X is still processing media ${id} (${info.progress_percent ?? 0}%)`) },
			};
		}
		await new Promise((resolve) => setTimeout(resolve, waitMs));
		const url = new URL(`${apiBase}/media/upload`);
		url.searchParams.set("command", "STATUS");
		url.searchParams.set("media_id", id);
		const status = await sendWithTimeout(guardedFetch, url.toString(), { headers: headers(token) });
		const read = status.kind === "response" && status.status === 200 ? readJson(status.body, mediaAnswer) : null;
		if (!read) return failure(status, "X media status check failed");
		info = read.data.processing_info;
	}
	return { kind: "ready", id };
}

/** The one-shot POST /2/media/upload (multipart media, media_category tweet_image): images only. */
async function simpleUpload(token: string, item: MediaUpload): Promise<{ kind: "ready"; id: string } | ItemFailure> {
	const form = new FormData();
	form.set("media", new File([item.bytes], item.mediaId, { type: item.type }));
	form.set("media_category", "tweet_image");
	form.set("media_type", item.type);
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/media/upload`, { method: "POST", headers: headers(token), body: form }, 60_000);
	const media = sent.kind === "response" && (sent.status === 200 || sent.status === 201) ? readJson(sent.body, mediaAnswer) : null;
	return media ? { kind: "ready", id: media.data.id } : failure(sent, "X media upload failed");
}

/**
 * Uploads each item, then its alt text through POST /2/media/metadata. An account whose stored
 * scopes lack media.write (connected before Chorus asked for it) is not sent to X at all: the post
 * is refused with the reason, and the account stays connected for text.
 */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "X credentials incomplete: reconnect the account" } };
	if (creds.data.scopes && !creds.data.scopes.includes("media.write")) {
		return {
			kind: "rejected",
			answer: { status: null, summary: "X media needs the media.write permission this account was connected without: reconnect the account to post images" },
		};
	}
	const token = creds.data.accessToken;
	return uploadEach(items, async (item) => {
		const media = xMediaCategory(item.type) === "tweet_image" ? await simpleUpload(token, item) : await chunkedUpload(token, item);
		if (media.kind !== "ready") return media;
		const alt = await sendWithTimeout(guardedFetch, `${apiBase}/media/metadata`, {
			method: "POST",
			headers: { ...headers(token), "Content-Type": "application/json" },
			// X caps alt text at 1,000 characters.
			body: JSON.stringify({ id: media.id, metadata: { alt_text: { text: item.alt.slice(0, 1000) } } }),
		});
		if (alt.kind !== "response" || alt.status >= 300) return failure(alt, "X refused the alt text");
		return uploaded(item, media.id);
	});
}

async function userId(token: string, known: string | undefined): Promise<string | null> {
	if (known) return known;
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/users/me`, { headers: headers(token) });
	return sent.kind === "response" && sent.status === 200 ? (readJson(sent.body, me)?.data.id ?? null) : null;
}

/**
 * X returns the text with every URL replaced by a t.co link and &, <, > as HTML entities, and long
 * posts cut to 280 characters with the full text in note_tweet. Compared with all URLs replaced by a
 * placeholder: two posts differing only in their links would match, which the time window makes unlikely.
 */
export function sameXText(sent: string, returned: string): boolean {
	const normal = (text: string) => normalizeText(withoutUrls(text));
	return normal(sent) === normal(decodeEntities(returned));
}

async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return null;
	const id = await userId(creds.data.accessToken, creds.data.userId);
	if (!id) return null;
	const url = new URL(`${apiBase}/users/${encodeURIComponent(id)}/tweets`);
	url.searchParams.set("max_results", String(pageSize));
	url.searchParams.set("tweet.fields", "created_at,note_tweet");
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: headers(creds.data.accessToken) });
	const page = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, timeline) : null;
	if (!page) return null;

	const items = page.data ?? [];
	let oldest: string | undefined;
	for (const item of items) {
		const parsed = tweet.safeParse(item);
		if (!parsed.success) continue;
		oldest = parsed.data.created_at;
		if (!notBefore(request.createdAt, parsed.data.created_at)) continue;
		if (sameXText(request.text, parsed.data.note_tweet?.text ?? parsed.data.text))
			return { networkPostId: parsed.data.id, networkUrl: statusUrl(parsed.data.id) };
	}
	return pageCovers(request.createdAt, items.length, pageSize, oldest) ? "absent" : null;
}

/** DELETE /2/tweets/:id answers 200 { data: { deleted: true } }; deleted: false means it is still there. */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "X credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/tweets/${encodeURIComponent(networkPostId)}`, {
		method: "DELETE",
		headers: headers(creds.data.accessToken),
	});
	const outcome = retractOutcome(sent, [200]);
	if (outcome.kind === "deleted" && sent.kind === "response" && readJson(sent.body, deleted)?.data.deleted !== true) {
		return { kind: "failed", answer: answerOf(200, sent.body, "X did not say it deleted the post") };
	}
	return outcome;
}

export const xAdapter: NetworkAdapter = {
	network: "x",
	idempotent: false,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
