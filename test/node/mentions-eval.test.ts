// The eval's machinery and the shipped classifier on the labelled fixtures (test/fixtures/mentions/).
// The honest, out-of-fold figures come from `npm run eval:mentions` (minutes); this checks that the
// folds cannot leak a brand, and that the shipped models beat the baselines and stay fast.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { predictMention } from "../../domain/mentions/classify";
import { type Classifier, cpuPerMention, groupedFolds, loadCorpus, naiveQuestionRule, plainVader, score } from "../../scripts/mentions-eval";

const rows = loadCorpus(path.join(import.meta.dirname, "../fixtures/mentions"));
const shipped: Classifier = ({ text }) => {
	const p = predictMention(text);
	return { sentiment: p.label, kind: p.kindLabel };
};

describe("mention eval corpus", () => {
	it("has every labelled row once, kinds only from dev.csv", () => {
		expect(rows.length).toBeGreaterThan(14_000);
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		expect(rows.filter((r) => r.kind !== null).length).toBe(rows.filter((r) => r.inDev).length);
		// dev.csv's rows sit under the brand of the row they came from.
		expect(rows.find((r) => r.id === "s140-3")?.group).toBe("sentiment140-test/kindle2");
	});

	it("puts each source/brand group in exactly one fold, every fold holding some of each source", () => {
		const folds = groupedFolds(rows, 5);
		const foldOf = new Map<string, Set<number>>();
		rows.forEach((r, i) => {
			foldOf.set(r.group, (foldOf.get(r.group) ?? new Set()).add(folds[i]!));
		});
		for (const [group, set] of foldOf) expect(set.size, group).toBe(1);
		for (let f = 0; f < 5; f++)
			for (const source of new Set(rows.map((r) => r.source))) expect(rows.some((r, i) => folds[i] === f && r.source === source)).toBe(true);
	});
});

describe("shipped mention classifier", () => {
	const dev = rows.filter((r) => r.inDev);

	it("beats plain VADER on sentiment and the naive '?' rule on kind, per source", () => {
		for (const source of new Set(rows.map((r) => r.source))) {
			const part = rows.filter((r) => r.source === source);
			expect(score(part, shipped).sentimentAccuracy, `${source}: sentiment`).toBeGreaterThan(score(part, plainVader).sentimentAccuracy + 0.05);
			const kinds = dev.filter((r) => r.source === source);
			expect(score(kinds, shipped).kindMacroF1, `${source}: kind`).toBeGreaterThan(score(kinds, naiveQuestionRule).kindMacroF1 + 0.05);
		}
	});

	it("costs well under 0.2 ms of CPU per mention", () => {
		expect(cpuPerMention(dev, (text) => predictMention(text), 3)).toBeLessThan(0.2);
	});
});
