/**
 * The networks Chorus publishes to. "sandbox" is the built-in fake network: it accepts posts
 * without leaving the Worker, so demos and tests exercise the whole pipeline.
 */
export const networks = ["sandbox", "mastodon", "bluesky", "x", "linkedin", "facebook", "instagram", "threads"] as const;
export type Network = (typeof networks)[number];

export const networkNames: Record<Network, string> = {
	sandbox: "Sandbox",
	mastodon: "Mastodon",
	bluesky: "Bluesky",
	x: "X",
	linkedin: "LinkedIn",
	facebook: "Facebook",
	instagram: "Instagram",
	threads: "Threads",
};

export function isNetwork(value: unknown): value is Network {
	return typeof value === "string" && (networks as readonly string[]).includes(value);
}
