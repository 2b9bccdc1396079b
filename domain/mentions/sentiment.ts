/**
 * Sentiment of a message written to a brand: VADER's compound score, moved by the customer-to-brand
 * cues VADER misses (service failures, sarcasm, help requests that read as "positive").
 */
import vader from "vader-sentiment";
import { ASKS_FIRST, ASKS_FOR_HELP, COMPLAINT_CUES, NEUTRALISERS, PRAISE_CUES, REQUEST_CUES, SARCASM_CUES, STRONG_COMPLAINT } from "./cues";

export const sentimentLabels = ["positive", "neutral", "negative"] as const;
export type SentimentLabel = (typeof sentimentLabels)[number];

export type Signals = {
	/** VADER's compound score on the normalised text, -1..1. */
	vader: number;
	complaints: number;
	praise: number;
	sarcasm: boolean;
	request: boolean;
	question: boolean;
	/** It opens with a question (or asks for help) and complains about nothing strongly: the question is the point. */
	questionIsThePoint: boolean;
	/** The message carried a link: headlines and shares, mostly reported rather than felt. */
	link: boolean;
};

const count = (patterns: RegExp[], text: string) => patterns.reduce((n, p) => n + (p.test(text) ? 1 : 0), 0);

/** Reads the cues once; `text` is already normalised (normalizeMention). */
export function readSignals(text: string, link = false): Signals {
	const lower = text.toLowerCase();
	const sarcasm = SARCASM_CUES.some((p) => p.test(lower));
	const felt = NEUTRALISERS.reduce((t, p) => t.replace(p, " "), text);
	return {
		vader: vader.SentimentIntensityAnalyzer.polarity_scores(felt).compound,
		complaints: count(COMPLAINT_CUES, lower),
		praise: count(PRAISE_CUES, lower),
		sarcasm,
		request: REQUEST_CUES.some((p) => p.test(lower)),
		question: /\?/.test(lower),
		questionIsThePoint: (ASKS_FIRST.test(lower) || ASKS_FOR_HELP.test(lower)) && !STRONG_COMPLAINT.test(lower) && !sarcasm,
		link,
	};
}

// Set on dev.csv by a small grid (npm run eval:mentions); neighbouring values score within a point.
export const WEIGHTS = { complaint: 0.5, praise: 0.3, requestDamp: 0.6, positiveAt: 0.3, negativeAt: -0.25, linkDamp: 0.4, questionDamp: 0.3 };

/** The combined score, clamped to -1..1. */
export function sentimentScore(s: Signals): number {
	let score = (s.link && s.praise === 0 && s.complaints === 0 ? WEIGHTS.linkDamp : 1) * s.vader - WEIGHTS.complaint * s.complaints + WEIGHTS.praise * s.praise;
	// Praise words wrapped round a complaint mean the opposite.
	if (s.sarcasm && s.complaints > 0) score = Math.min(score, -0.5);
	// "Please help", "thank you" in a request: politeness, not praise.
	if ((s.request || s.question) && score > 0 && s.praise === 0) score *= WEIGHTS.requestDamp;
	// Asking whether a flight is delayed is not complaining about it.
	if (s.questionIsThePoint) score *= WEIGHTS.questionDamp;
	return Math.max(-1, Math.min(1, Math.round(score * 1000) / 1000));
}

export function sentimentLabel(score: number): SentimentLabel {
	if (score >= WEIGHTS.positiveAt) return "positive";
	if (score <= WEIGHTS.negativeAt) return "negative";
	return "neutral";
}
