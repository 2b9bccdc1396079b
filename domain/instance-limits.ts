/**
 * A Mastodon instance's own limits. Mastodon's defaults are 500 characters, URLs counted as 23 and
 * 4 attachments, but every instance may set its own (GET /api/v2/instance → configuration): glitch-soc
 * and Hometown instances often allow 1,000–5,000 characters, GoToSocial 5,000 and 6 attachments.
 * Chorus reads them per account and checks drafts against them; unknown limits fall back to the defaults.
 */
import type { MeasureOptions } from "./text-length";

export type InstanceLimits = {
	/** configuration.statuses.max_characters */
	maxCharacters: number;
	/** configuration.statuses.characters_reserved_per_url */
	charactersReservedPerUrl: number;
	/** configuration.statuses.max_media_attachments, when the instance says */
	maxMediaAttachments?: number;
	/** configuration.media_attachments.image_size_limit (bytes), when the instance says */
	imageSizeLimit?: number;
	/** configuration.media_attachments.video_size_limit (bytes), when the instance says */
	videoSizeLimit?: number;
	/** When they were read (ms since the epoch). */
	fetchedAt: number;
};

/** Read again after a day: instance admins change them rarely, and the ingest run comes by often. */
export const instanceLimitsMaxAgeMs = 86_400_000;

export function instanceLimitsStale(limits: InstanceLimits | null | undefined, now: number): boolean {
	return !limits || now - limits.fetchedAt >= instanceLimitsMaxAgeMs;
}

/** How to measure a post for this account: its instance's limits where known, else the network's defaults. */
export function lengthOptionsFor(account: { network: string; instanceLimits?: InstanceLimits | null }): MeasureOptions {
	const limits = account.network === "mastodon" ? account.instanceLimits : null;
	return limits ? { limit: limits.maxCharacters, urlLength: limits.charactersReservedPerUrl } : {};
}
