import { describe, expect, it } from "vitest";
import { linkFacets } from "../../functions/networks/bluesky-facets";

const bytes = (text: string) => new TextEncoder().encode(text);
/** The text a facet covers, cut by its byte offsets, as a Bluesky client renders it. */
const covered = (text: string, facet: { index: { byteStart: number; byteEnd: number } }) =>
	new TextDecoder().decode(bytes(text).slice(facet.index.byteStart, facet.index.byteEnd));

describe("Bluesky link facets", () => {
	it("covers a plain URL with the lexicon's shape", () => {
		const text = "Launch day!\n\nhttps://example.com/launch";
		expect(linkFacets(text)).toEqual([
			{
				$type: "app.bsky.richtext.facet",
				index: { byteStart: 13, byteEnd: 39 },
				features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/launch" }],
			},
		]);
	});

	it("counts UTF-8 bytes, not UTF-16 units, for emoji before the URL", () => {
		// 👩‍👩‍👧‍👦 is 25 bytes but 11 UTF-16 units; 🚀 is 4 bytes, 2 units.
		const text = "👩‍👩‍👧‍👦🚀 see https://example.com/a";
		const [facet] = linkFacets(text);
		expect(facet!.index).toEqual({ byteStart: 34, byteEnd: 55 });
		expect(text.indexOf("https")).toBe(18);
		expect(covered(text, facet!)).toBe("https://example.com/a");
	});

	it("counts 3 bytes per CJK character before the URL", () => {
		const text = "日本語のお知らせ https://example.jp/お知らせ";
		const [facet] = linkFacets(text);
		expect(facet!.index.byteStart).toBe(8 * 3 + 1);
		expect(covered(text, facet!)).toBe("https://example.jp/お知らせ");
		expect(facet!.features[0].uri).toBe("https://example.jp/お知らせ");
	});

	it("finds every URL, leaving out sentence punctuation and an unbalanced closing parenthesis", () => {
		const text = "Docs (https://example.com/docs), blog: https://example.com/blog. Wiki https://en.wikipedia.org/wiki/Foo_(bar)!";
		const facets = linkFacets(text);
		expect(facets.map((f) => f.features[0].uri)).toEqual(["https://example.com/docs", "https://example.com/blog", "https://en.wikipedia.org/wiki/Foo_(bar)"]);
		for (const facet of facets) expect(covered(text, facet)).toBe(facet.features[0].uri);
	});

	it("ignores URLs glued to a word, bare domains and other schemes", () => {
		expect(linkFacets("xhttps://example.com example.com ftp://example.com mailto:a@example.com")).toEqual([]);
	});

	it("is empty for text without links", () => {
		expect(linkFacets("Just words, 🎉 and 日本語")).toEqual([]);
	});
});
