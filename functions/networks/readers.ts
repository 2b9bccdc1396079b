import type { Db } from "../../db/client";
import type { Network } from "../../domain/networks";
import { blueskyReader } from "./bluesky-reader";
import { createFacebookReader } from "./facebook-reader";
import { createLinkedInReader } from "./linkedin-reader";
import { mastodonReader } from "./mastodon-reader";
import { instagramReader, threadsReader } from "./meta-readers";
import type { NetworkReader } from "./reader";
import { createSandboxReader } from "./sandbox-reader";
import { xReader } from "./x-reader";

/** The reader for an account's network, or null where Chorus does not ingest (none today). */
export function readerFor(network: Network, db: Db, now: () => number): NetworkReader | null {
	switch (network) {
		case "sandbox":
			return createSandboxReader(db, now);
		case "mastodon":
			return mastodonReader;
		case "bluesky":
			return blueskyReader;
		case "x":
			return xReader;
		case "threads":
			return threadsReader;
		case "instagram":
			return instagramReader;
		case "linkedin":
			return createLinkedInReader(now);
		case "facebook":
			return createFacebookReader(now);
		default:
			return null;
	}
}
