import { describe, expect, it } from "vitest";
import { classifyMention } from "../../domain/mentions/classify";
import { extractFeatures, type FeatureName, featureIndex } from "../../domain/mentions/features";
import { normalizeMention } from "../../domain/mentions/normalize";
import { extractTopics as topicsOf } from "../../domain/mentions/topics";

const extractTopics = (text: string) => topicsOf(normalizeMention(text));

// Runs in workerd: the classifier (and vader-sentiment with its lexicon) must bundle and run there.
const label = (text: string) => classifyMention(text).sentiment.label;
const kind = (text: string) => classifyMention(text).kind;

describe("classifyMention", () => {
	it("reads plain praise and plain complaints", () => {
		expect(classifyMention("@acme thank you so much for the quick help, you made my day!")).toMatchObject({ sentiment: { label: "positive" }, kind: "praise" });
		expect(classifyMention("@acme worst service ever, my order is lost and nobody answers")).toMatchObject({
			sentiment: { label: "negative" },
			kind: "concern",
		});
		expect(classifyMention("@acme thanks").sentiment.score).toBeGreaterThan(-1);
	});

	it("handles negation", () => {
		expect(label("@acme the new app is not good at all")).toBe("negative");
		expect(label("@acme never disappoints!")).toBe("positive");
		expect(label("not bad at all, I enjoyed it")).toBe("positive");
	});

	it("reads sarcasm as the complaint it is", () => {
		expect(classifyMention("@airline great job losing my bag on a direct flight")).toMatchObject({ sentiment: { label: "negative" }, kind: "concern" });
		expect(label("@telco love how you can't get an agent on the phone")).toBe("negative");
		expect(label("@acme thanks for nothing")).toBe("negative");
	});

	it("reads emoji", () => {
		expect(label("@acme new release 😍😍")).toBe("positive");
		expect(label("@acme my order again 😡")).toBe("negative");
		expect(label("@acme the update 👎")).toBe("negative");
	});

	it("tells a question from a complaint phrased as a question", () => {
		expect(kind("@airline is flight 1202 delayed?")).toBe("question");
		expect(label("@airline is flight 1202 delayed?")).not.toBe("positive");
		expect(kind("@acme how do I change the email on my account?")).toBe("question");
		expect(kind("@acme why is your app broken again?!")).toBe("concern");
		expect(kind("@telco seriously? 3 hours on hold and nobody picks up")).toBe("concern");
		expect(kind("@acme I love your shop, but I have a question: do you ship to Norway?")).toBe("question");
	});

	it("waiting and service failures are complaints even without feeling words", () => {
		expect(classifyMention("@airline on hold for 45 minutes now")).toMatchObject({ sentiment: { label: "negative" }, kind: "concern" });
		expect(label("@airline flight cancelled and no information at the gate")).toBe("negative");
	});

	it("leaves news and chatter neutral", () => {
		expect(classifyMention("Acme announces new store opening https://example.com/news")).toMatchObject({ sentiment: { label: "neutral" }, kind: "other" });
	});

	it("passes authorFollows through and bounds the score", () => {
		expect(classifyMention("hi", true).authorFollows).toBe(true);
		expect(classifyMention("hi").authorFollows).toBeNull();
		const s = classifyMention("WORST WORST WORST terrible awful horrible!!! 😡😡😡 never again").sentiment.score;
		expect(s).toBeGreaterThanOrEqual(-1);
		expect(s).toBeLessThan(-0.5);
	});
});

describe("mention features", () => {
	const f = (text: string) => {
		const v = extractFeatures(normalizeMention(text), text);
		return (name: FeatureName) => v[featureIndex(name)]!;
	};

	it("scopes negation to the next few words of the clause", () => {
		expect(f("the crew was not helpful")("vaderNegatedPos")).toBeGreaterThan(0);
		expect(f("the crew was not helpful")("vaderPos")).toBe(0);
		// The comma ends the scope: "great" is not negated.
		expect(f("not today, great crew")("vaderPos")).toBeGreaterThan(0);
		expect(f("not today, great crew")("vaderNegatedPos")).toBe(0);
		expect(f("not bad")("compound")).toBeGreaterThan(0);
	});

	it("weighs what follows a contrast over what comes before", () => {
		expect(f("nice staff but a disaster of a flight")("compound")).toBeLessThan(0);
		expect(f("a disaster of a flight but nice staff")("compound")).toBeGreaterThan(0);
		expect(f("nice staff but a disaster of a flight")("afterContrast")).toBeLessThan(0);
	});

	it("reads emoticons, emoji and intensifiers", () => {
		expect(f("see you soon :)")("emoticonPos")).toBe(1);
		expect(f("my bag again :(")("emoticonNeg")).toBe(1);
		expect(f("new release 😍")("vaderPos")).toBeGreaterThan(0);
		expect(f("the crew was very good")("compound")).toBeGreaterThan(f("the crew was good")("compound"));
		expect(f("the crew was GOOD")("shouting")).toBe(1);
	});

	it("sees questions, requests and links", () => {
		expect(f("can you help me change my seat")("askForHelp")).toBe(1);
		expect(f("when does the sale start?")("questionMark")).toBe(1);
		expect(f("could you check this for me")("secondPerson")).toBe(1);
		expect(f("read this https://example.com/a")("link")).toBe(1);
	});
});

describe("classifyMention beyond the lexicon", () => {
	it("reads the clause after 'but'", () => {
		expect(label("the staff were nice but the flight was a disaster")).toBe("negative");
		expect(label("the flight was late but the crew was wonderful and made up for it")).toBe("positive");
	});

	it("reads emoji-only feelings", () => {
		expect(classifyMention("@acme 😡 again")).toMatchObject({ sentiment: { label: "negative" }, kind: "concern" });
	});

	it("reads sarcasm around a delay", () => {
		expect(classifyMention("oh great, another delay. love waiting 3 hours")).toMatchObject({ sentiment: { label: "negative" }, kind: "concern" });
	});

	it("reads second-person requests as questions, not praise", () => {
		expect(classifyMention("can you help me change my seat")).toMatchObject({ sentiment: { label: "neutral" }, kind: "question" });
		expect(kind("could you send me the invoice for order 123 please")).toBe("question");
	});

	it("names no dataset artefact: the airline export's replaced words are left as written", () => {
		expect(normalizeMention("@airline Cancelled Flightled again")).toBe("Cancelled Flightled again");
	});
});

describe("extractTopics", () => {
	it("keeps hashtags and content phrases, drops handles, links and filler", () => {
		const topics = extractTopics("@acme the checkout page keeps crashing #fail https://x.co/1");
		expect(topics[0]).toBe("#fail");
		expect(topics).toContain("checkout page");
		expect(topics.join(" ")).not.toMatch(/acme|https/);
	});

	it("meets plurals and singulars under one topic", () => {
		expect(extractTopics("lost bags")).toEqual(extractTopics("lost bag"));
	});
});

describe("topics people would name", () => {
	it("are never a verb or a stop word on their own", () => {
		expect(extractTopics("please tell me, can you tell me?")).toEqual([]);
		expect(extractTopics("the app keeps crashing")).toEqual(["app"]);
		expect(extractTopics("tell me about the loyalty program")).toEqual(["loyalty program"]);
	});
});
