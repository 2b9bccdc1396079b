/**
 * Meta's two-step publishing, shared by Threads (graph.threads.net) and Instagram (graph.facebook.com):
 * a media container is created (POST /{user}/threads, POST /{ig-user}/media), Meta fetches the media
 * from its public address and processes it, and only publishing the container (threads_publish,
 * media_publish with creation_id) makes a post.
 *
 * Exactly once: creating a container publishes nothing, so the adapters create it in `prepare`, and the
 * AccountDesk fixes its id in the request before the first publish. Every retry publishes that same
 * container, and Meta publishes a container once: its status turns PUBLISHED
 * (developers.facebook.com/docs/threads/troubleshooting, "Publishing Does Not Return a Media ID";
 * developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container,
 * status_code). After an unknown outcome the container's status says whether it went out; only then
 * is the post looked for among the account's recent media, for its id.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { publishOutcomeOf } from "./error-class";
import { classifyFacebook, graphErrorOf } from "./facebook-errors";
import { answerOf, clip, outcomeForFailure, readJson, retractOutcome, sendWithTimeout } from "./http";
import { normalizeText, notBefore } from "./match";
import type { FoundPost, NetworkAnswer, NetworkMedia, PublishOutcome, RetractOutcome } from "./types";

/** One of the two hosts: where it lives, the token, and how its container status field is named. */
export type MetaHost = {
	name: "Threads" | "Instagram";
	/** Origin and version, e.g. https://graph.threads.net/v1.0 */
	apiBase: string;
	token: string;
	/** Threads: `status` (with error_message); Instagram: `status_code` (with status, the error subcode). */
	statusField: "status" | "status_code";
};

export type ContainerStatus = "FINISHED" | "IN_PROGRESS" | "ERROR" | "EXPIRED" | "PUBLISHED";
const statuses = ["FINISHED", "IN_PROGRESS", "ERROR", "EXPIRED", "PUBLISHED"] as const;

const created = z.object({ id: z.string().min(1) });
const statusAnswer = z.object({
	id: z.string().optional(),
	status: z.string().optional(),
	status_code: z.string().optional(),
	error_message: z.string().optional(),
});

/** What creating a container came to: its id, or the outcome to hand back (never "published"). */
export type Created = { kind: "created"; id: string } | { kind: "failed"; outcome: Exclude<PublishOutcome, { kind: "published" }> };

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/**
 * POST {apiBase}/{path} with the parameters (and the token) as a form body: Graph reads POST
 * parameters from the body as from the query string, and the token stays out of URLs that proxies log.
 */
export async function postForm(host: MetaHost, path: string, params: Record<string, string>) {
	return sendWithTimeout(guardedFetch, `${host.apiBase}/${path}`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
		body: form({ ...params, access_token: host.token }),
	});
}

/** A GET with the token as the access_token parameter (a GET has no body to carry it). */
export async function getWithToken(host: MetaHost, path: string, query: Record<string, string>) {
	const url = new URL(`${host.apiBase}/${path}`);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
	url.searchParams.set("access_token", host.token);
	return sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
}

/**
 * Creates one container. A lost answer leaves at most an unpublished container behind, which Meta
 * expires after 24 hours: it is simply created again ("retry"), never "unknown".
 */
export async function createContainer(host: MetaHost, path: string, params: Record<string, string>): Promise<Created> {
	const sent = await postForm(host, path, params);
	if (sent.kind !== "response") {
		return {
			kind: "failed",
			outcome: { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`${host.name} container: ${sent.reason}`) } },
		};
	}
	const container = sent.status === 200 ? readJson(sent.body, created) : null;
	if (container) return { kind: "created", id: container.id };
	const outcome = publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body, `${host.name} refused the media container`));
	if (outcome.kind === "published" || outcome.kind === "unknown")
		return { kind: "failed", outcome: { kind: "retry", retryAfterSeconds: null, answer: outcome.answer } };
	return { kind: "failed", outcome };
}

/** The container's publishing status, or why it could not be read. */
export async function containerStatus(
	host: MetaHost,
	containerId: string,
): Promise<{ kind: "status"; status: ContainerStatus; detail: string | null } | { kind: "failed"; outcome: Exclude<PublishOutcome, { kind: "published" }> }> {
	const fields = host.statusField === "status" ? "status,error_message" : "status_code,status";
	const sent = await getWithToken(host, encodeURIComponent(containerId), { fields });
	if (sent.kind !== "response")
		return {
			kind: "failed",
			outcome: { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`${host.name} container status: ${sent.reason}`) } },
		};
	const read = sent.status === 200 ? readJson(sent.body, statusAnswer) : null;
	const value = read ? (host.statusField === "status" ? read.status : read.status_code) : undefined;
	const status = statuses.find((s) => s === value);
	if (read && status) {
		const detail = host.statusField === "status" ? (read.error_message ?? null) : status === "ERROR" ? (read.status ?? null) : null;
		return { kind: "status", status, detail };
	}
	const outcome = publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body, `${host.name} container status`));
	return {
		kind: "failed",
		outcome: outcome.kind === "published" || outcome.kind === "unknown" ? { kind: "retry", retryAfterSeconds: null, answer: outcome.answer } : outcome,
	};
}

/** Seconds between status reads while Meta processes a video: Threads asks for once a minute. */
export const processingRetrySeconds = 60;
/** Reads of a still-processing container within one publish call (images are usually ready at once). */
const quickChecks = 3;
const quickCheckMs = 2_000;

export type PublishStep = {
	/** POST {apiBase}/{path}: threads_publish or media_publish. */
	path: string;
	/** The published media's link, read after the publish. */
	permalink: (mediaId: string) => Promise<string | null>;
	sleep?: (ms: number) => Promise<void>;
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes the fixed container once it is ready. IN_PROGRESS waits (a retry, nothing sent);
 * ERROR and EXPIRED refuse the post with the reason (Meta will never publish that container);
 * PUBLISHED means an earlier try went out and lost its answer: "unknown", so the read-back finds it.
 */
export async function publishContainer(host: MetaHost, containerId: string, step: PublishStep): Promise<PublishOutcome> {
	const sleep = step.sleep ?? wait;
	let state = await containerStatus(host, containerId);
	for (let i = 1; i < quickChecks && state.kind === "status" && state.status === "IN_PROGRESS"; i++) {
		await sleep(quickCheckMs);
		state = await containerStatus(host, containerId);
	}
	if (state.kind === "failed") return state.outcome;
	const note = (text: string): NetworkAnswer => ({ status: null, summary: clip(text) });
	switch (state.status) {
		case "IN_PROGRESS":
			return {
				kind: "retry",
				retryAfterSeconds: processingRetrySeconds,
				answer: note(`${host.name} is still processing the media (container ${containerId})`),
			};
		case "ERROR":
			return { kind: "rejected", answer: note(`${host.name} could not process the media: ${state.detail ?? "ERROR"}`) };
		case "EXPIRED":
			return { kind: "rejected", answer: note(`${host.name}'s media container expired unpublished (24 hours): schedule the post again`) };
		case "PUBLISHED":
			return { kind: "unknown", answer: note(`${host.name} container ${containerId} is already published: reading the account back`) };
		case "FINISHED":
			break;
	}
	const sent = await postForm(host, step.path, { creation_id: containerId });
	if (sent.kind !== "response") return outcomeForFailure(sent);
	if (sent.status === 200) {
		const media = readJson(sent.body, created);
		if (!media) return { kind: "unknown", answer: answerOf(200, sent.body, "the media id could not be read") };
		return { kind: "published", networkPostId: media.id, networkUrl: await step.permalink(media.id), answer: { status: 200, summary: `200: ${media.id}` } };
	}
	return publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
}

/** One item of an account's recent media as both APIs list it. */
export const recentItem = z.object({
	id: z.string(),
	text: z.string().optional(),
	caption: z.string().optional(),
	timestamp: z.string().optional(),
	permalink: z.string().optional(),
});
const recentPage = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.url().optional() }).optional() });
const maxReadBackPages = 4;

/**
 * Our post among the account's recent media, newest first, following paging.next on the same origin:
 * matched by its text and not older than the request. "absent" only when the list ended or reached
 * back before the request without it; null when it could not tell.
 */
export async function findRecent(host: MetaHost, path: string, fields: string, text: string, createdAt: string): Promise<FoundPost | "absent" | null> {
	const first = new URL(`${host.apiBase}/${path}`);
	first.searchParams.set("fields", fields);
	first.searchParams.set("limit", "25");
	first.searchParams.set("access_token", host.token);
	const origin = first.origin;
	const wanted = normalizeText(text);
	let next: string | undefined = first.toString();
	for (let pages = 0; next && pages < maxReadBackPages; pages++) {
		const sent = await sendWithTimeout(guardedFetch, next, { headers: { Accept: "application/json" } });
		const page = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, recentPage) : null;
		if (!page) return null;
		let reachedBefore = false;
		for (const raw of page.data) {
			const item = recentItem.safeParse(raw);
			if (!item.success) continue;
			if (!notBefore(createdAt, item.data.timestamp)) {
				reachedBefore = true;
				continue;
			}
			if (normalizeText(item.data.text ?? item.data.caption ?? "") === wanted) return { networkPostId: item.data.id, networkUrl: item.data.permalink ?? null };
		}
		if (reachedBefore || !page.paging?.next) return "absent";
		next = new URL(page.paging.next).origin === origin ? page.paging.next : undefined;
	}
	return null;
}

/**
 * The reconciliation after an unknown outcome: the fixed container's status first. Not PUBLISHED means
 * nothing went out ("absent": publishing the same container again is safe); PUBLISHED means it did,
 * and the post is looked for among the recent media for its id (null if it cannot be found: a human looks).
 */
export async function reconcileContainer(host: MetaHost, containerId: string | undefined, find: () => Promise<FoundPost | "absent" | null>) {
	if (!containerId) return find();
	const state = await containerStatus(host, containerId);
	if (state.kind === "failed") return null;
	if (state.status !== "PUBLISHED") return "absent" as const;
	const found = await find();
	return found === "absent" ? null : found;
}

/** Whether a network media item is a video (Threads VIDEO, Instagram REELS) rather than an image. */
export const isVideo = (m: NetworkMedia) => m.type.startsWith("video/");

const deletedAnswer = z.object({ success: z.boolean() });

/**
 * DELETE {apiBase}/{id}: 200 { success: true } is deleted. Graph reports an object that no longer
 * exists as 400 code 100 subcode 33 rather than 404; 190, 10 and 200–299 are the token or a permission.
 */
export async function deleteGraphObject(host: MetaHost, id: string): Promise<RetractOutcome> {
	const url = new URL(`${host.apiBase}/${encodeURIComponent(id)}`);
	url.searchParams.set("access_token", host.token);
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { method: "DELETE", headers: { Accept: "application/json" } });
	if (sent.kind === "response" && sent.status === 200 && readJson(sent.body, deletedAnswer)?.success === true)
		return { kind: "deleted", answer: { status: 200, summary: "200: deleted" } };
	if (sent.kind !== "response" || sent.status === 200) return retractOutcome(sent, []);
	const error = graphErrorOf(sent.body);
	const answer = answerOf(sent.status, sent.body);
	if (error?.code === 100 && error.error_subcode === 33) return { kind: "gone", answer };
	if (error?.code === 190 || error?.code === 10 || (error?.code !== undefined && error.code >= 200 && error.code <= 299)) return { kind: "auth", answer };
	return retractOutcome(sent, []);
}
