import { describe, expect, it } from "vitest";
import { linkFacets, mentionCandidates, richTextFacets, tagFacets } from "../../functions/networks/bluesky-facets";

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

describe("Bluesky mentions and tags", () => {
	const did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

	it("finds @handles after an emoji ZWJ sequence and CJK, with UTF-8 byte ranges", () => {
		// "👩‍👩‍👧‍👦" is 25 bytes (11 UTF-16 units), "日本語" 9 bytes (3 units): UTF-16 offsets would be wrong.
		const text = "👩‍👩‍👧‍👦 日本語 @Alice.bsky.social さん";
		const [mention] = mentionCandidates(text);
		expect(mention).toEqual({ handle: "alice.bsky.social", index: { byteStart: 36, byteEnd: 54 } });
		expect(covered(text, mention!)).toBe("@Alice.bsky.social");
	});

	it("takes only what detectFacets takes for a handle: a known TLD (or .test) after start, space or '('", () => {
		const text = "Mail team@example.com, meet @home at 5 (@bob.test) and @carol.bsky.social.";
		expect(mentionCandidates(text).map((m) => m.handle)).toEqual(["bob.test", "carol.bsky.social"]);
		const last = mentionCandidates(text)[1]!;
		expect(covered(text, last)).toBe("@carol.bsky.social");
	});

	it("marks a resolved mention with its DID and leaves an unresolved one as plain text", () => {
		const text = "🚀 Thanks @alice.bsky.social and @ghost.bsky.social!";
		const facets = richTextFacets(text, new Map([["alice.bsky.social", did]]));
		expect(facets).toEqual([
			{ $type: "app.bsky.richtext.facet", index: { byteStart: 12, byteEnd: 30 }, features: [{ $type: "app.bsky.richtext.facet#mention", did }] },
		]);
		expect(covered(text, facets[0]!)).toBe("@alice.bsky.social");
	});

	it("tags: value without '#', trailing punctuation out of the range, byte offsets after emoji and CJK", () => {
		const text = "🎉 新製品 #ローンチ! and #launch2026, #日本.";
		const facets = tagFacets(text);
		expect(facets.map((f) => f.features[0].tag)).toEqual(["ローンチ", "launch2026", "日本"]);
		expect(facets.map((f) => covered(text, f))).toEqual(["#ローンチ", "#launch2026", "#日本"]);
		// 🎉 4 bytes + space + 新製品 9 bytes + space = 15; "#ローンチ" is 1 + 4×3 bytes.
		expect(facets[0]!.index).toEqual({ byteStart: 15, byteEnd: 28 });
		expect(facets[0]!.$type).toBe("app.bsky.richtext.facet");
		expect(facets[0]!.features[0].$type).toBe("app.bsky.richtext.facet#tag");
	});

	it("no tag when numeric-only, punctuation-only, glued to a word, or over 64 graphemes", () => {
		const long = "a".repeat(65);
		expect(tagFacets(`#1 #2026 #!! word#tag #${long} #${"a".repeat(64)}`).map((f) => f.features[0].tag)).toEqual(["a".repeat(64)]);
	});

	it("the full-width ＃ starts a tag too (3 bytes in UTF-8)", () => {
		const text = "＃東京 ok";
		const [facet] = tagFacets(text);
		expect(facet!.features[0].tag).toBe("東京");
		expect(facet!.index).toEqual({ byteStart: 0, byteEnd: 9 });
	});

	it("links, mentions and tags together, in byte order", () => {
		const text = "é #news by @alice.bsky.social https://example.com/a";
		const facets = richTextFacets(text, new Map([["alice.bsky.social", did]]));
		expect(facets.map((f) => [f.features[0].$type.split("#")[1], covered(text, f)])).toEqual([
			["tag", "#news"],
			["mention", "@alice.bsky.social"],
			["link", "https://example.com/a"],
		]);
	});
});
