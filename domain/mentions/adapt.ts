/**
 * Learning from the team: a workspace's own corrections, kept as counts of the words of each
 * corrected mention under the label the team gave it (naive Bayes). At classification time each word
 * the team has labelled before moves the model's odds towards the labels it was given, so a brand's
 * own vocabulary ("the 4 o'clock drop", a product name that sounds negative) is learnt from a few
 * corrections. Words never corrected move nothing: with no corrections the shipped model stands.
 */
import type { Adjustment } from "./classify";
import { mentionKinds } from "./kind";
import { sentimentLabels } from "./sentiment";
import { STOPWORDS } from "./topics";

export const feedbackAxes = ["sentiment", "kind"] as const;
export type FeedbackAxis = (typeof feedbackAxes)[number];
export type FeedbackCount = { axis: FeedbackAxis; label: string; token: string; n: number };

const labelsOf: Record<FeedbackAxis, readonly string[]> = { sentiment: sentimentLabels, kind: mentionKinds };
/** Laplace smoothing: one imagined mention per label for every word. */
const ALPHA = 1;
/** How far one word moves the odds (0.3: chosen on the Virgin America brand, never on the brand the eval scores), and how often the team must have labelled it first. */
export const WEIGHT = 0.3;
export const MIN_COUNT = 1;
/** At most this many words of one mention are learnt from or read. */
const MAX_TOKENS = 30;

/** The words of a normalised mention that carry meaning, once each. */
export function feedbackTokens(clean: string): string[] {
	const words = clean.toLowerCase().match(/[a-z][a-z0-9']+/g) ?? [];
	return [...new Set(words.filter((w) => w.length > 2 && !STOPWORDS.has(w)))].slice(0, MAX_TOKENS);
}

/** How the counts move each label's log-odds for a mention: the sum over its known words of log(P(label | word) / uniform). */
export function adjustmentFrom(counts: readonly FeedbackCount[], o: { weight?: number; minCount?: number } = {}): ((clean: string) => Adjustment) | undefined {
	const weight = o.weight ?? WEIGHT;
	const minCount = o.minCount ?? MIN_COUNT;
	if (counts.length === 0) return undefined;
	const table = new Map<string, Map<string, number>>();
	for (const c of counts) {
		const key = `${c.axis}\u0000${c.token}`;
		const byLabel = table.get(key) ?? table.set(key, new Map()).get(key)!;
		byLabel.set(c.label, (byLabel.get(c.label) ?? 0) + c.n);
	}
	const shiftFor = (axis: FeedbackAxis, tokens: string[]) => {
		const labels = labelsOf[axis];
		const shift = new Float64Array(labels.length);
		for (const t of tokens) {
			const byLabel = table.get(`${axis}\u0000${t}`);
			if (!byLabel) continue;
			let total = 0;
			for (const n of byLabel.values()) total += n;
			if (total < minCount) continue;
			labels.forEach((l, i) => {
				shift[i]! += weight * Math.log((((byLabel.get(l) ?? 0) + ALPHA) / (total + ALPHA * labels.length)) * labels.length);
			});
		}
		return shift;
	};
	return (clean) => {
		const tokens = feedbackTokens(clean);
		return { sentiment: shiftFor("sentiment", tokens), kind: shiftFor("kind", tokens) };
	};
}
