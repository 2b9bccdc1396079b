/**
 * What each network takes as media on one post, and the check of a post's media against it. Pure:
 * the route and the services hand in the facts about each item (type, size, duration).
 *
 * The figures live in the capability table (domain/capabilities.ts): the networks' documented limits,
 * lowered where Chorus publishes less than the network allows, so nothing is scheduled that must fail.
 */
import { capabilities, type MediaRule, maxUploadBytes } from "./capabilities";
import type { InstanceLimits } from "./instance-limits";
import { type Network, networkNames } from "./networks";

/** What an upload may be at all, whatever the network: the types Chorus stores and previews. */
export const uploadTypes = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"] as const;
export type UploadType = (typeof uploadTypes)[number];
export { maxUploadBytes };
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

/** Per network, from the capability table (domain/capabilities.ts), where the limits are cited. */
export const mediaRules: Record<Network, MediaRule> = Object.fromEntries(
	(Object.keys(capabilities) as Network[]).map((network) => [network, capabilities[network].media]),
) as Record<Network, MediaRule>;

const MB = 1024 * 1024;

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

function instanceRule(rule: MediaRule, instance: InstanceLimits): MediaRule {
	return {
		...rule,
		maxImages: instance.maxMediaAttachments ?? rule.maxImages,
		maxImageBytes: instance.imageSizeLimit ?? rule.maxImageBytes,
		maxVideoBytes: instance.videoSizeLimit ?? rule.maxVideoBytes,
	};
}

/**
 * A post to a network that cannot take text alone (Instagram) without any media. Checked apart from
 * mediaProblems because a draft may wait for its image; scheduling it may not.
 */
export function mediaRequiredProblem(network: Network, itemCount: number): MediaProblem | null {
	if (!mediaRules[network].requiresMedia || itemCount > 0) return null;
	return { index: null, message: `${networkNames[network]} cannot publish text alone: attach at least one image or video` };
}
