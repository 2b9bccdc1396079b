/**
 * Mastodon (and API-compatible servers). POST /api/v1/statuses with an Idempotency-Key: for an hour
 * the server answers a repeated key with the status it already created, so an unknown outcome may
 * simply be sent again. Rate limits answer 429 with X-RateLimit-Reset as an ISO 8601 time.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { answerOf, clip, outcomeForFailure, outcomeForStatus, parseRetryAfter, readJson, retractOutcome, sendWithTimeout } from "./http";
import { htmlToText, normalizeText, notBefore, pageCovers } from "./match";
import { uploadEach, uploaded, uploadFailure } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

const status = z.object({ id: z.string().min(1), url: z.string().nullish(), uri: z.string().nullish(), content: z.string(), created_at: z.string().nullish() });
const credentialAccount = z.object({ id: z.string().min(1) });
const attachment = z.object({ id: z.string().min(1) });

type Credentials = z.infer<typeof credentialSchemas.mastodon>;

/** Mastodon's maximum page size for account statuses. */
const pageSize = 40;

function apiUrl(creds: Credentials, path: string): string {
	return new URL(path, creds.instanceUrl.endsWith("/") ? creds.instanceUrl : `${creds.instanceUrl}/`).toString();
}

function headers(creds: Credentials): Record<string, string> {
	return { Authorization: `Bearer ${creds.accessToken}`, Accept: "application/json" };
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	const creds = credentialSchemas.mastodon.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Mastodon credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, apiUrl(creds.data, "api/v1/statuses"), {
		method: "POST",
		headers: { ...headers(creds.data), "Content-Type": "application/json", "Idempotency-Key": request.idempotencyKey },
		body: JSON.stringify({
			status: request.text,
			visibility: "public",
			...(request.inReplyTo ? { in_reply_to_id: request.inReplyTo } : {}),
			...(request.media?.length ? { media_ids: request.media.map((m) => m.networkMediaId) } : {}),
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);
	// A video still being processed (its upload answered 202): the same status goes through in a moment.
	if (sent.status === 422 && /finished processing/i.test(sent.body)) return { kind: "retry", retryAfterSeconds: 10, answer: answerOf(422, sent.body) };

	const answer = answerOf(sent.status, sent.body);
	if (sent.status === 200) {
		const created = readJson(sent.body, status);
		// 200 without a readable status: it was created, but we lack its id; the read-back will find it.
		if (!created) return { kind: "unknown", answer: answerOf(200, sent.body, "the status could not be read") };
		return {
			kind: "published",
			networkPostId: created.id,
			networkUrl: created.url ?? created.uri ?? null,
			answer: { status: 200, summary: clip(`200: ${created.url ?? created.id}`) },
		};
	}
	// 422 is validation ("Text character limit of 500 exceeded"): classifyStatus makes every other 4xx rejected.
	return outcomeForStatus(sent.status, answer, sent.status === 429 ? parseRetryAfter(sent.headers) : null);
}

/**
 * POST /api/v2/media with the alt text as `description`. 200 is processed; 202 is accepted and still
 * processing (video): its id is good to attach, the status waits until processing ends.
 */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.mastodon.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Mastodon credentials incomplete: reconnect the account" } };
	return uploadEach(items, async (item) => {
		const form = new FormData();
		form.set("file", new File([item.bytes], item.mediaId, { type: item.type }));
		form.set("description", item.alt);
		const sent = await sendWithTimeout(guardedFetch, apiUrl(creds.data, "api/v2/media"), { method: "POST", headers: headers(creds.data), body: form }, 60_000);
		const created = sent.kind === "response" && (sent.status === 200 || sent.status === 202) ? readJson(sent.body, attachment) : null;
		return created ? uploaded(item, created.id) : uploadFailure(sent, "Mastodon media upload failed");
	});
}

async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const creds = credentialSchemas.mastodon.safeParse(account.credentials);
	if (!creds.success) return null;
	const me = await sendWithTimeout(guardedFetch, apiUrl(creds.data, "api/v1/accounts/verify_credentials"), { headers: headers(creds.data) });
	const self = me.kind === "response" && me.status === 200 ? readJson(me.body, credentialAccount) : null;
	if (!self) return null;

	const listUrl = new URL(apiUrl(creds.data, `api/v1/accounts/${encodeURIComponent(self.id)}/statuses`));
	listUrl.searchParams.set("limit", String(pageSize));
	listUrl.searchParams.set("exclude_reblogs", "true");
	const list = await sendWithTimeout(guardedFetch, listUrl.toString(), { headers: headers(creds.data) });
	const statuses = list.kind === "response" && list.status === 200 ? readJson(list.body, z.array(z.unknown())) : null;
	if (!statuses) return null;

	const wanted = normalizeText(request.text);
	let oldest: string | null | undefined;
	for (const item of statuses) {
		// One odd entry (a poll, a new field) must not hide the others.
		const parsed = status.safeParse(item);
		if (!parsed.success) continue;
		oldest = parsed.data.created_at;
		if (!notBefore(request.createdAt, parsed.data.created_at)) continue;
		if (normalizeText(htmlToText(parsed.data.content)) === wanted) {
			return { networkPostId: parsed.data.id, networkUrl: parsed.data.url ?? parsed.data.uri ?? null };
		}
	}
	// Newest first: the last entry read is the oldest.
	return pageCovers(request.createdAt, statuses.length, pageSize, oldest) ? "absent" : null;
}

/** DELETE /api/v1/statuses/:id answers 200 with the deleted status (for "delete and redraft"). */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	const creds = credentialSchemas.mastodon.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Mastodon credentials incomplete: reconnect the account" } };
	const sent = await sendWithTimeout(guardedFetch, apiUrl(creds.data, `api/v1/statuses/${encodeURIComponent(networkPostId)}`), {
		method: "DELETE",
		headers: headers(creds.data),
	});
	return retractOutcome(sent);
}

export const mastodonAdapter: NetworkAdapter = {
	network: "mastodon",
	idempotent: true,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
