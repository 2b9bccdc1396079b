import { describe, expect, it } from "vitest";
import {
	DEFAULT_DUPLICATE_WINDOW_HOURS,
	DUPLICATE_SIMILARITY_THRESHOLD,
	isNearDuplicate,
	normalizeForComparison,
	shingleSet,
	similarity,
} from "../../domain/duplicates";

const launch =
	"Big news: Chorus 2.0 is here! Plan posts for every account in one calendar, hand conversations over between shifts, and see what people say about you. Try it free for 30 days at https://chorus.example/launch";
const zhApp = "我们的新应用今天正式上线了，欢迎下载体验！";
const appJa = "新しいアプリを本日リリースしました！ぜひダウンロードしてください。詳しくはウェブサイトをご覧ください。";

type Pair = { name: string; a: string; b: string };

// The labelled pairs the threshold was chosen from: every duplicate must score at or above it,
// every distinct pair below it.
const duplicates: Pair[] = [
	{ name: "identical", a: launch, b: launch },
	{
		name: "whitespace, case and punctuation",
		a: "Our summer sale starts NOW!!   Up to 40% off everything in store.",
		b: "our summer sale starts now - up to 40% off everything in store",
	},
	{
		name: "emoji and a curly apostrophe",
		a: "We're hiring! 🎉 Join the team that builds Chorus 🚀👩🏽‍💻",
		b: "We’re hiring! Join the team that builds Chorus",
	},
	{
		name: "tracking parameters, fragment and trailing slash",
		a: "New on the blog: how we plan a launch across 12 accounts https://blog.example.com/launch-plan?utm_source=x&utm_campaign=a",
		b: "New on the blog: how we plan a launch across 12 accounts https://www.blog.example.com/launch-plan/?utm_source=linkedin#comments",
	},
	{ name: "full-width letters (NFKC)", a: "ＳＡＬＥ ends Friday at 6pm！", b: "Sale ends Friday at 6pm!" },
	{ name: "one word changed at the start", a: launch, b: launch.replace("Big news", "Great news") },
	{ name: "one word changed mid-announcement", a: launch, b: launch.replace("every account", "each account") },
	{
		name: "two words changed",
		a: launch,
		b: launch.replace("Big news", "Great news").replace("30 days", "14 days"),
	},
	{ name: "a hashtag appended", a: launch, b: `${launch} #launch` },
	{
		name: "a typo fixed mid-post (19 words)",
		a: "Our new store in Leeds is now open from 9am to 6pm every day this week, come and say hello!",
		b: "Our new store in Leeds is now oepn from 9am to 6pm every day this week, come and say hello!",
	},
	{
		name: "last word changed in a short post",
		a: "Our Leeds store is open from 9am to 6pm all week, come say hi",
		b: "Our Leeds store is open from 9am to 6pm all week, come say hello",
	},
	{
		name: "Japanese, punctuation and one spelling changed",
		a: appJa,
		b: "新しいアプリを本日リリースしました。ぜひダウンロードして下さい！詳しくはウェブサイトをご覧ください",
	},
	{ name: "Chinese, one character changed", a: zhApp, b: "我们的新应用今天正式上线啦！欢迎下载体验。" },
];

const distinct: Pair[] = [
	{ name: "short posts, one word different", a: "Happy Monday!", b: "Happy Friday!" },
	{
		name: "different announcements sharing a template sentence",
		a: "Our Berlin office opens its doors on Saturday with coffee, music and a tour of the new studio. Questions? Reply here and our team will get back to you within a day.",
		b: "The spring sale starts Monday: 30% off every annual plan until the end of March. Questions? Reply here and our team will get back to you within a day.",
	},
	{
		name: "same first sentence, different news",
		a: "Chorus 2.0 is here! Plan posts for every account in one calendar. Our new mobile app arrives next month for iOS and Android.",
		b: "Chorus 2.0 is here! Plan posts for every account in one calendar. Join our webinar on Thursday to see it in action.",
	},
	{
		name: "thanks to different people",
		a: "Thanks @alice for the great talk today!",
		b: "Thanks @bob for the great talk today!",
	},
	{
		name: "the weekly Q&A, another day, host and topic",
		a: "Live Q&A on Thursday at 5pm with Maria about onboarding new team members. Bring your questions and join us here!",
		b: "Live Q&A on Tuesday at 5pm with Tom about billing for new team members. Bring your questions and join us here!",
	},
	{
		name: "same link, different text",
		a: "New on the blog: how we plan a launch across 12 accounts https://blog.example.com/launch-plan",
		b: "Why one calendar beats twelve spreadsheets, from our head of social https://blog.example.com/launch-plan",
	},
	{
		name: "Japanese, different announcements",
		a: appJa,
		b: "年末年始の営業時間についてお知らせします。12月29日から1月3日までお休みをいただきます。",
	},
	{
		name: "Japanese, different news with the same closing sentence",
		a: "新しいアプリを本日リリースしました！詳しくはウェブサイトをご覧ください。",
		b: "年末年始は休業いたします。詳しくはウェブサイトをご覧ください。",
	},
];

describe("normalizeForComparison", () => {
	it("folds width and case, reduces links, keeps mentions, drops punctuation and emoji", () => {
		expect(normalizeForComparison("Ｓａｌｅ!! Don't miss it 🎉🇩🇪 👍🏽 @Jane_Doe, see https://www.Example.com/a/b/?utm_source=x#top. 1️⃣ #Launch")).toBe(
			"sale dont miss it @jane_doe see example.com/a/b 1 launch",
		);
	});
	it("collapses whitespace and keeps a link's host and path as one word", () => {
		expect(normalizeForComparison("  Read\n\tmore:  http://blog.example.com/x?ref=1 (today)  ")).toBe("read more blog.example.com/x today");
		expect(normalizeForComparison("www.example.com/path?a=1")).toBe("example.com/path");
	});
	it("drops an @ that starts no mention", () => {
		expect(normalizeForComparison("Meet us @ 5pm, @team")).toBe("meet us 5pm @team");
	});
	it("is empty for punctuation and emoji only", () => {
		expect(normalizeForComparison(" 🎉 !!! 🚀 ")).toBe("");
	});
});

describe("shingleSet", () => {
	it("cuts text of three or more words into word 3-shingles", () => {
		expect([...shingleSet("Plan, post and measure!")]).toEqual(["plan post and", "post and measure"]);
	});
	it("cuts fewer than three words into character 4-grams", () => {
		expect([...shingleSet("Happy Monday!")]).toEqual(["happ", "appy", "ppy ", "py m", "y mo", " mon", "mond", "onda", "nday"]);
		expect([...shingleSet("Hi!")]).toEqual(["hi"]);
		expect(shingleSet("🎉").size).toBe(0);
	});
	it("cuts text without spaces into grapheme 4-grams", () => {
		expect([...shingleSet("本日発売です。")]).toEqual(["本日発売", "日発売で", "発売です"]);
		// NFKC composes e + combining acute into one letter: a single word of four graphemes.
		expect([...shingleSet("Cafe\u0301")]).toEqual(["café"]);
	});
});

describe("similarity", () => {
	it("is 1 for texts that normalise to the same string, empty ones included", () => {
		expect(similarity("Hello, world!", "hello world")).toBe(1);
		expect(similarity("", "")).toBe(1);
		expect(similarity("🎉", "!!!")).toBe(1);
	});
	it("is 0 against an empty text", () => {
		expect(similarity("", "Hello world")).toBe(0);
	});
	it("is the Jaccard index of the shingle sets", () => {
		// 5 shingles each, 3 shared ("for the great", "the great talk", "great talk today"): 3 / 7.
		expect(similarity("Thanks @alice for the great talk today", "Thanks @bob for the great talk today")).toBe(3 / 7);
	});
	it("compares a short text with a longer one by character 4-grams", () => {
		expect(similarity("Happy Monday!", "Happy Monday everyone!")).toBeGreaterThan(0.4);
	});
});

describe("DUPLICATE_SIMILARITY_THRESHOLD", () => {
	it("classifies every labelled pair correctly, with a margin", () => {
		const dupScores = duplicates.map((p) => ({ name: p.name, score: similarity(p.a, p.b) }));
		const distinctScores = distinct.map((p) => ({ name: p.name, score: similarity(p.a, p.b) }));
		for (const { name, score } of dupScores) expect({ name, duplicate: score >= DUPLICATE_SIMILARITY_THRESHOLD }).toEqual({ name, duplicate: true });
		for (const { name, score } of distinctScores) expect({ name, duplicate: score >= DUPLICATE_SIMILARITY_THRESHOLD }).toEqual({ name, duplicate: false });
		// The evidence quoted in domain/duplicates.ts: lowest duplicate 13/21, highest distinct 3/7.
		const lowest = dupScores.reduce((min, s) => (s.score < min.score ? s : min));
		const highest = distinctScores.reduce((max, s) => (s.score > max.score ? s : max));
		expect(lowest).toEqual({ name: "Chinese, one character changed", score: 13 / 21 });
		expect(highest).toEqual({ name: "thanks to different people", score: 3 / 7 });
		expect(lowest.score - DUPLICATE_SIMILARITY_THRESHOLD).toBeGreaterThan(0.05);
		expect(DUPLICATE_SIMILARITY_THRESHOLD - highest.score).toBeGreaterThan(0.1);
	});
	it("is what isNearDuplicate uses", () => {
		for (const { a, b } of [...duplicates, ...distinct]) {
			expect(isNearDuplicate(a, b)).toBe(similarity(a, b) >= DUPLICATE_SIMILARITY_THRESHOLD);
			expect(isNearDuplicate(b, a)).toBe(isNearDuplicate(a, b));
		}
		// Texts of m + 2 distinct words whose last k words differ share m − k of m shingles each:
		// Jaccard (m − k) / (m + k), which crosses the threshold once for each k.
		const words = (n: number, tail: string) => Array.from({ length: n }, (_, i) => (i >= n - tail.length ? `${tail}${i}` : `w${i}`));
		let flips = 0;
		for (const k of [1, 2, 3]) {
			let previous = false;
			for (let m = k + 1; m <= 40; m++) {
				const a = words(m + 2, "x".repeat(k)).join(" ");
				const b = words(m + 2, "y".repeat(k)).join(" ");
				const expected = (m - k) / (m + k);
				expect(similarity(a, b)).toBe(expected);
				const duplicate = isNearDuplicate(a, b);
				expect(duplicate).toBe(expected >= DUPLICATE_SIMILARITY_THRESHOLD);
				if (duplicate && !previous) flips++;
				previous = duplicate;
			}
		}
		expect(flips).toBe(3);
	});
});

describe("isNearDuplicate", () => {
	it("catches one word changed mid-post from 13 words on", () => {
		const post = (n: number, word: string) => Array.from({ length: n }, (_, i) => (i === Math.floor(n / 2) ? word : `w${i}`)).join(" ");
		expect(similarity(post(12, "old"), post(12, "new"))).toBe(7 / 13);
		expect(isNearDuplicate(post(12, "old"), post(12, "new"))).toBe(false);
		expect(similarity(post(13, "old"), post(13, "new"))).toBe(8 / 14);
		expect(isNearDuplicate(post(13, "old"), post(13, "new"))).toBe(true);
	});
	it("flags an identical post", () => {
		expect(isNearDuplicate(launch, launch)).toBe(true);
	});
	it("ignores whitespace, case, punctuation, emoji and tracking parameters", () => {
		expect(isNearDuplicate("Launch day!!! 🚀 https://x.example/p?utm_source=a", "launch   day https://x.example/p?utm_source=b&fbclid=1")).toBe(true);
	});
	it("flags one word changed in a long announcement", () => {
		expect(isNearDuplicate(launch, launch.replace("every account", "each account"))).toBe(true);
	});
	it("lets a different announcement share a template sentence", () => {
		const pair = distinct.find((p) => p.name === "different announcements sharing a template sentence")!;
		expect(isNearDuplicate(pair.a, pair.b)).toBe(false);
	});
	it("tells short different posts apart", () => {
		expect(isNearDuplicate("Happy Monday!", "Happy Friday!")).toBe(false);
		expect(isNearDuplicate("Happy Monday!", "happy monday")).toBe(true);
	});
	it("handles text without spaces (Japanese, Chinese)", () => {
		expect(isNearDuplicate(appJa, `${appJa}🎉`)).toBe(true);
		expect(isNearDuplicate(zhApp, "我们的新应用今天正式上线啦！欢迎下载体验。")).toBe(true);
		expect(isNearDuplicate(zhApp, "春节期间客服暂停服务，节后恢复正常。")).toBe(false);
	});
});

describe("DEFAULT_DUPLICATE_WINDOW_HOURS", () => {
	it("is 72 hours", () => {
		expect(DEFAULT_DUPLICATE_WINDOW_HOURS).toBe(72);
	});
});
