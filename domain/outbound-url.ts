/**
 * The SSRF guard for every URL Chorus itself calls: network instances (a Mastodon instanceUrl, a
 * Bluesky PDS), the connect flows, token refresh, webhooks, report Slack hooks. Pure: it judges the
 * URL's text, no DNS. functions/outbound.ts applies it to every request and every redirect hop.
 *
 * What it refuses: schemes other than https (plain http only to this machine in local/test, for the
 * test servers the node tests start), credentials in the URL, hosts that are IP literals in loopback,
 * private, link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast,
 * reserved, documentation or unspecified ranges, IPv4 wrapped in IPv6 (mapped, compatible,
 * translated, 6to4 2002::/16, NAT64 64:ff9b::/96; Teredo is refused whole since it hides the address),
 * and names that mean this machine or an internal network (localhost, *.local, *.internal, names
 * without a dot). Decimal, octal and hex IPv4 spellings (2130706433, 0x7f.1, 0177.0.0.1) are turned
 * into dotted quads by the WHATWG URL parser before the address is judged.
 *
 * Local and test mode (allowLoopback) lets through only the plain loopback forms (127.0.0.0/8,
 * [::1], localhost), over http or https: a wrapped loopback ([::ffff:127.0.0.1], 2002:7f00:1::) is
 * refused even there, since no test server needs it and it only ever means someone is probing.
 */

export type OutboundUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export type OutboundUrlOptions = {
	/** CHORUS_ENV local or test: http and loopback hosts are allowed, for a server on this machine. */
	allowLoopback: boolean;
};

/** What kind of address an IP literal is; anything but "public" is refused. */
export type AddressClass = "public" | "loopback" | "private" | "link-local" | "cgnat" | "multicast" | "reserved" | "documentation" | "unspecified";

export type AddressVerdict = { class: AddressClass; reason: string };

const BLOCKED_NAMES = [/\.localhost$/, /\.local$/, /\.internal$/, /\.intranet$/, /\.lan$/, /\.home\.arpa$/];

export function checkOutboundUrl(text: string, options: OutboundUrlOptions): OutboundUrlVerdict {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: "Not a URL" };
	}
	if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "Only https URLs" };
	if (url.username || url.password) return { ok: false, reason: "No credentials (user:password@) in the URL" };

	const host = url.hostname.toLowerCase().replace(/\.$/, "");
	const loopback = isPlainLoopback(host);
	if (loopback && options.allowLoopback) return { ok: true, url };
	if (url.protocol !== "https:") return { ok: false, reason: "Only https URLs" };

	const ip = classifyHost(host);
	if (ip) return ip.class === "public" ? { ok: true, url } : { ok: false, reason: `${host} is ${ip.reason}` };
	if (host === "localhost") return { ok: false, reason: "localhost is this machine" };
	if (!host.includes(".")) return { ok: false, reason: "A single-label host name points inside a network" };
	if (BLOCKED_NAMES.some((re) => re.test(host))) return { ok: false, reason: `${host} is a local or internal name` };
	return { ok: true, url };
}

/** The hosts a local test server listens on; only these pass in local/test mode. */
function isPlainLoopback(host: string): boolean {
	if (host === "localhost" || host === "[::1]") return true;
	const v4 = parseIPv4(host);
	return v4 !== null && v4[0] === 127;
}

/**
 * The class of a host that is an IP literal ("10.0.0.1", "[fe80::1]", "fe80::1", "0x7f.1"), or null
 * for a name. Other IPv4 spellings are read the way a URL parser reads them.
 */
export function classifyHost(host: string): AddressVerdict | null {
	const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
	if (bare.includes(":")) {
		const bytes = parseIPv6(bare);
		return bytes ? ipv6Class(bytes) : { class: "reserved", reason: "not a valid IPv6 address" };
	}
	let canonical: string;
	try {
		canonical = new URL(`http://${bare}/`).hostname;
	} catch {
		return null;
	}
	const v4 = parseIPv4(canonical);
	return v4 ? ipv4Class(v4) : null;
}

/** Special IPv4 ranges (IANA special-purpose registry), as [first octets, prefix length, class, why]. */
const IPV4_RANGES: [number[], number, AddressClass, string][] = [
	[[0], 8, "unspecified", "an unspecified address"],
	[[10], 8, "private", "a private address"],
	[[100, 64], 10, "cgnat", "a carrier-grade NAT address"],
	[[127], 8, "loopback", "a loopback address"],
	[[169, 254], 16, "link-local", "a link-local address (cloud metadata)"],
	[[172, 16], 12, "private", "a private address"],
	[[192, 0, 0], 24, "reserved", "a reserved address"],
	[[192, 0, 2], 24, "documentation", "a documentation address"],
	[[192, 88, 99], 24, "reserved", "a reserved address"],
	[[192, 168], 16, "private", "a private address"],
	[[198, 18], 15, "reserved", "a benchmarking address"],
	[[198, 51, 100], 24, "documentation", "a documentation address"],
	[[203, 0, 113], 24, "documentation", "a documentation address"],
	[[224], 4, "multicast", "a multicast address"],
	[[240], 4, "reserved", "a reserved address"],
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

function ipv4Class(bytes: number[], wrapper = ""): AddressVerdict {
	const hit = IPV4_RANGES.find(([prefix, bits]) => inRange(bytes, prefix, bits));
	if (!hit) return { class: "public", reason: "a public address" };
	return { class: hit[2], reason: `${hit[3]}${wrapper ? ` (${bytes.join(".")} inside ${wrapper})` : ""}` };
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

function ipv6Class(b: number[]): AddressVerdict {
	const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
	const starts = (...prefix: number[]) => prefix.every((x, i) => b[i] === x);
	if (zero(0, 15) && b[15] === 1) return { class: "loopback", reason: "the IPv6 loopback address" };
	if (zero(0, 16)) return { class: "unspecified", reason: "the unspecified IPv6 address" };
	// IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d: the IPv4 address inside decides.
	if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return ipv4Class(b.slice(12), "an IPv4-mapped IPv6 address");
	if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return ipv4Class(b.slice(12), "an IPv4-translated IPv6 address");
	// IPv4-compatible ::a.b.c.d is deprecated (RFC 4291): nothing public uses it.
	if (zero(0, 12)) return { class: "reserved", reason: "an IPv4-compatible IPv6 address (deprecated)" };
	// NAT64 64:ff9b::/96 reaches the IPv4 address in its last 32 bits; 64:ff9b:1::/48 is a local NAT64.
	if (starts(0x00, 0x64, 0xff, 0x9b) && zero(4, 12)) return ipv4Class(b.slice(12), "a NAT64 address");
	if (starts(0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) return { class: "private", reason: "a local-use NAT64 address" };
	// 6to4 2002:AABB:CCDD::/48 tunnels to the IPv4 address AA.BB.CC.DD.
	if (starts(0x20, 0x02)) return ipv4Class(b.slice(2, 6), "a 6to4 address");
	if (starts(0x01, 0x00) && zero(2, 8)) return { class: "reserved", reason: "a discard-only IPv6 address" };
	if (starts(0x20, 0x01, 0x0d, 0xb8)) return { class: "documentation", reason: "a documentation IPv6 address" };
	// 2001::/23 holds IETF special addresses, Teredo (2001::/32, which hides the client's IPv4) among them.
	if (b[0] === 0x20 && b[1] === 0x01 && b[2]! < 0x02) return { class: "reserved", reason: "a special-purpose IPv6 address (Teredo, benchmarking)" };
	if ((b[0]! & 0xfe) === 0xfc) return { class: "private", reason: "a unique-local IPv6 address (private)" };
	if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return { class: "link-local", reason: "a link-local IPv6 address" };
	if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return { class: "private", reason: "a site-local IPv6 address" };
	if (b[0] === 0xff) return { class: "multicast", reason: "a multicast IPv6 address" };
	// Outside 2000::/3 nothing is allocated for the public internet.
	if ((b[0]! & 0xe0) !== 0x20) return { class: "reserved", reason: "an unallocated IPv6 address" };
	return { class: "public", reason: "a public address" };
}
