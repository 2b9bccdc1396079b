/**
 * Threads (the Threads API at graph.threads.net). A post is a media container then a publish
 * (developers.facebook.com/docs/threads/posts): TEXT, IMAGE or VIDEO on its own, or a CAROUSEL of 2–20
 * item containers (is_carousel_item=true); `reply_to_id` makes any of them a reply (…/threads/reply-management).
 * The container is created by `prepare` and fixed in the AccountDesk before the first publish
 * (meta-containers.ts), which is how a lost answer is never turned into a second post.
 *
 * Media: Threads fetches images and video from a public address, so the "upload" is Chorus's own
 * signed, expiring link to the bytes (MediaUpload.publicUrl); nothing is sent to Threads until prepare.
 * Errors are Graph's ({ error: { code, … } }) and read by facebook-errors.ts.
 */
import { z } from "zod";
import { credentialSchemas } from "./credentials";
import { readJson } from "./http";
import { uploadByPublicLink } from "./media-upload";
import { createContainer, deleteGraphObject, findRecent, getWithToken, isVideo, type MetaHost, publishContainer, reconcileContainer } from "./meta-containers";
import type { AccountContext, FoundPost, NetworkAdapter, NetworkMedia, PreparedRequest, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

/** graph.threads.net serves v1.0 (developers.facebook.com/docs/threads/reference). */
export const threadsApiBase = "https://graph.threads.net/v1.0";

type ThreadsCredentials = z.infer<typeof credentialSchemas.threads>;

const hostOf = (creds: ThreadsCredentials): MetaHost => ({ name: "Threads", apiBase: threadsApiBase, token: creds.accessToken, statusField: "status" });

function credentialsOf(account: AccountContext): ThreadsCredentials | null {
	const parsed = credentialSchemas.threads.safeParse(account.credentials);
	return parsed.success ? parsed.data : null;
}

const incomplete = { kind: "auth", answer: { status: null, summary: "Threads credentials incomplete: reconnect the account" } } as const;

const permalinkAnswer = z.object({ permalink: z.string().optional() });

/** GET /{media-id}?fields=permalink; the post is published whatever this read answers. */
async function permalinkOf(host: MetaHost, mediaId: string): Promise<string | null> {
	const sent = await getWithToken(host, encodeURIComponent(mediaId), { fields: "permalink" });
	return sent.kind === "response" && sent.status === 200 ? (readJson(sent.body, permalinkAnswer)?.permalink ?? null) : null;
}

/** One item's container parameters: IMAGE with image_url, VIDEO with video_url, and its alt text. */
function itemParams(m: NetworkMedia): Record<string, string> {
	const params: Record<string, string> = isVideo(m)
		? { media_type: "VIDEO", video_url: m.networkMediaId }
		: { media_type: "IMAGE", image_url: m.networkMediaId };
	if (m.alt) params.alt_text = m.alt;
	return params;
}

/**
 * Creates the post's container (and a carousel's item containers first). Nothing is published here;
 * a failure part-way leaves only unpublished containers, which Threads expires after 24 hours.
 */
async function prepare(account: AccountContext, request: PublishRequest): Promise<PreparedRequest> {
	const creds = credentialsOf(account);
	if (!creds) return incomplete;
	const host = hostOf(creds);
	const path = `${encodeURIComponent(creds.userId)}/threads`;
	const media = request.media ?? [];
	const common: Record<string, string> = {};
	if (request.text) common.text = request.text;
	if (request.inReplyTo) common.reply_to_id = request.inReplyTo;

	let params: Record<string, string>;
	if (media.length === 0) params = { media_type: "TEXT", ...common };
	else if (media.length === 1) params = { ...itemParams(media[0]!), ...common };
	else {
		const children: string[] = [];
		for (const m of media) {
			const child = await createContainer(host, path, { ...itemParams(m), is_carousel_item: "true" });
			if (child.kind === "failed")
				return child.outcome.kind === "unknown" ? { kind: "retry", retryAfterSeconds: null, answer: child.outcome.answer } : child.outcome;
			children.push(child.id);
		}
		params = { media_type: "CAROUSEL", children: children.join(","), ...common };
	}
	const container = await createContainer(host, path, params);
	if (container.kind === "failed")
		return container.outcome.kind === "unknown" ? { kind: "retry", retryAfterSeconds: null, answer: container.outcome.answer } : container.outcome;
	return { kind: "ready", request: { ...request, containerId: container.id }, warnings: [] };
}

async function publish(account: AccountContext, request: PublishRequest): Promise<PublishOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return incomplete;
	if (!request.containerId) return { kind: "rejected", answer: { status: null, summary: "No Threads container was prepared for this post" } };
	const host = hostOf(creds);
	return publishContainer(host, request.containerId, {
		path: `${encodeURIComponent(creds.userId)}/threads_publish`,
		permalink: (id) => permalinkOf(host, id),
	});
}

const uploadMedia = uploadByPublicLink("Threads");

/**
 * After an unknown outcome: the container's status says whether it was published; if it was, the
 * post is looked for among the account's threads (or its replies, for a reply), newest first.
 */
async function findPublished(account: AccountContext, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const creds = credentialsOf(account);
	if (!creds) return null;
	const host = hostOf(creds);
	const edge = request.inReplyTo ? "replies" : "threads";
	return reconcileContainer(host, request.containerId, () =>
		findRecent(host, `${encodeURIComponent(creds.userId)}/${edge}`, "id,text,timestamp,permalink", request.text, request.createdAt),
	);
}

/**
 * DELETE /{threads-media-id} (developers.facebook.com/docs/threads/posts/delete-posts, needs
 * threads_delete; 100 deletes a day per account) answers { success: true, deleted_id }.
 */
async function retract(account: AccountContext, networkPostId: string): Promise<RetractOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return incomplete;
	return deleteGraphObject(hostOf(creds), networkPostId);
}

export const threadsAdapter: NetworkAdapter = {
	network: "threads",
	// The fixed container makes a resend safe, but an unknown outcome is still read back first:
	// a container already PUBLISHED answers "unknown" and only the read-back finds the post's id.
	idempotent: false,
	prepare,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
