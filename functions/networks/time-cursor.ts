/**
 * The cursor of readers that look for comments across several posts (LinkedIn, Facebook): neither
 * network has one stream of "everything new for this account", so the cursor is the time of the newest
 * message stored. Each run reads back a little before it, because a network may show a comment a
 * moment after a later one; the mention's external id makes reading it again harmless.
 */
import { z } from "zod";
import type { FetchedMention, MentionPage } from "./reader";

/** Read again before the stored time, for comments that became visible late. */
export const overlapMs = 15 * 60_000;
/** The first run of a new account reads this far back, not every comment the account ever had. */
export const firstReadMs = 7 * 86_400_000;

const timeCursor = z.object({ since: z.number().int().nonnegative() });

/** The instant to read from: the stored newest time less the overlap, or the first-read window. */
export function readFrom(raw: string | null, now: number): { stored: number | null; from: number } {
	let stored: number | null = null;
	try {
		const parsed = timeCursor.safeParse(raw ? JSON.parse(raw) : null);
		stored = parsed.success ? parsed.data.since : null;
	} catch {
		stored = null;
	}
	return { stored, from: stored === null ? now - firstReadMs : stored - overlapMs };
}

/** The cursor to store after a run: the newest time seen, never earlier than the one stored. */
export function cursorAfter(stored: number | null, times: number[], now: number): string {
	// Nothing new: the window still moves up to now less the overlap, so an idle account's first-read
	// window does not stay open forever.
	const newest = Math.max(stored ?? 0, ...times, stored === null ? now - overlapMs : 0);
	return JSON.stringify({ since: newest });
}

/** A run's answer: each message once (a comment may be met under two posts), oldest first, and the cursor past it. */
export function pageOf(mentions: FetchedMention[], stored: number | null, now: number): { kind: "ok"; value: MentionPage } {
	const unique = [...new Map(mentions.map((m) => [m.externalId, m])).values()].sort((a, b) => a.createdAt - b.createdAt);
	return {
		kind: "ok",
		value: {
			mentions: unique,
			cursor: cursorAfter(
				stored,
				unique.map((m) => m.createdAt),
				now,
			),
			more: false,
		},
	};
}
