/** Dates and text as the pages show them; times are always labelled with the zone they are in. */
import { addDays, utcToLocal } from "../domain/time";

const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });
const shortDayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });

// Noon UTC keeps a plain date on the same calendar day whatever the formatter does.
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

export const formatDay = (date: string) => dayFormat.format(noon(date));
export const formatShortDay = (date: string) => shortDayFormat.format(noon(date));
export const formatMonth = (date: string) => monthFormat.format(noon(date));

/** "Fri 27 Nov 2026, 10:00 (Europe/Berlin)" */
export function formatInstant(ms: number, zone: string): string {
	const local = utcToLocal(ms, zone);
	return `${formatDay(local.date)}, ${local.time} (${zone})`;
}

export const isoToMs = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function isPlainDate(value: string | undefined): value is string {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	try {
		addDays(value, 0);
		return true;
	} catch {
		return false;
	}
}

/** The first day of the month `delta` months from the one containing `date`. */
export function monthStart(date: string, delta = 0): string {
	const [y = 1970, m = 1] = date.split("-").map(Number);
	const index = y * 12 + (m - 1) + delta;
	return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

// Code points, not UTF-16 units, so an excerpt never ends in half an emoji.
export function excerpt(text: string, max = 80): string {
	const chars = [...text.replace(/\s+/g, " ").trim()];
	return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : chars.join("");
}

/** Only http(s) URLs become links: a stored `javascript:` URL must never be clickable. */
export const safeHref = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "10:00:05" in `zone`: publishing happens within seconds, so attempts and feed items show them. */
export function formatClock(ms: number, zone: string): string {
	let f = clockFormats.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit" });
		clockFormats.set(zone, f);
	}
	return f.format(ms);
}

/** "Fri 27 Nov 2026, 10:00:05", without the zone: the page names it once. */
export const formatStamp = (ms: number, zone: string) => `${formatDay(utcToLocal(ms, zone).date)}, ${formatClock(ms, zone)}`;

/** "7 min", "2 h 5 min", "3 days": how late something is, rounded to what a person cares about. */
export function formatDuration(ms: number): string {
	const minutes = Math.max(1, Math.round(ms / 60_000));
	if (minutes < 90) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	return `${Math.floor(hours / 24)} days`;
}

/**
 * Where a published post is: an http(s) URL on a real network, or for the sandbox Chorus's own feed
 * page ("/sandbox/<accountId>#<itemId>"). Anything else is not linked.
 */
export const networkHref = (url: string | null | undefined) => safeHref(url) ?? (url && /^\/sandbox\/[\w-]+#[\w-]+$/.test(url) ? url : undefined);

/** A path inside Chorus (notification links): never another origin. */
export const safeLocalHref = (path: string | null | undefined) =>
	path?.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : undefined;
