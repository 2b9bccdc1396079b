/**
 * A multinomial logistic model over the generic features (features.ts): standardise each feature,
 * then one linear score per class and a softmax. Small and fast (a few hundred multiplications);
 * the numbers come from scripts/mentions-train.ts and are recorded with their provenance in weights.ts.
 */
export type SoftmaxModel<C extends string = string> = {
	classes: readonly C[];
	/** Per input: subtracted, then divided by `scale` (learned on the training data, like the weights). */
	mean: readonly number[];
	scale: readonly number[];
	/** One row per class: a bias, then one weight per input. */
	weights: readonly (readonly number[])[];
};

/** Class probabilities, in the order of `model.classes`. */
export function predictProbabilities(model: SoftmaxModel, x: ArrayLike<number>): Float64Array {
	const k = model.classes.length;
	const logits = new Float64Array(k);
	let max = -Infinity;
	for (let c = 0; c < k; c++) {
		const w = model.weights[c]!;
		let z = w[0]!;
		for (let i = 0; i < x.length; i++) z += w[i + 1]! * ((x[i]! - model.mean[i]!) / model.scale[i]!);
		logits[c] = z;
		if (z > max) max = z;
	}
	let total = 0;
	for (let c = 0; c < k; c++) total += logits[c] = Math.exp(logits[c]! - max);
	for (let c = 0; c < k; c++) logits[c]! /= total;
	return logits;
}

export function argmax(values: ArrayLike<number>): number {
	let best = 0;
	for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
	return best;
}
