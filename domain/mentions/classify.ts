/**
 * Classifies an inbound mention: sentiment (label and score), kind, topics, and whether its author
 * follows the account (passed through from the network; null when it did not say). Pure and fast:
 * one pass of generic features (features.ts), then two small softmax models (model.ts): sentiment
 * from the features, kind from the features, the sentiment probabilities and the hand-written rule.
 */
import { extractFeatures, type Features } from "./features";
import { type MentionKind, mentionKinds, ruleKind } from "./kind";
import { argmax, predictProbabilities, type SoftmaxModel } from "./model";
import { normalizeMention } from "./normalize";
import { type SentimentLabel, sentimentLabels } from "./sentiment";
import { extractTopics } from "./topics";
import { KIND_MODEL, SENTIMENT_MODEL } from "./weights";

/** Stored with each mention: raise it when the rules change, so older rows can be found and redone. */
export const CLASSIFIER_VERSION = 2;

export type MentionClassification = {
	sentiment: { label: SentimentLabel; score: number };
	kind: MentionKind;
	topics: string[];
	authorFollows: boolean | null;
};

export type MentionModels = { sentiment: SoftmaxModel<SentimentLabel>; kind: SoftmaxModel<MentionKind> };
export const shippedModels: MentionModels = { sentiment: SENTIMENT_MODEL, kind: KIND_MODEL };

/** The kind model's input: the features, the sentiment probabilities, and the rule's kind one-hot. */
export function kindInput(features: Features, sentiment: ArrayLike<number>): Float64Array {
	const rule = ruleKind(sentimentLabels[argmax(sentiment)]!, features);
	const out = new Float64Array(features.length + sentimentLabels.length + mentionKinds.length);
	out.set(features);
	out.set(Array.from(sentiment), features.length);
	out[features.length + sentimentLabels.length + mentionKinds.indexOf(rule)] = 1;
	return out;
}

/**
 * Log-odds to add to each class before the final pick: how a workspace's own corrections move the
 * shipped model (see adapt.ts). Zero everywhere when the workspace has taught nothing.
 */
export type Adjustment = { sentiment?: ArrayLike<number>; kind?: ArrayLike<number> };

function shifted(probabilities: Float64Array, logOdds?: ArrayLike<number>): Float64Array {
	if (!logOdds) return probabilities;
	const out = Float64Array.from(probabilities, (p, i) => Math.log(Math.max(p, 1e-9)) + (logOdds[i] ?? 0));
	const max = Math.max(...out);
	let total = 0;
	for (let i = 0; i < out.length; i++) total += out[i] = Math.exp(out[i]! - max);
	for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
	return out;
}

/** Sentiment and kind only, with chosen models: what the eval scores inside each fold. */
export function predictMention(text: string, models: MentionModels = shippedModels, adjust: (clean: string) => Adjustment = () => ({})) {
	const clean = normalizeMention(text);
	const features = extractFeatures(clean, text);
	const shift = adjust(clean);
	const sentiment = shifted(predictProbabilities(models.sentiment, features), shift.sentiment);
	const kind = shifted(predictProbabilities(models.kind, kindInput(features, sentiment)), shift.kind);
	return { clean, sentiment, kind, label: sentimentLabels[argmax(sentiment)]!, kindLabel: mentionKinds[argmax(kind)]! };
}

export function classifyMention(text: string, authorFollows: boolean | null = null, adjust?: (clean: string) => Adjustment): MentionClassification {
	const p = predictMention(text, shippedModels, adjust);
	// The score runs -1..1: how much likelier positive is than negative.
	const score = Math.round((p.sentiment[0]! - p.sentiment[2]!) * 1000) / 1000;
	return { sentiment: { label: p.label, score }, kind: p.kindLabel, topics: extractTopics(p.clean), authorFollows };
}
