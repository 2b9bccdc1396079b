/**
 * Training of the two mention models, shared by the eval (inside each fold) and by
 * scripts/mentions-train.ts (the shipped weights). Regularisation is chosen by an inner grouped
 * cross-validation on the training rows only, so nothing is tuned on the rows it is scored on.
 */
import { kindInput, type MentionModels } from "../domain/mentions/classify";
import { extractFeatures, type Features } from "../domain/mentions/features";
import { mentionKinds } from "../domain/mentions/kind";
import { argmax, predictProbabilities } from "../domain/mentions/model";
import { normalizeMention } from "../domain/mentions/normalize";
import { sentimentLabels } from "../domain/mentions/sentiment";
import { type CorpusRow, groupedFolds, score } from "./mentions-eval";
import { fitSoftmax } from "./mentions-fit";

export type Featurised = CorpusRow & { features: Features };

export const featurise = (rows: CorpusRow[]): Featurised[] => rows.map((r) => ({ ...r, features: extractFeatures(normalizeMention(r.text), r.text) }));

const L2_GRID = [0.001, 0.01, 0.1];
const INNER_FOLDS = 3;

/** Each source weighs the same in total, so 14,000 airline tweets do not drown 376 other brands. */
function sourceWeights(rows: CorpusRow[]): number[] {
	const n = new Map<string, number>();
	for (const r of rows) n.set(r.source, (n.get(r.source) ?? 0) + 1);
	return rows.map((r) => 1 / n.get(r.source)!);
}

function fitSentiment(rows: Featurised[], l2: number) {
	return fitSoftmax(
		rows.map((r) => r.features),
		rows.map((r) => sentimentLabels.indexOf(r.sentiment)),
		sourceWeights(rows),
		sentimentLabels,
		{ l2, iterations: 150 },
	);
}

function fitKind(rows: Featurised[], sentiment: MentionModels["sentiment"], l2: number) {
	const labelled = rows.filter((r) => r.kind !== null);
	const x = labelled.map((r) => kindInput(r.features, predictProbabilities(sentiment, r.features)));
	return fitSoftmax(
		x,
		labelled.map((r) => mentionKinds.indexOf(r.kind!)),
		labelled.map(() => 1),
		mentionKinds,
		{ l2, iterations: 300 },
	);
}

export function predictRow(models: MentionModels, features: Features) {
	const s = predictProbabilities(models.sentiment, features);
	const k = predictProbabilities(models.kind, kindInput(features, s));
	return { sentiment: sentimentLabels[argmax(s)]!, kind: mentionKinds[argmax(k)]! };
}

/** Mean over sources of sentiment accuracy. */
function sentimentQuality(rows: Featurised[], model: MentionModels["sentiment"]): number {
	const sources = [...new Set(rows.map((r) => r.source))];
	const accuracy = (src: string) => {
		const part = rows.filter((r) => r.source === src);
		return part.filter((r) => sentimentLabels[argmax(predictProbabilities(model, r.features))] === r.sentiment).length / part.length;
	};
	return sources.reduce((s, src) => s + accuracy(src), 0) / sources.length;
}

/** Kind macro-F1 on the kind-labelled rows. */
function kindQuality(rows: Featurised[], models: MentionModels): number {
	const kinds = rows.filter((r) => r.kind !== null);
	return kinds.length ? score(kinds, (r) => predictRow(models, (r as Featurised).features)).kindMacroF1 : 0;
}

export type Trained = { models: MentionModels; sentimentL2: number; kindL2: number };

/** Fits both models on `rows`, choosing each L2 penalty by grouped CV inside `rows`. */
export function trainMentionModels(rows: Featurised[]): Trained {
	const folds = groupedFolds(rows, INNER_FOLDS);
	const inner = Array.from({ length: INNER_FOLDS }, (_, f) => ({ train: rows.filter((_, i) => folds[i] !== f), test: rows.filter((_, i) => folds[i] === f) }));
	const sentimentScores = L2_GRID.map((l2) => inner.reduce((s, { train, test }) => s + sentimentQuality(test, fitSentiment(train, l2)), 0));
	const sentimentL2 = L2_GRID[argmax(sentimentScores)]!;
	const innerSentiment = inner.map(({ train }) => fitSentiment(train, sentimentL2));
	const kindScores = L2_GRID.map((l2) =>
		inner.reduce((s, { train, test }, f) => s + kindQuality(test, { sentiment: innerSentiment[f]!, kind: fitKind(train, innerSentiment[f]!, l2) }), 0),
	);
	const kindL2 = L2_GRID[argmax(kindScores)]!;
	const sentiment = fitSentiment(rows, sentimentL2);
	return { models: { sentiment, kind: fitKind(rows, sentiment, kindL2) }, sentimentL2, kindL2 };
}
