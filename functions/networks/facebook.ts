/**
 * Facebook Pages (Graph API). POST /{page-id}/feed with a Page access token. Refusals are classified
 * in facebook-errors.ts (the Graph error code matters more than the HTTP status). A request with
 * inReplyTo is a comment instead (facebook-comments.ts); a request with a video is POST /{page-id}/videos
 * instead (facebook-video.ts); DELETE /{id} retracts a post, a video and a comment alike.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf, uploadOutcomeOf } from "./error-class";
import { findComment, publishComment } from "./facebook-comments";
import { classifyFacebook, graphErrorOf } from "./facebook-errors";
import { builtUrl, graphApi, graphOrigin, graphVersion, permalinkOf } from "./facebook-graph";
import { findVideo, publishVideo, videoOf } from "./facebook-video";
import { answerOf, clip, outcomeForFailure, readJson, retractOutcome, type Sent, sendWithTimeout } from "./http";
import { normalizeText, notBefore } from "./match";
import { uploadEach, uploaded } from "./media-upload";
import type { AccountContext, FoundPost, MediaUpload, MediaUploadOutcome, NetworkAdapter, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

export { regainAccessSeconds } from "./facebook-errors";

export { graphVersion };

const apiBase = graphApi;
const pageSize = 10;
/** Pages of /{page-id}/posts read back at most when looking for a post after an unknown outcome. */
const maxReadBackPages = 5;

const deleted = z.object({ success: z.boolean() });
const createdPost = z.object({ id: z.string().min(1) });
const postList = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.url().optional() }).optional() });
const pagePost = z.object({ id: z.string(), message: z.string().optional(), created_time: z.string().optional(), permalink_url: z.url().optional() });

function graphOutcome(sent: Sent & { kind: "response" }): PublishOutcome {
	return publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	// A reply, or a first comment, is a comment on what it answers (facebook-comments.ts), never a feed post.
	if (request.inReplyTo) return publishComment(account, { ...request, inReplyTo: request.inReplyTo });
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	// A video is its own post: the video request publishes it, with the text as its description.
	const video = videoOf(request);
	if (video) return publishVideo(creds.data, request, video);
	// The token in the JSON body, as Graph's own examples do: out of the URL, which proxies log.
	const sent = await sendWithTimeout(guardedFetch, `${apiBase}/${encodeURIComponent(creds.data.pageId)}/feed`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		// Photos and a link preview do not go together: with photos the link stays in the text.
		body: JSON.stringify({
			message: request.text,
			...(request.media?.length
				? { attached_media: request.media.map((m) => ({ media_fbid: m.networkMediaId })) }
				: request.link
					? { link: request.link }
					: {}),
			access_token: creds.data.pageAccessToken,
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);

	if (sent.status === 200) {
		const post = readJson(sent.body, createdPost);
		if (!post) return { kind: "unknown", answer: answerOf(200, sent.body, "the post id could not be read") };
		return {
			kind: "published",
			networkPostId: post.id,
			networkUrl: await permalinkOf(post.id, creds.data.pageAccessToken),
			answer: { status: 200, summary: `200: ${post.id}` },
		};
	}
	return graphOutcome(sent);
}

/**
 * POST /{page-id}/photos with published=false: a photo on the Page that shows nowhere until the feed
 * post attaches it (attached_media), so a failed post leaves no stray photo in the Page's feed.
 * A video is not sent here: sending it would publish it (facebook-video.ts), so its "upload" is the
 * signed link Facebook will fetch it from when the post is published.
 */
async function uploadMedia(account: AccountContext, items: MediaUpload[]): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	return uploadEach(items, async (item) => {
		if (item.type.startsWith("video/")) {
			if (!item.publicUrl)
				return {
					kind: "rejected",
					answer: { status: null, summary: "Facebook fetches a video from Chorus's public address: set PUBLIC_URL (wrangler.toml) to publish video" },
				};
			return uploaded(item, item.publicUrl);
		}
		const form = new FormData();
		form.set("source", new File([item.bytes], item.mediaId, { type: item.type }));
		form.set("published", "false");
		form.set("alt_text_custom", item.alt);
		form.set("access_token", creds.data.pageAccessToken);
		const sent = await sendWithTimeout(
			guardedFetch,
			`${apiBase}/${encodeURIComponent(creds.data.pageId)}/photos`,
			{ method: "POST", headers: { Accept: "application/json" }, body: form },
			60_000,
		);
		if (sent.kind !== "response")
			return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`Facebook photo upload: ${sent.reason}`) } };
		const photo = sent.status === 200 ? readJson(sent.body, createdPost) : null;
		if (photo) return uploaded(item, photo.id);
		return uploadOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
	});
}

/**
 * Reads the Page's posts back, newest first, following paging.next: Graph says only a missing next
 * ends a list (developers.facebook.com/docs/graph-api/results), so a short page proves nothing.
 * "absent" only when the list ended, or reached back to before the request, without our post.
 */
async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	if (request.inReplyTo) return findComment(account, { ...request, inReplyTo: request.inReplyTo });
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	if (!creds.success) return null;
	// A video post is read back among the Page's videos, where its text is the description.
	if (videoOf(request)) return findVideo(creds.data, request);
	const first = new URL(`${apiBase}/${encodeURIComponent(creds.data.pageId)}/posts`);
	first.searchParams.set("fields", "id,message,created_time,permalink_url");
	first.searchParams.set("limit", String(pageSize));
	// Graph documents the token as the access_token parameter only; a GET has no body to carry it.
	first.searchParams.set("access_token", creds.data.pageAccessToken);

	const wanted = normalizeText(request.text);
	let next: string | undefined = first.toString();
	for (let pages = 0; next && pages < maxReadBackPages; pages++) {
		const sent = await sendWithTimeout(guardedFetch, next, { headers: { Accept: "application/json" } });
		const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, postList) : null;
		if (!found) return null;
		let reachedBefore = false;
		for (const item of found.data) {
			const post = pagePost.safeParse(item);
			if (!post.success) continue;
			if (!notBefore(request.createdAt, post.data.created_time)) {
				reachedBefore = true;
				continue;
			}
			if (normalizeText(post.data.message ?? "") === wanted)
				return { networkPostId: post.data.id, networkUrl: post.data.permalink_url ?? builtUrl(post.data.id) };
		}
		if (reachedBefore) return "absent";
		const link = found.paging?.next;
		if (!link) return "absent";
		// The next link carries the Page token: followed only back to Graph.
		next = new URL(link).origin === graphOrigin ? link : undefined;
	}
	// Still posts newer than the request on the last page read: cannot tell.
	return null;
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
	const error = graphErrorOf(sent.body);
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
