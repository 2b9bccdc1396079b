import { describe, expect, it } from "vitest";
import type { MetricDay, PublishedPost, ReportMention } from "../../../domain/reports/model";
import { findStandouts } from "../../../domain/reports/standouts";
import { addDays, weekdayOf } from "../../../domain/time";

const account = { id: "acc", handle: "@shop", network: "sandbox", timezone: "UTC" };
const period = { start: "2026-03-02", end: "2026-03-09" };

function history(overrides: Record<string, Partial<MetricDay>> = {}): MetricDay[] {
	return Array.from({ length: 63 }, (_, i) => {
		const date = addDays("2026-01-05", i);
		const weekend = weekdayOf(date) >= 6;
		return {
			accountId: "acc",
			date,
			followers: 500 + i,
			impressions: weekend ? 800 : 2000,
			engagements: weekend ? 30 : 80,
			clicks: 10,
			shares: 1,
			...overrides[date],
		};
	});
}

const quietMentions = Array.from({ length: 63 }, (_, i) => ({ accountId: "acc", date: addDays("2026-01-05", i), count: 3 + (i % 2) }));

describe("standouts and their evidence", () => {
	it("explains a drop with the duty gap and the absence of posts that day", () => {
		const standouts = findStandouts({
			period,
			partialUntil: null,
			accounts: [account],
			metrics: history({ "2026-03-05": { engagements: 10 } }),
			posts: [],
			mentions: [],
			mentionCounts: quietMentions,
			gaps: [{ accountId: "acc", from: Date.parse("2026-03-05T09:00:00Z"), to: Date.parse("2026-03-05T17:00:00Z") }],
		});
		expect(standouts).toHaveLength(1);
		expect(standouts[0]).toMatchObject({ id: "engagements-2026-03-05-acc", direction: "down", basis: "weekday", usual: 80, value: 10 });
		expect(standouts[0]!.evidence.map((e) => e.kind)).toEqual(["no_posts", "duty_gap"]);
		expect(standouts[0]!.sentence).toBe(
			"Engagement on Thu 5 Mar was 13% of the usual Thursday on @shop; nothing was published on @shop that day; nobody was on duty from 09:00 to 17:00.",
		);
	});

	it("explains a spike in impressions with a mention spike and what it was about", () => {
		const mentions: ReportMention[] = Array.from({ length: 40 }, (_, i) => ({
			id: `m${i}`,
			accountId: "acc",
			conversationId: `c${i}`,
			createdAt: Date.parse("2026-03-04T10:00:00Z") + i * 60_000,
			text: "Is the shop down?",
			authorHandle: `@u${i}`,
			isFollower: false,
			kind: "concern",
			sentiment: "negative",
			topics: i % 4 === 0 ? ["checkout"] : ["outage"],
		}));
		const counts = quietMentions.map((c) => (c.date === "2026-03-04" ? { ...c, count: 40 } : c));
		const post: PublishedPost = {
			id: "p1",
			accountId: "acc",
			body: "Our spring sale starts now",
			publishedAt: Date.parse("2026-03-04T08:00:00Z"),
			date: "2026-03-04",
			publisherId: "m1",
			publisherName: "Pat",
			via: "scheduler",
			isAnnouncement: false,
			engagement: 60,
		};
		const standouts = findStandouts({
			period,
			partialUntil: null,
			accounts: [account],
			metrics: history({ "2026-03-04": { impressions: 9000 } }),
			posts: [post],
			mentions,
			mentionCounts: counts,
			gaps: [],
		});
		const impressions = standouts.find((s) => s.metric === "impressions")!;
		expect(impressions.evidence.map((e) => e.kind)).toEqual(["post", "mention_spike"]);
		expect(impressions.sentence).toBe(
			"Impressions on Wed 4 Mar were 4.5× the usual Wednesday on @shop; “Our spring sale starts now” by Pat got 60 of the day's 80 engagements; mentions jumped to 40 (usually 4), mostly about “outage” (30), “checkout” (10).",
		);
		const mentionSpike = standouts.find((s) => s.metric === "mentions")!;
		expect(mentionSpike.sentence).toContain("Mentions on Wed 4 Mar were 11× the usual Wednesday on @shop");
		expect(mentionSpike.evidence.some((e) => e.text === "they were mostly about “outage” (30), “checkout” (10)")).toBe(true);
	});

	it("names the day's post even before its figures are in", () => {
		const standouts = findStandouts({
			period,
			partialUntil: null,
			accounts: [account],
			metrics: history({ "2026-03-03": { clicks: 90 } }),
			posts: [
				{
					id: "p",
					accountId: "acc",
					body: "Hello",
					publishedAt: Date.parse("2026-03-03T08:00:00Z"),
					date: "2026-03-03",
					publisherId: null,
					publisherName: "the scheduler",
					via: "scheduler",
					isAnnouncement: false,
					engagement: null,
				},
			],
			mentions: [],
			mentionCounts: quietMentions,
			gaps: [],
		});
		expect(standouts.map((s) => s.metric)).toEqual(["clicks"]);
		expect(standouts[0]!.sentence).toBe("Clicks on Tue 3 Mar were 9× the usual Tuesday on @shop; “Hello” by the scheduler has no engagement figures yet.");
	});

	it("says so when nothing in Chorus explains it", () => {
		const metrics = history().map((m) => (m.date >= "2026-03-03" ? { ...m, followers: m.followers! + 300 } : m));
		const standouts = findStandouts({
			period,
			partialUntil: null,
			accounts: [account],
			metrics,
			posts: [],
			mentions: [],
			mentionCounts: quietMentions,
			gaps: [],
		});
		expect(standouts.map((s) => [s.metric, s.date])).toEqual([["followerGain", "2026-03-03"]]);
		expect(standouts[0]!.evidence.map((e) => e.kind)).toEqual(["no_posts", "unexplained"]);
		expect(standouts[0]!.sentence).toBe(
			"Follower growth on Tue 3 Mar was 301× the usual Tuesday on @shop; nothing was published on @shop that day; no post, announcement, mention spike or duty gap in Chorus explains it: add a note if you know why.",
		);
	});

	it("judges only the complete days of a run of the period so far", () => {
		const metrics = history({ "2026-03-05": { engagements: 2 } });
		const base = { period, accounts: [account], metrics, posts: [], mentions: [], mentionCounts: quietMentions, gaps: [] };
		expect(findStandouts({ ...base, partialUntil: null }).map((s) => s.date)).toEqual(["2026-03-05"]);
		expect(findStandouts({ ...base, partialUntil: "2026-03-05" })).toEqual([]);
	});
});
