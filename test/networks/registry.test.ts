import { describe, expect, it } from "vitest";
import { remoteAdapters } from "../../functions/networks/registry";

describe("remoteAdapters", () => {
	it("has one adapter per real network, each claiming idempotency only where the network provides it", () => {
		const summary = Object.fromEntries(
			Object.entries(remoteAdapters).map(([network, adapter]) => [network, { network: adapter.network, idempotent: adapter.idempotent }]),
		);
		expect(summary).toEqual({
			mastodon: { network: "mastodon", idempotent: true },
			bluesky: { network: "bluesky", idempotent: true },
			x: { network: "x", idempotent: false },
			linkedin: { network: "linkedin", idempotent: false },
			facebook: { network: "facebook", idempotent: false },
			// The fixed container keeps a resend from posting twice, but an unknown outcome is read back first.
			instagram: { network: "instagram", idempotent: false },
			threads: { network: "threads", idempotent: false },
		});
	});
});
