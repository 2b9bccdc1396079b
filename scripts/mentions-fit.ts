/**
 * Fits the softmax model of domain/mentions/model.ts: weighted cross-entropy with an L2 penalty,
 * full-batch gradient descent with Adam. Node only, offline; used by the eval (inside each fold)
 * and by scripts/mentions-train.ts (for the shipped weights).
 */
import type { SoftmaxModel } from "../domain/mentions/model";

export type FitOptions = { l2: number; iterations?: number; learningRate?: number };

export function fitSoftmax<C extends string>(
	x: ArrayLike<number>[],
	y: number[],
	sampleWeight: number[],
	classes: readonly C[],
	o: FitOptions,
): SoftmaxModel<C> {
	const n = x.length;
	const d = x[0]!.length;
	const k = classes.length;
	const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);
	const mean = new Array<number>(d).fill(0);
	const scale = new Array<number>(d).fill(0);
	for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i]! += (sampleWeight[r]! * x[r]![i]!) / totalWeight;
	for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) scale[i]! += (sampleWeight[r]! * (x[r]![i]! - mean[i]!) ** 2) / totalWeight;
	for (let i = 0; i < d; i++) scale[i] = Math.sqrt(scale[i]!) || 1;
	const z = x.map((row) => Float64Array.from({ length: d }, (_, i) => (row[i]! - mean[i]!) / scale[i]!));

	const w = Array.from({ length: k }, () => new Float64Array(d + 1));
	const m = Array.from({ length: k }, () => new Float64Array(d + 1));
	const v = Array.from({ length: k }, () => new Float64Array(d + 1));
	const iterations = o.iterations ?? 300;
	const lr = o.learningRate ?? 0.05;
	const logits = new Float64Array(k);
	for (let t = 1; t <= iterations; t++) {
		const grad = Array.from({ length: k }, () => new Float64Array(d + 1));
		for (let r = 0; r < n; r++) {
			const row = z[r]!;
			let max = -Infinity;
			for (let c = 0; c < k; c++) {
				const wc = w[c]!;
				let s = wc[0]!;
				for (let i = 0; i < d; i++) s += wc[i + 1]! * row[i]!;
				logits[c] = s;
				if (s > max) max = s;
			}
			let total = 0;
			for (let c = 0; c < k; c++) total += logits[c] = Math.exp(logits[c]! - max);
			const sw = sampleWeight[r]! / totalWeight;
			for (let c = 0; c < k; c++) {
				const err = sw * (logits[c]! / total - (y[r] === c ? 1 : 0));
				const g = grad[c]!;
				g[0]! += err;
				for (let i = 0; i < d; i++) g[i + 1]! += err * row[i]!;
			}
		}
		for (let c = 0; c < k; c++) {
			const wc = w[c]!,
				g = grad[c]!,
				mc = m[c]!,
				vc = v[c]!;
			for (let i = 0; i <= d; i++) {
				const gi = g[i]! + (i > 0 ? o.l2 * wc[i]! : 0);
				mc[i] = 0.9 * mc[i]! + 0.1 * gi;
				vc[i] = 0.999 * vc[i]! + 0.001 * gi * gi;
				const mHat = mc[i]! / (1 - 0.9 ** t);
				const vHat = vc[i]! / (1 - 0.999 ** t);
				wc[i] = wc[i]! - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
			}
		}
	}
	const round = (x: number) => Math.round(x * 1e4) / 1e4;
	return { classes, mean: mean.map(round), scale: scale.map(round), weights: w.map((row) => Array.from(row, round)) };
}
