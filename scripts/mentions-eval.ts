/**
 * Scores mention classifiers on labelled rows (test/fixtures/mentions/dev.csv): sentiment accuracy
 * and kind macro-F1, overall and per source. Node only: the data is a test fixture, never in the Worker.
 */
import { readFileSync } from "node:fs";
import vader from "vader-sentiment";
import { classifyMention } from "../domain/mentions/classify";
import { mentionKinds, type MentionKind } from "../domain/mentions/kind";
import type { SentimentLabel } from "../domain/mentions/sentiment";

export type LabelledMention = { id: string; text: string; brand: string; sentiment: SentimentLabel; kind: MentionKind; source: string };
export type Prediction = { sentiment: SentimentLabel; kind: MentionKind };
export type Classifier = (text: string) => Prediction;
export type Scores = { n: number; sentimentAccuracy: number; kindMacroF1: number; kindF1: Record<MentionKind, number> };

/** RFC 4180: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(source: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = "";
	let quoted = false;
	for (let i = 0; i < source.length; i++) {
		const c = source[i];
		if (quoted) {
			if (c === '"' && source[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ",") row.push(field), (field = "");
		else if (c === "\n") row.push(field), rows.push(row), (row = []), (field = "");
		else if (c !== "\r") field += c;
	}
	if (field || row.length) row.push(field), rows.push(row);
	return rows;
}

export function loadLabelled(path: string): LabelledMention[] {
	const [header = [], ...rows] = parseCsv(readFileSync(path, "utf8"));
	return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as LabelledMention);
}

const vaderLabel = (compound: number): SentimentLabel => (compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral");
const byLabel: Record<SentimentLabel, MentionKind> = { positive: "praise", negative: "concern", neutral: "other" };

/** Plain VADER with its published thresholds; kind follows the label. */
export const plainVader: Classifier = (text) => {
	const sentiment = vaderLabel(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
	return { sentiment, kind: byLabel[sentiment] };
};

/** The naive kind rule: a "?" makes a question; otherwise the kind follows VADER's label. */
export const naiveQuestionRule: Classifier = (text) => {
	const base = plainVader(text);
	return { sentiment: base.sentiment, kind: text.includes("?") ? "question" : base.kind };
};

export const chorus: Classifier = (text) => {
	const c = classifyMention(text);
	return { sentiment: c.sentiment.label, kind: c.kind };
};

export function score(rows: LabelledMention[], classify: Classifier): Scores {
	let right = 0;
	const tp = new Map<MentionKind, number>();
	const fp = new Map<MentionKind, number>();
	const fn = new Map<MentionKind, number>();
	const inc = (m: Map<MentionKind, number>, k: MentionKind) => m.set(k, (m.get(k) ?? 0) + 1);
	for (const row of rows) {
		const p = classify(row.text);
		if (p.sentiment === row.sentiment) right++;
		if (p.kind === row.kind) inc(tp, row.kind);
		else inc(fp, p.kind), inc(fn, row.kind);
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
	return { n: rows.length, sentimentAccuracy: right / rows.length, kindMacroF1: present.reduce((s, k) => s + kindF1[k], 0) / present.length, kindF1 };
}

/** Mean CPU time per mention of `classify`, in milliseconds, over `rounds` passes after a warm-up. */
export function cpuPerMention(rows: LabelledMention[], classify: (text: string) => unknown, rounds = 20): number {
	for (const r of rows) classify(r.text);
	const start = process.cpuUsage();
	for (let i = 0; i < rounds; i++) for (const r of rows) classify(r.text);
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000 / (rounds * rows.length);
}
