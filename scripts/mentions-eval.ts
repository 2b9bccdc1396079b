/**
 * Scores mention classifiers on labelled rows (test/fixtures/mentions/): sentiment accuracy and kind
 * macro-F1, overall and per source. Node only: the labelled data never ships with the Worker.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import vader from "vader-sentiment";
import { type MentionKind, mentionKinds } from "../domain/mentions/kind";
import type { SentimentLabel } from "../domain/mentions/sentiment";

export type LabelledMention = { id: string; text: string; brand: string; sentiment: SentimentLabel; kind: MentionKind; source: string };
/** Any labelled row of the three files: kind only where dev.csv labelled it; `group` is source/brand. */
export type CorpusRow = { id: string; text: string; source: string; group: string; sentiment: SentimentLabel; kind: MentionKind | null; inDev: boolean };
export type Prediction = { sentiment: SentimentLabel; kind: MentionKind };
export type Classifier = (row: { text: string }) => Prediction;
export type Scores = { n: number; sentimentAccuracy: number; kindMacroF1: number; kindF1: Record<MentionKind, number> };

/** RFC 4180 rows (quoted commas, doubled quotes, newlines in fields), read by papaparse as the app's imports are. */
export function parseCsv(source: string): string[][] {
	return Papa.parse<string[]>(source, { skipEmptyLines: true }).data;
}

export function loadLabelled(path: string): LabelledMention[] {
	const [header = [], ...rows] = parseCsv(readFileSync(path, "utf8"));
	return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as LabelledMention);
}

const vaderLabel = (compound: number): SentimentLabel => (compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral");
const byLabel: Record<SentimentLabel, MentionKind> = { positive: "praise", negative: "concern", neutral: "other" };

/** Plain VADER with its published thresholds; kind follows the label. */
export const plainVader: Classifier = ({ text }) => {
	const sentiment = vaderLabel(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
	return { sentiment, kind: byLabel[sentiment] };
};

/** The naive kind rule: a "?" makes a question; otherwise the kind follows VADER's label. */
export const naiveQuestionRule: Classifier = ({ text }) => {
	const base = plainVader({ text });
	return { sentiment: base.sentiment, kind: text.includes("?") ? "question" : base.kind };
};

export function score(rows: { text: string; sentiment: SentimentLabel; kind: MentionKind | null }[], classify: Classifier): Scores {
	let right = 0;
	const tp = new Map<MentionKind, number>();
	const fp = new Map<MentionKind, number>();
	const fn = new Map<MentionKind, number>();
	const inc = (m: Map<MentionKind, number>, k: MentionKind) => m.set(k, (m.get(k) ?? 0) + 1);
	for (const row of rows) {
		const p = classify(row);
		if (p.sentiment === row.sentiment) right++;
		if (row.kind === null) continue;
		if (p.kind === row.kind) inc(tp, row.kind);
		else {
			inc(fp, p.kind);
			inc(fn, row.kind);
		}
	}
	const kindF1 = Object.fromEntries(
		mentionKinds.map((k) => {
			const t = tp.get(k) ?? 0;
			const denominator = 2 * t + (fp.get(k) ?? 0) + (fn.get(k) ?? 0);
			return [k, denominator ? (2 * t) / denominator : 0];
		}),
	) as Record<MentionKind, number>;
	// Macro-F1 over the kinds present in the rows, so a source without questions is not marked down for them.
	const present = mentionKinds.filter((k) => rows.some((r) => r.kind === k));
	const kindMacroF1 = present.length ? present.reduce((s, k) => s + kindF1[k], 0) / present.length : Number.NaN;
	return { n: rows.length, sentimentAccuracy: right / rows.length, kindMacroF1, kindF1 };
}

/** Mean CPU time per mention of `classify`, in milliseconds, over `rounds` passes after a warm-up. */
export function cpuPerMention(rows: { text: string }[], classify: (text: string) => unknown, rounds = 20): number {
	for (const r of rows) classify(r.text);
	const start = process.cpuUsage();
	for (let i = 0; i < rounds; i++) for (const r of rows) classify(r.text);
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000 / (rounds * rows.length);
}

const polarity: Record<string, SentimentLabel> = { "0": "negative", "2": "neutral", "4": "positive" };
const groupOf = (source: string, brand: string) =>
	`${source}/${brand
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, " ")
		.trim()}`;

/**
 * Every labelled row once: dev.csv's rows (sentiment and kind), then the rows of airline-tweets.csv
 * and sentiment140-test.csv that dev.csv did not take (sentiment only). A dev row is grouped under
 * the brand of the row it came from, so one brand never sits on both sides of a fold.
 */
export function loadCorpus(dir: string): CorpusRow[] {
	const dev = loadLabelled(path.join(dir, "dev.csv"));
	const [airHeader = [], ...air] = parseCsv(readFileSync(path.join(dir, "airline-tweets.csv"), "utf8"));
	const s140 = parseCsv(readFileSync(path.join(dir, "sentiment140-test.csv"), "utf8")).filter((r) => r.length === 6);
	const col = (name: string) => airHeader.indexOf(name);
	const airlineOf = new Map(air.filter((r) => r.length === airHeader.length).map((r) => [`air-${r[col("tweet_id")]}`, r]));
	const queryOf = new Map(s140.map((r) => [`s140-${r[1]}`, r[3]!]));
	const rows: CorpusRow[] = dev.map((r) => ({
		id: r.id,
		text: r.text,
		source: r.source,
		group: groupOf(r.source, r.id.startsWith("air-") ? (airlineOf.get(r.id)?.[col("airline")] ?? r.brand) : (queryOf.get(r.id) ?? r.brand)),
		sentiment: r.sentiment,
		kind: r.kind,
		inDev: true,
	}));
	const taken = new Set(rows.map((r) => r.id));
	for (const [id, r] of airlineOf) {
		if (taken.has(id)) continue;
		const source = "twitter-us-airline-sentiment";
		rows.push({
			id,
			text: r[col("text")]!,
			source,
			group: groupOf(source, r[col("airline")]!),
			sentiment: r[col("airline_sentiment")] as SentimentLabel,
			kind: null,
			inDev: false,
		});
	}
	for (const r of s140) {
		const id = `s140-${r[1]}`;
		if (taken.has(id) || !polarity[r[0]!]) continue;
		const source = "sentiment140-test";
		rows.push({ id, text: r[5]!, source, group: groupOf(source, r[3]!), sentiment: polarity[r[0]!]!, kind: null, inDev: false });
	}
	return rows;
}

/**
 * Grouped k-fold: every source/brand group goes whole to one fold, the largest groups first, each to
 * the fold that holds the fewest rows of its source so far. Returns each row's fold.
 */
export function groupedFolds(rows: CorpusRow[], k: number): number[] {
	const sizes = new Map<string, { source: string; n: number }>();
	for (const r of rows) sizes.set(r.group, { source: r.source, n: (sizes.get(r.group)?.n ?? 0) + 1 });
	const load = new Map<string, number[]>();
	const foldOf = new Map<string, number>();
	for (const [group, { source, n }] of [...sizes].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))) {
		const l = load.get(source) ?? load.set(source, new Array<number>(k).fill(0)).get(source)!;
		const f = l.indexOf(Math.min(...l));
		l[f]! += n;
		foldOf.set(group, f);
	}
	return rows.map((r) => foldOf.get(r.group)!);
}
