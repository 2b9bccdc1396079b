/**
 * The networks Chorus publishes to. "sandbox" is the built-in fake network: it accepts posts
 * without leaving the Worker, so demos and tests exercise the whole pipeline.
 */
export const networks = ["sandbox", "mastodon", "bluesky", "x", "linkedin", "facebook"] as const;
export type Network = (typeof networks)[number];

/**
 * Threads has length rules but no publisher yet; keeping it out of Network means nothing can
 * schedule to it by accident, while the composer can still show how a draft would fit.
 */
export type LengthNetwork = Network | "threads";

export const networkNames: Record<LengthNetwork, string> = {
	sandbox: "Sandbox",
	mastodon: "Mastodon",
	bluesky: "Bluesky",
	x: "X",
	linkedin: "LinkedIn",
	facebook: "Facebook",
	threads: "Threads",
};

export function isNetwork(value: unknown): value is Network {
	return typeof value === "string" && (networks as readonly string[]).includes(value);
}
