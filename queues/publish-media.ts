/**
 * A post's media on the network, before the post: uploaded once through the adapter and fixed in the
 * AccountDesk, so every try of the post (and a concurrent duplicate delivery) attaches the same upload.
 */

import type { Db } from "../db/client";
import { mediaInOrder } from "../db/queries/media";
import type { AccountContext, MediaUpload, MediaUploadOutcome, NetworkAdapter, NetworkMedia, SessionCache } from "../functions/networks/types";
import type { AccountDesk } from "../functions/objects/account-desk";
import { mediaLink } from "../functions/services/media-links";

/**
 * Threads and Instagram fetch media from a public address (their containers take image_url / video_url);
 * Facebook fetches a Page video from one (POST /{page-id}/videos with file_url, facebook-video.ts).
 */
const fetchesMedia = (network: string, type: string) =>
	network === "threads" || network === "instagram" || (network === "facebook" && type.startsWith("video/"));

type Post = { id: string; workspaceId: string; mediaIds: string[] };

export type MediaReady = { kind: "ready"; media: NetworkMedia[] } | Exclude<MediaUploadOutcome, { kind: "uploaded" }>;

export async function networkMediaFor(
	env: Env,
	db: Db,
	desk: DurableObjectStub<AccountDesk>,
	adapter: NetworkAdapter,
	context: AccountContext,
	cache: SessionCache,
	p: Post,
	now: number,
): Promise<MediaReady> {
	if (p.mediaIds.length === 0) return { kind: "ready", media: [] };
	const fixed = (await desk.fixedMedia(p.id)) as NetworkMedia[] | null;
	if (fixed) return { kind: "ready", media: fixed };

	const rows = await mediaInOrder(db, p.workspaceId, p.mediaIds);
	const items: MediaUpload[] = [];
	for (const row of rows) {
		const object = await env.MEDIA.get(row.key);
		if (!object) return { kind: "rejected", answer: { status: null, summary: `The bytes of media ${row.id} are missing from storage` } };
		// Networks that fetch the bytes themselves get a signed link to them instead of an upload.
		const publicUrl = fetchesMedia(adapter.network, row.type) ? await mediaLink(env, p.workspaceId, row.id, now) : undefined;
		items.push({
			mediaId: row.id,
			type: row.type,
			size: row.size,
			alt: row.alt,
			width: row.width,
			height: row.height,
			bytes: await object.arrayBuffer(),
			...(publicUrl !== undefined ? { publicUrl } : {}),
		});
	}
	if (items.length !== p.mediaIds.length) return { kind: "rejected", answer: { status: null, summary: "Some of the post's media no longer exist" } };

	const outcome = await adapter.uploadMedia(context, items, cache);
	if (outcome.kind !== "uploaded") return outcome;
	// Whoever finished first wins; an upload that lost the race is left unattached on the network.
	return { kind: "ready", media: (await desk.fixMedia(p.id, outcome.media)) as NetworkMedia[] };
}
