/**
 * Evergreen posts: when the next occurrence of a repeating post falls. Occurrences keep the same
 * wall-clock time in the account's zone (a weekly 09:00 stays 09:00 across DST), so each instant is
 * computed per local date with localToUtc, never by adding 7 × 24 h; a time that a spring-forward
 * skips moves forward by the gap, as everywhere else in Chorus (domain/time.ts).
 */
import { addDays, localToUtc, utcToLocal } from "./time";

export type RepeatUnit = "day" | "week";

export type RepeatRule = {
	every: number;
	unit: RepeatUnit;
	/** The wall-clock time of every occurrence, "HH:MM". */
	localTime: string;
	timezone: string;
	/** No occurrence after this instant. */
	untilAt: number | null;
	/** Occurrences in all, the first post included. */
	count: number | null;
};

/** The largest repeat a person may ask for: a year of days, or a year of weeks. */
export const maxEvery: Record<RepeatUnit, number> = { day: 365, week: 52 };
export const maxCount = 1000;

const daysPer: Record<RepeatUnit, number> = { day: 1, week: 7 };

/** The instant `steps` occurrences after one at `from`: its local date moved on, at the rule's local time. */
export function occurrenceAfter(rule: Pick<RepeatRule, "every" | "unit" | "localTime" | "timezone">, from: number, steps = 1): number {
	const { date } = utcToLocal(from, rule.timezone);
	return localToUtc(addDays(date, steps * rule.every * daysPer[rule.unit]), rule.localTime, rule.timezone);
}

export type Next = { kind: "occurrence"; index: number; at: number; missed: number } | { kind: "end"; reason: "count" | "until" };

/**
 * The occurrence that follows the last one (index `last.index`, planned for `last.at`). Occurrences
 * whose time has already passed (the series waited on an unapproved post) are missed, not made late:
 * the first one still in the future is next, and `missed` says how many were passed over.
 */
export function nextOccurrence(rule: RepeatRule, last: { index: number; at: number }, now: number): Next {
	let index = last.index + 1;
	let at = occurrenceAfter(rule, last.at);
	let missed = 0;
	// Bounded: a daily series a year late is 365 steps of pure arithmetic.
	while (at <= now && missed < 10_000) {
		index++;
		missed++;
		at = occurrenceAfter(rule, last.at, index - last.index);
	}
	if (rule.count !== null && index >= rule.count) return { kind: "end", reason: "count" };
	if (rule.untilAt !== null && at > rule.untilAt) return { kind: "end", reason: "until" };
	return { kind: "occurrence", index, at, missed };
}

/** The first `n` planned instants from an occurrence at `first` (for previews and tests), the rule's end respected. */
export function plannedOccurrences(rule: RepeatRule, first: number, n: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		if (rule.count !== null && i >= rule.count) break;
		const at = i === 0 ? first : occurrenceAfter(rule, first, i);
		if (rule.untilAt !== null && at > rule.untilAt) break;
		out.push(at);
	}
	return out;
}
