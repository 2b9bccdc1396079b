// The drafting form's file picker, limited by the capability table (domain/media-room.ts).
import { describe, expect, it } from "vitest";
import { capabilities } from "../../domain/capabilities";
import { uploadTypes } from "../../domain/media";
import { mediaRoom, mediaRoomTable } from "../../domain/media-room";

const png = { type: "image/png" };
const mp4 = { type: "video/mp4" };

describe("mediaRoom", () => {
	it("offers everything when nothing is chosen, and what every chosen network takes once some are", () => {
		expect(mediaRoom([], [])).toEqual({ accept: [...uploadTypes], full: false, line: null });
		expect(mediaRoom(["sandbox", "x"], [])).toEqual({ accept: [...uploadTypes], full: false, line: null });
		// A Facebook Page takes one MP4 video (its own post, facebook-video.ts), never beside photos.
		expect(mediaRoom(["x", "facebook"], [])).toEqual({ accept: ["image/jpeg", "image/png", "image/gif", "video/mp4"], full: false, line: null });
		expect(mediaRoom(["facebook"], [png])).toEqual({
			accept: ["image/jpeg", "image/png", "image/gif"],
			full: false,
			line: "No video: a video cannot go with images on the chosen networks",
		});
		expect(mediaRoom(["facebook"], [mp4])).toEqual({ accept: [], full: true, line: "No more media: a video goes alone on Facebook" });
	});

	it("greys the picker out when a network is full, and says which", () => {
		expect(mediaRoom(["linkedin", "mastodon"], [png])).toEqual({ accept: [], full: true, line: "No more media: LinkedIn takes 1 image per post" });
		expect(mediaRoom(["mastodon"], [mp4])).toEqual({ accept: [], full: true, line: "No more media: a video goes alone on Mastodon" });
		expect(mediaRoom(["x"], [png, png, png, png]).full).toBe(true);
		expect(mediaRoom(["x"], [png, png, png])).toMatchObject({ full: false, line: "No video: a video cannot go with images on the chosen networks" });
	});

	it("embeds exactly the table's media rules for the networks present", () => {
		const table = mediaRoomTable(["x", "bluesky", "x"]);
		expect(Object.keys(table)).toEqual(["x", "bluesky"]);
		expect(table.x).toEqual({ name: "X", video: true, media: capabilities.x.media });
	});
});
