import { describe, expect, it } from "vitest";
import { composeText, lengthFindings, measure } from "../../domain/text-length";

// 👩‍👩‍👧‍👦: four 4-byte emoji joined by three 3-byte ZWJs = 25 UTF-8 bytes, 11 UTF-16 units, one grapheme.
const family = "👩‍👩‍👧‍👦";
const longUrl = `https://example.com/${"p".repeat(200)}`;

describe("composeText", () => {
	it("appends the link after a blank line", () => {
		expect(composeText("Hello", "https://ex.com")).toBe("Hello\n\nhttps://ex.com");
	});
	it("drops the body's trailing whitespace before the blank line", () => {
		expect(composeText("Hello \n", "https://ex.com")).toBe("Hello\n\nhttps://ex.com");
	});
	it("does not repeat a link the body already contains", () => {
		expect(composeText("Read https://ex.com now", "https://ex.com")).toBe("Read https://ex.com now");
	});
	it("is just the link when the body is empty", () => {
		expect(composeText("", "https://ex.com")).toBe("https://ex.com");
		expect(composeText(" \n", "https://ex.com")).toBe("https://ex.com");
	});
	it("is the body unchanged without a link", () => {
		expect(composeText("Hello ", null)).toBe("Hello ");
		expect(composeText("Hello", undefined)).toBe("Hello");
		expect(composeText("Hello", "  ")).toBe("Hello");
	});
});

describe("X", () => {
	it("weighs CJK 2", () => {
		expect(measure("x", "日本語")).toEqual({ network: "x", used: 6, limit: 280, unit: "weighted characters", ok: true });
		expect(measure("x", "日".repeat(140)).ok).toBe(true);
		expect(measure("x", "日".repeat(141))).toMatchObject({ used: 282, ok: false });
	});
	it("weighs an emoji ZWJ sequence 2", () => {
		expect(measure("x", family).used).toBe(2);
		expect(measure("x", family.repeat(140))).toMatchObject({ used: 280, ok: true });
	});
	it("counts every URL as 23, with or without a protocol", () => {
		expect(measure("x", longUrl).used).toBe(23);
		expect(measure("x", "See: example.com").used).toBe(5 + 23);
		expect(measure("x", `${"a".repeat(256)} ${longUrl}`)).toMatchObject({ used: 280, ok: true });
		expect(measure("x", `${"a".repeat(257)} ${longUrl}`)).toMatchObject({ used: 281, ok: false });
	});
	it("has the limit at exactly 280", () => {
		expect(measure("x", "a".repeat(280)).ok).toBe(true);
		expect(measure("x", "a".repeat(281)).ok).toBe(false);
	});
});

describe("Mastodon", () => {
	it("counts each http(s) URL as 23", () => {
		expect(measure("mastodon", longUrl).used).toBe(23);
		expect(measure("mastodon", `${"a".repeat(476)} ${longUrl}`)).toEqual({
			network: "mastodon",
			used: 500,
			limit: 500,
			unit: "characters",
			ok: true,
		});
		expect(measure("mastodon", `${"a".repeat(477)} ${longUrl}`)).toMatchObject({ used: 501, ok: false });
	});
	it("does not discount a bare domain (URLs need a protocol)", () => {
		expect(measure("mastodon", "example.com").used).toBe(11);
	});
	it("counts a mention without its domain", () => {
		expect(measure("mastodon", "@alice@mastodon.social hi").used).toBe("@alice hi".length);
		expect(measure("mastodon", "@bob hi").used).toBe(7);
		// An e-mail address is not a mention.
		expect(measure("mastodon", "me@example.com").used).toBe(14);
	});
	it("counts grapheme clusters", () => {
		expect(measure("mastodon", family).used).toBe(1);
		expect(measure("mastodon", "e\u0301").used).toBe(1);
		expect(measure("mastodon", family.repeat(500)).ok).toBe(true);
		expect(measure("mastodon", family.repeat(501)).ok).toBe(false);
	});
	it("takes an instance's own limit", () => {
		expect(measure("mastodon", "a".repeat(600), { limit: 1000 })).toMatchObject({ limit: 1000, ok: true });
	});
	it("counts URLs as the instance's characters_reserved_per_url", () => {
		expect(measure("mastodon", `see ${longUrl}`, { urlLength: 30 }).used).toBe(4 + 30);
		expect(measure("mastodon", `see ${longUrl}`, { limit: 5000, urlLength: 0 }).used).toBe(4);
	});
	it("is how the sandbox counts too", () => {
		expect(measure("sandbox", `@alice@example.social ${longUrl}`)).toEqual({
			network: "sandbox",
			used: 6 + 1 + 23,
			limit: 500,
			unit: "characters",
			ok: true,
		});
	});
});

describe("Bluesky", () => {
	it("allows exactly 300 graphemes, not 301", () => {
		expect(measure("bluesky", "a".repeat(300))).toEqual({
			network: "bluesky",
			used: 300,
			limit: 300,
			unit: "graphemes",
			ok: true,
			bytes: { used: 300, limit: 3000 },
		});
		expect(measure("bluesky", "a".repeat(301))).toMatchObject({ used: 301, ok: false });
	});
	it("counts an emoji ZWJ sequence as one grapheme of 25 bytes", () => {
		expect(measure("bluesky", family)).toMatchObject({ used: 1, bytes: { used: 25, limit: 3000 }, ok: true });
	});
	it("rejects text under 300 graphemes but over 3000 bytes", () => {
		expect(measure("bluesky", family.repeat(120))).toMatchObject({ used: 120, bytes: { used: 3000 }, ok: true });
		expect(measure("bluesky", family.repeat(121))).toMatchObject({ used: 121, bytes: { used: 3025 }, ok: false });
	});
	it("gives URLs no discount", () => {
		expect(measure("bluesky", `https://example.com/${"a".repeat(280)}`)).toMatchObject({ used: 300, ok: true });
		expect(measure("bluesky", `https://example.com/${"a".repeat(281)}`)).toMatchObject({ used: 301, ok: false });
	});
});

describe("LinkedIn, Facebook, Threads", () => {
	it("counts LinkedIn and Facebook in UTF-16 units", () => {
		expect(measure("linkedin", "a".repeat(3000))).toEqual({
			network: "linkedin",
			used: 3000,
			limit: 3000,
			unit: "characters",
			ok: true,
		});
		expect(measure("linkedin", `${"a".repeat(2999)}😀`)).toMatchObject({ used: 3001, ok: false });
		expect(measure("facebook", "a".repeat(63206)).ok).toBe(true);
		expect(measure("facebook", "a".repeat(63206)).ok).toBe(true);
		expect(measure("facebook", "a".repeat(63207)).ok).toBe(false);
	});
	it("counts LinkedIn's little-format escapes: the commentary LinkedIn measures is the escaped one", () => {
		// 2,990 letters and 10 parentheses: 3,000 as written, 3,010 once each "(" / ")" becomes "\\(" / "\\)".
		const text = `${"a".repeat(2990)}${"()".repeat(5)}`;
		expect(measure("linkedin", text)).toMatchObject({ used: 3010, limit: 3000, ok: false });
		expect(measure("linkedin", `${"a".repeat(2990)}#tag`)).toMatchObject({ used: 2995, ok: true });
	});
	it("counts emoji on Threads as their UTF-8 bytes", () => {
		expect(measure("threads", "😀").used).toBe(4);
		expect(measure("threads", family).used).toBe(25);
		expect(measure("threads", "日本").used).toBe(2);
		expect(measure("threads", "😀".repeat(125))).toMatchObject({ used: 500, limit: 500, ok: true });
		expect(measure("threads", "😀".repeat(126)).ok).toBe(false);
	});
});

describe("Instagram captions", () => {
	it("2,200 characters, 30 hashtags and 20 @ tags (content publishing, Limitations)", () => {
		expect(measure("instagram", "a".repeat(2200))).toMatchObject({ used: 2200, limit: 2200, ok: true });
		expect(lengthFindings("instagram", "a".repeat(2201))).toEqual([
			{ rule: "length", severity: "error", message: "Too long for Instagram: 2201/2200 characters" },
		]);
		const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${i}`).join(" ");
		expect(lengthFindings("instagram", tags(30))).toEqual([]);
		expect(lengthFindings("instagram", tags(31))).toEqual([{ rule: "hashtags", severity: "error", message: "Too many hashtags for Instagram: 31/30" }]);
		const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@user${i}`).join(" ");
		expect(lengthFindings("instagram", mentions(20))).toEqual([]);
		expect(lengthFindings("instagram", mentions(21))).toEqual([{ rule: "mentions", severity: "error", message: "Too many @ tags for Instagram: 21/20" }]);
	});
});

describe("lengthFindings", () => {
	it("finds nothing when the text fits", () => {
		expect(lengthFindings("x", "Hello", "https://example.com")).toEqual([]);
		expect(lengthFindings("bluesky", "", "https://example.com")).toEqual([]);
	});
	it("names the network, the count and the unit", () => {
		expect(lengthFindings("x", "a".repeat(291))).toEqual([{ rule: "length", severity: "error", message: "Too long for X: 291/280 weighted characters" }]);
		expect(lengthFindings("mastodon", "a".repeat(501))[0]?.message).toBe("Too long for Mastodon: 501/500 characters");
	});
	it("counts the appended link", () => {
		// 279 + blank line (2) + URL (23)
		expect(lengthFindings("x", "a".repeat(279), "https://example.com")[0]?.message).toBe("Too long for X: 304/280 weighted characters");
	});
	it("mentions bytes when bytes are Bluesky's problem", () => {
		expect(lengthFindings("bluesky", family.repeat(121))[0]?.message).toBe("Too long for Bluesky: 3025/3000 bytes (UTF-8)");
		expect(lengthFindings("bluesky", "a".repeat(301))[0]?.message).toBe("Too long for Bluesky: 301/300 graphemes");
		expect(lengthFindings("bluesky", family.repeat(301))[0]?.message).toBe("Too long for Bluesky: 301/300 graphemes and 7525/3000 bytes (UTF-8)");
	});
	it("rejects an empty post", () => {
		for (const body of ["", "  \n\t"]) {
			const findings = lengthFindings("mastodon", body, null);
			expect(findings).toHaveLength(1);
			expect(findings[0]).toMatchObject({ rule: "empty", severity: "error" });
		}
	});
});
