// The classifier against the two baselines on the labelled dev set (test/fixtures/mentions/dev.csv),
// measured the same way `npm run eval:mentions` reports it. Never the holdout.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chorus, cpuPerMention, loadLabelled, naiveQuestionRule, plainVader, score } from "../../scripts/mentions-eval";

const rows = loadLabelled(path.join(import.meta.dirname, "../fixtures/mentions/dev.csv"));

describe("mention classifier on dev.csv", () => {
	it("has the labelled rows", () => {
		expect(rows.length).toBeGreaterThanOrEqual(300);
	});

	it("beats plain VADER on sentiment and the naive '?' rule on kind, overall and per source", () => {
		for (const subset of [null, ...new Set(rows.map((r) => r.source))]) {
			const part = subset ? rows.filter((r) => r.source === subset) : rows;
			const ours = score(part, chorus);
			const vader = score(part, plainVader);
			const naive = score(part, naiveQuestionRule);
			expect(ours.sentimentAccuracy, `${subset ?? "all"}: sentiment`).toBeGreaterThan(vader.sentimentAccuracy + 0.05);
			expect(ours.kindMacroF1, `${subset ?? "all"}: kind`).toBeGreaterThan(Math.max(naive.kindMacroF1, vader.kindMacroF1) + 0.05);
		}
	});

	it("stays well under 1 ms of CPU per mention", () => {
		expect(cpuPerMention(rows, chorus, 3)).toBeLessThan(1);
	});
});
