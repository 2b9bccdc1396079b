/** Robust statistics for reports: medians and MAD resist the very outliers a report looks for. */

export function median(values: readonly number[]): number {
	return quantile(values, 0.5);
}

/** Linear interpolation between closest ranks (the "R-7" definition spreadsheets use). NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], center = median(values)): number {
	return median(values.map((v) => Math.abs(v - center)));
}

/** MAD scaled to estimate a standard deviation when the data are roughly normal. */
export const MAD_TO_SD = 1.4826;

/** Least-squares line through (0, y0), (1, y1), …; nulls are skipped. null with fewer than two points. */
export function linearFit(ys: readonly (number | null)[]): { slope: number; intercept: number } | null {
	const points = ys.flatMap((y, x) => (y === null || !Number.isFinite(y) ? [] : [[x, y] as const]));
	if (points.length < 2) return null;
	const n = points.length;
	const mx = points.reduce((s, [x]) => s + x, 0) / n;
	const my = points.reduce((s, [, y]) => s + y, 0) / n;
	let num = 0;
	let den = 0;
	for (const [x, y] of points) {
		num += (x - mx) * (y - my);
		den += (x - mx) ** 2;
	}
	const slope = den === 0 ? 0 : num / den;
	return { slope, intercept: my - slope * mx };
}

/** (current - previous) / previous, or null when there is nothing to compare with. */
export function relativeChange(current: number | null, previous: number | null): number | null {
	if (current === null || previous === null || previous === 0) return null;
	return (current - previous) / Math.abs(previous);
}
