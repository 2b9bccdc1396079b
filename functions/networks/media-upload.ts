/** What every adapter's uploadMedia shares: one item after the other, stopping at the first failure. */
import { answerOf, clip, outcomeForStatus, parseRetryAfter, type Sent } from "./http";
import type { MediaUpload, MediaUploadOutcome, NetworkMedia, PublishOutcome } from "./types";

type ItemOutcome = { kind: "uploaded"; item: NetworkMedia } | Exclude<MediaUploadOutcome, { kind: "uploaded" }>;

export async function uploadEach(items: MediaUpload[], uploadOne: (item: MediaUpload) => Promise<ItemOutcome>): Promise<MediaUploadOutcome> {
	const media: NetworkMedia[] = [];
	for (const item of items) {
		const outcome = await uploadOne(item);
		if (outcome.kind !== "uploaded") return outcome;
		media.push(outcome.item);
	}
	return { kind: "uploaded", media };
}

/** A failed upload call as an outcome: "unknown" becomes "retry", since an upload publishes nothing. */
export function uploadFailure(
	sent: Sent,
	what: string,
	retryAfter: (h: Headers) => number | null = parseRetryAfter,
): Exclude<MediaUploadOutcome, { kind: "uploaded" }> {
	if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`${what}: ${sent.reason}`) } };
	const outcome: PublishOutcome = outcomeForStatus(sent.status, answerOf(sent.status, sent.body, what), sent.status === 429 ? retryAfter(sent.headers) : null);
	if (outcome.kind === "retry" || outcome.kind === "auth" || outcome.kind === "rejected") return outcome;
	return { kind: "retry", retryAfterSeconds: null, answer: outcome.answer };
}

/** The item's facts every network's answer is completed with. */
export const uploaded = (item: MediaUpload, networkMediaId: string, extra: Partial<NetworkMedia> = {}): ItemOutcome => ({
	kind: "uploaded",
	item: { mediaId: item.mediaId, networkMediaId, alt: item.alt, type: item.type, width: item.width, height: item.height, ...extra },
});

/**
 * uploadMedia for networks that fetch the bytes themselves when the post's container is made (Instagram,
 * Threads): nothing is sent now, each item's "network id" is Chorus's signed public link to it.
 */
export const uploadByPublicLink =
	(network: string) =>
	async (_account: unknown, items: MediaUpload[]): Promise<MediaUploadOutcome> =>
		uploadEach(items, async (item) => {
			if (!item.publicUrl)
				return {
					kind: "rejected",
					answer: { status: null, summary: `${network} fetches media from Chorus's public address: set PUBLIC_URL (wrangler.toml) to publish media` },
				};
			return uploaded(item, item.publicUrl);
		});
