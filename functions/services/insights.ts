/**
 * GET /insights: what a community manager asks of a period. Growth and engagement per account, top
 * posts, what people praise, worry and ask about (by topic, with trend and examples), whether they talk
 * about us beyond our followers, and whether we learn from them (questions answered, time to first
 * reply, questions that keep coming back). A fixed number of queries, aggregated in D1 where possible.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getWorkspace } from "../../db/queries/workspaces";
import { account, mention, metricDay, post, postMetric } from "../../db/schema";
import { engagementRate, median, type PostCountsRow, postGains, repeatedQuestions, type TopicCount, topTopics } from "../../domain/insights";
import type { MentionKind } from "../../domain/mentions/kind";
import { addDays, utcToLocal } from "../../domain/time";
import { notFound } from "../errors";
import { labelFigures } from "./label-figures";
import { clicksByAccount } from "./short-links";

export type InsightsQuery = { from: number; to: number; accountId?: string };
const TOP = 5;
const EXAMPLES = 3;

export async function insights(db: Db, workspaceId: string, q: InsightsQuery) {
	const ws = await getWorkspace(db, workspaceId);
	const zone = ws?.timezone ?? "UTC";
	const accounts = await db
		.select({ id: account.id, handle: account.handle, network: account.network, displayName: account.displayName })
		.from(account)
		.where(and(eq(account.workspaceId, workspaceId), q.accountId ? eq(account.id, q.accountId) : undefined))
		.orderBy(asc(account.handle));
	if (q.accountId && !accounts.length) throw notFound("Account");
	const span = q.to - q.from;
	const previousFrom = q.from - span;
	const fromDate = utcToLocal(q.from, zone).date;
	const toDate = utcToLocal(q.to - 1, zone).date;
	const inAccount = (column: typeof metricDay.accountId | typeof postMetric.accountId) => (q.accountId ? eq(column, q.accountId) : undefined);
	const mentionsIn = (from: number, to: number) =>
		and(
			eq(mention.workspaceId, workspaceId),
			gte(mention.createdAt, from),
			lt(mention.createdAt, to),
			q.accountId ? eq(mention.accountId, q.accountId) : undefined,
		);

	// Inside the correlated subqueries the outer columns are spelled out (mention.…): drizzle renders
	// columns of a one-table query unqualified, which the subquery would read as its own.
	const [followerRows, postRows, baselineRows, tallies, hourly, learning, firstReplies, ourPosts] = await db.batch([
		db
			.select({
				accountId: metricDay.accountId,
				date: metricDay.date,
				followers: metricDay.followers,
				impressions: metricDay.impressions,
				engagements: metricDay.engagements,
				shares: metricDay.shares,
			})
			.from(metricDay)
			.where(
				and(eq(metricDay.workspaceId, workspaceId), gte(metricDay.date, addDays(fromDate, -1)), lte(metricDay.date, toDate), inAccount(metricDay.accountId)),
			)
			.orderBy(asc(metricDay.date)),
		db
			.select()
			.from(postMetric)
			.where(and(eq(postMetric.workspaceId, workspaceId), gte(postMetric.date, fromDate), lte(postMetric.date, toDate), inAccount(postMetric.accountId))),
		// The last reading before the range, per post: SQLite returns the row of MAX(date) for bare columns.
		db
			.select({
				postId: postMetric.postId,
				date: sql<string>`MAX(${postMetric.date})`,
				likes: postMetric.likes,
				reposts: postMetric.reposts,
				replies: postMetric.replies,
				quotes: postMetric.quotes,
				impressions: postMetric.impressions,
				clicks: postMetric.clicks,
			})
			.from(postMetric)
			.where(and(eq(postMetric.workspaceId, workspaceId), lt(postMetric.date, fromDate), inAccount(postMetric.accountId)))
			.groupBy(postMetric.postId),
		db
			.select({
				kind: mention.kind,
				sentiment: mention.sentimentLabel,
				isFollower: mention.isFollower,
				n: sql<number>`COUNT(*)`,
				authors: sql<number>`COUNT(DISTINCT ${mention.authorHandle})`,
			})
			.from(mention)
			.where(mentionsIn(q.from, q.to))
			.groupBy(mention.kind, mention.sentimentLabel, mention.isFollower),
		db
			.select({ hour: sql<number>`${mention.createdAt} / 3600000`, sentiment: mention.sentimentLabel, n: sql<number>`COUNT(*)` })
			.from(mention)
			.where(mentionsIn(q.from, q.to))
			.groupBy(sql`1`, mention.sentimentLabel),
		db
			.select({
				questions: sql<number>`COUNT(*)`,
				answered: sql<number>`COALESCE(SUM(EXISTS (SELECT 1 FROM ${post} p WHERE p.conversation_id = mention.conversation_id AND p.kind = 'reply' AND p.status = 'published' AND p.published_at >= mention.created_at)), 0)`,
			})
			.from(mention)
			.where(and(mentionsIn(q.from, q.to), eq(mention.kind, "question"))),
		// Per conversation with a first message in the range: when it came and when we first answered.
		db
			.select({
				firstIn: sql<number>`MIN(${mention.createdAt})`,
				firstOut: sql<
					number | null
				>`(SELECT MIN(p.published_at) FROM ${post} p WHERE p.conversation_id = mention.conversation_id AND p.kind = 'reply' AND p.status = 'published')`,
			})
			.from(mention)
			.where(mentionsIn(q.from, q.to))
			.groupBy(mention.conversationId),
		db
			.select({ body: post.body })
			.from(post)
			.where(
				and(
					eq(post.workspaceId, workspaceId),
					eq(post.kind, "post"),
					eq(post.status, "published"),
					gte(post.publishedAt, q.to - 90 * 86_400_000),
					lt(post.publishedAt, q.to),
				),
			)
			.orderBy(desc(post.publishedAt))
			.limit(300),
	]);

	// Raw SQL (json_each) does not go into a D1 batch through drizzle: two queries of their own.
	const [currentTopics, previousTopics] = await Promise.all([topicCounts(db, mentionsIn(q.from, q.to)), topicCounts(db, mentionsIn(previousFrom, q.from))]);
	// First-party short links' clicks per account, by UTC day (link_click's days).
	const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const clicks = await clicksByAccount(db, workspaceId, utcDay(q.from), addDays(utcDay(q.to - 1), 1));
	// Growth and engagement per account.
	const gains = postGains(postRows as PostCountsRow[], new Map((baselineRows as PostCountsRow[]).map((r) => [r.postId, r])));
	const postAccount = new Map(postRows.map((r) => [r.postId, r.accountId]));
	const perAccount = accounts.map((a) => {
		const days = followerRows.filter((r) => r.accountId === a.id);
		const series = days.filter((r) => r.date >= fromDate && r.followers !== null).map((r) => ({ date: r.date, followers: r.followers! }));
		const known = days.filter((r) => r.followers !== null);
		const start = known[0]?.followers ?? null;
		const end = known.at(-1)?.followers ?? null;
		const own = [...gains.byPost].filter(([id]) => postAccount.get(id) === a.id).map(([, g]) => g);
		const reported = days.filter((r) => r.date >= fromDate);
		// Figures an integration reported for the whole account take precedence over our posts' sums.
		const pick = (key: "engagements" | "impressions" | "shares") =>
			reported.some((r) => r[key] !== null) ? reported.reduce((s, r) => s + (r[key] ?? 0), 0) : own.reduce((s, g) => s + g[key], 0);
		const engagements = pick("engagements");
		const impressions = pick("impressions");
		return {
			id: a.id,
			handle: a.handle,
			network: a.network,
			displayName: a.displayName,
			followers: { start, end, change: start !== null && end !== null ? end - start : null, series },
			engagements,
			impressions,
			shares: pick("shares"),
			linkClicks: clicks.get(a.id) ?? 0,
			engagementRate: engagementRate(engagements, impressions, end),
		};
	});

	const topPostIds = [...gains.byPost].sort((a, b) => b[1].engagements - a[1].engagements).slice(0, TOP);
	const topPostRows = topPostIds.length
		? await db
				.select({ id: post.id, accountId: post.accountId, body: post.body, networkUrl: post.networkUrl, publishedAt: post.publishedAt })
				.from(post)
				.where(
					and(
						eq(post.workspaceId, workspaceId),
						inArray(
							post.id,
							topPostIds.map(([id]) => id),
						),
					),
				)
		: [];
	const topPosts = topPostIds.flatMap(([id, g]) => {
		const p = topPostRows.find((r) => r.id === id);
		return p
			? [
					{
						id,
						accountId: p.accountId,
						body: p.body,
						url: p.networkUrl,
						publishedAt: p.publishedAt === null ? null : new Date(p.publishedAt).toISOString(),
						...g,
					},
				]
			: [];
	});

	// What people say, by topic, with examples.
	const groups = Object.fromEntries((["praise", "concern", "question"] as const).map((k) => [k, topTopics(k, currentTopics, previousTopics, TOP)])) as Record<
		"praise" | "concern" | "question",
		ReturnType<typeof topTopics>
	>;
	const exampleQueries = (["praise", "concern", "question"] as const).flatMap((kind) =>
		groups[kind].map((g) =>
			db
				.select({
					id: mention.id,
					author: mention.authorHandle,
					text: mention.text,
					createdAt: mention.createdAt,
					accountId: mention.accountId,
					kind: mention.kind,
					sentiment: mention.sentimentLabel,
					topic: sql<string>`${g.topic}`,
				})
				.from(mention)
				.where(and(mentionsIn(q.from, q.to), eq(mention.kind, kind), sql`EXISTS (SELECT 1 FROM json_each(${mention.topics}) WHERE value = ${g.topic})`))
				.orderBy(kind === "concern" ? asc(mention.sentimentScore) : desc(mention.sentimentScore), desc(mention.createdAt))
				// A few spare: an example already quoted under a stronger topic is not quoted again.
				.limit(EXAMPLES + 3),
		),
	);
	const [firstExample, ...moreExamples] = exampleQueries;
	const examples = firstExample ? (await db.batch([firstExample, ...moreExamples])).flat() : [];
	// Each mention is quoted under one topic only: the first (most mentioned) that has it.
	const quoted = new Set<string>();
	const picked = new Map<string, typeof examples>();
	for (const kind of ["praise", "concern", "question"] as const)
		for (const g of groups[kind]) {
			const mine = examples.filter((e) => e.kind === kind && e.topic === g.topic && !quoted.has(e.id)).slice(0, EXAMPLES);
			for (const e of mine) quoted.add(e.id);
			picked.set(`${kind}\u0000${g.topic}`, mine);
		}
	const withExamples = (kind: MentionKind, list: ReturnType<typeof topTopics>) =>
		list.map((g) => ({
			...g,
			examples: (picked.get(`${kind}\u0000${g.topic}`) ?? []).map((e) => ({
				id: e.id,
				accountId: e.accountId,
				author: e.author,
				text: e.text,
				sentiment: e.sentiment,
				kind: e.kind,
				createdAt: new Date(e.createdAt).toISOString(),
			})),
		}));

	const count = (filter: (t: (typeof tallies)[number]) => boolean) => tallies.filter(filter).reduce((s, t) => s + t.n, 0);
	const total = count(() => true);
	const byNonFollowers = count((t) => t.isFollower === false);
	const series = new Map<string, { positive: number; neutral: number; negative: number }>();
	for (const h of hourly) {
		const date = utcToLocal(h.hour * 3_600_000, zone).date;
		const day = series.get(date) ?? { positive: 0, neutral: 0, negative: 0 };
		day[h.sentiment] += h.n;
		series.set(date, day);
	}
	const engagementSeries = [...gains.byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, g]) => ({ date, ...g }));
	const replyMinutes = firstReplies
		.filter((r) => r.firstOut !== null && r.firstIn !== null && r.firstOut >= r.firstIn)
		.map((r) => (r.firstOut! - r.firstIn) / 60_000);
	const questions = learning[0]?.questions ?? 0;
	const answered = learning[0]?.answered ?? 0;
	const labels = await labelFigures(db, workspaceId, { from: q.from, to: q.to, accountIds: q.accountId ? [q.accountId] : undefined });

	return {
		range: { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), previousFrom: new Date(previousFrom).toISOString(), timezone: zone },
		accounts: perAccount,
		engagementSeries,
		topPosts,
		// Posts published in the range per campaign and per tag, with their figures where measured.
		byCampaign: labels.byCampaign,
		byTag: labels.byTag,
		mentions: {
			total,
			bySentiment: {
				positive: count((t) => t.sentiment === "positive"),
				neutral: count((t) => t.sentiment === "neutral"),
				negative: count((t) => t.sentiment === "negative"),
			},
			byKind: {
				praise: count((t) => t.kind === "praise"),
				question: count((t) => t.kind === "question"),
				concern: count((t) => t.kind === "concern"),
				other: count((t) => t.kind === "other"),
			},
			series: [...series].sort(([a], [b]) => a.localeCompare(b)).map(([date, s]) => ({ date, ...s })),
		},
		praise: withExamples("praise", groups.praise),
		concerns: withExamples("concern", groups.concern),
		questions: withExamples("question", groups.question),
		reachBeyondFollowers: {
			mentions: total,
			byNonFollowers,
			share: total ? Math.round((byNonFollowers / total) * 1000) / 1000 : null,
			nonFollowerAuthors: tallies.filter((t) => t.isFollower === false).reduce((s, t) => s + t.authors, 0),
			followerStatusUnknown: count((t) => t.isFollower === null),
			shares: perAccount.reduce((s, a) => s + a.shares, 0),
		},
		learning: {
			questions,
			answered,
			answeredShare: questions ? Math.round((answered / questions) * 1000) / 1000 : null,
			conversations: firstReplies.length,
			medianFirstReplyMinutes: median(replyMinutes) === null ? null : Math.round(median(replyMinutes)! * 10) / 10,
			repeatedQuestions: repeatedQuestions(
				groups.question,
				ourPosts.map((p) => p.body),
			),
		},
	};
}

function topicCounts(db: Db, where: SQL | undefined) {
	// json_each spreads each mention's topics into rows, so D1 does the grouping.
	return db.all<TopicCount>(
		sql`SELECT ${mention.kind} AS kind, j.value AS topic, COUNT(*) AS n FROM ${mention}, json_each(${mention.topics}) AS j
			WHERE ${and(where, inArray(mention.kind, ["praise", "concern", "question"]))} GROUP BY 1, 2 ORDER BY n DESC LIMIT 500`,
	);
}

export type Insights = Awaited<ReturnType<typeof insights>>;
