import type { Insights } from "../../functions/services/insights";
import { LineChart, StackedBars } from "../components/charts";
import { LabelFiguresCard } from "../components/label-figures";
import { MentionLabels } from "../components/mention-labels";
import { Banner } from "../components/messages";
import { excerpt, formatDay, safeHref } from "../format";
import { Layout, type Viewer } from "../layout";

export type InsightsFilters = { from: string; to: string; accountId: string };

type Props = {
	viewer?: Viewer;
	filters: InsightsFilters;
	accounts: { id: string; handle: string }[];
	data: Insights;
	dates: string[];
	notice?: string;
	/** The correction control on each quoted mention: this page's URL to come back to, and who may use it. */
	correction: { back: string; mayCorrect: boolean };
};

const trendText = { new: "new", up: "▲ up", down: "▼ down", flat: "steady" } as const;
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null) => (x === null ? "–" : x.toLocaleString("en-GB"));

function TopicList({ title, groups, empty, correction }: { title: string; groups: Insights["praise"]; empty: string; correction: Props["correction"] }) {
	return (
		<section class="card insight-topics">
			<h2>{title}</h2>
			{groups.length === 0 ? (
				<p class="muted">{empty}</p>
			) : (
				<ol>
					{groups.map((g) => (
						<li>
							<strong>{g.topic}</strong> <span class="count">{g.count}</span>{" "}
							<span class={`trend trend-${g.trend}`} title={`previous period: ${g.previous}`}>
								{trendText[g.trend]}
							</span>
							<ul class="examples">
								{g.examples.map((e) => (
									<li id={`mention-${e.id}`}>
										<span class="muted">{e.author}:</span> “{excerpt(e.text, 140)}”{" "}
										<MentionLabels mentionId={e.id} sentiment={e.sentiment} kind={e.kind} back={correction.back} mayCorrect={correction.mayCorrect} />
									</li>
								))}
							</ul>
						</li>
					))}
				</ol>
			)}
		</section>
	);
}

export function InsightsPage({ viewer, filters, accounts, data, dates, notice, correction }: Props) {
	const handle = new Map(accounts.map((a) => [a.id, a.handle]));
	const reach = data.reachBeyondFollowers;
	const learn = data.learning;
	return (
		<Layout title="Insights" viewer={viewer} current="insights">
			<div class="cal-head">
				<div>
					<h1>Insights</h1>
					<p class="muted">
						What people say to us and how our accounts grow, {formatDay(filters.from)} to {formatDay(filters.to)} ({data.range.timezone}), compared with the
						period before.
					</p>
				</div>
			</div>
			<Banner kind="error" text={notice} />
			<form method="get" action="/insights" class="card audit-filters">
				<label>
					From
					<input type="date" name="from" value={filters.from} />
				</label>
				<label>
					To
					<input type="date" name="to" value={filters.to} />
				</label>
				<label>
					Account
					<select name="accountId">
						<option value="">All accounts</option>
						{accounts.map((a) => (
							<option value={a.id} selected={a.id === filters.accountId}>
								{a.handle}
							</option>
						))}
					</select>
				</label>
				<button type="submit">Show</button>
			</form>

			<div class="insight-grid">
				<section class="card">
					<h2>What they say</h2>
					<p>
						<strong>{num(data.mentions.total)}</strong> mentions: {num(data.mentions.bySentiment.positive)} positive, {num(data.mentions.bySentiment.neutral)}{" "}
						neutral, {num(data.mentions.bySentiment.negative)} negative.
					</p>
					<StackedBars
						title="Mentions per day by sentiment"
						days={dates.map((date) => {
							const d = data.mentions.series.find((s) => s.date === date);
							return {
								date,
								parts: [
									{ key: "positive", value: d?.positive ?? 0 },
									{ key: "neutral", value: d?.neutral ?? 0 },
									{ key: "negative", value: d?.negative ?? 0 },
								],
							};
						})}
					/>
					<p class="legend">
						<span class="key key-positive">positive</span> <span class="key key-neutral">neutral</span> <span class="key key-negative">negative</span>
					</p>
				</section>
				<section class="card">
					<h2>Are they talking about us to others?</h2>
					<p>
						<strong>{pct(reach.share)}</strong> of mentions came from people who do not follow us ({num(reach.byNonFollowers)} mentions by{" "}
						{num(reach.nonFollowerAuthors)} people)
						{reach.followerStatusUnknown > 0 && `; for ${num(reach.followerStatusUnknown)} the network did not say`}.
					</p>
					<p>
						Our posts were shared <strong>{num(reach.shares)}</strong> times (reposts and quotes).
					</p>
					<h2>Are we learning from users?</h2>
					<p>
						<strong>{num(learn.answered)}</strong> of {num(learn.questions)} questions answered ({pct(learn.answeredShare)}); median time to a first reply{" "}
						<strong>{learn.medianFirstReplyMinutes === null ? "–" : `${learn.medianFirstReplyMinutes} min`}</strong>.
					</p>
					{learn.repeatedQuestions.length > 0 && (
						<>
							<p>Asked again and again:</p>
							<ul class="repeated">
								{learn.repeatedQuestions.map((r) => (
									<li>
										<strong>{r.topic}</strong> ({r.count} times) — {r.coveredByPost ? "one of our posts covers it" : "worth a post of its own"}
									</li>
								))}
							</ul>
						</>
					)}
				</section>
			</div>

			<div class="insight-grid insight-grid-3">
				<TopicList title="What they praise" groups={data.praise} empty="No praise in this period." correction={correction} />
				<TopicList title="Most frequent concerns" groups={data.concerns} empty="No concerns in this period." correction={correction} />
				<TopicList title="Most frequent questions" groups={data.questions} empty="No questions in this period." correction={correction} />
			</div>

			<div class="insight-grid">
				<section class="card">
					<h2>Followers</h2>
					<LineChart
						title="Followers per account"
						dates={dates}
						series={data.accounts
							.filter((a) => a.followers.series.length)
							.map((a) => ({ label: a.handle, points: a.followers.series.map((p) => ({ date: p.date, value: p.followers })) }))}
					/>
					<table class="insight-table">
						<thead>
							<tr>
								<th>Account</th>
								<th>Followers</th>
								<th>Growth</th>
								<th>Engagements</th>
								<th>Rate</th>
								<th>Link clicks</th>
							</tr>
						</thead>
						<tbody>
							{data.accounts.map((a, i) => (
								<tr>
									<td>
										<span class={`swatch chart-series-${i % 6}`} /> {a.handle}
									</td>
									<td>{num(a.followers.end)}</td>
									<td>{a.followers.change === null ? "–" : `${a.followers.change >= 0 ? "+" : ""}${a.followers.change.toLocaleString("en-GB")}`}</td>
									<td>{num(a.engagements)}</td>
									<td>{a.engagementRate.rate === null ? "–" : `${pct(a.engagementRate.rate)} per ${a.engagementRate.per}`}</td>
									<td>{num(a.linkClicks)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</section>
				<section class="card">
					<h2>Engagement</h2>
					<StackedBars
						title="Engagements per day (likes, reposts, replies, quotes)"
						days={dates.map((date) => ({ date, parts: [{ key: "engagement", value: data.engagementSeries.find((s) => s.date === date)?.engagements ?? 0 }] }))}
					/>
					<h3>Top posts</h3>
					{data.topPosts.length === 0 ? (
						<p class="muted">No post counts in this period yet.</p>
					) : (
						<ol class="top-posts">
							{data.topPosts.map((p) => (
								<li>
									<a href={`/posts/${encodeURIComponent(p.id)}`}>“{excerpt(p.body, 90)}”</a>{" "}
									<span class="muted">on {handle.get(p.accountId) ?? "an account"}</span> — {num(p.engagements)} engagements
									{p.impressions > 0 && `, ${num(p.impressions)} impressions`}
									{safeHref(p.url) && (
										<>
											{" "}
											<a href={safeHref(p.url)} rel="noopener noreferrer">
												view
											</a>
										</>
									)}
								</li>
							))}
						</ol>
					)}
				</section>
				<LabelFiguresCard byCampaign={data.byCampaign} byTag={data.byTag} />
			</div>
		</Layout>
	);
}
