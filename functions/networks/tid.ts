/**
 * atproto TIDs (timestamp identifiers), the record keys app.bsky.feed.post requires: a 64-bit integer
 * with the top bit 0, then 53 bits of microseconds since the Unix epoch and 10 bits of clock id, written
 * as 13 characters of base32-sortable so that string order is time order.
 * Chorus makes one per post, before the first publish attempt, and sends it on every retry: putRecord
 * at a fixed key is what makes a Bluesky publish idempotent.
 */

const alphabet = "234567abcdefghijklmnopqrstuvwxyz";
export const tidPattern = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/** The TID for a microsecond timestamp and a clock id (0–1023). Pure. */
export function encodeTid(micros: number, clockId: number): string {
	if (!Number.isSafeInteger(micros) || micros < 0) throw new RangeError("TID timestamp must be a non-negative safe integer");
	if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) throw new RangeError("TID clock id must be 0–1023");
	let value = (BigInt(micros) << 10n) | BigInt(clockId);
	let out = "";
	for (let i = 0; i < 13; i++) {
		out = alphabet[Number(value & 31n)] + out;
		value >>= 5n;
	}
	return out;
}

/** The parts of a TID, or null when the string is not one. Pure. */
export function decodeTid(tid: string): { micros: number; clockId: number } | null {
	if (!tidPattern.test(tid)) return null;
	let value = 0n;
	for (const char of tid) value = (value << 5n) | BigInt(alphabet.indexOf(char));
	return { micros: Number(value >> 10n), clockId: Number(value & 1023n) };
}

// Kept per isolate: strictly increasing TIDs even for calls within the same microsecond or when the clock
// steps back. The clock id is drawn on first use, because workerd refuses random values at module load.
let lastMicros = 0;
let clockId: number | null = null;

/**
 * A new TID for a post published now. Distinct isolates (and the network's other clients) differ by
 * their random clock id; within one isolate, each TID is greater than the previous one.
 */
export function newTid(nowMs: number = Date.now()): string {
	clockId ??= crypto.getRandomValues(new Uint16Array(1))[0]! & 1023;
	let micros = Math.floor(nowMs) * 1000;
	if (micros <= lastMicros) micros = lastMicros + 1;
	lastMicros = micros;
	return encodeTid(micros, clockId);
}
