/**
 * Failed sign-ins are limited per email and per IP in fixed windows, so password guessing is slow
 * whichever of the two an attacker varies. Successful sign-ins do not count.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { signInFailure } from "../../db/schema";
import { ApiError } from "../errors";

const WINDOW_MS = 15 * 60_000;
const LIMITS = { email: 5, ip: 30 } as const;

const keysFor = (email: string, ip: string) => ({ email: `email:${email.toLowerCase()}`, ip: `ip:${ip}` });

export async function assertSignInAllowed(db: Db, email: string, ip: string, now: number): Promise<void> {
	const keys = keysFor(email, ip);
	const rows = await db.select().from(signInFailure).where(inArray(signInFailure.key, [keys.email, keys.ip]));
	for (const row of rows) {
		const limit = row.key === keys.email ? LIMITS.email : LIMITS.ip;
		if (row.windowEndsAt > now && row.count >= limit) {
			const retryAfter = Math.ceil((row.windowEndsAt - now) / 1000);
			throw new ApiError(429, "rate_limited", `Too many failed sign-ins; try again in ${retryAfter} s`, {
				headers: { "Retry-After": String(retryAfter) },
				details: { retryAfter },
			});
		}
	}
}

export async function recordSignInFailure(db: Db, email: string, ip: string, now: number): Promise<void> {
	const keys = keysFor(email, ip);
	const upsert = (key: string) =>
		db
			.insert(signInFailure)
			.values({ key, count: 1, windowEndsAt: now + WINDOW_MS })
			.onConflictDoUpdate({
				target: signInFailure.key,
				// A window that has ended starts over; otherwise the failure counts in the current one.
				set: {
					count: sql`CASE WHEN ${signInFailure.windowEndsAt} <= ${now} THEN 1 ELSE ${signInFailure.count} + 1 END`,
					windowEndsAt: sql`CASE WHEN ${signInFailure.windowEndsAt} <= ${now} THEN ${now + WINDOW_MS} ELSE ${signInFailure.windowEndsAt} END`,
				},
			});
	await db.batch([upsert(keys.email), upsert(keys.ip)]);
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
	await db.delete(signInFailure).where(eq(signInFailure.key, keysFor(email, "").email));
}
