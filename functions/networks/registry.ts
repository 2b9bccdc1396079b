/**
 * The adapters that talk to real networks. The sandbox needs the database, so functions/networks/adapters.ts
 * combines it with these into adapterFor().
 */
import type { Network } from "../../domain/networks";
import { blueskyAdapter } from "./bluesky";
import { facebookAdapter } from "./facebook";
import { instagramAdapter } from "./instagram";
import { linkedinAdapter } from "./linkedin";
import { mastodonAdapter } from "./mastodon";
import { threadsAdapter } from "./threads";
import type { NetworkAdapter } from "./types";
import { xAdapter } from "./x";

export const remoteAdapters: Record<Exclude<Network, "sandbox">, NetworkAdapter> = {
	mastodon: mastodonAdapter,
	bluesky: blueskyAdapter,
	x: xAdapter,
	linkedin: linkedinAdapter,
	facebook: facebookAdapter,
	instagram: instagramAdapter,
	threads: threadsAdapter,
};
