import { describe, expect, it } from "vitest";
import { contentMismatch, type MediaFacts, mediaProblems, mediaRequiredProblem } from "../../domain/media";

const image = (size: number, type = "image/jpeg"): MediaFacts => ({ id: "i", type, size, durationSeconds: null });
const video = (size: number, durationSeconds: number | null = 30): MediaFacts => ({ id: "v", type: "video/mp4", size, durationSeconds });
const MB = 1024 * 1024;

describe("media limits per network", () => {
	it("takes one animated GIF of up to 15 MB alone on X (the chunked upload), images at 5 MB", () => {
		expect(mediaProblems("x", [image(12 * MB, "image/gif")])).toEqual([]);
		expect(mediaProblems("x", [image(16 * MB, "image/gif")])).toEqual([{ index: 0, message: "16 MB is over x's 15 MB for a GIF" }]);
		expect(mediaProblems("x", [image(1000, "image/gif"), image(1000)])).toEqual([
			{ index: null, message: "An animated GIF goes alone on x: no other images or video with it" },
		]);
		expect(mediaProblems("x", [image(6 * MB)])).toHaveLength(1);
	});

	it("holds LinkedIn images to the Images API's pixel count (under 36,152,320), not to a byte size", () => {
		const sized = (width: number, height: number, size = 40 * MB): MediaFacts => ({ ...image(size), width, height });
		expect(mediaProblems("linkedin", [sized(6000, 6000)])).toEqual([]);
		expect(mediaProblems("linkedin", [sized(6016, 6010)])).toEqual([{ index: 0, message: expect.stringContaining("36,156,160 pixels") }]);
		expect(mediaProblems("linkedin", [sized(7000, 6000, 1 * MB)])).toEqual([{ index: 0, message: expect.stringContaining("pixels") }]);
	});

	it("counts images per post by each network's own maximum", () => {
		const four = [image(1000), image(1000), image(1000), image(1000)];
		expect(mediaProblems("bluesky", four)).toEqual([]);
		expect(mediaProblems("bluesky", [...four, image(1000)])).toEqual([{ index: null, message: "At most 4 images per post on bluesky" }]);
		expect(mediaProblems("linkedin", four.slice(0, 2))).toEqual([{ index: null, message: "At most 1 image per post on linkedin" }]);
		expect(mediaProblems("facebook", [...four, ...four])).toEqual([]);
	});

	it("checks size and type per item, naming its index", () => {
		// app.bsky.embed.images: 2,000,000 bytes per image (it was 1,000,000).
		expect(mediaProblems("bluesky", [image(1_500_000), image(2_000_000), image(2_000_001)])).toEqual([
			{ index: 2, message: expect.stringContaining("over bluesky's") },
		]);
		expect(mediaProblems("x", [image(5 * MB + 1)])).toHaveLength(1);
		expect(mediaProblems("mastodon", [image(5 * MB + 1)])).toEqual([]);
		expect(mediaProblems("facebook", [image(1000, "image/webp")])).toEqual([{ index: 0, message: "facebook does not take image/webp" }]);
	});

	it("video: Mastodon takes one and no images with it; networks without a video path refuse it", () => {
		expect(mediaProblems("mastodon", [video(50 * MB)])).toEqual([]);
		expect(mediaProblems("mastodon", [video(100 * MB)])).toEqual([{ index: 0, message: expect.stringContaining("over mastodon's") }]);
		expect(mediaProblems("mastodon", [video(MB), video(MB)])).toEqual([{ index: null, message: "At most 1 video per post on mastodon" }]);
		expect(mediaProblems("mastodon", [video(MB), image(1000)])).toEqual([
			{ index: null, message: "mastodon does not take images and a video on the same post" },
		]);
	});

	it("video on a Facebook Page (POST /{page-id}/videos): one MP4 alone, at most 240 minutes and Chorus's 100 MB", () => {
		expect(mediaProblems("facebook", [video(99 * MB, 240 * 60)])).toEqual([]);
		expect(mediaProblems("facebook", [video(MB, 240 * 60 + 1)])).toEqual([{ index: 0, message: "14401 s is over facebook's 14400 s for a video" }]);
		expect(mediaProblems("facebook", [video(101 * MB)])).toEqual([{ index: 0, message: expect.stringContaining("over facebook's") }]);
		expect(mediaProblems("facebook", [video(MB), video(MB)])).toEqual([{ index: null, message: "At most 1 video per post on facebook" }]);
		expect(mediaProblems("facebook", [video(MB), image(1000)])).toEqual([
			{ index: null, message: "facebook does not take images and a video on the same post" },
		]);
	});

	it("video on LinkedIn (Videos API): one MP4 of at most 30 minutes, instead of the image", () => {
		expect(mediaProblems("linkedin", [video(50 * MB, 1800)])).toEqual([]);
		expect(mediaProblems("linkedin", [video(MB, 1801)])).toEqual([{ index: 0, message: "1801 s is over linkedin's 1800 s for a video" }]);
		expect(mediaProblems("linkedin", [video(MB), image(1000)])).toEqual([
			{ index: null, message: "linkedin does not take images and a video on the same post" },
		]);
	});

	it("video on X: one MP4 of at most 140 s (docs.x.com media best practices), alone", () => {
		expect(mediaProblems("x", [video(50 * MB, 140)])).toEqual([]);
		expect(mediaProblems("x", [video(MB, 141)])).toEqual([{ index: 0, message: "141 s is over x's 140 s for a video" }]);
		expect(mediaProblems("x", [video(MB), image(1000)])).toEqual([{ index: null, message: "x does not take images and a video on the same post" }]);
	});

	it("a duration over the network's maximum is refused where one is known", () => {
		expect(mediaProblems("sandbox", [video(MB, 601)])).toEqual([{ index: 0, message: "601 s is over sandbox's 600 s for a video" }]);
		expect(mediaProblems("sandbox", [video(MB, null)])).toEqual([]);
	});
});

describe("contentMismatch: the sniffed type against the declared one", () => {
	it("takes each type's own bytes, an animated PNG as a PNG and a MOV or M4V as an MP4; names what the bytes look like otherwise", () => {
		expect(contentMismatch("image/jpeg", "image/jpeg")).toBeNull();
		expect(contentMismatch("image/png", "image/apng")).toBeNull();
		expect(contentMismatch("video/mp4", "video/quicktime")).toBeNull();
		expect(contentMismatch("video/mp4", "video/x-m4v")).toBeNull();
		expect(contentMismatch("image/jpeg", "image/png")).toBe("The bytes are not a JPEG image as declared (image/jpeg): they look like image/png");
		expect(contentMismatch("image/webp", undefined)).toBe("The bytes are not a WebP image as declared (image/webp)");
		expect(contentMismatch("image/gif", "video/mp4")).not.toBeNull();
	});
});

describe("a Mastodon instance's own media limits", () => {
	it("replace the defaults where the instance says (GoToSocial: 6 attachments; a 40 MB image limit)", () => {
		const five = [image(1000), image(1000), image(1000), image(1000), image(1000)];
		const limits = { maxCharacters: 5000, charactersReservedPerUrl: 23, maxMediaAttachments: 6, imageSizeLimit: 40 * MB, fetchedAt: 0 };
		expect(mediaProblems("mastodon", five)).toEqual([{ index: null, message: "At most 4 images per post on mastodon" }]);
		expect(mediaProblems("mastodon", five, limits)).toEqual([]);
		expect(mediaProblems("mastodon", [image(20 * MB)], limits)).toEqual([]);
		expect(mediaProblems("mastodon", [image(8 * MB)], { ...limits, imageSizeLimit: 5 * MB })).toEqual([
			{ index: 0, message: expect.stringContaining("over mastodon's 5 MB") },
		]);
	});
});

describe("Instagram and Threads media (content publishing and Threads media specifications)", () => {
	it("Instagram: JPEG only at 8 MB, reels of 15 minutes (300 MB held to Chorus's 100 MB upload cap), 10 items mixed, never text alone", () => {
		expect(mediaProblems("instagram", [image(8 * MB), video(100 * MB, 900)])).toEqual([]);
		expect(mediaProblems("instagram", [video(101 * MB, 60)])).toEqual([{ index: 0, message: "101 MB is over instagram's 100 MB for a video" }]);
		expect(mediaProblems("instagram", [image(1000, "image/png")])).toEqual([{ index: 0, message: "instagram does not take image/png" }]);
		expect(mediaProblems("instagram", [image(9 * MB)])).toEqual([{ index: 0, message: "9 MB is over instagram's 8 MB for an image" }]);
		expect(mediaProblems("instagram", [video(10 * MB, 901)])).toEqual([{ index: 0, message: "901 s is over instagram's 900 s for a video" }]);
		expect(
			mediaProblems(
				"instagram",
				Array.from({ length: 11 }, () => image(1000)),
			),
		).toContainEqual({
			index: null,
			message: "At most 10 images and videos per post on instagram",
		});
		expect(mediaRequiredProblem("instagram", 0)).toEqual({ index: null, message: "Instagram cannot publish text alone: attach at least one image or video" });
		expect(mediaRequiredProblem("instagram", 1)).toBeNull();
		expect(mediaRequiredProblem("threads", 0)).toBeNull();
	});

	it("Threads: JPEG and PNG at 8 MB, video of 5 minutes (1 GB held to Chorus's 100 MB upload cap), 20 items mixed", () => {
		expect(mediaProblems("threads", [image(8 * MB, "image/png"), video(100 * MB, 300)])).toEqual([]);
		expect(mediaProblems("threads", [image(1000, "image/gif")])).toEqual([{ index: 0, message: "threads does not take image/gif" }]);
		expect(mediaProblems("threads", [video(10 * MB, 301)])).toEqual([{ index: 0, message: "301 s is over threads's 300 s for a video" }]);
		expect(
			mediaProblems(
				"threads",
				Array.from({ length: 21 }, () => image(1000)),
			),
		).toContainEqual({
			index: null,
			message: "At most 20 images and videos per post on threads",
		});
	});
});
