/**
 * A small line chart as inline SVG, drawn on the server: no script, prints as vectors. The dashed
 * line is the least-squares trend; a marker above a period means someone left a note on it.
 */
export type ChartPoint = { label: string; value: number | null };

type Props = {
	title: string;
	points: ChartPoint[];
	fit: { slope: number; intercept: number } | null;
	/** Indexes of points with notes, and the notes' text (shown as a tooltip and listed below the charts). */
	notes?: { index: number; text: string }[];
	format: (v: number) => string;
};

const W = 320;
const H = 150;
const PAD = { left: 8, right: 8, top: 18, bottom: 22 };

export function LineChart({ title, points, fit, notes = [], format }: Props) {
	const values = points.map((p) => p.value).filter((v): v is number => v !== null);
	const fitted = fit ? [fit.intercept, fit.intercept + fit.slope * (points.length - 1)] : [];
	const all = [...values, ...fitted];
	if (values.length === 0) {
		return (
			<figure class="chart">
				<figcaption>{title}</figcaption>
				<p class="muted chart-empty">No figures for these periods yet.</p>
			</figure>
		);
	}
	let lo = Math.min(...all);
	let hi = Math.max(...all);
	if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
	const span = hi - lo;
	lo -= span * 0.08;
	hi += span * 0.08;
	const x = (i: number) => PAD.left + (points.length === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
	const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
	// A missing period breaks the line instead of being drawn as zero.
	const segments: string[] = [];
	let current: string[] = [];
	points.forEach((p, i) => {
		if (p.value === null) {
			if (current.length) segments.push(current.join(" "));
			current = [];
		} else current.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
	});
	if (current.length) segments.push(current.join(" "));
	const last = points.at(-1);
	const described = `${title}: ${points.map((p) => `${p.label} ${p.value === null ? "no data" : format(p.value)}`).join(", ")}`;
	return (
		<figure class="chart">
			<figcaption>
				{title}
				{last?.value !== null && last?.value !== undefined && <strong>{format(last.value)}</strong>}
			</figcaption>
			<svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={described} preserveAspectRatio="none" class="chart-svg">
				<line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} class="chart-axis" stroke="#d0d5dd" stroke-width="1" />
				{fit && (
					<line
						x1={x(0)}
						x2={x(points.length - 1)}
						y1={y(fitted[0]!)}
						y2={y(fitted[1]!)}
						class="chart-trend"
						stroke="#98a2b3"
						stroke-width="1.5"
						stroke-dasharray="4 3"
					/>
				)}
				{segments.map((s) => (
					<polyline points={s} fill="none" stroke="#3454d1" stroke-width="2" stroke-linejoin="round" class="chart-line" />
				))}
				{points.map((p, i) =>
					p.value === null ? null : (
						<circle
							cx={x(i)}
							cy={y(p.value)}
							r={i === points.length - 1 ? 3.5 : 2.2}
							fill={i === points.length - 1 ? "#3454d1" : "#fff"}
							stroke="#3454d1"
							stroke-width="1.5"
						>
							<title>{`${p.label}: ${format(p.value)}`}</title>
						</circle>
					),
				)}
				{notes.map((n) => (
					<path d={`M${x(n.index) - 5},4 L${x(n.index) + 5},4 L${x(n.index)},12 Z`} fill="#f79009" class="chart-note">
						<title>{n.text}</title>
					</path>
				))}
				<text x={PAD.left} y={H - 6} font-size="10" fill="#667085">
					{points[0]?.label}
				</text>
				<text x={W - PAD.right} y={H - 6} font-size="10" fill="#667085" text-anchor="end">
					{last?.label}
				</text>
			</svg>
		</figure>
	);
}
