/**
 * Facebook Pages (Graph API). POST /{page-id}/feed with a Page access token. Graph errors come as
 * { error: { message, type, code, error_subcode, is_transient } } and the code matters more than the
 * HTTP status: 190 token, 10/200–299 permissions, 4/17/32/613/80001+ rate limits (with a recovery
 * estimate in minutes in X-Page-Usage / X-Business-Use-Case-Usage), 506 duplicate post.
 */
import { z } from "zod";
import { credentialSchemas } from "./credentials";
import { answerOf, clip, outcomeForFailure, outcomeForStatus, parseJson, parseRetryAfter, readJson, retractOutcome, sendWithTimeout, type Sent } from "./http";
import { guardedFetch } from "../outbound";
import { normalizeText, notBefore, pageCovers } from "./match";
import { uploaded, uploadEach } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

/** Graph API version: v25.0 (February 2026) is served until July 2028. */
export const graphVersion = "v25.0";
const apiBase = `https://graph.facebook.com/${graphVersion}`;
const pageSize = 10;

const graphError = z.object({
	error: z.object({
		message: z.string().optional(),
		code: z.number().optional(),
		error_subcode: z.number().optional(),
		is_transient: z.boolean().optional(),
	}),
});
const deleted = z.object({ success: z.boolean() });
const createdPost = z.object({ id: z.string().min(1) });
const postList = z.object({ data: z.array(z.unknown()) });
const pagePost = z.object({ id: z.string(), message: z.string().optional(), created_time: z.string().optional() });

const rateLimitCodes = new Set([4, 17, 32, 341, 613]);
const postUrl = (id: string) => `https://www.facebook.com/${id}`;

/**
 * The longest estimated_time_to_regain_access (minutes) in Meta's usage headers, in seconds.
 * X-Page-Usage / X-App-Usage are one object; X-Business-Use-Case-Usage maps ids to arrays of objects.
 */
export function regainAccessSeconds(headers: Headers): number | null {
	let minutes: number | null = null;
	const visit = (value: unknown, depth: number) => {
		if (depth > 3 || value === null || typeof value !== "object") return;
		if (Array.isArray(value)) {
			for (const item of value) visit(item, depth + 1);
			return;
		}
		for (const [key, field] of Object.entries(value)) {
			if (key === "estimated_time_to_regain_access" && typeof field === "number" && field > 0) minutes = Math.max(minutes ?? 0, field);
			else visit(field, depth + 1);
		}
	};
	for (const name of ["x-business-use-case-usage", "x-page-usage", "x-app-usage"]) {
		const header = headers.get(name);
		if (header) visit(parseJson(header), 0);
	}
	return minutes === null ? null : Math.ceil(minutes * 60);
}

function graphOutcome(sent: Sent & { kind: "response" }): PublishOutcome {
	const error = readJson(sent.body, graphError)?.error;
	const answer = answerOf(sent.status, sent.body);
	const code = error?.code;
	if (code === undefined) return outcomeForStatus(sent.status, answer, sent.status === 429 ? parseRetryAfter(sent.headers) : null);
	if (code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299)) return { kind: "auth", answer };
	if (code === 506) return { kind: "rejected", answer: { status: sent.status, summary: clip(`Facebook refused: duplicate post (${error?.message ?? "506"})`) } };
	if (rateLimitCodes.has(code) || (code >= 80001 && code <= 80014)) {
		return { kind: "retry", retryAfterSeconds: regainAccessSeconds(sent.headers) ?? parseRetryAfter(sent.headers), answer };
	}
	// 368: blocked for policy reasons. Meta calls it temporary, but re-sending flagged content risks the Page.
	if (code === 368) return { kind: "rejected", answer };
	// 1 "unknown error" may come after the post was made; 2 "service unavailable" comes before.
	if (code === 1) return { kind: "unknown", answer };
	if (code === 2 || error?.is_transient === true) return { kind: "retry", retryAfterSeconds: parseRetryAfter(sent.headers), answer };
	return outcomeForStatus(sent.status, answer);
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	// Page replies are comments (a different endpoint, not built yet): say so instead of posting to the feed.
	if (request.inReplyTo) return { kind: "rejected", answer: { status: null, summary: "Replies on Facebook are not supported by Chorus yet: answer on Facebook itself" } };
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	// The token in the JSON body, as Graph's own examples do: out of the URL, which proxies log.
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/${encodeURIComponent(creds.data.pageId)}/feed`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		// Photos and a link preview do not go together: with photos the link stays in the text.
		body: JSON.stringify({
			message: request.text,
			...(request.media?.length ? { attached_media: request.media.map((m) => ({ media_fbid: m.networkMediaId })) } : request.link ? { link: request.link } : {}),
			access_token: creds.data.pageAccessToken,
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);

	if (sent.status === 200) {
		const post = readJson(sent.body, createdPost);
		if (!post) return { kind: "unknown", answer: answerOf(200, sent.body, "the post id could not be read") };
		return { kind: "published", networkPostId: post.id, networkUrl: postUrl(post.id), answer: { status: 200, summary: `200: ${post.id}` } };
	}
	return graphOutcome(sent);
}

/**
 * POST /{page-id}/photos with published=false: a photo on the Page that shows nowhere until the feed
 * post attaches it (attached_media), so a failed post leaves no stray photo in the Page's feed.
 */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	return uploadEach(items, async (item) => {
		const form = new FormData();
		form.set("source", new File([item.bytes], item.mediaId, { type: item.type }));
		form.set("published", "false");
		form.set("alt_text_custom", item.alt);
		form.set("access_token", creds.data.pageAccessToken);
		const sent = await sendWithTimeout(guardedFetch, `${apiBase}/${encodeURIComponent(creds.data.pageId)}/photos`, { method: "POST", headers: { Accept: "application/json" }, body: form }, 60_000);
		if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`Facebook photo upload: ${sent.reason}`) } };
		const photo = sent.status === 200 ? readJson(sent.body, createdPost) : null;
		if (photo) return uploaded(item, photo.id);
		const outcome = graphOutcome(sent);
		return outcome.kind === "retry" || outcome.kind === "auth" || outcome.kind === "rejected" ? outcome : { kind: "retry", retryAfterSeconds: null, answer: outcome.answer };
	});
}

async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return null;
	const url = new URL(`${apiBase}/${encodeURIComponent(creds.data.pageId)}/posts`);
	url.searchParams.set("fields", "id,message,created_time");
	url.searchParams.set("limit", String(pageSize));
	// Graph documents the token as the access_token parameter only; a GET has no body to carry it.
	url.searchParams.set("access_token", creds.data.pageAccessToken);
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
	const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, postList) : null;
	if (!found) return null;

	const wanted = normalizeText(request.text);
	let oldest: string | undefined;
	for (const item of found.data) {
		const post = pagePost.safeParse(item);
		if (!post.success) continue;
		oldest = post.data.created_time;
		if (!notBefore(request.createdAt, post.data.created_time)) continue;
		if (normalizeText(post.data.message ?? "") === wanted) return { networkPostId: post.data.id, networkUrl: postUrl(post.data.id) };
	}
	return pageCovers(request.createdAt, found.data.length, pageSize, oldest) ? "absent" : null;
}

/**
 * DELETE /{post-id} with the Page token answers 200 { success: true }. Graph reports a post that no
 * longer exists as 400 code 100 (subcode 33) rather than 404.
 */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	const url = new URL(`${apiBase}/${encodeURIComponent(networkPostId)}`);
	url.searchParams.set("access_token", creds.data.pageAccessToken);
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { method: "DELETE", headers: { Accept: "application/json" } });
	if (sent.kind !== "response" || sent.status === 200) {
		const ok = sent.kind === "response" && readJson(sent.body, deleted)?.success === true;
		return ok ? { kind: "deleted", answer: { status: 200, summary: "200: deleted" } } : retractOutcome(sent, []);
	}
	const error = readJson(sent.body, graphError)?.error;
	const answer = answerOf(sent.status, sent.body);
	if (error?.code === 100 && error.error_subcode === 33) return { kind: "gone", answer };
	if (error?.code === 190 || error?.code === 10 || (error?.code !== undefined && error.code >= 200 && error.code <= 299)) return { kind: "auth", answer };
	return retractOutcome(sent, []);
}

export const facebookAdapter: NetworkAdapter = {
	network: "facebook",
	idempotent: false,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
