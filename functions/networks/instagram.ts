/**
 * Instagram professional accounts through Facebook Login (the Instagram Graph API on graph.facebook.com,
 * developers.facebook.com/docs/instagram-platform/content-publishing):
 * - a post is a container, then media_publish: POST /{ig-user-id}/media with image_url (JPEG only) or
 *   media_type=REELS with video_url, or a CAROUSEL of up to 10 item containers (is_carousel_item=true);
 *   the container's status_code is read before publishing (…/reference/ig-container). The container is
 *   created by `prepare` and fixed in the AccountDesk (meta-containers.ts): a retry publishes the same one.
 * - an answer (`inReplyTo`) is a comment, not a container: on a media id it is POST /{ig-media-id}/comments
 *   (also a post's first comment), on a comment id POST /{ig-comment-id}/replies (…/reference/ig-media/comments,
 *   …/reference/ig-comment/replies). Which one the id is, `prepare` asks Graph once and fixes in the request.
 * - no text-only posts (domain/media.ts requires media) and no deleting through the API: retract says so.
 * Media is fetched by Instagram from Chorus's signed public link (MediaUpload.publicUrl), as for Threads.
 */
import { z } from "zod";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf } from "./error-class";
import { graphVersion } from "./facebook";
import { classifyFacebook, graphErrorOf } from "./facebook-errors";
import { answerOf, clip, outcomeForFailure, readJson } from "./http";
import { normalizeText, notBefore } from "./match";
import { uploadByPublicLink } from "./media-upload";
import { createContainer, findRecent, getWithToken, isVideo, type MetaHost, postForm, publishContainer, reconcileContainer } from "./meta-containers";
import type { AccountContext, FoundPost, NetworkAdapter, NetworkMedia, PreparedRequest, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

export const instagramApiBase = `https://graph.facebook.com/${graphVersion}`;

type InstagramCredentials = z.infer<typeof credentialSchemas.instagram>;

const hostOf = (creds: InstagramCredentials): MetaHost => ({
	name: "Instagram",
	apiBase: instagramApiBase,
	token: creds.pageAccessToken,
	statusField: "status_code",
});

function credentialsOf(account: AccountContext): InstagramCredentials | null {
	const parsed = credentialSchemas.instagram.safeParse(account.credentials);
	return parsed.success ? parsed.data : null;
}

const incomplete = { kind: "auth", answer: { status: null, summary: "Instagram credentials incomplete: reconnect the account" } } as const;

const permalinkAnswer = z.object({ permalink: z.string().optional() });
const mediaNode = z.object({ id: z.string(), media_type: z.string() });
const created = z.object({ id: z.string().min(1) });

async function permalinkOf(host: MetaHost, mediaId: string): Promise<string | null> {
	const sent = await getWithToken(host, encodeURIComponent(mediaId), { fields: "permalink" });
	return sent.kind === "response" && sent.status === 200 ? (readJson(sent.body, permalinkAnswer)?.permalink ?? null) : null;
}

/** A single post's container parameters (IMAGE by default, REELS for a video: feed videos are reels). */
function singleParams(m: NetworkMedia): Record<string, string> {
	if (isVideo(m)) return { media_type: "REELS", video_url: m.networkMediaId };
	return { image_url: m.networkMediaId, ...(m.alt ? { alt_text: m.alt } : {}) };
}

/** A carousel item's container: an image, or media_type=VIDEO (reels are not carousel items). */
function itemParams(m: NetworkMedia): Record<string, string> {
	const base: Record<string, string> = isVideo(m) ? { media_type: "VIDEO", video_url: m.networkMediaId } : { image_url: m.networkMediaId };
	if (!isVideo(m) && m.alt) base.alt_text = m.alt;
	return { ...base, is_carousel_item: "true" };
}

/**
 * What `inReplyTo` names: GET /{id}?fields=id,media_type answers for an IG Media; an IG Comment has no
 * media_type and Graph refuses the field (code 100, without the "does not exist" subcode 33).
 */
async function replyEdge(host: MetaHost, id: string): Promise<"comments" | "replies" | Exclude<PreparedRequest, { kind: "ready" }>> {
	const sent = await getWithToken(host, encodeURIComponent(id), { fields: "id,media_type" });
	if (sent.kind !== "response")
		return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`Instagram lookup of ${id}: ${sent.reason}`) } };
	if (sent.status === 200 && readJson(sent.body, mediaNode)) return "comments";
	const error = graphErrorOf(sent.body);
	if (error?.code === 100 && error.error_subcode !== 33) return "replies";
	const outcome = publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body, `Instagram could not find ${id} to answer`));
	if (outcome.kind === "retry" || outcome.kind === "auth" || outcome.kind === "rejected") return outcome;
	return { kind: "retry", retryAfterSeconds: null, answer: outcome.answer };
}

/**
 * A post: its container (a carousel's items first). An answer: which edge it goes to. Nothing is
 * published here; unpublished containers expire after 24 hours.
 */
async function prepare(account: AccountContext, request: PublishRequest): Promise<PreparedRequest> {
	const creds = credentialsOf(account);
	if (!creds) return incomplete;
	const host = hostOf(creds);
	if (request.inReplyTo) {
		const edge = await replyEdge(host, request.inReplyTo);
		if (typeof edge !== "string") return edge;
		return { kind: "ready", request: { ...request, replyEdge: edge }, warnings: [] };
	}
	const media = request.media ?? [];
	if (media.length === 0)
		return { kind: "rejected", answer: { status: null, summary: "Instagram cannot publish text alone: attach at least one image or video" } };
	const path = `${encodeURIComponent(creds.igUserId)}/media`;
	const caption: Record<string, string> = request.text ? { caption: request.text } : {};
	let params: Record<string, string>;
	if (media.length === 1) params = { ...singleParams(media[0]!), ...caption };
	else {
		const children: string[] = [];
		for (const m of media) {
			const child = await createContainer(host, path, itemParams(m));
			if (child.kind === "failed") return asPrepared(child.outcome);
			children.push(child.id);
		}
		params = { media_type: "CAROUSEL", children: children.join(","), ...caption };
	}
	const container = await createContainer(host, path, params);
	if (container.kind === "failed") return asPrepared(container.outcome);
	return { kind: "ready", request: { ...request, containerId: container.id }, warnings: [] };
}

const asPrepared = (outcome: Exclude<PublishOutcome, { kind: "published" }>): Exclude<PreparedRequest, { kind: "ready" }> =>
	outcome.kind === "unknown" ? { kind: "retry", retryAfterSeconds: null, answer: outcome.answer } : outcome;

/** POST /{id}/comments or /{id}/replies with `message`: one call, not idempotent (read back after an unknown outcome). */
async function comment(host: MetaHost, request: PublishRequest & { inReplyTo: string }): Promise<PublishOutcome> {
	const edge = request.replyEdge ?? "comments";
	const sent = await postForm(host, `${encodeURIComponent(request.inReplyTo)}/${edge}`, { message: request.text });
	if (sent.kind !== "response") return outcomeForFailure(sent);
	if (sent.status === 200) {
		const made = readJson(sent.body, created);
		if (!made) return { kind: "unknown", answer: answerOf(200, sent.body, "the comment id could not be read") };
		return { kind: "published", networkPostId: made.id, networkUrl: null, answer: { status: 200, summary: `200: ${made.id}` } };
	}
	return publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return incomplete;
	const host = hostOf(creds);
	if (request.inReplyTo) return comment(host, { ...request, inReplyTo: request.inReplyTo });
	if (!request.containerId) return { kind: "rejected", answer: { status: null, summary: "No Instagram container was prepared for this post" } };
	return publishContainer(host, request.containerId, {
		path: `${encodeURIComponent(creds.igUserId)}/media_publish`,
		permalink: (id) => permalinkOf(host, id),
	});
}

const uploadMedia = uploadByPublicLink("Instagram");

const commentList = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.url().optional() }).optional() });
const commentItem = z.object({ id: z.string(), text: z.string().optional(), timestamp: z.string().optional(), username: z.string().optional() });

/** Our comment among those on the media (or replies to the comment): same text, by this account, not older than the request. */
async function findComment(host: MetaHost, account: AccountContext, request: PublishRequest & { inReplyTo: string }): Promise<FoundPost | "absent" | null> {
	const sent = await getWithToken(host, `${encodeURIComponent(request.inReplyTo)}/${request.replyEdge ?? "comments"}`, {
		fields: "id,text,timestamp,username",
	});
	const page = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, commentList) : null;
	if (!page) return null;
	const me = account.handle.replace(/^@/, "").toLowerCase();
	const wanted = normalizeText(request.text);
	for (const raw of page.data) {
		const item = commentItem.safeParse(raw);
		if (!item.success || !notBefore(request.createdAt, item.data.timestamp)) continue;
		if (item.data.username?.toLowerCase() === me && normalizeText(item.data.text ?? "") === wanted) return { networkPostId: item.data.id, networkUrl: null };
	}
	// One page of the newest comments: only a list that ended proves absence.
	return page.paging?.next ? null : "absent";
}

async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const creds = credentialsOf(account);
	if (!creds) return null;
	const host = hostOf(creds);
	if (request.inReplyTo) return findComment(host, account, { ...request, inReplyTo: request.inReplyTo });
	return reconcileContainer(host, request.containerId, () =>
		findRecent(host, `${encodeURIComponent(creds.igUserId)}/media`, "id,caption,timestamp,permalink", request.text, request.createdAt),
	);
}

/**
 * The Instagram Graph API has no way to delete a published post (the IG Media reference documents no
 * DELETE): it must be deleted in the Instagram app. Nothing is sent; the post stays marked published.
 */
async function retract(): Promise<RetractOutcome> {
	return {
		kind: "failed",
		answer: { status: null, summary: "Instagram's API cannot delete posts: delete it in the Instagram app (Chorus left it as published)" },
	};
}

export const instagramAdapter: NetworkAdapter = {
	network: "instagram",
	idempotent: false,
	prepare,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
