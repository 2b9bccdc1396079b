/** Growth per account and in total, period by period, with period-over-period change and a trend line. */
import type { GrowthPoint, GrowthSeries, MetricDay } from "./model";
import type { Period } from "./period";
import { linearFit, relativeChange } from "./stats";

const sumOrNull = (values: (number | null)[]) => {
	const present = values.filter((v): v is number => v !== null);
	return present.length ? present.reduce((a, b) => a + b, 0) : null;
};

/** The last follower count read on or before the end of a period. */
function followersAt(days: readonly MetricDay[], end: string): number | null {
	let best: MetricDay | undefined;
	for (const d of days) if (d.date < end && d.followers !== null && (!best || d.date > best.date)) best = d;
	return best?.followers ?? null;
}

function pointFor(days: readonly MetricDay[], period: Period, previousFollowers: number | null): GrowthPoint {
	const inside = days.filter((d) => d.date >= period.start && d.date < period.end);
	const impressions = sumOrNull(inside.map((d) => d.impressions));
	const engagements = sumOrNull(inside.map((d) => d.engagements));
	const followers = inside.some((d) => d.followers !== null) ? followersAt(inside, period.end) : null;
	return {
		period,
		followers,
		followerGain: followers !== null && previousFollowers !== null ? followers - previousFollowers : null,
		impressions,
		engagements,
		clicks: sumOrNull(inside.map((d) => d.clicks)),
		engagementRate: impressions && engagements !== null ? engagements / impressions : null,
	};
}

function seriesOf(accountId: string | null, label: string, points: GrowthPoint[]): GrowthSeries {
	const current = points.at(-1);
	const previous = points.at(-2) ?? null;
	const keys = ["followers", "impressions", "engagements", "clicks", "engagementRate"] as const;
	const change = Object.fromEntries(keys.map((k) => [k, current ? relativeChange(current[k], previous?.[k] ?? null) : null])) as GrowthSeries["change"];
	const trend = Object.fromEntries(keys.map((k) => [k, linearFit(points.map((p) => p[k]))])) as GrowthSeries["trend"];
	return { accountId, label, points, change, trend };
}

export function accountGrowth(accountId: string, label: string, days: readonly MetricDay[], periods: readonly Period[]): GrowthSeries {
	const first = periods[0];
	let previous = first ? followersAt(days, first.start) : null;
	const points = periods.map((period) => {
		const point = pointFor(days, period, previous);
		if (point.followers !== null) previous = point.followers;
		return point;
	});
	return seriesOf(accountId, label, points);
}

/** The sum over accounts, period by period; the rate is recomputed from the sums, not averaged. */
export function totalGrowth(series: readonly GrowthSeries[], periods: readonly Period[]): GrowthSeries {
	const points = periods.map((period, i) => {
		const at = series.map((s) => s.points[i]!);
		const impressions = sumOrNull(at.map((p) => p.impressions));
		const engagements = sumOrNull(at.map((p) => p.engagements));
		return {
			period,
			followers: sumOrNull(at.map((p) => p.followers)),
			followerGain: sumOrNull(at.map((p) => p.followerGain)),
			impressions,
			engagements,
			clicks: sumOrNull(at.map((p) => p.clicks)),
			engagementRate: impressions && engagements !== null ? engagements / impressions : null,
		};
	});
	return seriesOf(null, "All accounts", points);
}
