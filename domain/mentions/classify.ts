/**
 * Classifies an inbound mention: sentiment (label and score), kind, topics, and whether its author
 * follows the account (passed through from the network; null when it did not say). Pure and fast:
 * one VADER pass and a few dozen regular expressions.
 */
import { mentionKind, type MentionKind } from "./kind";
import { normalizeMention } from "./normalize";
import { readSignals, sentimentLabel, sentimentScore, type SentimentLabel } from "./sentiment";
import { extractTopics } from "./topics";

/** Stored with each mention: raise it when the rules change, so older rows can be found and redone. */
export const CLASSIFIER_VERSION = 1;

export type MentionClassification = {
	sentiment: { label: SentimentLabel; score: number };
	kind: MentionKind;
	topics: string[];
	authorFollows: boolean | null;
};

export function classifyMention(text: string, authorFollows: boolean | null = null): MentionClassification {
	const clean = normalizeMention(text);
	const signals = readSignals(clean, /https?:\/\//.test(text));
	const score = sentimentScore(signals);
	const label = sentimentLabel(score);
	return { sentiment: { label, score }, kind: mentionKind(label, signals, clean), topics: extractTopics(clean), authorFollows };
}
