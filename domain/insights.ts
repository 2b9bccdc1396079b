/**
 * The arithmetic behind "what do they say about us": grouping by topic with trends, engagement gains
 * from lifetime post counts, medians, and which questions keep coming back. Pure: the service queries,
 * this decides.
 */
import type { MentionKind } from "./mentions/kind";

export type TopicCount = { kind: MentionKind; topic: string; n: number };
export type Trend = "new" | "up" | "down" | "flat";
export type TopicGroup = { topic: string; count: number; previous: number; trend: Trend; change: number | null };

/** A change under this share (or of one mention) is noise, not a trend. */
const FLAT_SHARE = 0.15;

export function trendOf(count: number, previous: number): Trend {
	if (previous === 0) return count > 0 ? "new" : "flat";
	const change = (count - previous) / previous;
	if (Math.abs(count - previous) <= 1 || Math.abs(change) < FLAT_SHARE) return "flat";
	return change > 0 ? "up" : "down";
}

/** The `limit` most frequent topics of one kind, each with the previous period's count and the trend. */
export function topTopics(kind: MentionKind, current: TopicCount[], previous: TopicCount[], limit = 5): TopicGroup[] {
	const before = new Map(previous.filter((t) => t.kind === kind).map((t) => [t.topic, t.n]));
	return current
		.filter((t) => t.kind === kind)
		.sort((a, b) => b.n - a.n || a.topic.localeCompare(b.topic))
		.slice(0, limit)
		.map((t) => {
			const prev = before.get(t.topic) ?? 0;
			return { topic: t.topic, count: t.n, previous: prev, trend: trendOf(t.n, prev), change: prev ? Math.round(((t.n - prev) / prev) * 100) / 100 : null };
		});
}

export type PostCountsRow = {
	postId: string;
	date: string;
	likes: number | null;
	reposts: number | null;
	replies: number | null;
	quotes: number | null;
	impressions: number | null;
	clicks: number | null;
};
export type Gains = { engagements: number; impressions: number; shares: number; clicks: number };

const zero = (): Gains => ({ engagements: 0, impressions: 0, shares: 0, clicks: 0 });
const engagementsOf = (r: PostCountsRow) => (r.likes ?? 0) + (r.reposts ?? 0) + (r.replies ?? 0) + (r.quotes ?? 0);
const sharesOf = (r: PostCountsRow) => (r.reposts ?? 0) + (r.quotes ?? 0);

/**
 * Rows hold lifetime totals as read each day; what a day earned is its total minus the previous
 * reading (the last reading before the range for the first day, or zero for a post new in the range).
 * A count that went down (an unlike) earns nothing rather than something negative.
 */
export function postGains(rows: PostCountsRow[], baseline: Map<string, PostCountsRow>): { byDate: Map<string, Gains>; byPost: Map<string, Gains> } {
	const byDate = new Map<string, Gains>();
	const byPost = new Map<string, Gains>();
	const sorted = [...rows].sort((a, b) => a.postId.localeCompare(b.postId) || a.date.localeCompare(b.date));
	let prev: PostCountsRow | undefined;
	for (const row of sorted) {
		const before = prev?.postId === row.postId ? prev : baseline.get(row.postId);
		const gain: Gains = {
			engagements: Math.max(0, engagementsOf(row) - (before ? engagementsOf(before) : 0)),
			impressions: Math.max(0, (row.impressions ?? 0) - (before?.impressions ?? 0)),
			shares: Math.max(0, sharesOf(row) - (before ? sharesOf(before) : 0)),
			clicks: Math.max(0, (row.clicks ?? 0) - (before?.clicks ?? 0)),
		};
		for (const [map, key] of [
			[byDate, row.date],
			[byPost, row.postId],
		] as const) {
			const sum = map.get(key) ?? zero();
			map.set(key, {
				engagements: sum.engagements + gain.engagements,
				impressions: sum.impressions + gain.impressions,
				shares: sum.shares + gain.shares,
				clicks: sum.clicks + gain.clicks,
			});
		}
		prev = row;
	}
	return { byDate, byPost };
}

export function median(values: number[]): number | null {
	if (!values.length) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Engagements per impression where impressions are known, else per follower; null without a base. */
export function engagementRate(
	engagements: number,
	impressions: number,
	followers: number | null,
): { rate: number | null; per: "impression" | "follower" | null } {
	if (impressions > 0) return { rate: Math.round((engagements / impressions) * 10_000) / 10_000, per: "impression" };
	if (followers && followers > 0) return { rate: Math.round((engagements / followers) * 10_000) / 10_000, per: "follower" };
	return { rate: null, per: null };
}

/**
 * Questions asked at least `min` times in the range that none of our recent posts speaks to: each
 * deserves a post (or an FAQ) rather than one reply after another.
 */
export function repeatedQuestions(questions: TopicGroup[], ourPostBodies: string[], min = 3): { topic: string; count: number; coveredByPost: boolean }[] {
	const bodies = ourPostBodies.map((b) => b.toLowerCase());
	return questions
		.filter((q) => q.count >= min && !q.topic.startsWith("#"))
		.map((q) => ({ topic: q.topic, count: q.count, coveredByPost: bodies.some((b) => b.includes(q.topic)) }));
}
