/** What a report is built from (loaded by functions/services/report-data.ts) and what it holds (stored as JSON on the run). */
import type { LabelFigures } from "../label-breakdown";
import type { Cadence, Period } from "./period";

export type LabelBreakdown = { byCampaign: LabelFigures[]; byTag: LabelFigures[] };

export type ReportAccount = { id: string; handle: string; network: string; timezone: string };

/** metric_day: followers at the day's last reading, the rest totals for the day. */
export type MetricDay = {
	accountId: string;
	date: string;
	followers: number | null;
	impressions: number | null;
	engagements: number | null;
	clicks: number | null;
	shares: number | null;
};

export type PublishedPost = {
	id: string;
	accountId: string;
	body: string;
	publishedAt: number;
	/** Local date on the account. */
	date: string;
	publisherId: string | null;
	publisherName: string;
	via: "scheduler" | "publish-now" | null;
	isAnnouncement: boolean;
	/** Likes + reposts + replies + quotes as last read; null when no metrics came in. */
	engagement: number | null;
};

export type FailedPost = { id: string; accountId: string; body: string; reason: string; at: number };

export type ReportMention = {
	id: string;
	accountId: string;
	conversationId: string;
	createdAt: number;
	text: string;
	authorHandle: string;
	isFollower: boolean | null;
	kind: "praise" | "question" | "concern" | "other";
	sentiment: "positive" | "neutral" | "negative";
	topics: string[];
};

export type Gap = { accountId: string; from: number; to: number };

export type PriorNote = { runId: string; date: string; text: string; authorName: string };

export type ReportInput = {
	name: string;
	cadence: Cadence;
	timezone: string;
	period: Period;
	/** A run of the period so far: its data stop before this date, so only the days before it are complete. */
	partialUntil: string | null;
	/** Oldest first, the report's own period last. */
	trend: Period[];
	generatedAt: number;
	accounts: ReportAccount[];
	/** Every metric day from well before the trend (the baselines) to the period's end. */
	metrics: MetricDay[];
	/** Published from the baseline start to the period's end. */
	posts: PublishedPost[];
	failures: FailedPost[];
	approvals: { approved: number; rejected: number };
	gaps: Gap[];
	/** Mentions in the period. */
	mentions: ReportMention[];
	/** When each of our replies went out, by conversation (period only). */
	replies: { conversationId: string; at: number }[];
	/** Mentions per account and day (report zone) from the baseline start. */
	mentionCounts: { accountId: string; date: string; count: number }[];
	/** Notes people left on earlier runs of this report, on dates inside this trend. */
	priorNotes: PriorNote[];
	/** Posts published in the period per campaign and tag, with their figures (domain/label-breakdown.ts). */
	labels?: LabelBreakdown;
	/** Clicks on first-party short links in the period, per account (absent: not counted). */
	linkClicks?: { accountId: string; clicks: number }[];
};

export type Metric = "followers" | "followerGain" | "impressions" | "engagements" | "clicks" | "engagementRate" | "mentions";

export type GrowthPoint = {
	period: Period;
	followers: number | null;
	followerGain: number | null;
	impressions: number | null;
	engagements: number | null;
	clicks: number | null;
	/** engagements / impressions in the period. */
	engagementRate: number | null;
};

export type GrowthSeries = {
	/** null for the total over all accounts. */
	accountId: string | null;
	label: string;
	points: GrowthPoint[];
	/** Period over period, as a fraction (0.12 = +12 %). */
	change: Record<"followers" | "impressions" | "engagements" | "clicks" | "engagementRate", number | null>;
	/** Least-squares trend per period over the points. */
	trend: Record<"followers" | "impressions" | "engagements" | "clicks" | "engagementRate", { slope: number; intercept: number } | null>;
};

export type Evidence = {
	kind: "post" | "announcement" | "mention_spike" | "duty_gap" | "no_posts" | "unexplained";
	text: string;
	postId?: string;
};

export type Standout = {
	id: string;
	kind: "metric" | "post";
	accountId: string;
	handle: string;
	date: string;
	metric: Metric;
	value: number;
	usual: number;
	ratio: number;
	direction: "up" | "down";
	basis: "weekday" | "recent" | "posts";
	postId?: string;
	evidence: Evidence[];
	sentence: string;
};

export type TopicGroup = { topic: string; count: number; examples: { text: string; author: string }[] };

export type Summary = {
	published: number;
	byAccount: { accountId: string; handle: string; count: number }[];
	byPerson: { memberId: string | null; name: string; count: number }[];
	approvals: { approved: number; rejected: number };
	failures: { count: number; reasons: { reason: string; count: number }[]; items: FailedPost[] };
	dutyGaps: { count: number; hours: number; items: Gap[] };
	conversations: { answered: number; unanswered: number; medianResponseMs: number | null; p90ResponseMs: number | null };
};

export type Voice = {
	mentions: number;
	praise: TopicGroup[];
	concerns: TopicGroup[];
	questions: TopicGroup[];
	sentiment: Record<"positive" | "neutral" | "negative", number>;
	/** Mentions by people known not to follow the account: the brand talked about beyond its audience. */
	nonFollowers: number;
	followers: number;
	shares: number;
};

export const reportSections = ["growth", "summary", "standouts", "voice"] as const;
export type ReportSection = (typeof reportSections)[number];

export type ReportData = {
	version: 1;
	name: string;
	cadence: Cadence;
	timezone: string;
	period: Period;
	/** Set for a run of the period so far: the first day not (fully) in it. */
	partialUntil: string | null;
	generatedAt: number;
	accounts: { id: string; handle: string; network: string }[];
	growth: { total: GrowthSeries; accounts: GrowthSeries[] };
	summary: Summary;
	standouts: Standout[];
	voice: Voice;
	trendNotes: PriorNote[];
	/** Absent from runs built before campaigns and tags existed. */
	labels?: LabelBreakdown;
	/** Clicks on first-party short links, per account (runs made before short links lack it). */
	linkClicks?: { total: number; accounts: { accountId: string; handle: string; clicks: number }[] };
};
