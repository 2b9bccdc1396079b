import { describe, expect, it } from "vitest";
import { detectDeviations } from "../../../domain/reports/detect";
import { addDays, weekdayOf } from "../../../domain/time";

/** mulberry32: a seeded generator, so every run tests the same series. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Roughly normal noise (sum of uniforms). */
const gauss = (r: () => number) => r() + r() + r() + r() + r() + r() - 3;

const START = "2026-01-05"; // a Monday
const days = (n: number) => Array.from({ length: n }, (_, i) => addDays(START, i));

function series(n: number, value: (date: string, r: () => number) => number, seed = 1) {
	const r = rng(seed);
	return new Map(days(n).map((d) => [d, Math.max(0, Math.round(value(d, r)))]));
}

const weekdayShape = (date: string) => (weekdayOf(date) >= 6 ? 0.4 : 1);

describe("standout detector", () => {
	it("flags almost nothing on flat noise (false-positive rate under 1%)", () => {
		let tested = 0;
		let flagged = 0;
		for (let seed = 1; seed <= 20; seed++) {
			const s = series(200, (_d, r) => 1000 + 50 * gauss(r), seed);
			const dates = days(200).slice(60);
			tested += dates.length;
			flagged += detectDeviations(s, dates).length;
		}
		expect(tested).toBe(2800);
		expect(flagged / tested).toBeLessThan(0.01);
	});

	it("does not call weekends drops when every weekend is low", () => {
		const s = series(140, (d, r) => 1000 * weekdayShape(d) + 40 * gauss(r), 7);
		expect(detectDeviations(s, days(140).slice(70))).toEqual([]);
	});

	it("finds a planted spike and a planted drop on a weekday-seasonal series, and nothing else", () => {
		const s = series(140, (d, r) => 1000 * weekdayShape(d) + 40 * gauss(r), 3);
		const spike = addDays(START, 7 * 15 + 1); // a Tuesday
		const drop = addDays(START, 7 * 16 + 2); // a Wednesday
		const quietSaturday = addDays(START, 7 * 16 + 5);
		s.set(spike, 9000);
		s.set(drop, 250);
		const found = detectDeviations(s, days(140).slice(70));
		expect(found.map((f) => [f.date, f.direction, f.basis])).toEqual([
			[spike, "up", "weekday"],
			[drop, "down", "weekday"],
		]);
		expect(found[0]!.ratio).toBeGreaterThan(8);
		expect(found.some((f) => f.date === quietSaturday)).toBe(false);
		// A Saturday at weekday level is a standout for a Saturday.
		s.set(quietSaturday, 1000);
		expect(detectDeviations(s, [quietSaturday])[0]).toMatchObject({ direction: "up", basis: "weekday" });
	});

	it("copes with missing days: they are neither tested nor used, and planted spikes are still found", () => {
		const r = rng(11);
		const s = series(140, (d, rr) => 500 * weekdayShape(d) + 25 * gauss(rr), 5);
		const spike = addDays(START, 7 * 17 + 3);
		const missing = days(140).filter((d) => d !== spike && r() < 0.25);
		for (const d of missing) s.delete(d);
		s.set(spike, 2000);
		const found = detectDeviations(s, days(140).slice(60));
		expect(found.map((f) => f.date)).toEqual([spike]);
		expect(found.some((f) => missing.includes(f.date))).toBe(false);
	});

	it("is not blinded by an earlier spike in the baseline (median, not mean)", () => {
		const s = series(120, () => 200, 1);
		s.set(addDays(START, 7 * 14), 5000); // a Monday spike two weeks earlier
		const later = addDays(START, 7 * 16);
		s.set(later, 1200);
		expect(detectDeviations(s, [later])).toMatchObject([{ date: later, usual: 200, direction: "up" }]);
	});

	it("falls back to the recent days without enough same-weekday history, and judges nothing without history", () => {
		const s = series(20, () => 100, 1);
		const last = addDays(START, 19);
		s.set(last, 900);
		expect(detectDeviations(s, [last])).toMatchObject([{ basis: "recent", usual: 100 }]);
		const short = series(5, () => 100, 1);
		short.set(addDays(START, 4), 900);
		expect(detectDeviations(short, [addDays(START, 4)])).toEqual([]);
	});

	it("ignores small absolute wobbles on tiny counts", () => {
		const s = series(90, () => 1, 1);
		const last = addDays(START, 89);
		s.set(last, 4);
		expect(detectDeviations(s, [last])).toEqual([]);
		s.set(last, 30);
		expect(detectDeviations(s, [last])).toHaveLength(1);
	});
});
