/**
 * Wall-clock time in an account's time zone, with Intl only: posting slots and the calendar are
 * local ("Mondays at 09:00 in New York"), storage and the queue are UTC milliseconds.
 * DST follows Temporal's "compatible" disambiguation, the behaviour people expect from calendars:
 * a time skipped by spring-forward moves forward by the gap, a repeated fall-back time is the first one.
 */

const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		// h23: some engines print midnight as "24" with hour12: false.
		f = new Intl.DateTimeFormat("en-US", {
			timeZone: zone,
			hourCycle: "h23",
			year: "numeric",
			month: "numeric",
			day: "numeric",
			hour: "numeric",
			minute: "numeric",
			second: "numeric",
		});
		formatters.set(zone, f);
	}
	return f;
}

export function isValidTimeZone(zone: string): boolean {
	if (typeof zone !== "string" || zone === "") return false;
	try {
		formatter(zone);
		return true;
	} catch {
		return false;
	}
}

type Fields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// en-US prints "3/8/2026, 09:00:00"; format() plus this is about twice as fast as formatToParts,
// which stays as the fallback should an ICU update change the pattern. Years 1–9999 only (no eras).
const enUs = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/** The wall-clock fields in `zone` at `ms`, to the second. */
function wallClock(ms: number, zone: string): Fields {
	const f = formatter(zone);
	const m = enUs.exec(f.format(ms));
	if (m) {
		const [month, day, year, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
		return { year, month, day, hour, minute, second };
	}
	const fields: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of f.formatToParts(ms)) {
		if (part.type in fields) fields[part.type as keyof Fields] = Number(part.value);
	}
	return fields;
}

/** The fields read as if they were UTC; unlike Date.UTC, years 0–99 are not moved to 19xx. */
function fieldsAsUtc(f: Fields): number {
	const d = new Date(0);
	d.setUTCFullYear(f.year, f.month - 1, f.day);
	d.setUTCHours(f.hour, f.minute, f.second, 0);
	return d.getTime();
}

/** The zone's offset from UTC at `ms`, in milliseconds (east positive). */
function offsetAt(ms: number, zone: string): number {
	const whole = Math.floor(ms / 1000) * 1000;
	return fieldsAsUtc(wallClock(whole, zone)) - whole;
}

function parseDate(date: string): { year: number; month: number; day: number } {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (m) {
		const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const check = new Date(fieldsAsUtc({ year, month, day, hour: 0, minute: 0, second: 0 }));
		if (check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return { year, month, day };
	}
	throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
}

function parseTime(time: string): { hour: number; minute: number; second: number } {
	// Seconds are accepted because <input type="time" step=…> can send them.
	const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
	if (m) {
		const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
		if (hour < 24 && minute < 60 && second < 60) return { hour, minute, second };
	}
	throw new RangeError(`Not a time (HH:MM): ${time}`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function formatDate(year: number, month: number, day: number): string {
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The instant of a wall-clock time in `zone`, in ms since the epoch. */
export function localToUtc(date: string, time: string, zone: string): number {
	const wall = fieldsAsUtc({ ...parseDate(date), ...parseTime(time) });
	// Transitions are far more than a day apart, so the offsets a day either side are the only
	// two that can apply: equal offsets mean no transition nearby.
	const before = offsetAt(wall - dayMs, zone);
	const after = offsetAt(wall + dayMs, zone);
	if (before === after) return wall - before;
	const candidates = [wall - before, wall - after].filter((ms) => ms + offsetAt(ms, zone) === wall);
	// Ambiguous (fall-back): both are real, the earlier one wins.
	if (candidates.length > 0) return Math.min(...candidates);
	// Skipped (spring-forward): read the time with the offset in force before the gap,
	// which lands as far past the gap's end as the time was past its start.
	return wall - before;
}

/** The wall-clock date, time (HH:MM) and ISO weekday (1 = Monday … 7 = Sunday) in `zone` at `ms`. */
export function utcToLocal(ms: number, zone: string): { date: string; time: string; weekday: number } {
	const f = wallClock(Math.floor(ms / 1000) * 1000, zone);
	return {
		date: formatDate(f.year, f.month, f.day),
		time: `${pad(f.hour)}:${pad(f.minute)}`,
		weekday: isoWeekday(f.year, f.month, f.day),
	};
}

function isoWeekday(year: number, month: number, day: number): number {
	return new Date(fieldsAsUtc({ year, month, day, hour: 0, minute: 0, second: 0 })).getUTCDay() || 7;
}

/** A plain calendar date `n` days later (or earlier), with no time zone involved. */
export function addDays(date: string, n: number): string {
	const d = new Date(fieldsAsUtc({ ...parseDate(date), hour: 0, minute: 0, second: 0 }) + n * dayMs);
	return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a plain date. */
export function weekdayOf(date: string): number {
	const { year, month, day } = parseDate(date);
	return isoWeekday(year, month, day);
}

/** The first instant of `date` in `zone` (01:00 where a transition skips midnight). */
export function startOfLocalDay(date: string, zone: string): number {
	return localToUtc(date, "00:00", zone);
}

/**
 * `ms` as RFC 3339 local time with the zone's offset, to the second, e.g. "2026-03-08T09:00:00-04:00".
 * Always a numeric offset, "+00:00" for UTC too, so every value has the same shape. Milliseconds are dropped.
 */
export function isoWithOffset(ms: number, zone: string): string {
	const whole = Math.floor(ms / 1000) * 1000;
	const f = wallClock(whole, zone);
	const offset = Math.round((fieldsAsUtc(f) - whole) / 1000);
	const abs = Math.abs(offset);
	// Only pre-1900 local mean times have seconds in their offset; RFC 3339 cannot express them, ISO 8601 can.
	const seconds = abs % 60 ? `:${pad(abs % 60)}` : "";
	const sign = offset < 0 ? "-" : "+";
	const date = formatDate(f.year, f.month, f.day);
	return `${date}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${seconds}`;
}

/**
 * Local days from `startDate` to `endDate` (exclusive) in `zone`, as runs in which every day lasts
 * exactly 24 hours: an instant `t` at or after a run's `from` (and before the next run's) falls on
 * local date `addDays(day, floor((t - from) / 86_400_000))`. A day a DST change shortens or
 * lengthens is a run of its own, so bucketing by these runs is exact across the change.
 */
export function localDayRuns(startDate: string, endDate: string, zone: string): { from: number; day: string }[] {
	const runs: { from: number; day: string }[] = [];
	let previousWasWhole = false;
	for (let d = startDate; d < endDate; d = addDays(d, 1)) {
		const from = startOfLocalDay(d, zone);
		const whole = startOfLocalDay(addDays(d, 1), zone) - from === dayMs;
		if (!(whole && previousWasWhole)) runs.push({ from, day: d });
		previousWasWhole = whole;
	}
	return runs;
}
