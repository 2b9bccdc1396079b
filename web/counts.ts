/**
 * The composer's length counters. The page and POST /compose/count both use this, with the domain's
 * `measure`, so what the browser shows live is exactly what scheduling will check.
 */
import { type LengthNetwork, networkNames } from "../domain/networks";
import { composeText, measure } from "../domain/text-length";

export type Count = {
	network: LengthNetwork;
	label: string;
	used: number;
	limit: number;
	ok: boolean;
	bytes?: { used: number; limit: number };
	/** Ready to show, e.g. "Bluesky: 12/300 graphemes (40/3000 bytes)". */
	text: string;
};

export function countsFor(networks: readonly LengthNetwork[], body: string, link?: string | null): Count[] {
	const text = composeText(body, link);
	return [...new Set(networks)].map((network) => {
		const m = measure(network, text);
		const label = networkNames[network];
		const unit = m.unit === "graphemes" ? " graphemes" : "";
		const bytes = m.bytes ? ` (${m.bytes.used}/${m.bytes.limit} bytes)` : "";
		return { network, label, used: m.used, limit: m.limit, ok: m.ok, ...(m.bytes ? { bytes: m.bytes } : {}), text: `${label}: ${m.used}/${m.limit}${unit}${bytes}` };
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
