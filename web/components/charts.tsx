/**
 * Charts drawn on the server as SVG: no script, nothing for the CSP to refuse, readable without
 * colour (each chart has a title, a description and a table-like summary beside it).
 */
import { formatShortDay } from "../format";

const W = 640;
const H = 180;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };

function scale(min: number, max: number, from: number, to: number) {
	const span = max - min || 1;
	return (v: number) => from + ((v - min) / span) * (to - from);
}

/** Nice round bounds for an axis. */
function bounds(values: number[]): [number, number] {
	if (!values.length) return [0, 1];
	const lo = Math.min(...values);
	const hi = Math.max(...values);
	if (lo === hi) return [Math.max(0, lo - 1), hi + 1];
	const pad = (hi - lo) * 0.1;
	return [Math.max(0, Math.floor(lo - pad)), Math.ceil(hi + pad)];
}

const Axes = ({ lo, hi, first, last }: { lo: number; hi: number; first?: string; last?: string }) => (
	<g class="chart-axes">
		<line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
		<line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
		<text x={PAD.left - 6} y={PAD.top + 4} text-anchor="end">
			{hi.toLocaleString("en-GB")}
		</text>
		<text x={PAD.left - 6} y={H - PAD.bottom} text-anchor="end">
			{lo.toLocaleString("en-GB")}
		</text>
		{first && (
			<text x={PAD.left} y={H - 8}>
				{formatShortDay(first)}
			</text>
		)}
		{last && last !== first && (
			<text x={W - PAD.right} y={H - 8} text-anchor="end">
				{formatShortDay(last)}
			</text>
		)}
	</g>
);

export type LineSeries = { label: string; points: { date: string; value: number }[] };

/** One line per series over the same dates (followers per account). */
export function LineChart({ title, series, dates }: { title: string; series: LineSeries[]; dates: string[] }) {
	const values = series.flatMap((s) => s.points.map((p) => p.value));
	const [lo, hi] = bounds(values);
	const x = scale(0, Math.max(1, dates.length - 1), PAD.left, W - PAD.right);
	const y = scale(lo, hi, H - PAD.bottom, PAD.top);
	const index = new Map(dates.map((d, i) => [d, i]));
	return (
		<svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
			<title>{title}</title>
			<Axes lo={lo} hi={hi} first={dates[0]} last={dates.at(-1)} />
			{series.map((s, i) => (
				<g class={`chart-series chart-series-${i % 6}`}>
					<polyline points={s.points.map((p) => `${x(index.get(p.date) ?? 0).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")} fill="none" />
					{s.points.map((p) => (
						<circle cx={x(index.get(p.date) ?? 0).toFixed(1)} cy={y(p.value).toFixed(1)} r="2.5">
							<title>{`${s.label}, ${formatShortDay(p.date)}: ${p.value.toLocaleString("en-GB")}`}</title>
						</circle>
					))}
				</g>
			))}
		</svg>
	);
}

export type StackedDay = { date: string; parts: { key: string; value: number }[] };

/** One bar per day, split by part (mentions by sentiment, or a single part for engagement). */
export function StackedBars({ title, days }: { title: string; days: StackedDay[] }) {
	const totals = days.map((d) => d.parts.reduce((s, p) => s + p.value, 0));
	const hi = Math.max(1, ...totals);
	const y = scale(0, hi, H - PAD.bottom, PAD.top);
	const slot = (W - PAD.left - PAD.right) / Math.max(1, days.length);
	const bar = Math.max(2, slot * 0.7);
	return (
		<svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
			<title>{title}</title>
			<Axes lo={0} hi={hi} first={days[0]?.date} last={days.at(-1)?.date} />
			{days.map((d, i) => {
				let base = H - PAD.bottom;
				return (
					<g>
						<title>{`${formatShortDay(d.date)}: ${d.parts.map((p) => `${p.value} ${p.key}`).join(", ")}`}</title>
						{d.parts.map((p) => {
							const top = y(p.value) - (H - PAD.bottom) + base;
							const rect = (
								<rect
									class={`bar bar-${p.key}`}
									x={(PAD.left + i * slot + (slot - bar) / 2).toFixed(1)}
									y={top.toFixed(1)}
									width={bar.toFixed(1)}
									height={Math.max(0, base - top).toFixed(1)}
								/>
							);
							base = top;
							return rect;
						})}
					</g>
				);
			})}
		</svg>
	);
}
