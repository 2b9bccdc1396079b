/**
 * A video on a Facebook Page. Unlike photos (uploaded unpublished, then attached to a feed post), the
 * video request itself makes the post: POST /{page-id}/videos with `description` (the post's text)
 * and `file_url`, an address Facebook fetches the bytes from (developers.facebook.com/docs/graph-api/
 * reference/page/videos; developers.facebook.com/docs/video-api/guides/publishing). So:
 *
 * - "upload" sends nothing: the fixed NetworkMedia keeps Chorus's signed public link to the bytes
 *   (MediaUpload.publicUrl, valid 48 hours), as for Instagram and Threads;
 * - "publish" is the one POST /{page-id}/videos, and a lost answer is "unknown" (the adapter is not
 *   idempotent): the publish consumer reconciles it with findVideo, reading the Page's videos back,
 *   and only an "absent" answer lets it send again. A retry never sends a second video blindly.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { publishOutcomeOf } from "./error-class";
import { classifyFacebook } from "./facebook-errors";
import { builtUrl, graphApi, graphOrigin } from "./facebook-graph";
import { answerOf, outcomeForFailure, readJson, sendWithTimeout } from "./http";
import { normalizeText, notBefore } from "./match";
import type { FoundPost, NetworkMedia, PublishOutcome, PublishRequest } from "./types";

type Page = { pageId: string; pageAccessToken: string };

/** The post's one video, when it has one (the capability table lets a video go alone only). */
export const videoOf = (request: PublishRequest): NetworkMedia | undefined => request.media?.find((m) => m.type.startsWith("video/"));

const created = z.object({ id: z.string().min(1) });
const videoList = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.url().optional() }).optional() });
const pageVideo = z.object({
	id: z.string(),
	description: z.string().optional(),
	created_time: z.string().optional(),
	permalink_url: z.string().optional(),
});

/** Graph gives a video's permalink_url as a path on facebook.com ("/{page}/videos/{id}/"). */
const videoUrl = (id: string, permalink: string | undefined) => {
	if (!permalink) return builtUrl(id);
	try {
		return new URL(permalink, "https://www.facebook.com").toString();
	} catch {
		return builtUrl(id);
	}
};

/** POST /{page-id}/videos: the video post, published as Facebook finishes fetching and processing it. */
export async function publishVideo(page: Page, request: PublishRequest, video: NetworkMedia): Promise<PublishOutcome> {
	// networkMediaId is the signed link fixed at "upload" (facebook.ts uploadMedia).
	const sent = await sendWithTimeout(
		guardedFetch,
		`${graphApi}/${encodeURIComponent(page.pageId)}/videos`,
		{
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
			// The token in the body, out of URLs that proxies log; Graph reads POST parameters from either.
			body: new URLSearchParams({ file_url: video.networkMediaId, description: request.text, access_token: page.pageAccessToken }).toString(),
		},
		60_000,
	);
	if (sent.kind !== "response") return outcomeForFailure(sent);
	if (sent.status === 200) {
		const made = readJson(sent.body, created);
		if (!made) return { kind: "unknown", answer: answerOf(200, sent.body, "the video id could not be read") };
		return { kind: "published", networkPostId: made.id, networkUrl: builtUrl(made.id), answer: { status: 200, summary: `200: video ${made.id}` } };
	}
	return publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
}

/** Pages of /{page-id}/videos read back at most. */
const maxReadBackPages = 5;

/**
 * Our video among the Page's videos, newest first (GET /{page-id}/videos, fields description and
 * created_time, developers.facebook.com/docs/graph-api/reference/page/videos and …/reference/video),
 * following paging.next back to Graph only. "absent" only when the list ended, or reached back before
 * the request, without it; null when it could not tell.
 */
export async function findVideo(page: Page, request: PublishRequest): Promise<FoundPost | "absent" | null> {
	const first = new URL(`${graphApi}/${encodeURIComponent(page.pageId)}/videos`);
	first.searchParams.set("fields", "id,description,created_time,permalink_url");
	first.searchParams.set("limit", "10");
	first.searchParams.set("access_token", page.pageAccessToken);
	const wanted = normalizeText(request.text);
	let next: string | undefined = first.toString();
	for (let pages = 0; next && pages < maxReadBackPages; pages++) {
		const sent = await sendWithTimeout(guardedFetch, next, { headers: { Accept: "application/json" } });
		const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, videoList) : null;
		if (!found) return null;
		let reachedBefore = false;
		for (const item of found.data) {
			const video = pageVideo.safeParse(item);
			if (!video.success) continue;
			if (!notBefore(request.createdAt, video.data.created_time)) {
				reachedBefore = true;
				continue;
			}
			if (normalizeText(video.data.description ?? "") === wanted)
				return { networkPostId: video.data.id, networkUrl: videoUrl(video.data.id, video.data.permalink_url) };
		}
		if (reachedBefore) return "absent";
		const link = found.paging?.next;
		if (!link) return "absent";
		next = new URL(link).origin === graphOrigin ? link : undefined;
	}
	return null;
}
