/**
 * Who is asking, for per-client rate limits (sign-in, sign-up).
 *
 * - Deployed: CF-Connecting-IP. Cloudflare sets it on every request that reaches the Worker and
 *   replaces any value the client sent, so only there can it be trusted. An IPv6 address counts by
 *   its /64, the block one subscriber gets, so rotating addresses within it does not reset a limit.
 *   X-Forwarded-For is never read: the client writes it.
 * - Locally (wrangler dev passes a client's CF-Connecting-IP through as sent): one machine, one
 *   client, "local", whatever the request claims.
 * - Tests (CHORUS_ENV=test): X-Chorus-Client names the client, honoured only there, as X-Chorus-Now
 *   is for the clock. A request without it is a client of its own, so the many tests sharing one
 *   runtime never count against each other; a test of the limits names its clients.
 */
export function clientKey(env: Pick<Env, "CHORUS_ENV">, headers: Headers): string {
	if (env.CHORUS_ENV === "local") return "local";
	if (env.CHORUS_ENV === "test") return `test:${headers.get("X-Chorus-Client") ?? crypto.randomUUID()}`;
	const ip = headers.get("CF-Connecting-IP")?.trim().toLowerCase();
	if (!ip) return "unknown";
	return ip.includes(":") ? `ip6:${ipv6Prefix64(ip)}` : `ip:${ip}`;
}

/** The first four groups of an IPv6 address, "::" expanded: "2001:db8::1" → "2001:db8:0:0". */
function ipv6Prefix64(ip: string): string {
	const [head = "", tail] = ip.split("::");
	const left = head ? head.split(":") : [];
	const right = tail ? tail.split(":") : [];
	const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
	return groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ""))
		.join(":");
}
