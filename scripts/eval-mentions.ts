/**
 * `npm run eval:mentions [path]`: the classifier against plain VADER and the naive "? = question"
 * rule, in one run, on test/fixtures/mentions/dev.csv (never the holdout). The data's licence and
 * attribution: test/fixtures/mentions/README.md (evaluation only, never shipped in the Worker).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chorus, cpuPerMention, loadLabelled, naiveQuestionRule, parseCsv, plainVader, score, type Classifier } from "./mentions-eval";
import { classifyMention } from "../domain/mentions/classify";

const file = process.argv[2] ?? path.join(import.meta.dirname, "../test/fixtures/mentions/dev.csv");
if (file.includes("holdout")) throw new Error("The holdout is reserved for independent evaluation.");
const rows = loadLabelled(file);
const sources = [...new Set(rows.map((r) => r.source))].sort();
const classifiers: [string, Classifier][] = [
	["chorus", chorus],
	["plain VADER", plainVader],
	["naive ? rule", naiveQuestionRule],
];

const pct = (x: number) => x.toFixed(3);
console.log(`${file}: ${rows.length} mentions\n`);
console.log(["classifier".padEnd(14), "subset".padEnd(30), "n".padStart(4), "sentiment acc", "kind macro-F1"].join("  "));
for (const [name, classify] of classifiers) {
	for (const subset of ["all", ...sources]) {
		const part = subset === "all" ? rows : rows.filter((r) => r.source === subset);
		const s = score(part, classify);
		console.log([name.padEnd(14), subset.padEnd(30), String(s.n).padStart(4), pct(s.sentimentAccuracy).padStart(13), pct(s.kindMacroF1).padStart(13)].join("  "));
	}
}
const f1 = score(rows, chorus).kindF1;
console.log(`\nchorus kind F1: ${Object.entries(f1).map(([k, v]) => `${k} ${pct(v)}`).join(", ")}`);
console.log(`CPU per mention (full classification incl. topics): ${(cpuPerMention(rows, (t) => classifyMention(t)) * 1000).toFixed(1)} µs`);
console.log(`CPU per mention (plain VADER): ${(cpuPerMention(rows, (t) => plainVader(t)) * 1000).toFixed(1)} µs`);

// Out of sample: the full airline file (sentiment only, no kinds), less the rows dev.csv took from it.
// The rules were never tuned on these rows, so the gap to dev shows how much the tuning overfits.
const airlineFile = path.join(path.dirname(file), "airline-tweets.csv");
try {
	const devIds = new Set(rows.map((r) => r.id.replace(/^air-/, "")));
	const [header, ...airline] = parseCsv(readFileSync(airlineFile, "utf8"));
	const col = (name: string) => header.indexOf(name);
	const unseen = airline.filter((r) => r.length === header.length && !devIds.has(r[col("tweet_id")]));
	const accuracy = (classify: Classifier) => unseen.filter((r) => classify(r[col("text")]).sentiment === r[col("airline_sentiment")]).length / unseen.length;
	console.log(`\nOut of sample, ${path.basename(airlineFile)} less dev rows (${unseen.length}), sentiment accuracy: chorus ${pct(accuracy(chorus))}, plain VADER ${pct(accuracy(plainVader))}`);
} catch (error) {
	console.log(`\n(no out-of-sample check: ${(error as Error).message})`);
}
