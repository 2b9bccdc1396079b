/**
 * Report periods and schedules, in the report's own time zone. A scheduled run due on local date D
 * covers the whole period that ended at D's midnight: the day before (daily), the seven days before
 * (weekly, so a Monday run covers Monday to Sunday), or the previous calendar month (monthly, due on the 1st).
 */
import { addDays, localToUtc, utcToLocal, weekdayOf } from "../time";

export type Cadence = "daily" | "weekly" | "monthly";
/** Plain local dates; `end` is exclusive. */
export type Period = { start: string; end: string };
export type Schedule = { cadence: Cadence; weekday: number; time: string; timezone: string };

const firstOfMonth = (date: string) => `${date.slice(0, 8)}01`;

function shiftMonth(first: string, n: number): string {
	const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
	const total = y * 12 + (m - 1) + n;
	return `${String(Math.floor(total / 12)).padStart(4, "0")}-${String((total % 12) + 1).padStart(2, "0")}-01`;
}

/** The period a run due on local date `runDate` reports on. */
export function periodEndingOn(cadence: Cadence, runDate: string): Period {
	switch (cadence) {
		case "daily":
			return { start: addDays(runDate, -1), end: runDate };
		case "weekly":
			return { start: addDays(runDate, -7), end: runDate };
		case "monthly": {
			const end = firstOfMonth(runDate);
			return { start: shiftMonth(end, -1), end };
		}
	}
}

/** The period `date` falls in: what a manual run covers ("the period so far"). */
export function periodContaining(schedule: Pick<Schedule, "cadence" | "weekday">, date: string): Period {
	switch (schedule.cadence) {
		case "daily":
			return { start: date, end: addDays(date, 1) };
		case "weekly": {
			const back = (weekdayOf(date) - schedule.weekday + 7) % 7;
			const start = addDays(date, -back);
			return { start, end: addDays(start, 7) };
		}
		case "monthly": {
			const start = firstOfMonth(date);
			return { start, end: shiftMonth(start, 1) };
		}
	}
}

/** The `count` periods before `period` (oldest first), then `period` itself. */
export function trendPeriods(cadence: Cadence, period: Period, count: number): Period[] {
	const out: Period[] = [period];
	let current = period;
	for (let i = 0; i < count; i++) {
		current =
			cadence === "monthly"
				? { start: shiftMonth(firstOfMonth(current.start), -1), end: current.start }
				: { start: addDays(current.start, cadence === "daily" ? -1 : -7), end: current.start };
		out.unshift(current);
	}
	return out;
}

/** Every date in the period, in order. */
export function datesOf(period: Period): string[] {
	const out: string[] = [];
	for (let d = period.start; d < period.end; d = addDays(d, 1)) out.push(d);
	return out;
}

function isRunDay(schedule: Schedule, date: string): boolean {
	if (schedule.cadence === "daily") return true;
	if (schedule.cadence === "weekly") return weekdayOf(date) === schedule.weekday;
	return date.endsWith("-01");
}

/** The first instant strictly after `after` at which the report is due. */
export function nextRunAfter(schedule: Schedule, after: number): number {
	let date = utcToLocal(after, schedule.timezone).date;
	// A month and a bit always contains a run day of any cadence.
	for (let i = 0; i < 40; i++, date = addDays(date, 1)) {
		if (!isRunDay(schedule, date)) continue;
		const at = localToUtc(date, schedule.time, schedule.timezone);
		if (at > after) return at;
	}
	throw new Error("no run day within 40 days");
}

/** "YYYY-MM-DD..YYYY-MM-DD": the unique key of a scheduled run's period. */
export const periodKey = (p: Period) => `${p.start}..${p.end}`;

/** The period just before `period` in the report's cadence. */
export const periodBefore = (cadence: Cadence, period: Period): Period => trendPeriods(cadence, period, 1)[0]!;

/**
 * What "Run now" reports on local date `today`: the period so far, unless it only began today
 * (a weekly report's Monday, a daily report always), when nothing of it is complete: then the
 * last complete period.
 */
export function manualRunPeriod(schedule: Pick<Schedule, "cadence" | "weekday">, today: string): Period {
	const current = periodContaining(schedule, today);
	return current.start === today ? periodBefore(schedule.cadence, current) : current;
}

/** What a run may be asked to cover instead: the period before the current one, or local dates from–to (inclusive). */
export type RunRange = { period: "current" | "previous" } | { from: string; to: string };

/** Longest custom range, in days: a year and a day, so "last year" always fits. */
export const MAX_RANGE_DAYS = 367;

export function requestedPeriod(schedule: Pick<Schedule, "cadence" | "weekday">, today: string, range?: RunRange): Period {
	if (!range) return manualRunPeriod(schedule, today);
	if ("period" in range) {
		const current = periodContaining(schedule, today);
		return range.period === "current" ? current : periodBefore(schedule.cadence, current);
	}
	return { start: range.from, end: addDays(range.to, 1) };
}
