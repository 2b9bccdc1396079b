/**
 * Posting slots: weekly wall-clock times in the account's zone ("Mondays at 09:00").
 * A slot stays at 09:00 local across DST, so its UTC instant moves; every instant is computed
 * per local date with localToUtc rather than by adding 7 × 24 h.
 */
import { addDays, localToUtc, utcToLocal, weekdayOf } from "./time";

export type Slot = {
	/** ISO weekday: 1 = Monday … 7 = Sunday. */
	weekday: number;
	/** HH:MM, wall-clock time in the account's zone. */
	time: string;
};

/** Slot times grouped by weekday (index 1–7), deduplicated; throws on a malformed slot rather than silently never firing. */
function byWeekday(slots: readonly Slot[]): string[][] {
	const days: string[][] = [[], [], [], [], [], [], [], []];
	for (const slot of slots) {
		if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7 || !/^\d{2}:\d{2}$/.test(slot.time)) {
			throw new RangeError(`Not a slot: ${JSON.stringify(slot)}`);
		}
		const day = days[slot.weekday]!;
		if (!day.includes(slot.time)) day.push(slot.time);
	}
	return days;
}

/** The slot instants on one local date, sorted; a time skipped by DST can land on another slot's instant, so deduplicated. */
function instantsOn(date: string, times: readonly string[], zone: string): number[] {
	const instants = [...new Set(times.map((time) => localToUtc(date, time, zone)))];
	return instants.sort((a, b) => a - b);
}

/**
 * The earliest slot instant strictly after `afterMs` that `isTaken` does not claim, looking at
 * local dates from the one containing `afterMs` to `horizonDays` days later; null if there is none.
 */
export function nextFreeSlot(slots: readonly Slot[], zone: string, afterMs: number, isTaken: (ms: number) => boolean, horizonDays = 56): number | null {
	if (slots.length === 0) return null;
	const days = byWeekday(slots);
	const first = utcToLocal(afterMs, zone).date;
	// A time skipped by a DST gap that straddles midnight (or Samoa's skipped day) moves onto the
	// next date, possibly past that date's early slots: so start a day early, and after finding a
	// free slot, look at the following date too before answering.
	let best: number | null = null;
	let bestDay = 0;
	for (let i = -1; i <= horizonDays; i++) {
		if (best !== null && i > bestDay + 1) break;
		const date = addDays(first, i);
		const times = days[weekdayOf(date)]!;
		for (const ms of times.length ? instantsOn(date, times, zone) : []) {
			if (best !== null && ms >= best) break;
			if (ms > afterMs && !isTaken(ms)) {
				best = ms;
				bestDay = i;
				break;
			}
		}
	}
	return best;
}

/** Every slot instant in [fromMs, toMs), sorted: what the calendar draws as open slots. */
export function slotInstants(slots: readonly Slot[], zone: string, fromMs: number, toMs: number): number[] {
	if (slots.length === 0 || toMs <= fromMs) return [];
	const days = byWeekday(slots);
	const last = utcToLocal(toMs, zone).date;
	const result: number[] = [];
	// As above, one day early for slots pushed past midnight.
	for (let date = addDays(utcToLocal(fromMs, zone).date, -1); date <= last; date = addDays(date, 1)) {
		const times = days[weekdayOf(date)]!;
		for (const ms of instantsOn(date, times, zone)) {
			if (ms >= fromMs && ms < toMs) result.push(ms);
		}
	}
	// Dates are visited in order, but a pushed-forward slot can overtake the next date's first one.
	return [...new Set(result)].sort((a, b) => a - b);
}
