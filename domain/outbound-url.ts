/**
 * The SSRF guard for every URL Chorus itself will call on a user's behalf (webhooks today; report
 * Slack hooks and media fetches can reuse it). Pure: it judges the URL's text, no DNS.
 *
 * What it refuses (outside local/test): other schemes than http(s), credentials in the URL, hosts that
 * are IP literals in loopback, private, link-local (cloud metadata lives at 169.254.169.254),
 * carrier-grade NAT, multicast, reserved or unspecified ranges (IPv4, IPv6, and IPv4 wrapped in IPv6),
 * and names that mean this machine or an internal network (localhost, *.localhost, *.local,
 * *.internal, metadata.google.internal, names without a dot).
 *
 * A public name can still resolve to a private address (DNS rebinding); on Workers, fetch() to a
 * private address does not reach the customer's network, so refusing what the text shows is the part
 * that is ours to do.
 */

export type OutboundUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export type OutboundUrlOptions = {
	/** Allow loopback and private targets (CHORUS_ENV local or test: a receiver on the laptop). */
	allowPrivate: boolean;
};

const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /\.intranet$/, /\.lan$/, /\.home\.arpa$/];

export function checkOutboundUrl(text: string, options: OutboundUrlOptions): OutboundUrlVerdict {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: "Not a URL" };
	}
	if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "Only http and https URLs" };
	if (url.username || url.password) return { ok: false, reason: "No credentials in the URL; authenticate with the signature" };
	if (options.allowPrivate) return { ok: true, url };

	const host = url.hostname.toLowerCase().replace(/\.$/, "");
	if (host.startsWith("[")) {
		const bytes = parseIPv6(host.slice(1, -1));
		if (!bytes) return { ok: false, reason: "Not a valid IPv6 address" };
		const why = ipv6Refusal(bytes);
		return why ? { ok: false, reason: why } : { ok: true, url };
	}
	// The URL parser has already turned decimal, octal and hex IPv4 forms (2130706433, 0x7f.1) into dotted quads.
	const v4 = parseIPv4(host);
	if (v4) {
		const why = ipv4Refusal(v4);
		return why ? { ok: false, reason: why } : { ok: true, url };
	}
	if (!host.includes(".")) return { ok: false, reason: "A single-label host name points inside a network" };
	if (BLOCKED_NAMES.some((re) => re.test(host))) return { ok: false, reason: `${host} is a local or internal name` };
	return { ok: true, url };
}

/** Private or special IPv4 ranges, as [first octets, prefix length, why]. */
const IPV4_RANGES: [number[], number, string][] = [
	[[0], 8, "an unspecified address"],
	[[10], 8, "a private address"],
	[[100, 64], 10, "a carrier-grade NAT address"],
	[[127], 8, "a loopback address"],
	[[169, 254], 16, "a link-local address (cloud metadata)"],
	[[172, 16], 12, "a private address"],
	[[192, 0, 0], 24, "a reserved address"],
	[[192, 0, 2], 24, "a documentation address"],
	[[192, 88, 99], 24, "a reserved address"],
	[[192, 168], 16, "a private address"],
	[[198, 18], 15, "a benchmarking address"],
	[[198, 51, 100], 24, "a documentation address"],
	[[203, 0, 113], 24, "a documentation address"],
	[[224], 4, "a multicast address"],
	[[240], 4, "a reserved address"],
];

function parseIPv4(host: string): number[] | null {
	const parts = host.split(".");
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
	const bytes = parts.map(Number);
	return bytes.every((b) => b <= 255) ? bytes : null;
}

const toInt = (bytes: number[]) => bytes.reduce((n, b) => n * 256 + b, 0);

function inRange(bytes: number[], prefix: number[], bits: number): boolean {
	const full = [...prefix, 0, 0, 0, 0].slice(0, bytes.length);
	const shift = bytes.length * 8 - bits;
	return Math.floor(toInt(bytes) / 2 ** shift) === Math.floor(toInt(full) / 2 ** shift);
}

function ipv4Refusal(bytes: number[]): string | null {
	const hit = IPV4_RANGES.find(([prefix, bits]) => inRange(bytes, prefix, bits));
	return hit ? `${bytes.join(".")} is ${hit[2]}` : null;
}

/** 16 bytes, or null when the text is not an IPv6 address. Accepts :: and a trailing dotted quad. */
export function parseIPv6(text: string): number[] | null {
	const zoneless = text.split("%")[0]!;
	let head = zoneless;
	let tail4: number[] = [];
	const lastColon = zoneless.lastIndexOf(":");
	if (zoneless.slice(lastColon + 1).includes(".")) {
		const v4 = parseIPv4(zoneless.slice(lastColon + 1));
		if (!v4) return null;
		tail4 = v4;
		// Keep "::" whole ("::1.2.3.4"); otherwise drop the colon before the dotted quad.
		head = zoneless.slice(0, lastColon + 1);
		if (!head.endsWith("::")) head = head.slice(0, -1);
	}
	const halves = head.split("::");
	if (halves.length > 2) return null;
	const groups = (s: string) => (s === "" ? [] : s.split(":"));
	const left = groups(halves[0]!);
	const right = halves.length === 2 ? groups(halves[1]!) : [];
	const want = 8 - tail4.length / 2;
	if (![...left, ...right].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
	const missing = want - left.length - right.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
	const words = [...left, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...right].map((g) => parseInt(g, 16));
	return [...words.flatMap((w) => [w >> 8, w & 255]), ...tail4];
}

function ipv6Refusal(b: number[]): string | null {
	const zeroUpTo = (n: number) => b.slice(0, n).every((x) => x === 0);
	if (zeroUpTo(15) && b[15] === 1) return "::1 is a loopback address";
	if (zeroUpTo(16)) return ":: is an unspecified address";
	// IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judge the IPv4 inside.
	if (zeroUpTo(10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return ipv4Refusal(b.slice(12));
	// NAT64 (64:ff9b::/96) wraps an IPv4 address too.
	if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return ipv4Refusal(b.slice(12));
	if ((b[0]! & 0xfe) === 0xfc) return "a unique-local IPv6 address (private)";
	if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "a link-local IPv6 address";
	if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return "a site-local IPv6 address";
	if (b[0] === 0xff) return "a multicast IPv6 address";
	if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "a documentation IPv6 address";
	return null;
}
