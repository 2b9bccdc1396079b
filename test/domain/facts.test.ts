import { describe, expect, it } from "vitest";
import { compareFacts, extractFacts, type Fact, normalizeFact, normalizeUrl, parseAmount } from "../../domain/facts";

const values = (text: string, opts = {}) => extractFacts(text, opts).map((f) => `${f.kind} ${f.value}`);
const only = (text: string, opts = {}) => {
	const facts = extractFacts(text, opts);
	expect(facts, text).toHaveLength(1);
	return facts[0]?.value;
};

describe("dates", () => {
	it.each([
		["3 March", "--03-03"],
		["3rd March", "--03-03"],
		["the 3rd of March", "--03-03"],
		["March 3rd", "--03-03"],
		["March 3", "--03-03"],
		["Mar 3", "--03-03"],
		["Mar. 3, 2026", "2026-03-03"],
		["Tuesday, March 3, 2026", "2026-03-03"],
		["3 March 2026", "2026-03-03"],
		["am 3. März", "--03-03"],
		["am 3. Maerz 2026", "2026-03-03"],
		["le 1er mars", "--03-01"],
		["le 3 mars 2026", "2026-03-03"],
		["el 3 de marzo", "--03-03"],
		["el 3 de marzo de 2026", "2026-03-03"],
		["il 3 marzo", "--03-03"],
		["op 3 maart", "--03-03"],
		["3月3日", "--03-03"],
		["2026年3月3日", "2026-03-03"],
		["3월 3일", "--03-03"],
		["2026-03-03", "2026-03-03"],
		["2026/3/3", "2026-03-03"],
		["3.3.2026", "2026-03-03"],
		["03.03.26", "2026-03-03"],
		["25/12/2026", "2026-12-25"],
		["12/25/2026", "2026-12-25"],
		["3/3/2026", "2026-03-03"],
		["１２月２４日", "--12-24"],
	])("%s → %s", (text, value) => {
		expect(only(text)).toBe(value);
		expect(extractFacts(text)[0]?.kind).toBe("date");
	});

	it("keeps the text as written, without a sentence's full stop", () => {
		expect(extractFacts("Doors open 3. März 2026!")).toEqual([{ kind: "date", text: "3. März 2026", value: "2026-03-03" }]);
		expect(extractFacts("Apply by Friday, 13 June.")).toEqual([{ kind: "date", text: "13 June", value: "--06-13" }]);
		expect(extractFacts("Until 3 Mar. 2026")).toEqual([{ kind: "date", text: "3 Mar. 2026", value: "2026-03-03" }]);
	});

	it("skips ambiguous and impossible dates", () => {
		expect(values("3/4/2026")).toEqual([]);
		expect(values("31 February")).toEqual(["number 31"]);
		expect(values("30 February 2026")).toEqual(["number 30", "number 2026"]);
		expect(values("open 24/7, 1/2 price")).toEqual([]);
	});

	it("reads ambiguous numeric dates in the given order", () => {
		expect(values("3/4/2026", { numericDates: "dmy" })).toEqual(["date 2026-04-03"]);
		expect(values("3/4/2026", { numericDates: "mdy" })).toEqual(["date 2026-03-04"]);
	});

	it("puts two-digit years in the reference year's century", () => {
		expect(values("31.12.99")).toEqual(["date 1999-12-31"]);
		expect(values("31.12.99", { referenceYear: 2150 })).toEqual(["date 2199-12-31"]);
	});

	it("does not take months out of words or lower-case English month-first text", () => {
		expect(values("Marching on, Mayday, you may 3 times")).toEqual([]);
		expect(values("Release Marz 3")).toEqual([]);
	});
});

describe("prices", () => {
	it.each([
		["$10", "USD 10.00"],
		["10 USD", "USD 10.00"],
		["US$10", "USD 10.00"],
		["10 dollars", "USD 10.00"],
		["10 Dollar", "USD 10.00"],
		["10 dólares", "USD 10.00"],
		["10ドル", "USD 10.00"],
		["€9,99", "EUR 9.99"],
		["9,99 €", "EUR 9.99"],
		["EUR 9.99", "EUR 9.99"],
		["9.99 euros", "EUR 9.99"],
		["¥1,000", "JPY 1000"],
		["1000円", "JPY 1000"],
		["1,000円", "JPY 1000"],
		["1万円", "JPY 10000"],
		["1.000,50 €", "EUR 1000.50"],
		["$1,000.50", "USD 1000.50"],
		["1 000 €", "EUR 1000.00"],
		["CHF 1'000", "CHF 1000.00"],
		["£5", "GBP 5.00"],
		["$2.5M", "USD 2500000.00"],
		["$10k", "USD 10000.00"],
		["C$15", "CAD 15.00"],
	])("%s → %s", (text, value) => {
		expect(extractFacts(text)).toEqual([{ kind: "price", text, value }]);
	});

	it("does not read currency codes out of words", () => {
		expect(values("10 try-outs")).toEqual(["number 10"]);
		expect(values("USDA")).toEqual([]);
	});
});

describe("percentages", () => {
	it.each([
		["20%", "20%"],
		["20 %", "20%"],
		["-20%", "20%"],
		["20 percent", "20%"],
		["20 Prozent", "20%"],
		["20 pour cent", "20%"],
		["20 por ciento", "20%"],
		["20パーセント", "20%"],
		["20％", "20%"],
		["2,5 %", "2.5%"],
	])("%s → %s", (text, value) => {
		expect(only(text)).toBe(value);
		expect(extractFacts(text)[0]?.kind).toBe("percent");
	});
});

describe("links", () => {
	it("normalises host case, trailing slash and utm_* parameters, keeping path and query", () => {
		expect(extractFacts("Read https://Chorus.Example/Launch/?utm_source=x&id=4&utm_medium=y.")).toEqual([
			{ kind: "link", text: "https://Chorus.Example/Launch/?utm_source=x&id=4&utm_medium=y", value: "https://chorus.example/Launch?id=4" },
		]);
		expect(normalizeUrl("https://chorus.example/")).toBe("https://chorus.example");
		expect(normalizeUrl("www.chorus.example/a/")).toBe("https://www.chorus.example/a");
	});
	it("finds links with and without a scheme, in brackets and in Japanese text", () => {
		expect(values("(see https://chorus.example/a_(b)) or chorus.app/launch")).toEqual(["link https://chorus.example/a_(b)", "link https://chorus.app/launch"]);
		expect(values("詳しくはhttps://chorus.example/jaをご覧ください")).toEqual(["link https://chorus.example/ja"]);
	});
	it("reads e-mail addresses as mailto links", () => {
		expect(values("Write to Hello@Chorus.example")).toEqual(["link mailto:hello@chorus.example"]);
	});
	it("takes no numbers or codes out of links", () => {
		expect(values("https://chorus.example/posts/2026/SPRING25")).toEqual(["link https://chorus.example/posts/2026/SPRING25"]);
	});
});

describe("codes", () => {
	it.each([
		["Use SPRING25 at checkout", "SPRING25"],
		["use code spring25", "SPRING25"],
		["Code: WELCOME", "WELCOME"],
		["Gutschein sommer24 einlösen", "SOMMER24"],
		["código VERANO", "VERANO"],
		["code promo ete2026", "ETE2026"],
		["クーポン「spring25」", "SPRING25"],
		["SPRING25で20％オフ", "SPRING25"],
	])("%s → %s", (text, value) => {
		expect(extractFacts(text).find((f) => f.kind === "code")?.value).toBe(value);
	});
	it("ignores words after 'code' and plain capitals", () => {
		expect(values("the code of conduct, code review, NASA, Gutschein einlösen, #SPRING25")).toEqual([]);
	});
});

describe("numbers", () => {
	it("counts numbers from 10, with a multiplier or with a unit", () => {
		expect(values("1,000 users, 1.000 Nutzer, 10k fans, 1.5 million views, 3万人, 5 km, 3 days")).toEqual([
			"number 1000",
			"number 10000",
			"number 1500000",
			"number 30000",
			"number 5",
			"number 3",
		]);
	});
	it("skips small counts, ordinals, times, versions, hashtags and mentions", () => {
		expect(values("3 tips for the 1st, 2nd and 21st try at 10:30, 3pm or 15h30 with v1.2.3 #2026 @user42")).toEqual([]);
	});
	it("groups thousands the same in every locale", () => {
		expect(parseAmount("1.000,50")).toBe(1000.5);
		expect(parseAmount("1,000.50")).toBe(1000.5);
		expect(parseAmount("1 000")).toBe(1000);
		expect(parseAmount("9,99")).toBe(9.99);
		expect(parseAmount("1.000.000")).toBe(1000000);
		expect(parseAmount("0,500")).toBe(0.5);
	});
	it("does not count a year inside a date, a price's amount or a percentage as a number", () => {
		expect(values("3 March 2026: $10, 20%")).toEqual(["date 2026-03-03", "price USD 10.00", "percent 20%"]);
	});
});

describe("extractFacts", () => {
	it("lists each fact once, in order", () => {
		expect(values("Launch on 3 March: $10, 20% off with code SPRING25 at https://chorus.example/launch. Again: March 3rd, $10!")).toEqual([
			"date --03-03",
			"price USD 10.00",
			"percent 20%",
			"code SPRING25",
			"link https://chorus.example/launch",
		]);
	});
});

describe("normalizeFact", () => {
	it("reads a given fact as its kind", () => {
		expect(normalizeFact("date", "March 3rd")).toEqual({ kind: "date", text: "March 3rd", value: "--03-03" });
		expect(normalizeFact("price", " 10 USD ")).toEqual({ kind: "price", text: "10 USD", value: "USD 10.00" });
		expect(normalizeFact("percent", "20 Prozent")?.value).toBe("20%");
		expect(normalizeFact("code", "spring25")?.value).toBe("SPRING25");
		expect(normalizeFact("code", "Code: spring25")?.value).toBe("SPRING25");
		expect(normalizeFact("number", "3")?.value).toBe("3");
		expect(normalizeFact("link", "Chorus.example/")?.value).toBe("https://chorus.example");
	});
	it("is null when the text holds no such fact", () => {
		expect(normalizeFact("date", "soon")).toBeNull();
		expect(normalizeFact("price", "10")).toBeNull();
		expect(normalizeFact("number", "many")).toBeNull();
		expect(normalizeFact("code", "two words")).toBeNull();
		expect(normalizeFact("code", "  ")).toBeNull();
	});
});

describe("compareFacts", () => {
	const main = extractFacts("Chorus 2.0 launches on 3 March: $10 a month, 20% off with SPRING25 at https://chorus.example/launch. 1,000 seats.");

	it("finds the main text's facts", () => {
		expect(main.map((f) => f.kind)).toEqual(["date", "price", "percent", "code", "link", "number"]);
	});

	it("keeps every fact in a German translation", () => {
		const de = "Chorus 2.0 startet am 3. März: 10 USD im Monat, 20 % Rabatt mit SPRING25 unter https://chorus.example/launch/. 1.000 Plätze.";
		expect(compareFacts(main, de)).toEqual({ missing: [], changed: [] });
	});

	it("keeps every fact in a Japanese translation", () => {
		const ja = "Chorus 2.0は3月3日に公開：月額10ドル、SPRING25で20％オフ。https://chorus.example/launch 1,000席限定。";
		expect(compareFacts(main, ja)).toEqual({ missing: [], changed: [] });
	});

	it("reports dropped facts as missing", () => {
		const result = compareFacts(main, "Chorus 2.0 kommt am 3. März. Jetzt 20 % Rabatt!");
		expect(result.changed).toEqual([]);
		expect(result.missing.map((f) => f.text)).toEqual(["$10", "SPRING25", "https://chorus.example/launch", "1,000"]);
	});

	it("reports a changed date, price and code with what the variant says instead", () => {
		const result = compareFacts(
			main,
			"Chorus 2.0 startet am 4. März: 12 USD im Monat, 20 % Rabatt mit SPRING30 unter https://chorus.example/launch. 1.000 Plätze.",
		);
		expect(result.missing).toEqual([]);
		expect(result.changed.map(({ fact, found }) => [fact.value, found.value])).toEqual([
			["--03-03", "--03-04"],
			["USD 10.00", "USD 12.00"],
			["SPRING25", "SPRING30"],
		]);
	});

	it("matches a yearless date with a dated one on month and day", () => {
		const dated = extractFacts("Doors open 3 March 2026");
		expect(compareFacts(dated, "Einlass am 3. März")).toEqual({ missing: [], changed: [] });
		expect(compareFacts(extractFacts("Doors open 3 March"), "le 3 mars 2027")).toEqual({ missing: [], changed: [] });
		expect(compareFacts(dated, "Einlass am 3. März 2027").changed).toHaveLength(1);
	});

	it("keeps a number written inside another fact or below the threshold", () => {
		expect(compareFacts(extractFacts("See you in 2026"), "Bis 3. März 2026")).toEqual({ missing: [], changed: [] });
		expect(compareFacts([{ kind: "number", text: "3", value: "3" }], "3 Tage")).toEqual({ missing: [], changed: [] });
	});

	it("keeps a code written in lower case or without a keyword, and a link with other tracking parameters", () => {
		const facts: Fact[] = extractFacts("Code SPRING25: https://chorus.example/launch?utm_source=mastodon");
		expect(compareFacts(facts, "spring25 → https://chorus.example/launch?utm_source=bluesky")).toEqual({
			missing: [],
			changed: [],
		});
	});

	it("accepts hand-given facts", () => {
		const facts = [normalizeFact("price", "$10"), normalizeFact("date", "3 March")].filter((f) => f !== null);
		expect(compareFacts(facts, "Ab 3 de marzo por 10 dólares")).toEqual({ missing: [], changed: [] });
		expect(compareFacts(facts, "Ab 3 de marzo por 10 euros").changed[0]?.found.value).toBe("EUR 10.00");
	});
});
