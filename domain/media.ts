/**
 * What each network takes as media on one post, and the check of a post's media against it. Pure:
 * the route and the services hand in the facts about each item (type, size, duration).
 *
 * Figures are the networks' documented limits; where Chorus publishes less than the network allows
 * (video outside Mastodon needs chunked or separate-service uploads not built yet, LinkedIn
 * multi-image posts), the rule says what Chorus can publish, so nothing is scheduled that must fail.
 */
import type { InstanceLimits } from "./instance-limits";
import { type Network, networkNames } from "./networks";

/** What an upload may be at all, whatever the network: the types Chorus stores and previews. */
export const uploadTypes = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"] as const;
export type UploadType = (typeof uploadTypes)[number];
/** One upload at most: Workers accept request bodies of 100 MB on every plan. */
export const maxUploadBytes = 100 * 1024 * 1024;
export const maxAltLength = 1500;

export function isUploadType(type: string): type is UploadType {
	return (uploadTypes as readonly string[]).includes(type);
}

/**
 * What the bytes of an upload may be found to be (by their magic bytes) for each declared type. An
 * animated PNG is still a PNG; an MP4 container may carry the QuickTime (MOV) or M4V brand.
 */
const sniffedAs: Record<UploadType, readonly string[]> = {
	"image/jpeg": ["image/jpeg"],
	"image/png": ["image/png", "image/apng"],
	"image/gif": ["image/gif"],
	"image/webp": ["image/webp"],
	"video/mp4": ["video/mp4", "video/quicktime", "video/x-m4v"],
};

const typeWords: Record<UploadType, string> = {
	"image/jpeg": "a JPEG image",
	"image/png": "a PNG image",
	"image/gif": "a GIF image",
	"image/webp": "a WebP image",
	"video/mp4": "an MP4 or MOV video",
};

/** Why the bytes do not match the declared type (`found`: what they look like, if known), or null when they do. */
export function contentMismatch(declared: UploadType, found: string | undefined): string | null {
	if (found && sniffedAs[declared].includes(found)) return null;
	return `The bytes are not ${typeWords[declared]} as declared (${declared})${found ? `: they look like ${found}` : ""}`;
}

export type MediaFacts = { id: string; type: string; size: number; durationSeconds: number | null; width?: number | null; height?: number | null };

type MediaRule = {
	/** Images on one post. */
	maxImages: number;
	imageTypes: readonly string[];
	maxImageBytes: number;
	/** Where an animated GIF has its own size cap and must be the post's only media (X). */
	gif?: { maxBytes: number; alone: true };
	/** Where the network caps an image by its pixel count (width × height) rather than, or as well as, its bytes. */
	maxImagePixels?: number;
	/** 0 when Chorus cannot publish video to the network. One video per post everywhere it can. */
	maxVideos: number;
	videoTypes: readonly string[];
	maxVideoBytes: number;
	maxVideoSeconds: number | null;
	/** Images and a video on the same post. */
	mixes: boolean;
	/** Where images and videos share one cap (a carousel): the most items on one post. */
	maxItems?: number;
	/** Where a post cannot be text alone (Instagram): at least one image or video. */
	requiresMedia?: boolean;
};

const MB = 1024 * 1024;
const commonImages = ["image/jpeg", "image/png", "image/gif", "image/webp"];
const noVideo = { maxVideos: 0, videoTypes: [], maxVideoBytes: 0, maxVideoSeconds: null, mixes: false } as const;

export const mediaRules: Record<Network, MediaRule> = {
	// Mastodon 4.x defaults: 4 attachments, images 16 MB, video 99 MB, one video and no images with it.
	mastodon: {
		maxImages: 4,
		imageTypes: commonImages,
		maxImageBytes: 16 * MB,
		maxVideos: 1,
		videoTypes: ["video/mp4"],
		maxVideoBytes: 99 * MB,
		maxVideoSeconds: null,
		mixes: false,
	},
	// app.bsky.embed.images: up to 4 images, each blob at most 2,000,000 bytes ("May be up to 2 MB,
	// formerly limited to 1 MB": the lexicon's maxSize, checked when the post record is validated).
	bluesky: { maxImages: 4, imageTypes: ["image/jpeg", "image/png", "image/webp"], maxImageBytes: 2_000_000, ...noVideo },
	// X (docs.x.com/x-api/media/quickstart/best-practices): "up to 4 photos, 1 animated GIF or 1 video"
	// per post; images 5 MB (one-shot upload), GIFs 15 MB (chunked upload, tweet_gif). Video is not offered yet.
	x: { maxImages: 4, imageTypes: commonImages, maxImageBytes: 5 * MB, gif: { maxBytes: 15 * MB, alone: true }, ...noVideo },
	// LinkedIn Images API (learn.microsoft.com/linkedin/marketing/community-management/shares/images-api):
	// JPG, PNG, GIF, "less than 36,152,320 pixels"; it names no byte limit, so only Chorus's own upload
	// cap applies. One image through content.media (multiImage not built).
	linkedin: { maxImages: 1, imageTypes: ["image/jpeg", "image/png", "image/gif"], maxImageBytes: maxUploadBytes, maxImagePixels: 36_152_320 - 1, ...noVideo },
	// Facebook Page photos: JPEG, PNG, GIF under 4 MB; several unpublished photos attached to one feed post.
	facebook: { maxImages: 10, imageTypes: ["image/jpeg", "image/png", "image/gif"], maxImageBytes: 4 * MB, ...noVideo },
	// Instagram content publishing (developers.facebook.com/docs/instagram-platform/content-publishing,
	// "Limitations" and the IG User media reference's image and reel specifications): JPEG is the only
	// image format, at most 8 MB; a reel is MP4 or MOV, at most 300 MB and 15 minutes; a carousel
	// holds up to 10 images and videos mixed; a post needs at least one of them (no text-only posts).
	instagram: {
		maxImages: 10,
		imageTypes: ["image/jpeg"],
		maxImageBytes: 8 * MB,
		maxVideos: 10,
		videoTypes: ["video/mp4"],
		maxVideoBytes: 300 * MB,
		maxVideoSeconds: 15 * 60,
		mixes: true,
		maxItems: 10,
		requiresMedia: true,
	},
	// Threads (developers.facebook.com/docs/threads/overview, "Media specifications", and
	// …/threads/posts, carousel posts): images JPEG or PNG up to 8 MB; video MP4 or MOV up to 1 GB and
	// 5 minutes; a carousel holds 2 to 20 images and videos mixed.
	threads: {
		maxImages: 20,
		imageTypes: ["image/jpeg", "image/png"],
		maxImageBytes: 8 * MB,
		maxVideos: 20,
		videoTypes: ["video/mp4"],
		maxVideoBytes: 1024 * MB,
		maxVideoSeconds: 5 * 60,
		mixes: true,
		maxItems: 20,
	},
	// The built-in fake network takes what Mastodon takes, so demos show the checks.
	sandbox: {
		maxImages: 4,
		imageTypes: commonImages,
		maxImageBytes: 16 * MB,
		maxVideos: 1,
		videoTypes: ["video/mp4"],
		maxVideoBytes: 99 * MB,
		maxVideoSeconds: 600,
		mixes: false,
	},
};

export type MediaProblem = { index: number | null; message: string };

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/**
 * Everything wrong with these media on one post to `network`; empty when it can go. A Mastodon
 * instance's own limits (attachments per post, image and video bytes) replace the defaults where known.
 */
export function mediaProblems(network: Network, items: readonly MediaFacts[], instance?: InstanceLimits | null): MediaProblem[] {
	const rule = network === "mastodon" && instance ? instanceRule(mediaRules.mastodon, instance) : mediaRules[network];
	const problems: MediaProblem[] = [];
	const images = items.filter((m) => m.type.startsWith("image/"));
	const videos = items.filter((m) => m.type.startsWith("video/"));
	if (rule.maxItems !== undefined && items.length > rule.maxItems)
		problems.push({ index: null, message: `At most ${rule.maxItems} images and videos per post on ${network}` });
	if (videos.length > rule.maxVideos) {
		problems.push({
			index: null,
			message:
				rule.maxVideos === 0
					? `Chorus cannot publish video to ${network}`
					: `At most ${rule.maxVideos} video${rule.maxVideos === 1 ? "" : "s"} per post on ${network}`,
		});
	}
	if (images.length > rule.maxImages)
		problems.push({ index: null, message: `At most ${rule.maxImages} image${rule.maxImages === 1 ? "" : "s"} per post on ${network}` });
	if (rule.gif?.alone && items.some((m) => m.type === "image/gif") && items.length > 1)
		problems.push({ index: null, message: `An animated GIF goes alone on ${network}: no other images or video with it` });
	if (images.length > 0 && videos.length > 0 && !rule.mixes)
		problems.push({ index: null, message: `${network} does not take images and a video on the same post` });
	items.forEach((m, index) => {
		if (m.type.startsWith("image/")) {
			const maxBytes = m.type === "image/gif" && rule.gif ? rule.gif.maxBytes : rule.maxImageBytes;
			if (!rule.imageTypes.includes(m.type)) problems.push({ index, message: `${network} does not take ${m.type}` });
			else if (m.size > maxBytes)
				problems.push({
					index,
					message: `${megabytes(m.size)} is over ${network}'s ${megabytes(maxBytes)} for ${m.type === "image/gif" && rule.gif ? "a GIF" : "an image"}`,
				});
			else if (rule.maxImagePixels !== undefined && m.width && m.height && m.width * m.height > rule.maxImagePixels) {
				problems.push({
					index,
					message: `${m.width}×${m.height} (${(m.width * m.height).toLocaleString("en")} pixels) is over ${network}'s ${rule.maxImagePixels.toLocaleString("en")} pixels for an image`,
				});
			}
		} else if (m.type.startsWith("video/") && rule.maxVideos > 0) {
			if (!rule.videoTypes.includes(m.type)) problems.push({ index, message: `${network} does not take ${m.type}` });
			else if (m.size > rule.maxVideoBytes)
				problems.push({ index, message: `${megabytes(m.size)} is over ${network}'s ${megabytes(rule.maxVideoBytes)} for a video` });
			else if (rule.maxVideoSeconds !== null && m.durationSeconds !== null && m.durationSeconds > rule.maxVideoSeconds) {
				problems.push({ index, message: `${m.durationSeconds} s is over ${network}'s ${rule.maxVideoSeconds} s for a video` });
			}
		}
	});
	return problems;
}

/**
 * A post to a network that cannot take text alone (Instagram) without any media. Checked apart from
 * mediaProblems because a draft may wait for its image; scheduling it may not.
 */
export function mediaRequiredProblem(network: Network, itemCount: number): MediaProblem | null {
	if (!mediaRules[network].requiresMedia || itemCount > 0) return null;
	return { index: null, message: `${networkNames[network]} cannot publish text alone: attach at least one image or video` };
}

function instanceRule(rule: MediaRule, instance: InstanceLimits): MediaRule {
	return {
		...rule,
		maxImages: instance.maxMediaAttachments ?? rule.maxImages,
		maxImageBytes: instance.imageSizeLimit ?? rule.maxImageBytes,
		maxVideoBytes: instance.videoSizeLimit ?? rule.maxVideoBytes,
	};
}
