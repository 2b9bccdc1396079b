/**
 * `npm run eval:mentions [dir]`: the classifier against plain VADER and the naive "? = question"
 * rule, in one run, on every labelled row in test/fixtures/mentions/ (dev.csv with kinds, the full
 * airline and Sentiment140 files with sentiment). The classifier's figures are out of fold: K-fold
 * cross-validation grouped by source and brand, both models and their regularisation fitted on the
 * other folds' brands only, then scored on brands they never saw.
 */
import path from "node:path";
import { adjustmentFrom, type FeedbackCount, feedbackTokens } from "../domain/mentions/adapt";
import { classifyMention, predictMention } from "../domain/mentions/classify";
import { normalizeMention } from "../domain/mentions/normalize";
import { type Classifier, type CorpusRow, cpuPerMention, groupedFolds, loadCorpus, naiveQuestionRule, plainVader, score } from "./mentions-eval";
import { type Featurised, featurise, predictRow, trainMentionModels } from "./mentions-train-lib";

const K = 5;
const dir = process.argv[2] ?? path.join(import.meta.dirname, "../test/fixtures/mentions");
const rows = featurise(loadCorpus(dir));
const folds = groupedFolds(rows, K);

const outOfFold = new Map<string, { sentiment: CorpusRow["sentiment"]; kind: NonNullable<CorpusRow["kind"]> }>();
for (let f = 0; f < K; f++) {
	const train = rows.filter((_, i) => folds[i] !== f);
	const test = rows.filter((_, i) => folds[i] === f);
	const t = trainMentionModels(train);
	const groups = new Set(test.map((r) => r.group));
	console.log(
		`fold ${f + 1}: ${test.length} rows in ${groups.size} brands held out (${[...groups].slice(0, 4).join(", ")}${groups.size > 4 ? ", …" : ""}); chosen L2 sentiment ${t.sentimentL2}, kind ${t.kindL2}`,
	);
	for (const r of test) outOfFold.set(r.id, predictRow(t.models, r.features));
}
const chorus: Classifier = (r) => outOfFold.get((r as Featurised).id)!;

const subsets: [string, CorpusRow[]][] = [
	...[...new Set(rows.map((r) => r.source))].sort().map((s): [string, CorpusRow[]] => [`dev.csv · ${s}`, rows.filter((r) => r.inDev && r.source === s)]),
	["dev.csv · all", rows.filter((r) => r.inDev)],
	...[...new Set(rows.map((r) => r.source))].sort().map((s): [string, CorpusRow[]] => [`all rows · ${s}`, rows.filter((r) => r.source === s)]),
	["all rows", rows],
];
const classifiers: [string, Classifier][] = [
	["chorus (OOF)", chorus],
	["plain VADER", plainVader],
	["naive ? rule", naiveQuestionRule],
];
const fmt = (x: number) => (Number.isNaN(x) ? "—" : x.toFixed(3));
console.log(`\n${rows.length} labelled mentions in ${new Set(rows.map((r) => r.group)).size} source/brand groups, ${K} grouped folds\n`);
console.log(["classifier".padEnd(13), "subset".padEnd(40), "n".padStart(6), "sentiment acc", "kind macro-F1"].join("  "));
for (const [name, classify] of classifiers) {
	for (const [subset, part] of subsets) {
		const s = score(part, classify);
		console.log(
			[name.padEnd(13), subset.padEnd(40), String(s.n).padStart(6), fmt(s.sentimentAccuracy).padStart(13), fmt(s.kindMacroF1).padStart(13)].join("  "),
		);
	}
	const sources = [...new Set(rows.map((r) => r.source))];
	const mean =
		sources.reduce(
			(s, src) =>
				s +
				score(
					rows.filter((r) => r.source === src),
					classify,
				).sentimentAccuracy,
			0,
		) / sources.length;
	console.log([name.padEnd(13), "mean over sources (all rows)".padEnd(40), "".padStart(6), fmt(mean).padStart(13)].join("  "));
}
const f1 = score(
	rows.filter((r) => r.inDev),
	chorus,
).kindF1;
console.log(
	`\nchorus (OOF) kind F1 on dev.csv: ${Object.entries(f1)
		.map(([k, v]) => `${k} ${fmt(v)}`)
		.join(", ")}`,
);
const sample = rows.filter((_, i) => i % 10 === 0);
console.log(`CPU per mention, shipped classifier incl. topics: ${(cpuPerMention(sample, (t) => classifyMention(t)) * 1000).toFixed(1)} µs`);
console.log(`CPU per mention, plain VADER: ${(cpuPerMention(sample, (t) => plainVader({ text: t })) * 1000).toFixed(1)} µs`);

// Learning from the team: a brand held out of tuning, the models fitted on every other brand, then
// the team's corrections (the first mentions of that brand the models got wrong, in file order)
// counted into the workspace layer (domain/mentions/adapt.ts). Scored on the brand's later mentions.
const HELD_OUT = "twitter-us-airline-sentiment/delta";
const brand = rows.filter((r) => r.group === HELD_OUT);
const stream = brand.slice(0, Math.floor(brand.length / 2));
const scored = brand.slice(Math.floor(brand.length / 2));
const base = trainMentionModels(rows.filter((r) => r.group !== HELD_OUT)).models;
console.log(
	`\nLearning curve on ${HELD_OUT} (held out of tuning): corrections from its first ${stream.length} mentions, sentiment accuracy on the other ${scored.length}`,
);
for (const n of [0, 25, 100, 400]) {
	const counts: FeedbackCount[] = [];
	let taken = 0;
	for (const r of stream) {
		if (taken >= n) break;
		if (predictRow(base, r.features).sentiment === r.sentiment) continue;
		taken++;
		for (const token of feedbackTokens(normalizeMention(r.text))) counts.push({ axis: "sentiment", label: r.sentiment, token, n: 1 });
	}
	const adjust = adjustmentFrom(counts);
	const right = scored.filter((r) => predictMention(r.text, base, adjust).label === r.sentiment).length;
	console.log(`  after ${String(taken).padStart(3)} corrections: ${fmt(right / scored.length)}`);
}
