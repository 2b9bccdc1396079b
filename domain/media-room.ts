/**
 * What more the drafting form may attach for the chosen networks, from the capability table: which
 * file types the picker offers, whether it is greyed out (the post is full somewhere), and why, in one
 * line. web/static/compose.js applies the same rules in the browser, from the table the page embeds
 * (mediaRoomTable); scheduling checks the attached media again with domain/media.ts.
 */
import { type Capabilities, capabilities } from "./capabilities";
import { uploadTypes } from "./media";
import { type Network, networkNames } from "./networks";

export type AttachedFacts = { type: string };

export type MediaRoom = { accept: string[]; full: boolean; line: string | null };

/** The part of the table the form needs, per network present in the workspace. */
export function mediaRoomTable(present: readonly Network[]) {
	return Object.fromEntries(
		[...new Set(present)].map((n) => {
			const c: Capabilities = capabilities[n];
			return [n, { name: networkNames[n], video: c.publish.video, media: c.media }];
		}),
	);
}

const names = (list: Network[]) => list.map((n) => networkNames[n]).join(", ");

/** The one-line reason a network leaves no room, or null when it takes another item. */
function fullReason(n: Network, images: number, videos: number): string | null {
	const rule = capabilities[n].media;
	const imageRoom = images < rule.maxImages && (videos === 0 || rule.mixes);
	const videoRoom = videos < rule.maxVideos && (images === 0 || rule.mixes);
	if (imageRoom || videoRoom) return null;
	if (videos > 0) return `a video goes alone on ${networkNames[n]}`;
	return `${networkNames[n]} takes ${rule.maxImages} image${rule.maxImages === 1 ? "" : "s"} per post`;
}

export function mediaRoom(selected: readonly Network[], attached: readonly AttachedFacts[]): MediaRoom {
	const chosen = [...new Set(selected)];
	const images = attached.filter((m) => m.type.startsWith("image/")).length;
	const videos = attached.filter((m) => m.type.startsWith("video/")).length;
	for (const n of chosen) {
		const why = fullReason(n, images, videos);
		if (why) return { accept: [], full: true, line: `No more media: ${why}` };
	}
	let accept = [...uploadTypes] as string[];
	for (const n of chosen) {
		const rule = capabilities[n].media;
		const imageRoom = images < rule.maxImages && (videos === 0 || rule.mixes);
		const videoRoom = videos < rule.maxVideos && (images === 0 || rule.mixes);
		accept = accept.filter((t) => (t.startsWith("video/") ? videoRoom && rule.videoTypes.includes(t) : imageRoom && rule.imageTypes.includes(t)));
	}
	if (accept.length === 0) return { accept, full: true, line: "No more media: no file type fits every chosen network" };
	const noVideo = chosen.filter((n) => capabilities[n].media.maxVideos === 0);
	if (noVideo.length > 0) return { accept, full: false, line: `No video: Chorus cannot publish video to ${names(noVideo)}` };
	if (videos === 0 && images > 0 && !accept.some((t) => t.startsWith("video/")))
		return { accept, full: false, line: "No video: a video cannot go with images on the chosen networks" };
	return { accept, full: false, line: null };
}
