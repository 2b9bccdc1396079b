/**
 * Key facts of an announcement (links, dates, prices, percentages, promo codes, numbers) and whether a
 * variant, often a translation, keeps them. Facts are compared by a normalised value, so "3 March",
 * "March 3rd", "3. März", "3 de marzo" and "3月3日" are one date and "$10", "10 USD" and "US$10" one price.
 *
 * What counts as a fact (in this order; a piece of text belongs to at most one fact):
 * - link: URLs with "http(s)://" or "www." (any host), bare domains twitter-text recognises (real
 *   top-level domains only: "chorus.app/x", not "chorus.example/x") and e-mail addresses. Value: scheme + lower-case host + path without trailing "/" + query without utm_* + fragment;
 *   a missing scheme becomes https; e-mail addresses become "mailto:…" (lower case).
 * - date: "2026-03-03", "2026/3/3", "3.3.2026", "03.03.26", "3/3/2026" (only when unambiguous: day = month
 *   or one part > 12, or `numericDates` says the order), "3 March", "3rd of March", "March 3rd", "Mar. 3, 2026"
 *   (month first: English only), month names in English, German ("3. März"), French ("1er mars"),
 *   Spanish ("3 de marzo de 2026"), Italian, Portuguese and Dutch, "3月3日" / "2026年3月3日" (Japanese,
 *   Chinese) and "3월 3일" (Korean). Value "YYYY-MM-DD", or "--MM-DD" without a year. Weekdays are ignored.
 *   Yearless numeric dates ("3/3", "24/7") are never dates (nor numbers): the order is ambiguous.
 * - price: a currency symbol or ISO code before or after the amount ("$10", "US$10", "€9,99", "9,99 €",
 *   "EUR 9.99", "10 USD", "¥1,000", "1000円", "10 dollars", "10ドル"), with k/M/million/万… multipliers.
 *   "$" alone is USD and "¥" alone JPY. Value "USD 10.00"; no decimals for JPY, KRW, VND, CLP, ISK.
 * - percent: "20%", "20 %", "20 percent", "20 Prozent", "20 pour cent", "20 por ciento", "20パーセント" → "20%".
 * - code: after "code", "promo code", "Code:", "código", "Gutschein", "coupon", "クーポン"… a token of ≥ 4
 *   letters/digits with a letter, and a digit or all in capitals ("spring25", "WELCOME"); elsewhere
 *   upper-case tokens of ≥ 5 characters with both letters and digits ("SPRING25"). Value: upper case.
 * - number: any other number of at least 10, or with a multiplier ("5k", "1.5 million", "3万") or a unit
 *   ("3 km", "5 GB", "2 days"). "3 tips", ordinals ("1st", "2e"), times ("10:30", "3pm", "15h"), version
 *   numbers ("1.2.3"), hashtags and mentions are not facts. Value: the plain decimal ("1000", "2.5").
 *
 * Separators: with both "." and "," the last one is the decimal mark ("1.000,50" = "1,000.50" = 1000.5);
 * a single separator followed by exactly three digits groups thousands ("1.000" = "1,000" = 1000),
 * otherwise it is the decimal mark ("9,99"). Spaces and apostrophes may group thousands ("1 000", "1'000").
 *
 * Text is compared after NFKC, so full-width digits and "％" work; a fact's `text` is that NFKC form.
 *
 * Known gaps: times of day are not compared; "$" is always USD and "¥" JPY; yearless numeric dates and
 * month names in other languages are not dates; a number is lost only when the variant writes it nowhere.
 */
import twitter from "twitter-text";

export type FactKind = "link" | "date" | "number" | "price" | "percent" | "code";

export type Fact = {
	kind: FactKind;
	/** As written (after NFKC). */
	text: string;
	/** Normalised; equal values mean the same fact. */
	value: string;
};

export type FactOptions = {
	/** Century for two-digit years ("03.03.26"): the year closest to this one. Default: 20xx. */
	referenceYear?: number;
	/** How to read an ambiguous numeric date with a year ("3/4/2026"). Default: not a date. */
	numericDates?: "dmy" | "mdy";
};

export type FactComparison = { missing: Fact[]; changed: { fact: Fact; found: Fact }[] };

/** Letters of scripts that separate words with spaces, digits and "_": what must not touch a number or word. */
const W = String.raw`\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_`;
const B = `(?<![${W}])`;
const E = `(?![${W}])`;
const NUM = String.raw`\d{1,3}(?:[,.'’ ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;
const MULT = String.raw`k|K|M|Mio\.?|Mrd\.?|bn|[Mm]illion(?:s|en)?|[Mm]illones|[Mm]illiards?|[Bb]illion|[Mm]illiarden|万|億`;
const multipliers: [RegExp, number][] = [
	[/^(k|K)$/u, 1e3],
	[/^(M|Mio\.?|[Mm]illion(s|en)?|[Mm]illones)$/u, 1e6],
	[/^(Mrd\.?|bn|[Mm]illiards?|[Bb]illion|[Mm]illiarden)$/u, 1e9],
	[/^万$/u, 1e4],
	[/^億$/u, 1e8],
];
const MASK = "\u0000";
/** A hit that only hides its text from later passes ("24/7" is neither a date nor two numbers). */
const MASK_ONLY = "\u0000mask";

type Hit = { start: number; end: number; value: string };
type Pass = { kind: FactKind | null; find: (work: string, opts: FactOptions) => Hit[] };

/** A pass over one regular expression; `build` gives the value, or null to leave the match alone. */
function regexPass(
	kind: FactKind | null,
	source: string,
	build: (m: RegExpExecArray, opts: FactOptions) => string | null,
	flags = "",
	textGroup?: number,
): Pass {
	const re = new RegExp(source, `gud${flags}`);
	return {
		kind,
		find: (work, opts) => {
			const hits: Hit[] = [];
			for (const m of work.matchAll(re)) {
				const value = build(m, opts);
				if (value === null) continue;
				const [start, end] = (textGroup !== undefined && m.indices?.[textGroup]) || [m.index, m.index + m[0].length];
				hits.push({ start, end, value });
			}
			return hits;
		},
	};
}

const ignore = () => MASK_ONLY;

// ---------- numbers ----------

/** The amount written with either decimal mark and any thousands grouping, or null. */
export function parseAmount(raw: string): number | null {
	const s = raw.replace(/[\s'’]/gu, "");
	const dot = s.lastIndexOf(".");
	const comma = s.lastIndexOf(",");
	let plain: string;
	if (dot >= 0 && comma >= 0) {
		const decimal = dot > comma ? "." : ",";
		const group = decimal === "." ? /,/gu : /\./gu;
		plain = s.replace(group, "").replace(decimal, ".");
	} else if (dot >= 0 || comma >= 0) {
		const sep = dot >= 0 ? "." : ",";
		const parts = s.split(sep);
		const grouped = parts.length > 2 || (parts[1]?.length === 3 && (parts[0] ?? "").length <= 3 && parts[0] !== "0");
		plain = grouped ? parts.join("") : parts.join(".");
	} else {
		plain = s;
	}
	const n = Number(plain);
	return plain !== "" && Number.isFinite(n) ? n : null;
}

function multiplier(word: string | undefined): number {
	if (!word) return 1;
	for (const [re, factor] of multipliers) if (re.test(word)) return factor;
	return 1;
}

function canonical(n: number): string {
	return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

// ---------- dates ----------

const monthNames: [number, string][] = [
	[1, "january jan januar jänner jän janvier janv enero ene gennaio janeiro januari"],
	[2, "february feb februar feber février févr fév febrero febbraio fevereiro februari"],
	[3, "march mar märz maerz mär mrz mars marzo março maart mrt"],
	[4, "april apr avril abril abr aprile"],
	[5, "may mai mayo maggio maio mei"],
	[6, "june jun juni juin junio giugno junho"],
	[7, "july jul juli juillet juil julio luglio julho"],
	[8, "august aug août agosto ago augustus"],
	[9, "september sep sept septembre septiembre setiembre settembre setembro"],
	[10, "october oct oktober okt octobre octubre ottobre outubro"],
	[11, "november nov novembre noviembre novembro"],
	[12, "december dec dezember dez décembre déc diciembre dic dicembre dezembro"],
];
const englishMonths = new Set(
	"january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split(" "),
);
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const monthByName = new Map<string, number>();
for (const [month, names] of monthNames) {
	for (const name of names.split(" ")) monthByName.set(fold(name), month);
}
const alternation = (names: Iterable<string>) => [...names].sort((a, b) => b.length - a.length).join("|");
const allMonthSpellings = new Set(monthNames.flatMap(([, names]) => names.split(" ").flatMap((n) => [n, fold(n)])));
const MONTH = alternation(allMonthSpellings);
const EN_MONTH = alternation(englishMonths);

function isoDate(year: number | undefined, month: number, day: number): string | null {
	if (month < 1 || month > 12 || day < 1) return null;
	const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
	if (day > days) return null;
	const md = `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
	return year === undefined ? `--${md}` : `${String(year).padStart(4, "0")}-${md}`;
}

function fullYear(written: string | undefined, opts: FactOptions): number | undefined {
	if (written === undefined) return undefined;
	const y = Number(written);
	if (written.length > 2) return y;
	const ref = opts.referenceYear ?? 2000;
	const base = ref - (ref % 100) + y;
	return base - ref > 50 ? base - 100 : ref - base > 50 ? base + 100 : base;
}

const num = (s: string | undefined) => Number(s);
const monthOf = (name: string | undefined) => monthByName.get(fold(name ?? "")) ?? 0;

const datePasses: Pass[] = [
	// ISO and other year-first forms: 2026-03-03, 2026/3/3, 2026.3.3
	regexPass("date", String.raw`(?<![\d.\-/])(\d{4})([\-/.])(\d{1,2})\2(\d{1,2})(?![\d])`, (m) => isoDate(num(m[1]), num(m[3]), num(m[4]))),
	// 2026年3月3日, 3月3日 (Japanese, Chinese); 2026년 3월 3일 (Korean)
	regexPass("date", String.raw`(?<!\d)(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`, (m) =>
		isoDate(m[1] === undefined ? undefined : num(m[1]), num(m[2]), num(m[3])),
	),
	// 3.3.2026, 03.03.26 (day first, as everywhere dots are used)
	regexPass("date", String.raw`(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d|\.\d)`, (m, opts) => {
		if (m[3]?.length === 2 && (m[1]?.length !== 2 || m[2]?.length !== 2)) return null;
		return isoDate(fullYear(m[3], opts), num(m[2]), num(m[1]));
	}),
	// 3/4/2026, 3-4-2026: only when the order is clear
	regexPass("date", String.raw`(?<![\d/\-.])(\d{1,2})([/\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/\-])`, (m, opts) => {
		const a = num(m[1]);
		const b = num(m[3]);
		if (m[2] === "-" && m[4]?.length === 2) return null;
		const year = fullYear(m[4], opts);
		const dmy = a === b || a > 12 || (b <= 12 && opts.numericDates === "dmy");
		const mdy = !dmy && (b > 12 || opts.numericDates === "mdy");
		if (dmy) return isoDate(year, b, a);
		if (mdy) return isoDate(year, a, b);
		return MASK_ONLY;
	}),
	// 3 March, 3rd of March, 3. März, 1er mars, 3 de marzo de 2026
	regexPass(
		"date",
		String.raw`(?<![${W}$€£¥]|\d[.,])(\d{1,2})(?:st|nd|rd|th|er|re|e|o|a)?\.?(?:\s*(?:of|de|the)\s+|\s*)(${MONTH})(?!\p{L})(?:\.?,?\s*(?:de\s+|del\s+)?(\d{4})(?!\d))?`,
		(m) => isoDate(m[3] === undefined ? undefined : num(m[3]), monthOf(m[2]), num(m[1])),
		"i",
	),
	// March 3rd, Mar. 3, 2026, March the 3rd (English; month names are capitalised there)
	regexPass(
		"date",
		String.raw`${B}(${EN_MONTH})\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\p{N}${W}]|[:.,]\d)(?:,?\s+(\d{4})(?!\d))?`,
		(m) => {
			const name = m[1] ?? "";
			if (name[0] !== name[0]?.toUpperCase()) return null;
			return isoDate(m[3] === undefined ? undefined : num(m[3]), monthOf(name), num(m[2]));
		},
		"i",
	),
	// 3/3, 24/7, 1/2: ambiguous, neither dates nor numbers
	regexPass(null, String.raw`(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])`, ignore),
];

// ---------- prices ----------

const symbols: Record<string, string> = {
	US$: "USD",
	CA$: "CAD",
	C$: "CAD",
	AU$: "AUD",
	A$: "AUD",
	NZ$: "NZD",
	HK$: "HKD",
	S$: "SGD",
	R$: "BRL",
	MX$: "MXN",
	"CN¥": "CNY",
	$: "USD",
	"€": "EUR",
	"£": "GBP",
	"¥": "JPY",
	"₹": "INR",
	"₩": "KRW",
	"₽": "RUB",
	"₺": "TRY",
	"₪": "ILS",
	"₫": "VND",
	"฿": "THB",
	"₱": "PHP",
};
const codes = "USD EUR GBP JPY CHF CAD AUD NZD CNY RMB HKD SGD INR KRW BRL MXN SEK NOK DKK PLN CZK HUF TRY ZAR RUB ILS THB PHP".split(" ");
const currencyWords: [RegExp, string][] = [
	[/^(dollars?|dólar(es)?|dollari|ドル)$/iu, "USD"],
	[/^(euros?|ユーロ)$/iu, "EUR"],
	[/^(yen|円)$/iu, "JPY"],
	[/^(yuan|元)$/iu, "CNY"],
	[/^ポンド$/u, "GBP"],
	[/^원$/u, "KRW"],
];
const zeroDecimal = new Set(["JPY", "KRW", "VND", "CLP", "ISK"]);
const escapeRegExp = (s: string) => s.replace(/[$.*+?^(){}|[\]\\]/gu, "\\$&");
const SYMBOL = alternation(Object.keys(symbols).map(escapeRegExp));
const CODE = codes.join("|");
const WORD = "dollars?|dólar(?:es)?|dollari|euros?|yen|yuan|円|元|ドル|ユーロ|ポンド|원";

function currencyOf(written: string): string | null {
	if (symbols[written]) return symbols[written];
	if (codes.includes(written)) return written === "RMB" ? "CNY" : written;
	for (const [re, code] of currencyWords) if (re.test(written)) return code;
	return null;
}

function price(currency: string | undefined, amount: string | undefined, mult: string | undefined): string | null {
	const code = currencyOf(currency ?? "");
	const n = parseAmount(amount ?? "");
	if (!code || n === null) return null;
	const value = n * multiplier(mult?.trim());
	const digits = zeroDecimal.has(code) && Number.isInteger(value) ? 0 : 2;
	return `${code} ${value.toFixed(digits)}`;
}

const AMOUNT = String.raw`(?<![\d${W}]|\d[.,])(${NUM})(?:\s?(${MULT})(?![\p{Script=Latin}]))?`;
const pricePasses: Pass[] = [
	regexPass("price", String.raw`(?<![${W}])(${SYMBOL}|${CODE})\s?(${NUM})(?:\s?(${MULT})(?![\p{Script=Latin}]))?(?!\d)`, (m) => price(m[1], m[2], m[3])),
	regexPass("price", String.raw`${AMOUNT}\s?(${SYMBOL}|${CODE})${E}`, (m) => price(m[3], m[1], m[2])),
	regexPass("price", String.raw`${AMOUNT}\s?(${WORD})${E}`, (m) => price(m[3], m[1], m[2]), "i"),
];

// ---------- percentages, codes, the rest ----------

const percentPass = regexPass(
	"percent",
	String.raw`(?<![\d${W}]|\d[.,])(${NUM})\s?(?:%|パーセント|(?:percent|per cent|prozent|pour cent|por ciento|por cento|per cento|procent)${E})`,
	(m) => {
		const n = parseAmount(m[1] ?? "");
		return n === null ? null : `${canonical(n)}%`;
	},
	"i",
);

const CODE_KEYWORD = String.raw`(?:promo ?code|code promo|discount code|coupon code|voucher code|c[oó]digo(?: promocional| de descuento)?|gutschein(?:code)?|rabattcode|aktionscode|code|coupon|cup[oó]n|voucher)(?![\p{L}\p{N}])|クーポンコード|クーポン|コード`;
const codePasses: Pass[] = [
	regexPass(
		"code",
		String.raw`${B}(?:${CODE_KEYWORD})\s*:?\s*["'«“„「『]?\s*([A-Za-z0-9][A-Za-z0-9_\-]{2,}[A-Za-z0-9])${E}`,
		(m) => {
			const token = m[1] ?? "";
			if (!/[A-Za-z]/u.test(token) || !(/\d/u.test(token) || token === token.toUpperCase())) return null;
			return token.toUpperCase();
		},
		"i",
		1,
	),
	regexPass("code", String.raw`(?<![${W}#@/.\-])(?=[A-Z0-9_\-]*\d)(?=[A-Z0-9_\-]*[A-Z])[A-Z0-9][A-Z0-9_\-]{3,}[A-Z0-9]${E}`, (m) => m[0]),
];

const UNIT = "km|m|cm|mm|mi|kg|g|mg|lbs?|t|l|ml|GB|MB|TB|KB|GHz|MHz|kWh|kW|W|V|mAh|ms|s|sec|min|h|hrs?|hours?|days?|weeks?|months?|years?|x|×|°C|°F|°";
const unitAfter = new RegExp(String.raw`^\s?(?:${UNIT})${E}`, "u");
const latinAfter = /^[\p{Script=Latin}]/u;

function numberHits(work: string, relaxed: boolean): Hit[] {
	const hits: Hit[] = [];
	const re = new RegExp(`${AMOUNT}(?!\\d)`, "gu");
	for (const m of work.matchAll(re)) {
		const n = parseAmount(m[1] ?? "");
		if (n === null) continue;
		const end = m.index + m[0].length;
		const rest = work.slice(end);
		const unit = unitAfter.test(rest);
		if (!relaxed && !m[2] && (latinAfter.test(rest) ? !unit : n < 10 && !unit)) continue;
		hits.push({ start: m.index, end, value: canonical(n * multiplier(m[2])) });
	}
	return hits;
}

const ignoredPasses: Pass[] = [
	// times: 10:30, 3pm, 15h30, 10 Uhr
	regexPass(null, String.raw`(?<![\d${W}])\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2}|h|\s?(?:[ap]\.?m\.?|Uhr))(?![\p{L}\p{N}])`, ignore, "i"),
	// version numbers: 1.2.3 (but not 1.000.000)
	regexPass(null, String.raw`(?<![\d.])\d+(?:\.\d+){2,}(?![\d])`, (m) => (/^\d{1,3}(?:\.\d{3})+$/u.test(m[0]) ? null : MASK_ONLY)),
];
const ordinalPass = regexPass(null, String.raw`(?<![\d${W}])\d+(?:st|nd|rd|th|er|e|ème|eme|o|a)${E}`, ignore, "i");

const linkPasses: Pass[] = [
	regexPass(
		"link",
		String.raw`(?<![\w.+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w])`,
		(m) => `mailto:${m[0].toLowerCase()}`,
	),
	// with a scheme or "www.": any host, so reserved names like chorus.example work too
	{
		kind: "link",
		find: (work) =>
			findSchemeUrls(work).flatMap(({ start, end }) => {
				const value = normalizeUrl(work.slice(start, end));
				return value === null ? [] : [{ start, end, value }];
			}),
	},
	// without: twitter-text's recogniser, which knows the top-level domains ("chorus.app/launch")
	{
		kind: "link",
		find: (work) =>
			twitter.extractUrlsWithIndices(work).flatMap(({ url, indices }) => {
				const value = normalizeUrl(url);
				return value === null ? [] : [{ start: indices[0], end: indices[1], value }];
			}),
	},
	// hashtags and mentions are not facts, and their digits are not numbers
	regexPass(null, String.raw`[#@][\p{L}\p{M}\p{N}_.]+`, ignore),
];

/** Links ends at white space, quotes, angle brackets and CJK text or punctuation. */
const schemeUrl =
	/(?<![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_.-])(?:https?:\/\/|www\.)[^\s<>"\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}、。「」『』（）]+/giu;
/** Characters that end a sentence rather than a link: "see https://x.test/a." */
const urlTrailing = /[.,;:!?'"*]+$/u;

/** Spans of the links written with a scheme or "www.", without trailing punctuation or an unbalanced ")". */
export function findSchemeUrls(text: string): { start: number; end: number }[] {
	const spans: { start: number; end: number }[] = [];
	for (const m of text.matchAll(schemeUrl)) {
		let url = m[0];
		for (;;) {
			const trimmed = url.replace(urlTrailing, "");
			const unbalanced = trimmed.endsWith(")") && (trimmed.match(/\(/gu)?.length ?? 0) < (trimmed.match(/\)/gu)?.length ?? 0);
			const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
			if (next === url) break;
			url = next;
		}
		if (url.length > 0) spans.push({ start: m.index, end: m.index + url.length });
	}
	return spans;
}

/** Scheme, lower-case host, path without trailing "/", query without utm_* parameters, fragment. */
export function normalizeUrl(raw: string): string | null {
	const trimmed = raw.trim();
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//iu.test(trimmed) ? trimmed : `https://${trimmed}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	const query = url.search
		.slice(1)
		.split("&")
		.filter((part) => part !== "" && !/^utm_/iu.test(part))
		.join("&");
	const path = url.pathname.replace(/\/+$/u, "");
	return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ""}${url.hash}`;
}

type Found = { start: number; fact: Fact };

function run(text: string, passes: Pass[], opts: FactOptions, numbers: "strict" | "relaxed" | "none"): Found[] {
	let work = text;
	const found: Found[] = [];
	const take = (kind: FactKind | null, hits: Hit[]) => {
		for (const hit of hits) {
			if (kind && hit.value !== MASK_ONLY) found.push({ start: hit.start, fact: { kind, text: text.slice(hit.start, hit.end), value: hit.value } });
		}
		for (const hit of hits) work = work.slice(0, hit.start) + MASK.repeat(hit.end - hit.start) + work.slice(hit.end);
	};
	for (const pass of passes) take(pass.kind, pass.find(work, opts));
	if (numbers !== "none") take("number", numberHits(work, numbers === "relaxed"));
	return found;
}

const allPasses: Pass[] = [...linkPasses, ...datePasses, ...ignoredPasses, ...pricePasses, percentPass, ...codePasses, ordinalPass];

/** The key facts of a text, in order of appearance, each (kind, value) once. */
export function extractFacts(text: string, opts: FactOptions = {}): Fact[] {
	const found = run(text.normalize("NFKC"), allPasses, opts, "strict").sort((a, b) => a.start - b.start);
	const seen = new Set<string>();
	const facts: Fact[] = [];
	for (const { fact } of found) {
		const key = `${fact.kind} ${fact.value}`;
		if (seen.has(key)) continue;
		seen.add(key);
		facts.push(fact);
	}
	return facts;
}

/**
 * A fact given by hand ("the date is 3 March"), read as the kind it is said to be: the first such fact in
 * the text, with `text` as given. Any number counts (no minimum); a code is the text in upper case
 * (or the token after "code …"). Null when the text holds no fact of that kind.
 */
export function normalizeFact(kind: FactKind, text: string, opts: FactOptions = {}): Fact | null {
	const written = text.trim().normalize("NFKC");
	if (written === "") return null;
	let value: string | undefined;
	switch (kind) {
		case "link":
			value = run(written, linkPasses, opts, "none")[0]?.fact.value ?? normalizeUrl(written) ?? undefined;
			break;
		case "date":
			value = run(written, datePasses, opts, "none").find((f) => f.fact.kind === "date")?.fact.value;
			break;
		case "price":
			value = run(written, pricePasses, opts, "none")[0]?.fact.value;
			break;
		case "percent":
			value = run(written, [percentPass], opts, "none")[0]?.fact.value;
			break;
		case "code":
			value = run(written, codePasses.slice(0, 1), opts, "none")[0]?.fact.value;
			if (value === undefined && !/\s/u.test(written)) value = written.toUpperCase();
			break;
		case "number":
			value = run(written, [], opts, "relaxed")[0]?.fact.value;
			break;
	}
	return value === undefined ? null : { kind, text: text.trim(), value };
}

/** Two values of one kind mean the same; a date without a year matches any year. */
function sameValue(kind: FactKind, a: string, b: string): boolean {
	if (a === b) return true;
	if (kind !== "date" || (!a.startsWith("--") && !b.startsWith("--"))) return false;
	return a.slice(-5) === b.slice(-5);
}

/**
 * Which of the main text's facts a variant loses. A fact is kept when the variant has a fact of the same
 * kind and value. A number is also kept when the variant writes it anywhere, even inside another fact or
 * below the threshold ("2026" in "3. März 2026", "3" in "3 Tage"); a code when its token occurs in any case.
 * A lost fact is "changed" when the variant has an unmatched fact of the same kind (paired in order of
 * appearance: "3 March" → "4 March"), else "missing". Pass the variant as sent: composeText(body, link).
 */
export function compareFacts(main: readonly Fact[], variantText: string, opts: FactOptions = {}): FactComparison {
	const variant = variantText.normalize("NFKC");
	const found = extractFacts(variant, opts);
	const writtenNumbers = new Set(run(variant, [], opts, "relaxed").map((f) => f.fact.value));
	for (const m of variant.matchAll(/\d+(?:[.,]\d+)*/gu)) {
		const n = parseAmount(m[0]);
		if (n !== null) writtenNumbers.add(canonical(n));
	}
	const upper = variant.toUpperCase();
	const kept = (fact: Fact) => {
		if (found.some((f) => f.kind === fact.kind && sameValue(fact.kind, fact.value, f.value))) return true;
		if (fact.kind === "number") return writtenNumbers.has(fact.value);
		if (fact.kind === "code") {
			return new RegExp(`${B}${escapeRegExp(fact.value)}${E}`, "u").test(upper);
		}
		return false;
	};
	const unmatched = found.filter((f) => !main.some((m) => m.kind === f.kind && sameValue(f.kind, m.value, f.value)));
	const result: FactComparison = { missing: [], changed: [] };
	for (const fact of main) {
		if (kept(fact)) continue;
		const index = unmatched.findIndex((f) => f.kind === fact.kind);
		const replacement = unmatched[index];
		if (replacement) {
			unmatched.splice(index, 1);
			result.changed.push({ fact, found: replacement });
		} else {
			result.missing.push(fact);
		}
	}
	return result;
}
