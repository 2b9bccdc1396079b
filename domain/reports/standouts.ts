/**
 * Standout data: every account-day metric and every post far from its own baseline (detect.ts), each
 * with the evidence Chorus has for why (posts that day, announcements, mention spikes and what they
 * were about, duty gaps, no posts at all), told as one plain sentence.
 */
import { addDays, startOfLocalDay, utcToLocal } from "../time";
import { type Deviation, defaultDetectOptions, detectDeviations, judge } from "./detect";
import type { Evidence, Gap, Metric, MetricDay, PublishedPost, ReportAccount, ReportMention, Standout } from "./model";
import { datesOf, type Period } from "./period";
import { topTerms } from "./voice";
import { clock, comparedWithUsual, formatCount, metricNames, quote, shortDate } from "./wording";

type DayMetric = Exclude<Metric, "followers" | "engagementRate">;
const dayMetrics: DayMetric[] = ["engagements", "impressions", "clicks", "followerGain", "mentions"];
/** Days of post history a post is compared with. */
const POST_BASELINE_DAYS = 56;
const MIN_POST_SAMPLES = 5;

export type StandoutInput = {
	period: Period;
	/** Days from this one on are incomplete (a run of the period so far) and are not judged. */
	partialUntil: string | null;
	accounts: readonly ReportAccount[];
	metrics: readonly MetricDay[];
	posts: readonly PublishedPost[];
	mentions: readonly ReportMention[];
	mentionCounts: readonly { accountId: string; date: string; count: number }[];
	gaps: readonly Gap[];
};

function dailySeries(days: readonly MetricDay[], counts: readonly { date: string; count: number }[]): Record<DayMetric, Map<string, number>> {
	const series = Object.fromEntries(dayMetrics.map((m) => [m, new Map<string, number>()])) as Record<DayMetric, Map<string, number>>;
	const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
	let lastFollowers: { date: string; value: number } | null = null;
	for (const d of sorted) {
		if (d.engagements !== null) series.engagements.set(d.date, d.engagements);
		if (d.impressions !== null) series.impressions.set(d.date, d.impressions);
		if (d.clicks !== null) series.clicks.set(d.date, d.clicks);
		if (d.followers !== null) {
			// A gain is only a day's gain when the day before was read too.
			if (lastFollowers && lastFollowers.date === addDays(d.date, -1)) series.followerGain.set(d.date, d.followers - lastFollowers.value);
			lastFollowers = { date: d.date, value: d.followers };
		}
	}
	for (const c of counts) series.mentions.set(c.date, c.count);
	// Mentions are counted, not read: a day with none is a real zero once counting has begun.
	const first = [...series.mentions.keys()].sort()[0];
	const last = sorted.at(-1)?.date ?? first;
	if (first && last) for (let d = first; d <= last; d = addDays(d, 1)) if (!series.mentions.has(d)) series.mentions.set(d, 0);
	return series;
}

const postEvidence = (p: PublishedPost, dayTotal: number | null): Evidence => {
	const what = p.isAnnouncement ? `the announcement ${quote(p.body)}` : `${quote(p.body)} by ${p.publisherName}`;
	const got =
		p.engagement === null
			? "has no engagement figures yet"
			: dayTotal !== null && p.engagement <= dayTotal && dayTotal > 0
				? `got ${formatCount(p.engagement)} of the day's ${formatCount(dayTotal)} engagements`
				: `got ${formatCount(p.engagement)} engagements`;
	return { kind: p.isAnnouncement ? "announcement" : "post", text: `${what} ${got}`, postId: p.id };
};

function evidenceFor(
	account: ReportAccount,
	date: string,
	metric: Metric,
	ctx: { posts: PublishedPost[]; mentions: ReportMention[]; series: Record<DayMetric, Map<string, number>>; gaps: Gap[]; excludePost?: string },
): Evidence[] {
	const out: Evidence[] = [];
	const dayPosts = ctx.posts.filter((p) => p.date === date && p.id !== ctx.excludePost).sort((a, b) => (b.engagement ?? -1) - (a.engagement ?? -1));
	const dayEngagement = ctx.series.engagements.get(date) ?? null;
	const [top, ...rest] = dayPosts;
	if (top) {
		out.push(postEvidence(top, dayEngagement));
		const announcements = rest.filter((p) => p.isAnnouncement);
		for (const a of announcements.slice(0, 2)) out.push(postEvidence(a, dayEngagement));
		if (rest.length - announcements.length > 0)
			out.push({
				kind: "post",
				text: `${rest.length - announcements.length} more post${rest.length - announcements.length === 1 ? "" : "s"} went out on ${account.handle} that day`,
			});
	} else if (!ctx.excludePost) {
		out.push({ kind: "no_posts", text: `nothing was published on ${account.handle} that day` });
	}

	const dayMentions = ctx.mentions.filter((m) => utcToLocal(m.createdAt, account.timezone).date === date);
	const terms = topTerms(dayMentions);
	const about = terms.length ? `, mostly about ${terms.map((t) => `“${t.term}” (${t.count})`).join(", ")}` : "";
	if (metric === "mentions") {
		if (terms.length) out.push({ kind: "mention_spike", text: `they were mostly about ${terms.map((t) => `“${t.term}” (${t.count})`).join(", ")}` });
	} else {
		const mentionCount = ctx.series.mentions.get(date);
		const spike = mentionCount === undefined ? null : detectDeviations(ctx.series.mentions, [date])[0];
		if (spike && spike.direction === "up")
			out.push({ kind: "mention_spike", text: `mentions jumped to ${formatCount(spike.value)} (usually ${formatCount(spike.usual)})${about}` });
	}

	const dayStart = startOfLocalDay(date, account.timezone);
	const dayEnd = startOfLocalDay(addDays(date, 1), account.timezone);
	for (const g of ctx.gaps.filter((g) => g.accountId === account.id && g.from < dayEnd && g.to > dayStart).slice(0, 2)) {
		const from = Math.max(g.from, dayStart);
		const to = Math.min(g.to, dayEnd);
		const span =
			to - from >= dayEnd - dayStart - 60_000
				? "all day"
				: `from ${clock(from, account.timezone)} to ${to === dayEnd ? "midnight" : clock(to, account.timezone)}`;
		out.push({ kind: "duty_gap", text: `nobody was on duty ${span}` });
	}
	if (out.length === 0 || (out.length === 1 && out[0]!.kind === "no_posts" && metric !== "impressions" && metric !== "engagements" && metric !== "clicks")) {
		out.push({ kind: "unexplained", text: "no post, announcement, mention spike or duty gap in Chorus explains it: add a note if you know why" });
	}
	return out;
}

/** Evidence in the order a reader needs it: what we did first, then what the audience did. */
const sentenceOf = (lead: string, evidence: Evidence[]) =>
	`${lead}; ${evidence
		.slice(0, 2)
		.map((e) => e.text)
		.join("; ")}.`;

function metricStandout(account: ReportAccount, metric: DayMetric, d: Deviation, evidence: Evidence[]): Standout {
	const name = metricNames[metric];
	const lead = `${name.noun} on ${shortDate(d.date)} ${name.plural ? "were" : "was"} ${comparedWithUsual(d.value, d.usual, d.basis, d.date)} on ${account.handle}`;
	return {
		id: `${metric}-${d.date}-${account.id}`,
		kind: "metric",
		accountId: account.id,
		handle: account.handle,
		date: d.date,
		metric,
		value: d.value,
		usual: d.usual,
		ratio: d.ratio,
		direction: d.direction,
		basis: d.basis,
		evidence,
		sentence: sentenceOf(lead, evidence),
	};
}

/** A post compared with the account's other posts of the previous weeks. */
function postStandouts(account: ReportAccount, period: Period, posts: PublishedPost[], ctx: Parameters<typeof evidenceFor>[3]): Standout[] {
	const out: Standout[] = [];
	for (const p of posts) {
		if (p.date < period.start || p.date >= period.end || p.engagement === null) continue;
		const since = addDays(p.date, -POST_BASELINE_DAYS);
		const baseline = posts.filter((o) => o.id !== p.id && o.engagement !== null && o.date >= since && o.publishedAt < p.publishedAt).map((o) => o.engagement!);
		if (baseline.length < MIN_POST_SAMPLES) continue;
		const verdict = judge(p.engagement, baseline, defaultDetectOptions);
		if (!verdict) continue;
		const evidence = evidenceFor(account, p.date, "engagements", { ...ctx, excludePost: p.id });
		const what = p.isAnnouncement ? `The announcement ${quote(p.body)}` : `${quote(p.body)} by ${p.publisherName}`;
		const lead = `${what} on ${account.handle} (${shortDate(p.date)}) got ${formatCount(p.engagement)} engagements, ${comparedWithUsual(p.engagement, verdict.usual, "posts", p.date)}`;
		out.push({
			id: `post-${p.id}`,
			kind: "post",
			accountId: account.id,
			handle: account.handle,
			date: p.date,
			metric: "engagements",
			value: p.engagement,
			usual: verdict.usual,
			ratio: verdict.ratio,
			direction: verdict.direction,
			basis: "posts",
			postId: p.id,
			evidence,
			sentence: evidence.length && evidence[0]!.kind !== "unexplained" && evidence[0]!.kind !== "no_posts" ? sentenceOf(lead, evidence) : `${lead}.`,
		});
	}
	return out;
}

/** Every standout in the period, strongest first. */
export function findStandouts(input: StandoutInput): Standout[] {
	// An unfinished day would read as a drop, and a post of today has not had its day yet.
	const judged: Period = input.partialUntil && input.partialUntil < input.period.end ? { start: input.period.start, end: input.partialUntil } : input.period;
	const dates = datesOf(judged);
	const out: { standout: Standout; score: number }[] = [];
	for (const account of input.accounts) {
		const series = dailySeries(
			input.metrics.filter((m) => m.accountId === account.id),
			input.mentionCounts.filter((c) => c.accountId === account.id),
		);
		const ctx = {
			posts: input.posts.filter((p) => p.accountId === account.id),
			mentions: input.mentions.filter((m) => m.accountId === account.id),
			series,
			gaps: input.gaps.filter((g) => g.accountId === account.id),
		};
		for (const metric of dayMetrics) {
			for (const d of detectDeviations(series[metric], dates)) {
				out.push({ standout: metricStandout(account, metric, d, evidenceFor(account, d.date, metric, ctx)), score: Math.abs(d.score) });
			}
		}
		for (const s of postStandouts(account, judged, ctx.posts, ctx)) out.push({ standout: s, score: Math.abs((s.value - s.usual) / Math.max(s.usual, 1)) });
	}
	return out.sort((a, b) => b.score - a.score).map((o) => o.standout);
}
