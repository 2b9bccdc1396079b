/**
 * Who is responsible for an account at an instant: the owner (policy "owner"), whoever is on shift
 * (policy "shift"), or nobody in particular (policy "open": anyone with the role may post).
 *
 * Shifts are weekly wall-clock intervals in their own IANA zone ("Mon–Fri 09:00–17:00 in New York").
 * Every instant is computed per local date with localToUtc, so a 09:00–17:00 shift stays 09:00–17:00
 * local across DST (8 real hours, also on the change day), and an overnight 22:00–06:00 shift that
 * crosses a change is 7 or 9 real hours.
 *
 * - An occurrence belongs to the local date it starts on: its weekday must be in `weekdays`, and a dated
 *   shift's validity is checked against that date. An end before the start runs past midnight into
 *   the next day; an end equal to the start is a full day (to the same wall-clock time the next day,
 *   so "00:00"–"00:00" covers the whole local day: 23 or 25 real hours on a DST change day).
 * - A shift with validFrom and/or validTo is a dated override (holiday cover). Where an override's
 *   occurrence contains the instant, only overrides count for who is responsible; elsewhere the weekly
 *   shifts apply as usual. For gaps, overrides count like any other shift.
 * - Overlapping shifts: the occurrence that started first is responsible (ties: the smaller shift id),
 *   the other members on duty are listed in `alsoOnDuty`.
 */
import { addDays, localToUtc, utcToLocal, weekdayOf } from "./time";

export type Shift = {
	id: string;
	memberId: string;
	/** null: every account of the workspace. */
	accountIds: string[] | null;
	/** ISO weekdays the shift starts on: 1 = Monday … 7 = Sunday. */
	weekdays: number[];
	/** HH:MM, wall-clock time in `timezone`. */
	start: string;
	/** HH:MM; before `start` runs past midnight, equal to `start` is a full day. */
	end: string;
	timezone: string;
	/** YYYY-MM-DD in the shift's zone, inclusive; with validTo, makes the shift a dated override. */
	validFrom: string | null;
	/** YYYY-MM-DD in the shift's zone, inclusive. */
	validTo: string | null;
};

export type PostingPolicy = "open" | "owner" | "shift";

export type DutyAccount = { id: string; postingPolicy: PostingPolicy; ownerId: string | null };

export type Duty = {
	/** Member id, or null for policy "open" and for gaps. */
	responsible: string | null;
	reason: "owner" | "shift" | "open" | "gap";
	/** Other members on shift at the same instant (distinct, without the responsible one). */
	alsoOnDuty: string[];
	/** The shift that makes `responsible` responsible (policy "shift" only). */
	shiftId: string | null;
};

export type Interval = { start: number; end: number };

const timePattern = /^\d{2}:\d{2}(?::\d{2})?$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** HH:MM and HH:MM:SS compared as strings need the same width. */
const withSeconds = (time: string) => (time.length === 5 ? `${time}:00` : time);

/** A dated override (holiday cover) rather than a weekly shift. */
export function isOverride(shift: Shift): boolean {
	return shift.validFrom !== null || shift.validTo !== null;
}

function validate(shift: Shift): void {
	const ok =
		Array.isArray(shift.weekdays) &&
		shift.weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) &&
		timePattern.test(shift.start) &&
		timePattern.test(shift.end) &&
		(shift.validFrom === null || datePattern.test(shift.validFrom)) &&
		(shift.validTo === null || datePattern.test(shift.validTo));
	// Throw rather than silently leave a member off (or on) duty.
	if (!ok) throw new RangeError(`Not a shift: ${JSON.stringify(shift)}`);
}

/**
 * The concrete UTC intervals [start, end) of `shift` that overlap [fromMs, toMs), sorted by start.
 * Occurrences that DST squeezes to nothing (a 02:00–03:00 shift on a spring-forward day) are left out.
 */
export function shiftOccurrences(shift: Shift, fromMs: number, toMs: number): Interval[] {
	validate(shift);
	if (!(toMs > fromMs) || shift.weekdays.length === 0) return [];
	const zone = shift.timezone;
	const start = withSeconds(shift.start);
	const end = withSeconds(shift.end);
	// An occurrence lasts at most a day and a DST hour, so one that overlaps the window starts on the
	// local date of fromMs, the day before, or any date up to the local date of toMs.
	let first = addDays(utcToLocal(fromMs, zone).date, -1);
	let last = utcToLocal(toMs, zone).date;
	if (shift.validFrom !== null && shift.validFrom > first) first = shift.validFrom;
	if (shift.validTo !== null && shift.validTo < last) last = shift.validTo;
	const result: Interval[] = [];
	for (let date = first; date <= last; date = addDays(date, 1)) {
		if (!shift.weekdays.includes(weekdayOf(date))) continue;
		const s = localToUtc(date, start, zone);
		const e = end > start ? localToUtc(date, end, zone) : localToUtc(addDays(date, 1), end, zone);
		if (e > s && e > fromMs && s < toMs) result.push({ start: s, end: e });
	}
	return result;
}

function covers(shift: Shift, accountId: string): boolean {
	return shift.accountIds === null || shift.accountIds.includes(accountId);
}

/** Who is responsible for `account` at `at` (ms since the epoch), and why. */
export function dutyAt(account: DutyAccount, shifts: readonly Shift[], at: number): Duty {
	if (account.postingPolicy === "open") return { responsible: null, reason: "open", alsoOnDuty: [], shiftId: null };
	if (account.postingPolicy === "owner") {
		return account.ownerId === null
			? { responsible: null, reason: "gap", alsoOnDuty: [], shiftId: null }
			: { responsible: account.ownerId, reason: "owner", alsoOnDuty: [], shiftId: null };
	}
	let onDuty: { shift: Shift; start: number }[] = [];
	for (const shift of shifts) {
		if (!covers(shift, account.id)) continue;
		for (const occurrence of shiftOccurrences(shift, at, at + 1)) onDuty.push({ shift, start: occurrence.start });
	}
	if (onDuty.some((d) => isOverride(d.shift))) onDuty = onDuty.filter((d) => isOverride(d.shift));
	onDuty.sort((a, b) => a.start - b.start || (a.shift.id < b.shift.id ? -1 : a.shift.id > b.shift.id ? 1 : 0));
	const [first, ...rest] = onDuty;
	if (!first) return { responsible: null, reason: "gap", alsoOnDuty: [], shiftId: null };
	const responsible = first.shift.memberId;
	const alsoOnDuty = [...new Set(rest.map((d) => d.shift.memberId))].filter((m) => m !== responsible);
	return { responsible, reason: "shift", alsoOnDuty, shiftId: first.shift.id };
}

/**
 * The windows within [fromMs, toMs) in which nobody is on shift for `account`, sorted and maximal
 * (adjacent or overlapping shifts leave no gap between them). Only policy "shift" has gaps.
 */
export function dutyGaps(account: DutyAccount, shifts: readonly Shift[], fromMs: number, toMs: number): { from: number; to: number }[] {
	if (account.postingPolicy !== "shift" || !(toMs > fromMs)) return [];
	const covered: Interval[] = [];
	for (const shift of shifts) {
		if (covers(shift, account.id)) covered.push(...shiftOccurrences(shift, fromMs, toMs));
	}
	covered.sort((a, b) => a.start - b.start);
	const gaps: { from: number; to: number }[] = [];
	let cursor = fromMs;
	for (const { start, end } of covered) {
		if (start > cursor) gaps.push({ from: cursor, to: Math.min(start, toMs) });
		if (end > cursor) cursor = end;
		if (cursor >= toMs) break;
	}
	if (cursor < toMs) gaps.push({ from: cursor, to: toMs });
	return gaps;
}
