/**
 * Key phrases of a message, for grouping praise, concerns and questions: hashtags, then the longest
 * runs of content words (up to two words), lower-cased and singular so that messages about the same
 * thing meet under one topic. Verbs and stop words are never topics.
 */

export const STOPWORDS = new Set(
	(
		"a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could " +
		"couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her " +
		"here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor " +
		"not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than that that's " +
		"the their theirs them themselves then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't " +
		"we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you you'd " +
		"you'll you're you've your yours yourself yourselves just now get got getting go going gone also still even really much many ever never yet one two u ur " +
		"im ive dont cant wont didnt doesnt isnt thats youre lol haha ok okay yes yeah hey hi hello thanks thank thx please pls plz guys today tomorrow tonight " +
		"yesterday time day days hour hours hrs min mins minutes again back know think need want like make made take way will shall may might must said say " +
		"see well good great bad best worst love hate happy sad angry annoyed frustrated amazing awesome terrible horrible new us let via amp rt " +
		// Common verbs: what people do is not what they talk about ("tell (30 times)" is no topic).
		"tell tells told ask asks call calls try give gives gave send sends put keep use uses come comes came look looks find found feel feels"
	).split(" "),
);

const VERB_LIKE = /^(keeps?|makes?|gets?|seems?|says?|tries|tried|goes|went|\w{3,}ing|\w{3,}ed)$/;

const WORD = /[#]?[a-z][a-z0-9'’-]*/g;

function singular(word: string): string {
	if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
	if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
	return word;
}

/** Up to `max` topics, most specific first. `text` is already normalised (normalizeMention). */
export function extractTopics(text: string, max = 3): string[] {
	const lower = text.toLowerCase();
	const out: string[] = [];
	const add = (t: string) => {
		if (t.length > 2 && !out.includes(t) && out.length < max) out.push(t);
	};
	const words = lower.match(WORD) ?? [];
	for (const w of words) if (w.startsWith("#") && w.length > 3) add(w);
	// Runs of content words between stopwords and punctuation.
	const runs: string[][] = [];
	let run: string[] = [];
	for (const chunk of lower.split(/[^a-z0-9#'’ -]+/)) {
		for (const raw of chunk.split(/\s+/)) {
			const w = raw.replace(/^[-']+|[-']+$/g, "");
			if (!w || w.startsWith("#") || STOPWORDS.has(w) || /^\d+$/.test(w) || w.length < 3) {
				if (run.length) runs.push(run);
				run = [];
			} else if (VERB_LIKE.test(w)) {
				// "checkout page keeps crashing": the thing talked about is the noun run, the verb stands alone.
				if (run.length) runs.push(run);
				runs.push([w]);
				run = [];
			} else run.push(singular(w));
		}
		if (run.length) runs.push(run);
		run = [];
	}
	// A noun run keeps its last two words ("new checkout page" → "checkout page"); longer phrases first.
	const phrases = runs.flatMap((r) => (r.length >= 2 ? [r.slice(-2).join(" ")] : r)).filter((p) => !VERB_LIKE.test(p));
	phrases.sort((a, b) => b.split(" ").length - a.split(" ").length);
	for (const p of phrases) add(p);
	return out;
}
