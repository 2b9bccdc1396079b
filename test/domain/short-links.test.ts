import { describe, expect, it } from "vitest";
import { asShortened, CODE_LENGTH, isCode, newCode, replaceUrls, urlsIn, utmFor, withUtm } from "../../domain/short-links";
import { measure } from "../../domain/text-length";

describe("short links", () => {
	it("codes are 10 base62 characters, and differ", () => {
		const codes = new Set(Array.from({ length: 500 }, () => newCode()));
		expect(codes.size).toBe(500);
		for (const c of codes) expect(isCode(c)).toBe(true);
		expect(CODE_LENGTH).toBeGreaterThanOrEqual(8);
	});

	it("UTM per account, with the campaign when given", () => {
		expect(utmFor({ network: "bluesky", handle: "@cafe.example" })).toEqual({
			utm_source: "bluesky",
			utm_medium: "social",
			utm_content: "cafe.example",
			utm_campaign: "chorus",
		});
		expect(utmFor({ network: "x", handle: "cafe", campaign: "Spring menu" }).utm_campaign).toBe("Spring menu");
		expect(withUtm("https://shop.example/a?id=3&utm_source=old#top", utmFor({ network: "x", handle: "cafe" }))).toBe(
			"https://shop.example/a?id=3&utm_source=x&utm_medium=social&utm_content=cafe&utm_campaign=chorus#top",
		);
	});

	it("finds and replaces http(s) links only", () => {
		const text = "New menu https://cafe.com/menu?x=1 and cafe.org, see http://old.net.";
		expect(urlsIn(text).map((u) => u.url)).toEqual(["https://cafe.com/menu?x=1", "http://old.net"]);
		expect(replaceUrls(text, (u) => (u.startsWith("https") ? "S" : undefined))).toBe("New menu S and cafe.org, see http://old.net.");
	});

	it("counts a shortened link as it will be sent", () => {
		const long = `Read this https://example.com/${"a".repeat(300)}`;
		expect(measure("bluesky", long).ok).toBe(false);
		const sent = asShortened(long, "https://chorus.example.org");
		expect(sent).toBe("Read this https://chorus.example.org/l/xxxxxxxxxx");
		expect(measure("bluesky", sent).used).toBe(10 + 39);
		// X counts every URL as 23 either way.
		expect(measure("x", sent).used).toBe(measure("x", long).used);
	});
});
