/**
 * `npm run eval:mentions [dir]`: the classifier against plain VADER and the naive "? = question"
 * rule, in one run, on every labelled row in test/fixtures/mentions/ (dev.csv with kinds, the full
 * airline and Sentiment140 files with sentiment). The classifier's figures are out of fold: K-fold
 * cross-validation grouped by source and brand, both models and their regularisation fitted on the
 * other folds' brands only, then scored on brands they never saw.
 */
import path from "node:path";
import { classifyMention } from "../domain/mentions/classify";
import { cpuPerMention, groupedFolds, loadCorpus, naiveQuestionRule, plainVader, score, type Classifier, type CorpusRow } from "./mentions-eval";
import { featurise, predictRow, trainMentionModels, type Featurised } from "./mentions-train-lib";

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
	console.log(`fold ${f + 1}: ${test.length} rows in ${groups.size} brands held out (${[...groups].slice(0, 4).join(", ")}${groups.size > 4 ? ", …" : ""}); chosen L2 sentiment ${t.sentimentL2}, kind ${t.kindL2}`);
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
		console.log([name.padEnd(13), subset.padEnd(40), String(s.n).padStart(6), fmt(s.sentimentAccuracy).padStart(13), fmt(s.kindMacroF1).padStart(13)].join("  "));
	}
	const sources = [...new Set(rows.map((r) => r.source))];
	const mean = sources.reduce((s, src) => s + score(rows.filter((r) => r.source === src), classify).sentimentAccuracy, 0) / sources.length;
	console.log([name.padEnd(13), "mean over sources (all rows)".padEnd(40), "".padStart(6), fmt(mean).padStart(13)].join("  "));
}
const f1 = score(rows.filter((r) => r.inDev), chorus).kindF1;
console.log(`\nchorus (OOF) kind F1 on dev.csv: ${Object.entries(f1).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
const sample = rows.filter((_, i) => i % 10 === 0);
console.log(`CPU per mention, shipped classifier incl. topics: ${(cpuPerMention(sample, (t) => classifyMention(t)) * 1000).toFixed(1)} µs`);
console.log(`CPU per mention, plain VADER: ${(cpuPerMention(sample, (t) => plainVader({ text: t })) * 1000).toFixed(1)} µs`);
