/**
 * Failed sign-ins are throttled, never a lock-out: a guesser slows down only the (address, client)
 * pair they guess from, so the member signing in from their own device is not shut out by someone
 * else's wrong passwords. Two wider limits catch what varies one side: a client trying many
 * addresses, and an address guessed from many clients (a ceiling well above one pair's allowance,
 * which a single guesser cannot reach). Successful sign-ins do not count, and clear only their pair.
 */
import type { Db } from "../../db/client";
import { assertUnderLimits, clearCounts, countAttempt, type Limit } from "./rate-window";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LIMITS = { pair: 5, client: 30, address: 50 } as const;

const pairPrefix = (email: string) => `signin:pair:${email.toLowerCase()} `;

function limitsFor(email: string, client: string): Limit[] {
	const address = email.toLowerCase();
	const windowMs = SIGN_IN_WINDOW_MS;
	return [
		{
			key: `${pairPrefix(address)}${client}`,
			name: "sign_ins_per_address_and_client",
			max: SIGN_IN_LIMITS.pair,
			windowMs,
			message: "Too many failed sign-ins for this address from here",
		},
		{ key: `signin:client:${client}`, name: "sign_ins_per_client", max: SIGN_IN_LIMITS.client, windowMs, message: "Too many failed sign-ins from here" },
		{
			key: `signin:address:${address}`,
			name: "sign_ins_per_address",
			max: SIGN_IN_LIMITS.address,
			windowMs,
			message: "Too many failed sign-ins for this address",
		},
	];
}

export const assertSignInAllowed = (db: Db, email: string, client: string, now: number) => assertUnderLimits(db, limitsFor(email, client), now);

export const recordSignInFailure = (db: Db, email: string, client: string, now: number) => countAttempt(db, limitsFor(email, client), now);

/** After a successful sign-in: this client may try again at once; the address's ceiling stays. */
export const clearSignInPair = (db: Db, email: string, client: string) => clearCounts(db, [limitsFor(email, client)[0]!.key]);

/** After a password reset (the member proved they hold the mailbox): every count on the address goes. */
export const clearSignInFailures = (db: Db, email: string) => clearCounts(db, [`signin:address:${email.toLowerCase()}`], [pairPrefix(email)]);
