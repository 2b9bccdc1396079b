/**
 * Standout detection: a value is a standout when it sits far from its own recent baseline, measured
 * with the median and the MAD so that past spikes do not hide new ones. The baseline is the same
 * weekday in the previous weeks (weekends are not "drops"); with too few of those, the recent days.
 */
import { addDays } from "../time";
import { MAD_TO_SD, mad, median } from "./stats";

export type Deviation = {
	date: string;
	value: number;
	/** The median of the baseline. */
	usual: number;
	/** value / usual (Infinity when the usual is 0). */
	ratio: number;
	/** Robust z-score: (value - usual) / (1.4826 × MAD), with a floor on the scale. */
	score: number;
	direction: "up" | "down";
	basis: "weekday" | "recent";
	/** How many past values made the baseline. */
	samples: number;
};

export type DetectOptions = {
	/** Robust z-score from which a value stands out. */
	threshold: number;
	/** And it must differ from the usual by at least this fraction of it (small wobbles on flat series are not news). */
	minRelative: number;
	/** Nor by less than this absolute amount (3 mentions instead of 1 is not a spike). */
	minAbsolute: number;
	weeks: number;
	minWeekdaySamples: number;
	recentDays: number;
	minRecentSamples: number;
};

export const defaultDetectOptions: DetectOptions = {
	threshold: 4,
	minRelative: 0.5,
	minAbsolute: 5,
	weeks: 8,
	minWeekdaySamples: 4,
	recentDays: 28,
	minRecentSamples: 10,
};

function baselineFor(series: ReadonlyMap<string, number>, date: string, o: DetectOptions): { values: number[]; basis: Deviation["basis"] } | null {
	const weekday: number[] = [];
	for (let w = 1; w <= o.weeks; w++) {
		const v = series.get(addDays(date, -7 * w));
		if (v !== undefined) weekday.push(v);
	}
	if (weekday.length >= o.minWeekdaySamples) return { values: weekday, basis: "weekday" };
	const recent: number[] = [];
	for (let d = 1; d <= o.recentDays; d++) {
		const v = series.get(addDays(date, -d));
		if (v !== undefined) recent.push(v);
	}
	return recent.length >= o.minRecentSamples ? { values: recent, basis: "recent" } : null;
}

/** Judges one value against a baseline of past values; null when it does not stand out. */
export function judge(
	value: number,
	baseline: readonly number[],
	o: DetectOptions = defaultDetectOptions,
): Omit<Deviation, "date" | "basis" | "samples"> | null {
	const usual = median(baseline);
	// A floor on the scale: a perfectly steady baseline (MAD 0) must not make every wobble infinite.
	const scale = Math.max(MAD_TO_SD * mad(baseline, usual), 0.05 * Math.abs(usual), 1);
	const diff = value - usual;
	const score = diff / scale;
	if (Math.abs(score) < o.threshold) return null;
	if (Math.abs(diff) < Math.max(o.minRelative * Math.abs(usual), o.minAbsolute)) return null;
	return { value, usual, ratio: usual === 0 ? Number.POSITIVE_INFINITY : value / usual, score, direction: diff > 0 ? "up" : "down" };
}

/**
 * The standouts among `dates` of a daily series (date → value; a missing day is simply absent and
 * is neither tested nor used as a baseline). Dates without enough history are not judged.
 */
export function detectDeviations(series: ReadonlyMap<string, number>, dates: readonly string[], options: Partial<DetectOptions> = {}): Deviation[] {
	const o = { ...defaultDetectOptions, ...options };
	const out: Deviation[] = [];
	for (const date of dates) {
		const value = series.get(date);
		if (value === undefined) continue;
		const baseline = baselineFor(series, date, o);
		if (!baseline) continue;
		const verdict = judge(value, baseline.values, o);
		if (verdict) out.push({ ...verdict, date, basis: baseline.basis, samples: baseline.values.length });
	}
	return out;
}
