/**
 * The composer's length counters. The page and POST /compose/count both use this, with the domain's
 * `measure`, so what the browser shows live is exactly what scheduling will check.
 */

import { type InstanceLimits, lengthOptionsFor } from "../domain/instance-limits";
import { type Network, networkNames } from "../domain/networks";
import { asShortened } from "../domain/short-links";
import { composeText, measure } from "../domain/text-length";

/** What a counter is for: a network, or a selected account (a Mastodon account brings its instance's limits). */
export type CountTarget = { network: Network; handle?: string; instanceLimits?: InstanceLimits | null };

export type Count = {
	network: Network;
	label: string;
	used: number;
	limit: number;
	ok: boolean;
	bytes?: { used: number; limit: number };
	/** Ready to show, e.g. "Bluesky: 12/300 graphemes (40/3000 bytes)". */
	text: string;
};

/**
 * One counter per network, measured by the account's own rules: Mastodon accounts on instances with
 * different limits get one counter each, named by their handles.
 */
export function countsFor(targets: readonly (Network | CountTarget)[], body: string, link?: string | null, shortenBase?: string | null): Count[] {
	// With short links on, each link is counted as the short link that will be sent in its place.
	const text = shortenBase ? asShortened(composeText(body, link), shortenBase) : composeText(body, link);
	const groups = new Map<string, { network: Network; handles: string[]; options: ReturnType<typeof lengthOptionsFor> }>();
	for (const target of targets) {
		const t = typeof target === "string" ? { network: target } : target;
		const options = lengthOptionsFor(t);
		const key = `${t.network} ${JSON.stringify(options)}`;
		const group = groups.get(key) ?? { network: t.network, handles: [], options };
		if (t.handle) group.handles.push(t.handle);
		groups.set(key, group);
	}
	const perNetwork = (network: Network) => [...groups.values()].filter((g) => g.network === network).length;
	return [...groups.values()].map(({ network, handles, options }) => {
		const m = measure(network, text, options);
		const label = perNetwork(network) > 1 && handles.length ? `${networkNames[network]} (${handles.join(", ")})` : networkNames[network];
		const unit = m.unit === "graphemes" ? " graphemes" : "";
		const bytes = m.bytes ? ` (${m.bytes.used}/${m.bytes.limit} bytes)` : "";
		return {
			network,
			label,
			used: m.used,
			limit: m.limit,
			ok: m.ok,
			...(m.bytes ? { bytes: m.bytes } : {}),
			text: `${label}: ${m.used}/${m.limit}${unit}${bytes}`,
		};
	});
}

/** Which zone a "Schedule at" date and time is read in: the first selected account's (see compose). */
export function zoneNote(zones: readonly string[]): string {
	const [first] = zones;
	if (!first) return "Times are in the zone of the first selected account";
	const distinct = new Set(zones).size;
	if (distinct === 1) return `Times are in ${first}`;
	return `Times are in ${first}, the zone of the first selected account (the selected accounts span ${distinct} zones)`;
}
