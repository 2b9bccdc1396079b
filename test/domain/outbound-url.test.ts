import { describe, expect, it } from "vitest";
import { type AddressClass, checkOutboundUrl, classifyHost, parseIPv6 } from "../../domain/outbound-url";

const prod = { allowLoopback: false };
const local = { allowLoopback: true };
const refused = (url: string) => {
	const v = checkOutboundUrl(url, prod);
	return v.ok ? null : v.reason;
};

describe("checkOutboundUrl", () => {
	it("accepts public https URLs", () => {
		for (const url of [
			"https://hooks.example.com/chorus",
			"https://example.org:8443/x?y=1",
			"https://8.8.8.8/",
			"https://[2606:4700::1111]/",
			"https://[2001:4860:4860::8888]/",
		]) {
			expect(refused(url), url).toBeNull();
		}
	});

	it("refuses plain http outside local and test, and to anything but loopback in them", () => {
		expect(refused("http://example.org/x")).toMatch(/https/);
		expect(checkOutboundUrl("http://example.org/x", local).ok).toBe(false);
		expect(checkOutboundUrl("http://10.0.0.1/x", local).ok).toBe(false);
	});

	it("refuses other schemes and credentials", () => {
		expect(refused("ftp://example.com/")).toMatch(/http/);
		expect(refused("file:///etc/passwd")).toMatch(/http/);
		expect(refused("javascript:alert(1)")).toMatch(/http/);
		expect(refused("not a url")).toMatch(/Not a URL/);
		expect(refused("https://user:pw@example.com/")).toMatch(/credentials/);
	});

	it("refuses loopback, private, link-local and metadata IPv4, in every spelling", () => {
		for (const url of [
			"https://127.0.0.1/",
			"https://127.1/",
			"https://2130706433/",
			"https://0x7f000001/",
			"https://0177.0.0.1/",
			"https://10.1.2.3/",
			"https://172.16.0.1/",
			"https://172.31.255.255/",
			"https://192.168.1.1/",
			"https://169.254.169.254/latest/meta-data/",
			"https://100.64.0.1/",
			"https://0.0.0.0/",
			"https://224.0.0.1/",
		]) {
			expect(refused(url), url).not.toBeNull();
		}
		expect(refused("https://172.32.0.1/")).toBeNull();
		expect(refused("https://11.0.0.1/")).toBeNull();
	});

	it("refuses loopback, unique-local, link-local and IPv4-mapped IPv6", () => {
		for (const url of [
			"https://[::1]/",
			"https://[::]/",
			"https://[fd00::1]/",
			"https://[fc12:3456::1]/",
			"https://[fe80::1]/",
			"https://[::ffff:127.0.0.1]/",
			"https://[::ffff:a9fe:a9fe]/",
			"https://[64:ff9b::10.0.0.1]/",
			"https://[ff02::1]/",
		]) {
			expect(refused(url), url).not.toBeNull();
		}
	});

	it("refuses local and internal names", () => {
		for (const url of [
			"https://localhost:8787/",
			"https://LOCALHOST./",
			"https://api.localhost/",
			"https://printer.local/",
			"https://metadata.google.internal/",
			"https://intranet/",
		]) {
			expect(refused(url), url).not.toBeNull();
		}
	});

	it("allows only plain loopback test servers in local and test mode, never a wrapped or private one", () => {
		for (const url of ["http://127.0.0.1:9999/hook", "http://localhost:2583/xrpc", "http://[::1]:8080/", "https://127.0.0.1/"]) {
			expect(checkOutboundUrl(url, local).ok, url).toBe(true);
		}
		for (const url of [
			"ftp://127.0.0.1/",
			"http://user:pw@127.0.0.1/",
			"https://[::ffff:127.0.0.1]/",
			"https://[2002:7f00:1::]/",
			"https://[64:ff9b::7f00:1]/",
			"https://169.254.169.254/",
			"https://192.168.1.1/",
			"https://printer.local/",
		]) {
			expect(checkOutboundUrl(url, local).ok, url).toBe(false);
		}
	});

	it("refuses the wrapped IPv6 forms: mapped, compatible, translated, 6to4, NAT64, Teredo", () => {
		for (const url of [
			"https://[::ffff:127.0.0.1]/",
			"https://[::ffff:7f00:1]/",
			"https://[::ffff:169.254.169.254]/",
			"https://[::127.0.0.1]/",
			"https://[::8.8.8.8]/",
			"https://[::ffff:0:10.0.0.1]/",
			"https://[2002:7f00:1::]/",
			"https://[2002:a9fe:a9fe::1]/",
			"https://[2002:c0a8:0101::]/",
			"https://[64:ff9b::127.0.0.1]/",
			"https://[64:ff9b::a9fe:a9fe]/",
			"https://[64:ff9b:1::1]/",
			"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
			"https://[2001:db8::1]/",
			"https://[100::1]/",
		]) {
			expect(refused(url), url).not.toBeNull();
		}
		// Wrapping a public IPv4 address is fine where the wrapper itself reaches the internet.
		expect(refused("https://[2002:808:808::1]/")).toBeNull();
		expect(refused("https://[64:ff9b::8.8.8.8]/")).toBeNull();
	});

	it("classifies every spelling of an address (table)", () => {
		const table: [string, AddressClass | null][] = [
			["8.8.8.8", "public"],
			["127.0.0.1", "loopback"],
			["127.1", "loopback"],
			["2130706433", "loopback"],
			["0x7f000001", "loopback"],
			["0x7f.0.0.1", "loopback"],
			["0177.0.0.1", "loopback"],
			["017700000001", "loopback"],
			["10.0.0.1", "private"],
			["0xa.0.0.1", "private"],
			["172.16.0.1", "private"],
			["172.32.0.1", "public"],
			["192.168.0.1", "private"],
			["3232235521", "private"],
			["169.254.169.254", "link-local"],
			["0xa9fea9fe", "link-local"],
			["2852039166", "link-local"],
			["100.64.0.1", "cgnat"],
			["100.128.0.1", "public"],
			["0.0.0.0", "unspecified"],
			["0", "unspecified"],
			["224.0.0.251", "multicast"],
			["255.255.255.255", "reserved"],
			["198.18.0.1", "reserved"],
			["192.0.2.1", "documentation"],
			["[::1]", "loopback"],
			["::", "unspecified"],
			["[0:0:0:0:0:0:0:1]", "loopback"],
			["::ffff:127.0.0.1", "loopback"],
			["::ffff:7f00:1", "loopback"],
			["::ffff:a9fe:a9fe", "link-local"],
			["::ffff:8.8.8.8", "public"],
			["::ffff:0:10.0.0.1", "private"],
			["::10.0.0.1", "reserved"],
			["2002:7f00:1::", "loopback"],
			["2002:0a00:0001::1", "private"],
			["2002:a9fe:a9fe::", "link-local"],
			["2002:808:808::", "public"],
			["64:ff9b::127.0.0.1", "loopback"],
			["64:ff9b::c0a8:1", "private"],
			["64:ff9b::8.8.8.8", "public"],
			["64:ff9b:1::1", "private"],
			["2001::1", "reserved"],
			["2001:db8::1", "documentation"],
			["fd12:3456::1", "private"],
			["fe80::1%eth0", "link-local"],
			["fec0::1", "private"],
			["ff02::1", "multicast"],
			["4000::1", "reserved"],
			["2606:4700::1111", "public"],
			["example.com", null],
		];
		for (const [host, expected] of table) expect(classifyHost(host)?.class ?? null, host).toBe(expected);
	});

	it("parses IPv6 text, including :: and a dotted-quad tail", () => {
		expect(parseIPv6("::1")).toEqual([...Array(15).fill(0), 1]);
		expect(parseIPv6("::ffff:1.2.3.4")?.slice(10)).toEqual([255, 255, 1, 2, 3, 4]);
		expect(parseIPv6("::1.2.3.4")?.slice(12)).toEqual([1, 2, 3, 4]);
		expect(parseIPv6("1:2:3:4:5:6:7:8")?.[15]).toBe(8);
		expect(parseIPv6("1::2::3")).toBeNull();
		expect(parseIPv6("12345::")).toBeNull();
	});
});
