/**
 * Fixed-window counters in D1 (the rate_window table): each key counts attempts until its window
 * ends, then starts over. Callers check before acting and count what they decided to count (failed
 * sign-ins, sign-up attempts), so a refused request never uses up another slot.
 */
import { inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { rateWindow } from "../../db/schema";
import { ApiError } from "../errors";

/** `name` goes out as details.limit, so a client can tell which limit it hit. */
export type Limit = { key: string; name: string; max: number; windowMs: number; message: string };

/** The first limit whose window is full, with when that window ends; null when all have room. */
export async function fullLimit(db: Db, limits: Limit[], now: number): Promise<{ limit: Limit; windowEndsAt: number } | null> {
	if (limits.length === 0) return null;
	const rows = await db
		.select()
		.from(rateWindow)
		.where(
			inArray(
				rateWindow.key,
				limits.map((l) => l.key),
			),
		);
	for (const limit of limits) {
		const row = rows.find((r) => r.key === limit.key);
		if (row && row.windowEndsAt > now && row.count >= limit.max) return { limit, windowEndsAt: row.windowEndsAt };
	}
	return null;
}

/** 429 `rate_limited` with Retry-After for the first limit whose window is full. */
export async function assertUnderLimits(db: Db, limits: Limit[], now: number): Promise<void> {
	const full = await fullLimit(db, limits, now);
	if (!full) return;
	const retryAfter = Math.max(1, Math.ceil((full.windowEndsAt - now) / 1000));
	throw new ApiError(429, "rate_limited", `${full.limit.message}; try again in ${retryAfter} s`, {
		headers: { "Retry-After": String(retryAfter) },
		details: { retryAfter, limit: full.limit.name },
	});
}

/** The statements that count one attempt against each limit (to batch with the attempt's own writes). */
export function countStatements(db: Db, limits: Limit[], now: number) {
	return limits.map((limit) =>
		db
			.insert(rateWindow)
			.values({ key: limit.key, count: 1, windowEndsAt: now + limit.windowMs })
			.onConflictDoUpdate({
				target: rateWindow.key,
				// A window that has ended starts over; otherwise the attempt counts in the current one.
				set: {
					count: sql`CASE WHEN ${rateWindow.windowEndsAt} <= ${now} THEN 1 ELSE ${rateWindow.count} + 1 END`,
					windowEndsAt: sql`CASE WHEN ${rateWindow.windowEndsAt} <= ${now} THEN ${now + limit.windowMs} ELSE ${rateWindow.windowEndsAt} END`,
				},
			}),
	);
}

export async function countAttempt(db: Db, limits: Limit[], now: number): Promise<void> {
	const [first, ...rest] = countStatements(db, limits, now);
	if (first) await db.batch([first, ...rest]);
}

/** Forgets the counts of the given keys and of every key that starts with one of `prefixes`. */
export async function clearCounts(db: Db, keys: string[], prefixes: string[] = []): Promise<void> {
	const byPrefix = prefixes.map((p) => sql`substr(${rateWindow.key}, 1, ${p.length}) = ${p}`);
	const where = or(...(keys.length ? [inArray(rateWindow.key, keys)] : []), ...byPrefix);
	if (where) await db.delete(rateWindow).where(where);
}
