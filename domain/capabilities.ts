/**
 * What Chorus can do on each network, and within which limits: the ONE table the adapters' checks,
 * the drafting form, the scheduling validators, GET /api/v1/networks and docs/networks.md read.
 * domain/text-length.ts takes its limits from `text`, domain/media.ts its rules from `media`.
 *
 * A flag says what Chorus does, not what the network could do: a network feature Chorus has not
 * built is false. Limits are the networks' documented ones (cited beside each), lowered where
 * Chorus can publish less (every upload is at most `maxUploadBytes`, Workers' request body cap).
 *
 * Threads, first comments and replies on Bluesky, LinkedIn and Facebook, and reading LinkedIn and
 * Facebook comments, are built on the branches merged with this table (the "parts" and "listen"
 * work, see the report of issue 22): the flags below describe Chorus once those are in.
 */
import type { Network } from "./networks";

/** One upload at most: Workers accept request bodies of 100 MB on every plan. */
export const maxUploadBytes = 100 * 1024 * 1024;

export type LengthUnit = "weighted characters" | "characters" | "graphemes";

export type TextRule = {
	/** Default limit; Mastodon instances (and paid X tiers) may allow more. */
	limit: number;
	unit: LengthUnit;
	/** Where the encoded size is capped as well (Bluesky). */
	maxBytes?: number;
	/** How the network counts, in one sentence for people. */
	counting: string;
};

export type MediaRule = {
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
	/** Longest video, where the network caps it (null: no documented cap). */
	maxVideoSeconds: number | null;
	/** Images and a video on the same post. */
	mixes: boolean;
	/** Where images and videos share one cap (a carousel): the most items on one post. */
	maxItems?: number;
	/** Where a post cannot be text alone (Instagram): at least one image or video. */
	requiresMedia?: boolean;
};

export type Capabilities = {
	publish: { text: boolean; images: boolean; video: boolean; carousel: boolean };
	/** A post written as several parts, each answering the previous one. */
	threads: boolean;
	/** A comment under the post, sent right after it. */
	firstComment: boolean;
	/** Answers to conversations from the Inbox. */
	replies: boolean;
	/** Mentions (and replies) read into the Inbox, or comments on the account's posts. */
	reads: { mentions: boolean; comments: boolean };
	/** Follower counts and per-post counts read back. */
	metrics: boolean;
	/** A published post deleted on the network. */
	retract: boolean;
	/** A published post edited on the network (nowhere yet: Chorus retracts instead). */
	edit: boolean;
	text: TextRule;
	media: MediaRule;
	/** The networks' pages the limits come from. */
	docs: readonly string[];
};

const MB = 1024 * 1024;
const commonImages = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;

/** Mastodon's documented defaults; an instance's own configuration replaces them (domain/instance-limits.ts). */
const mastodonText: TextRule = {
	limit: 500,
	unit: "characters",
	counting: "Grapheme clusters; every URL counts 23 characters and a mention @user@domain counts as @user",
};
const mastodonMedia: MediaRule = {
	maxImages: 4,
	imageTypes: commonImages,
	maxImageBytes: 16 * MB,
	maxVideos: 1,
	videoTypes: ["video/mp4"],
	maxVideoBytes: 99 * MB,
	maxVideoSeconds: null,
	mixes: false,
};

export const capabilities: Record<Network, Capabilities> = {
	// The built-in fake network does everything, with Mastodon's limits, so the demo shows every check.
	sandbox: {
		publish: { text: true, images: true, video: true, carousel: true },
		threads: true,
		firstComment: true,
		replies: true,
		// Its invented audience mentions the account and answers its posts (functions/networks/sandbox-reader.ts).
		reads: { mentions: true, comments: true },
		metrics: true,
		retract: true,
		edit: false,
		text: { ...mastodonText, counting: `Like Mastodon: ${mastodonText.counting}` },
		media: { ...mastodonMedia, maxVideoSeconds: 600 },
		docs: [],
	},
	mastodon: {
		publish: { text: true, images: true, video: true, carousel: true },
		threads: true,
		firstComment: false,
		replies: true,
		reads: { mentions: true, comments: false },
		metrics: true,
		retract: true,
		edit: false,
		// StatusLengthValidator (500, URL_PLACEHOLDER_CHARS 23); media: 4 attachments, images 16 MB,
		// video 99 MB, one video and nothing else with it (MediaAttachment's limits, Mastodon 4.x).
		text: mastodonText,
		media: mastodonMedia,
		docs: [
			"https://docs.joinmastodon.org/methods/statuses/",
			"https://docs.joinmastodon.org/methods/media/",
			"https://docs.joinmastodon.org/entities/Instance/",
		],
	},
	bluesky: {
		publish: { text: true, images: true, video: true, carousel: true },
		threads: true,
		firstComment: false,
		replies: true,
		reads: { mentions: true, comments: false },
		metrics: true,
		retract: true,
		edit: false,
		// app.bsky.feed.post: text maxGraphemes 300, maxLength 3000 (bytes).
		text: { limit: 300, unit: "graphemes", maxBytes: 3000, counting: "Grapheme clusters, at most 3000 UTF-8 bytes; URLs count as written" },
		// app.bsky.embed.images: up to 4 images, each blob at most 2,000,000 bytes ("May be up to 2 MB,
		// formerly limited to 1 MB": the lexicon's maxSize, checked when the post record is validated).
		// app.bsky.embed.video: one MP4 blob ("May be up to 100mb": maxSize 100000000 in the lexicon
		// Chorus was built against, raised since), alone on the post; Bluesky's announcement of 3-minute
		// videos (bsky.app/profile/bsky.app/post/3lk26lxn6sk2u, March 2025) sets the length cap.
		media: {
			maxImages: 4,
			imageTypes: ["image/jpeg", "image/png", "image/webp"],
			maxImageBytes: 2_000_000,
			maxVideos: 1,
			videoTypes: ["video/mp4"],
			maxVideoBytes: 100_000_000,
			maxVideoSeconds: 180,
			mixes: false,
		},
		docs: [
			"https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json",
			"https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json",
			"https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json",
			"https://docs.bsky.app/docs/tutorials/video",
		],
	},
	x: {
		publish: { text: true, images: true, video: true, carousel: true },
		threads: true,
		firstComment: false,
		replies: true,
		reads: { mentions: true, comments: false },
		metrics: true,
		retract: true,
		edit: false,
		// twitter-text's weighted length (docs.x.com/resources/fundamentals/counting-characters).
		text: { limit: 280, unit: "weighted characters", counting: "twitter-text weighted length: URLs count 23, CJK and emoji 2" },
		// docs.x.com/x-api/media/quickstart/best-practices: "up to 4 photos, 1 animated GIF or 1 video"
		// per post; images 5 MB (one-shot upload), GIFs 15 MB (chunked, tweet_gif); video (chunked,
		// tweet_video, processed, STATUS polled) MP4 of 0.5 to 140 seconds and at most 512 MB, held to
		// Chorus's upload cap.
		media: {
			maxImages: 4,
			imageTypes: commonImages,
			maxImageBytes: 5 * MB,
			gif: { maxBytes: 15 * MB, alone: true },
			maxVideos: 1,
			videoTypes: ["video/mp4"],
			maxVideoBytes: maxUploadBytes,
			maxVideoSeconds: 140,
			mixes: false,
		},
		docs: ["https://docs.x.com/x-api/media/quickstart/best-practices", "https://docs.x.com/resources/fundamentals/counting-characters"],
	},
	linkedin: {
		publish: { text: true, images: true, video: true, carousel: false },
		threads: false,
		firstComment: true,
		replies: true,
		// An organisation's SHARE_MENTION notifications and comments; follower and share statistics
		// (functions/networks/linkedin-reader.ts). A member (person) account reads nothing: LinkedIn
		// keeps r_member_social for approved partners.
		reads: { mentions: true, comments: true },
		metrics: true,
		retract: true,
		edit: false,
		// The Posts API's commentary: "ShareCommentary text length … exceeded the maximum allowed (3000 characters)".
		text: { limit: 3000, unit: "characters", counting: "UTF-16 code units of the commentary, reserved characters counted with their escapes" },
		// Images API: JPG, PNG, GIF, "less than 36,152,320 pixels"; it names no byte limit, so only
		// Chorus's own upload cap applies. One image through content.media (multiImage not built).
		// Videos API: MP4, 75 KB to 500 MB (held to Chorus's upload cap), 3 seconds to 30 minutes; one
		// video through content.media instead of the image.
		media: {
			maxImages: 1,
			imageTypes: ["image/jpeg", "image/png", "image/gif"],
			maxImageBytes: maxUploadBytes,
			maxImagePixels: 36_152_320 - 1,
			maxVideos: 1,
			videoTypes: ["video/mp4"],
			maxVideoBytes: maxUploadBytes,
			maxVideoSeconds: 30 * 60,
			mixes: false,
		},
		docs: [
			"https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api",
			"https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api",
			"https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api",
		],
	},
	facebook: {
		publish: { text: true, images: true, video: true, carousel: true },
		threads: false,
		firstComment: true,
		replies: true,
		// Comments on the Page's posts, visitors' posts and /tagged; followers and per-post reactions,
		// comments and shares (functions/networks/facebook-reader.ts).
		reads: { mentions: true, comments: true },
		metrics: true,
		retract: true,
		edit: false,
		// The unit is undocumented: UTF-16 code units never pass a post Facebook would refuse.
		text: { limit: 63206, unit: "characters", counting: "UTF-16 code units (undocumented; the largest plausible count)" },
		// Page photos: JPEG, PNG, GIF under 4 MB; several unpublished photos attached to one feed post.
		// Page video: one MP4 (the Resumable Upload API's video file type), its own post made by
		// POST /{page-id}/videos, so alone: never with photos. Facebook takes Page videos of up to
		// 10 GB and 240 minutes; held to Chorus's upload cap.
		media: {
			maxImages: 10,
			imageTypes: ["image/jpeg", "image/png", "image/gif"],
			maxImageBytes: 4 * MB,
			maxVideos: 1,
			videoTypes: ["video/mp4"],
			maxVideoBytes: maxUploadBytes,
			maxVideoSeconds: 240 * 60,
			mixes: false,
		},
		docs: [
			"https://developers.facebook.com/docs/graph-api/reference/page/feed/",
			"https://developers.facebook.com/docs/graph-api/reference/page/photos/",
			"https://developers.facebook.com/docs/graph-api/reference/page/videos/",
			"https://developers.facebook.com/docs/video-api/guides/publishing",
		],
	},
	instagram: {
		// A post is an image, a reel or a carousel: never text alone (requiresMedia).
		publish: { text: false, images: true, video: true, carousel: true },
		threads: false,
		// POST /{ig-media-id}/comments right after media_publish; answers to comments go to /{ig-comment-id}/replies.
		firstComment: true,
		replies: true,
		// Comments and their replies under the account's 10 newest media (functions/networks/meta-readers.ts).
		reads: { mentions: false, comments: true },
		metrics: true,
		// The Instagram Graph API cannot delete media: the retract answer says to delete it in the app.
		retract: false,
		edit: false,
		// Content publishing, "Limitations": captions of 2,200 characters, 30 hashtags and 20 @ tags
		// (domain/text-length.ts checks the tags); the unit is undocumented, UTF-16 never passes more.
		text: { limit: 2200, unit: "characters", counting: "UTF-16 code units of the caption; at most 30 hashtags and 20 @ tags" },
		// JPEG only, 8 MB; reels MP4 or MOV up to 300 MB (held to Chorus's upload cap) and 15 minutes;
		// a carousel holds up to 10 images and videos mixed.
		media: {
			maxImages: 10,
			imageTypes: ["image/jpeg"],
			maxImageBytes: 8 * MB,
			maxVideos: 10,
			videoTypes: ["video/mp4"],
			maxVideoBytes: maxUploadBytes,
			maxVideoSeconds: 15 * 60,
			mixes: true,
			maxItems: 10,
			requiresMedia: true,
		},
		docs: [
			"https://developers.facebook.com/docs/instagram-platform/content-publishing",
			"https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media",
		],
	},
	threads: {
		publish: { text: true, images: true, video: true, carousel: true },
		// Each part is a reply (reply_to_id) to the one before.
		threads: true,
		firstComment: false,
		replies: true,
		// Replies under the account's 10 newest posts (/conversation); the mentions endpoint is not read.
		reads: { mentions: false, comments: true },
		metrics: true,
		// DELETE /{threads-media-id}, at most 100 deletions a day per account.
		retract: true,
		edit: false,
		// developers.facebook.com/docs/threads/posts, "Limitations": 500 characters.
		text: { limit: 500, unit: "characters", counting: "Characters, each emoji counted as its UTF-8 bytes" },
		// Media specifications: images JPEG or PNG up to 8 MB; video MP4 or MOV up to 1 GB (held to
		// Chorus's upload cap) and 5 minutes; a carousel holds 2 to 20 images and videos mixed.
		media: {
			maxImages: 20,
			imageTypes: ["image/jpeg", "image/png"],
			maxImageBytes: 8 * MB,
			maxVideos: 20,
			videoTypes: ["video/mp4"],
			maxVideoBytes: maxUploadBytes,
			maxVideoSeconds: 5 * 60,
			mixes: true,
			maxItems: 20,
		},
		docs: ["https://developers.facebook.com/docs/threads/overview", "https://developers.facebook.com/docs/threads/posts"],
	},
};

/** The table as GET /api/v1/networks answers it (and as the drafting form embeds it). */
export function capabilityList(list: readonly Network[] = Object.keys(capabilities) as Network[]) {
	return list.map((network) => ({ network, ...capabilities[network] }));
}
