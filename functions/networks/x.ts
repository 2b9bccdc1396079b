/**
 * X (API v2). POST /2/tweets with an OAuth 2.0 user token. X has no idempotency key: after an unknown
 * outcome Chorus reads the account's recent posts before sending again. X refuses identical text with
 * 403 "duplicate content" and uses 403 for missing permissions too, so 403 is read from the body.
 * Rate limits are 429 with x-rate-limit-reset (epoch seconds) for the 15-minute window and
 * x-user-limit-24hour-* / x-app-limit-24hour-* for the daily post caps; no Retry-After.
 */
import { z } from "zod";
import { credentialSchemas } from "./credentials";
import { answerOf, clip, outcomeForFailure, outcomeForStatus, parseRetryAfter, readJson, resetHeaderSeconds, retractOutcome, sendWithTimeout } from "./http";
import { guardedFetch } from "../outbound";
import { decodeEntities, normalizeText, notBefore, pageCovers, withoutUrls } from "./match";
import { uploaded, uploadEach, uploadFailure } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

const apiBase = "https://api.x.com/2";
const pageSize = 20;

const created = z.object({ data: z.object({ id: z.string().regex(/^\d+$/) }) });
const uploadAnswer = z.object({ data: z.object({ id: z.string().regex(/^\d+$/) }) });
const deleted = z.object({ data: z.object({ deleted: z.boolean() }) });
const me = z.object({ data: z.object({ id: z.string().min(1) }) });
const problem = z.object({ detail: z.string().optional(), title: z.string().optional(), type: z.string().optional() });
const timeline = z.object({
	data: z.array(z.unknown()).optional(),
	meta: z.object({ result_count: z.number().optional() }).optional(),
});
const tweet = z.object({ id: z.string(), text: z.string(), created_at: z.string().optional(), note_tweet: z.object({ text: z.string() }).optional() });

const statusUrl = (id: string) => `https://x.com/i/web/status/${id}`;

function headers(token: string): Record<string, string> {
	return { Authorization: `Bearer ${token}`, Accept: "application/json" };
}

/** The latest reset among the windows that are used up: waiting for the 15-minute one is useless when the daily cap is hit. */
export function xRetryAfter(h: Headers, now: number = Date.now()): number | null {
	let wait = parseRetryAfter(h, now);
	for (const prefix of ["x-user-limit-24hour", "x-app-limit-24hour"]) {
		if (h.get(`${prefix}-remaining`)?.trim() !== "0") continue;
		const seconds = resetHeaderSeconds(h.get(`${prefix}-reset`), now);
		if (seconds !== null) wait = Math.max(wait ?? 0, seconds);
	}
	return wait;
}

/** X's 403s: a duplicate is about this post; anything else is about the token or the app's access. */
function forbidden(body: string): PublishOutcome {
	const detail = readJson(body, problem);
	const text = `${detail?.detail ?? ""} ${detail?.title ?? ""}`;
	if (/duplicate content/i.test(text)) return { kind: "rejected", answer: { status: 403, summary: clip(`X refused: duplicate content (${detail?.detail ?? "403"})`) } };
	return { kind: "auth", answer: answerOf(403, body, "X refused the token's access") };
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
		return { kind: "published", networkPostId: post.data.id, networkUrl: statusUrl(post.data.id), answer: { status: sent.status, summary: `${sent.status}: ${post.data.id}` } };
	}
	if (sent.status === 403) return forbidden(sent.body);
	return outcomeForStatus(sent.status, answerOf(sent.status, sent.body), sent.status === 429 ? xRetryAfter(sent.headers) : null);
}

/**
 * POST /2/media/upload (one request for an image: multipart `media` with its category), then the alt
 * text through POST /2/media/metadata. Video needs the chunked INIT/APPEND/FINALIZE upload, not built:
 * domain/media.ts refuses video for X before anything is scheduled.
 */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "X credentials incomplete: reconnect the account" } };
	const token = creds.data.accessToken;
	return uploadEach(items, async (item) => {
		const form = new FormData();
		form.set("media", new File([item.bytes], item.mediaId, { type: item.type }));
		form.set("media_category", item.type === "image/gif" ? "tweet_gif" : "tweet_image");
		form.set("media_type", item.type);
		const sent = await sendWithTimeout(guardedFetch, `${apiBase}/media/upload`, { method: "POST", headers: headers(token), body: form }, 60_000);
		const media = sent.kind === "response" && (sent.status === 200 || sent.status === 201) ? readJson(sent.body, uploadAnswer) : null;
		if (!media) return uploadFailure(sent, "X media upload failed", xRetryAfter);
		const alt = await sendWithTimeout(guardedFetch, `${apiBase}/media/metadata`, {
			method: "POST",
			headers: { ...headers(token), "Content-Type": "application/json" },
			// X caps alt text at 1,000 characters.
			body: JSON.stringify({ id: media.data.id, metadata: { alt_text: { text: item.alt.slice(0, 1000) } } }),
		});
		if (alt.kind !== "response" || alt.status >= 300) return uploadFailure(alt, "X refused the alt text", xRetryAfter);
		return uploaded(item, media.data.id);
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
		if (sameXText(request.text, parsed.data.note_tweet?.text ?? parsed.data.text)) return { networkPostId: parsed.data.id, networkUrl: statusUrl(parsed.data.id) };
	}
	return pageCovers(request.createdAt, items.length, pageSize, oldest) ? "absent" : null;
}

/** DELETE /2/tweets/:id answers 200 { data: { deleted: true } }; deleted: false means it is still there. */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	const creds = credentialSchemas.x.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "X credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/tweets/${encodeURIComponent(networkPostId)}`, { method: "DELETE", headers: headers(creds.data.accessToken) });
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
