/**
 * A Mastodon instance's own limits, from GET /api/v2/instance (https://docs.joinmastodon.org/methods/instance/#v2,
 * entity https://docs.joinmastodon.org/entities/Instance/#configuration): `configuration.statuses`
 * (max_characters, characters_reserved_per_url, max_media_attachments) and
 * `configuration.media_attachments` (image_size_limit, video_size_limit, in bytes). Public: no token.
 * API-compatible servers (GoToSocial, Akkoma) answer the same shape; fields they leave out keep the defaults.
 */
import { z } from "zod";
import type { InstanceLimits } from "../../domain/instance-limits";
import { guardedFetch } from "../outbound";
import { readJson, sendWithTimeout } from "./http";

const positive = z.number().int().positive();
const instanceAnswer = z.object({
	configuration: z.object({
		statuses: z.object({
			max_characters: positive,
			characters_reserved_per_url: z.number().int().nonnegative().optional(),
			max_media_attachments: positive.optional(),
		}),
		media_attachments: z.object({ image_size_limit: positive.optional(), video_size_limit: positive.optional() }).optional(),
	}),
});

/** Mastodon's default characters_reserved_per_url, for a server that gives a limit but not this. */
const defaultUrlLength = 23;

/** The instance's limits, or null when it does not say (unreachable, an error, an unexpected answer). */
export async function readInstanceLimits(instanceUrl: string, now: number): Promise<InstanceLimits | null> {
	const url = new URL("api/v2/instance", instanceUrl.endsWith("/") ? instanceUrl : `${instanceUrl}/`).toString();
	const sent = await sendWithTimeout(guardedFetch, url, { headers: { Accept: "application/json" } });
	if (sent.kind !== "response" || sent.status !== 200) return null;
	const answer = readJson(sent.body, instanceAnswer);
	if (!answer) return null;
	const { statuses, media_attachments: media } = answer.configuration;
	return {
		maxCharacters: statuses.max_characters,
		charactersReservedPerUrl: statuses.characters_reserved_per_url ?? defaultUrlLength,
		...(statuses.max_media_attachments ? { maxMediaAttachments: statuses.max_media_attachments } : {}),
		...(media?.image_size_limit ? { imageSizeLimit: media.image_size_limit } : {}),
		...(media?.video_size_limit ? { videoSizeLimit: media.video_size_limit } : {}),
		fetchedAt: now,
	};
}
