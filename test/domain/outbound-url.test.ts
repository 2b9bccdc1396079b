import { describe, expect, it } from "vitest";
import { checkOutboundUrl, parseIPv6 } from "../../domain/outbound-url";

const prod = { allowPrivate: false };
const refused = (url: string) => {
	const v = checkOutboundUrl(url, prod);
	return v.ok ? null : v.reason;
};

describe("checkOutboundUrl", () => {
	it("accepts public http(s) URLs", () => {
		for (const url of ["https://hooks.example.com/chorus", "http://example.org:8080/x?y=1", "https://8.8.8.8/", "https://[2606:4700::1111]/"]) {
			expect(refused(url), url).toBeNull();
		}
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
			"http://127.0.0.1/",
			"http://127.1/",
			"http://2130706433/",
			"http://0x7f000001/",
			"http://0177.0.0.1/",
			"http://10.1.2.3/",
			"http://172.16.0.1/",
			"http://172.31.255.255/",
			"http://192.168.1.1/",
			"http://169.254.169.254/latest/meta-data/",
			"http://100.64.0.1/",
			"http://0.0.0.0/",
			"http://224.0.0.1/",
		]) {
			expect(refused(url), url).not.toBeNull();
		}
		expect(refused("http://172.32.0.1/")).toBeNull();
		expect(refused("http://11.0.0.1/")).toBeNull();
	});

	it("refuses loopback, unique-local, link-local and IPv4-mapped IPv6", () => {
		for (const url of ["http://[::1]/", "http://[::]/", "http://[fd00::1]/", "http://[fc12:3456::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::10.0.0.1]/", "http://[ff02::1]/"]) {
			expect(refused(url), url).not.toBeNull();
		}
	});

	it("refuses local and internal names", () => {
		for (const url of ["http://localhost:8787/", "http://LOCALHOST./", "http://api.localhost/", "http://printer.local/", "http://metadata.google.internal/", "http://intranet/"]) {
			expect(refused(url), url).not.toBeNull();
		}
	});

	it("allows private targets when told to (local and test)", () => {
		expect(checkOutboundUrl("http://127.0.0.1:9999/hook", { allowPrivate: true }).ok).toBe(true);
		expect(checkOutboundUrl("ftp://127.0.0.1/", { allowPrivate: true }).ok).toBe(false);
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
