/** How publishing backs off when a network gives no signal of its own. */

/** Tries per post before it fails for good (each try is a real send or a network's refusal). */
export const MAX_SEND_ATTEMPTS = 8;

const BASE_SECONDS = 5;
const CAP_SECONDS = 15 * 60;

/**
 * Capped exponential back-off with full jitter: attempt 1 waits up to 5 s, 2 up to 10 s, … capped at
 * 15 minutes. The jitter spreads retries of many accounts so they don't hit a network together.
 */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(CAP_SECONDS, BASE_SECONDS * 2 ** Math.max(0, attempt - 1));
	return Math.max(1, Math.ceil(ceiling * random()));
}
