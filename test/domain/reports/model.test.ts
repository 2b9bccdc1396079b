import { describe, expect, it } from "vitest";
import { accountGrowth, totalGrowth } from "../../../domain/reports/growth";
import type { MetricDay, ReportMention } from "../../../domain/reports/model";
import { nextRunAfter, periodContaining, periodEndingOn, trendPeriods } from "../../../domain/reports/period";
import { responseTimes } from "../../../domain/reports/summary";
import { topicGroups, voiceOf } from "../../../domain/reports/voice";
import { comparedWithUsual, shortDate } from "../../../domain/reports/wording";
import { addDays } from "../../../domain/time";

describe("report periods", () => {
	it("a scheduled run covers the whole period that just ended", () => {
		expect(periodEndingOn("daily", "2026-03-09")).toEqual({ start: "2026-03-08", end: "2026-03-09" });
		expect(periodEndingOn("weekly", "2026-03-09")).toEqual({ start: "2026-03-02", end: "2026-03-09" });
		expect(periodEndingOn("monthly", "2026-03-01")).toEqual({ start: "2026-02-01", end: "2026-03-01" });
		expect(periodEndingOn("monthly", "2026-01-01")).toEqual({ start: "2025-12-01", end: "2026-01-01" });
	});

	it("a manual run covers the period it falls in, weeks starting on the report's weekday", () => {
		expect(periodContaining({ cadence: "weekly", weekday: 1 }, "2026-03-04")).toEqual({ start: "2026-03-02", end: "2026-03-09" });
		expect(periodContaining({ cadence: "weekly", weekday: 5 }, "2026-03-04")).toEqual({ start: "2026-02-27", end: "2026-03-06" });
		expect(periodContaining({ cadence: "monthly", weekday: 1 }, "2026-12-31")).toEqual({ start: "2026-12-01", end: "2027-01-01" });
	});

	it("the trend is the eight periods before plus this one, oldest first", () => {
		const months = trendPeriods("monthly", { start: "2026-03-01", end: "2026-04-01" }, 8);
		expect(months).toHaveLength(9);
		expect(months[0]).toEqual({ start: "2025-07-01", end: "2025-08-01" });
		expect(months.every((p, i) => i === 0 || p.start === months[i - 1]!.end)).toBe(true);
	});

	it("the next run is the next due instant in the report's zone, across DST", () => {
		const weekly = { cadence: "weekly" as const, weekday: 1, time: "08:00", timezone: "Europe/Berlin" };
		// Monday 30 March 2026 is the first Monday of summer time: 08:00 is 06:00 UTC.
		expect(new Date(nextRunAfter(weekly, Date.parse("2026-03-23T07:00:00Z"))).toISOString()).toBe("2026-03-30T06:00:00.000Z");
		expect(new Date(nextRunAfter(weekly, Date.parse("2026-03-23T06:59:00Z"))).toISOString()).toBe("2026-03-23T07:00:00.000Z");
		const monthly = { cadence: "monthly" as const, weekday: 1, time: "07:00", timezone: "America/New_York" };
		expect(new Date(nextRunAfter(monthly, Date.parse("2026-01-15T00:00:00Z"))).toISOString()).toBe("2026-02-01T12:00:00.000Z");
	});
});

describe("growth", () => {
	const days = (from: string, n: number, fn: (i: number) => Partial<MetricDay>): MetricDay[] =>
		Array.from({ length: n }, (_, i) => ({
			accountId: "a",
			date: addDays(from, i),
			followers: null,
			impressions: null,
			engagements: null,
			clicks: null,
			shares: null,
			...fn(i),
		}));

	it("per period: followers at the end, gains, sums, a rate from the sums, change and trend; missing data stays missing", () => {
		const periods = trendPeriods("weekly", { start: "2026-03-02", end: "2026-03-09" }, 2);
		const rows = days("2026-02-09", 28, (i) => ({ followers: 100 + i, impressions: 1000, engagements: i < 14 ? null : 50, clicks: 2 }));
		const g = accountGrowth("a", "@a", rows, periods);
		expect(g.points.map((p) => p.followers)).toEqual([113, 120, 127]);
		expect(g.points.map((p) => p.followerGain)).toEqual([7, 7, 7]);
		expect(g.points.map((p) => p.engagements)).toEqual([null, 350, 350]);
		expect(g.points[2]!.engagementRate).toBeCloseTo(350 / 7000, 10);
		expect(g.change.followers).toBeCloseTo(7 / 120, 10);
		expect(g.change.engagements).toBe(0);
		expect(g.trend.followers).toEqual({ slope: 7, intercept: 113 });
		const total = totalGrowth([g, { ...g, accountId: "b", label: "@b" }], periods);
		expect(total.points[2]).toMatchObject({ followers: 254, impressions: 14_000, engagements: 700 });
		expect(total.points[2]!.engagementRate).toBeCloseTo(0.05, 10);
	});
});

describe("response times", () => {
	it("a wait starts at the first unanswered message and ends at our next reply; open waits are unanswered", () => {
		const m = (conversationId: string, min: number) => ({ conversationId, createdAt: min * 60_000 });
		const r = (conversationId: string, min: number) => ({ conversationId, at: min * 60_000 });
		const result = responseTimes([m("a", 0), m("a", 5), m("a", 100), m("b", 0), m("c", 10)], [r("a", 30), r("a", 160), r("b", 240), r("x", 1)]);
		expect(result).toEqual({ answered: 3, unanswered: 1, medianResponseMs: 60 * 60_000, p90ResponseMs: Math.round(0.8 * 240 * 60_000 + 0.2 * 60 * 60_000) });
	});
});

describe("what users say", () => {
	const mention = (kind: ReportMention["kind"], topics: string[], isFollower: boolean | null, text = "x"): ReportMention => ({
		id: text,
		accountId: "a",
		conversationId: "c",
		createdAt: 0,
		text,
		authorHandle: "@u",
		isFollower,
		kind,
		sentiment: kind === "praise" ? "positive" : "neutral",
		topics,
	});
	it("groups by topic with counts and examples, and counts who is talking beyond the followers", () => {
		const items = [
			mention("praise", ["speed"], false, "fast!"),
			mention("praise", ["speed", "design"], true, "quick and pretty"),
			mention("praise", [], null, "nice"),
			mention("question", ["pricing"], false),
		];
		expect(topicGroups(items.filter((i) => i.kind === "praise"))).toEqual([
			{
				topic: "speed",
				count: 2,
				examples: [
					{ text: "fast!", author: "@u" },
					{ text: "quick and pretty", author: "@u" },
				],
			},
			{ topic: "(general)", count: 1, examples: [{ text: "nice", author: "@u" }] },
			{ topic: "design", count: 1, examples: [{ text: "quick and pretty", author: "@u" }] },
		]);
		expect(voiceOf(items, 9)).toMatchObject({ mentions: 4, nonFollowers: 2, followers: 1, shares: 9, sentiment: { positive: 3, neutral: 1, negative: 0 } });
	});
});

describe("wording", () => {
	it("says how far from the usual a value is, in plain words", () => {
		expect(shortDate("2026-03-03")).toBe("Tue 3 Mar");
		expect(comparedWithUsual(900, 100, "weekday", "2026-03-03")).toBe("9× the usual Tuesday");
		expect(comparedWithUsual(1250, 100, "weekday", "2026-03-03")).toBe("13× the usual Tuesday");
		expect(comparedWithUsual(100, 2000, "weekday", "2026-03-07")).toBe("5% of the usual Saturday");
		expect(comparedWithUsual(40, 0, "recent", "2026-03-07")).toBe("+40 against a recent daily usual of 0");
		expect(comparedWithUsual(-120, 15, "weekday", "2026-03-03")).toBe("-120 against a usual Tuesday of +15");
	});
});
