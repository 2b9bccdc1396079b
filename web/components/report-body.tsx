/**
 * A report run as HTML: growth with charts, standouts with their evidence, the data summary and what
 * users say, with people's notes beside what they explain. The same body serves the standalone
 * document (GET /api/v1/report-runs/:id.html) and the run page, which adds the note forms.
 */

import type { GrowthSeries, ReportData, Standout } from "../../domain/reports/model";
import { formatDay } from "../format";
import { changeClass, fmtChange, fmtCount, fmtRate, fmtWait, periodLabel } from "../report-format";
import { LabelFiguresCard } from "./label-figures";
import { LineChart } from "./report-chart";

export type RunNote = { id: string; target: string; date: string | null; text: string; author: { name: string }; createdAt: string };

type Props = { data: ReportData; notes: RunNote[]; annotateAction?: string };

function Notes({ notes }: { notes: RunNote[] }) {
	if (!notes.length) return null;
	return (
		<ul class="report-notes">
			{notes.map((n) => (
				<li>
					<span class="note-text">{n.text}</span> <small class="muted">— {n.author.name}</small>
				</li>
			))}
		</ul>
	);
}

function NoteForm({ action, target, label }: { action?: string; target: string; label: string }) {
	if (!action) return null;
	return (
		<details class="note-form no-print">
			<summary>{label}</summary>
			<form method="post" action={action} class="stack">
				<input type="hidden" name="target" value={target} />
				<textarea name="text" rows={2} maxlength={2000} required aria-label={label} placeholder="What explains it? (a campaign, an outage, a holiday…)" />
				<div>
					<button type="submit">Add note</button>
				</div>
			</form>
		</details>
	);
}

function Kpi({ label, value, change, partial }: { label: string; value: string; change: number | null; partial: boolean }) {
	return (
		<div class="kpi">
			<span class="kpi-label">{label}</span>
			<span class="kpi-value">{value}</span>
			<span class={`kpi-change ${changeClass(change)}`}>
				{fmtChange(change)} on the {partial ? "whole " : ""}period before
			</span>
		</div>
	);
}

function GrowthCharts({ series, cadence, noteMarks }: { series: GrowthSeries; cadence: string; noteMarks: { index: number; text: string }[] }) {
	const pts = (key: "followers" | "impressions" | "engagements" | "clicks" | "engagementRate") =>
		series.points.map((p) => ({ label: periodLabel(p.period.start, cadence), value: p[key] }));
	return (
		<div class="chart-grid">
			<LineChart title="Followers" points={pts("followers")} fit={series.trend.followers} notes={noteMarks} format={fmtCount} />
			<LineChart title="Engagement rate" points={pts("engagementRate")} fit={series.trend.engagementRate} notes={noteMarks} format={fmtRate} />
			<LineChart title="Impressions" points={pts("impressions")} fit={series.trend.impressions} notes={noteMarks} format={fmtCount} />
			<LineChart title="Clicks" points={pts("clicks")} fit={series.trend.clicks} notes={noteMarks} format={fmtCount} />
		</div>
	);
}

function StandoutItem({ s, notes, action }: { s: Standout; notes: RunNote[]; action?: string }) {
	return (
		<li class={`standout ${s.direction}`} id={s.id}>
			<p class="standout-sentence">
				<span class={`arrow ${s.direction}`} aria-hidden="true">
					{s.direction === "up" ? "▲" : "▼"}
				</span>{" "}
				{s.sentence}
			</p>
			{s.evidence.length > 2 && (
				<ul class="evidence">
					{s.evidence.slice(2).map((e) => (
						<li>{e.text}</li>
					))}
				</ul>
			)}
			<Notes notes={notes} />
			<NoteForm action={action} target={s.id} label="Explain this" />
		</li>
	);
}

export function ReportBody({ data, notes, annotateAction }: Props) {
	const total = data.growth.total;
	const now = total.points.at(-1);
	const notesFor = (target: string) => notes.filter((n) => n.target === target);
	// Notes from earlier runs and this one, placed on the trend period they fall in.
	const dated = [
		...data.trendNotes.map((n) => ({ date: n.date, text: `${n.text} — ${n.authorName}` })),
		...notes.filter((n) => n.date).map((n) => ({ date: n.date!, text: `${n.text} — ${n.author.name}` })),
	];
	const noteMarks = dated.flatMap((n) => {
		const index = total.points.findIndex((p) => n.date >= p.period.start && n.date < p.period.end);
		return index >= 0 ? [{ index, text: `${formatDay(n.date)}: ${n.text}` }] : [];
	});
	const s = data.summary;
	const v = data.voice;
	return (
		<article class="report">
			<section class="report-section" id="growth">
				<h2>Growth</h2>
				<div class="kpis">
					<Kpi label="Followers" value={fmtCount(now?.followers)} change={total.change.followers} partial={data.partialUntil !== null} />
					<Kpi label="Engagement rate" value={fmtRate(now?.engagementRate)} change={total.change.engagementRate} partial={data.partialUntil !== null} />
					<Kpi label="Impressions" value={fmtCount(now?.impressions)} change={total.change.impressions} partial={data.partialUntil !== null} />
					<Kpi label="Clicks" value={fmtCount(now?.clicks)} change={total.change.clicks} partial={data.partialUntil !== null} />
				</div>
				<GrowthCharts series={total} cadence={data.cadence} noteMarks={noteMarks} />
				{dated.length > 0 && (
					<ul class="trend-notes">
						{dated.map((n) => (
							<li>
								<span class="note-flag" aria-hidden="true">
									▼
								</span>{" "}
								{formatDay(n.date)}: {n.text}
							</li>
						))}
					</ul>
				)}
				<div class="table-wrap">
					<table class="report-table">
						<thead>
							<tr>
								<th>Account</th>
								<th>Followers</th>
								<th>Impressions</th>
								<th>Engagements</th>
								<th>Rate</th>
								<th>Clicks</th>
							</tr>
						</thead>
						<tbody>
							{data.growth.accounts.map((a) => {
								const p = a.points.at(-1);
								return (
									<tr>
										<th scope="row">{a.label}</th>
										<td>
											{fmtCount(p?.followers)} <small class={changeClass(a.change.followers)}>{fmtChange(a.change.followers)}</small>
										</td>
										<td>
											{fmtCount(p?.impressions)} <small class={changeClass(a.change.impressions)}>{fmtChange(a.change.impressions)}</small>
										</td>
										<td>
											{fmtCount(p?.engagements)} <small class={changeClass(a.change.engagements)}>{fmtChange(a.change.engagements)}</small>
										</td>
										<td>{fmtRate(p?.engagementRate)}</td>
										<td>{fmtCount(p?.clicks)}</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				</div>
				<Notes notes={notesFor("growth")} />
				<NoteForm action={annotateAction} target="growth" label="Add a note on growth" />
			</section>

			<section class="report-section" id="standouts">
				<h2>Standouts</h2>
				{data.standouts.length === 0 ? (
					<p class="muted">Nothing stood out from its usual level this period.</p>
				) : (
					<ol class="standouts">
						{data.standouts.map((st) => (
							<StandoutItem s={st} notes={notesFor(st.id)} action={annotateAction} />
						))}
					</ol>
				)}
				<Notes notes={notesFor("standouts")} />
				<NoteForm action={annotateAction} target="standouts" label="Add a note on the standouts" />
			</section>

			<section class="report-section" id="summary">
				<h2>Data summary</h2>
				<div class="summary-grid">
					<div>
						<h3>Published</h3>
						<p class="big">{fmtCount(s.published)}</p>
						<table class="report-table compact">
							<tbody>
								{s.byAccount.map((a) => (
									<tr>
										<th scope="row">{a.handle}</th>
										<td>{a.count}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<div>
						<h3>Who posted</h3>
						{s.byPerson.length === 0 ? (
							<p class="muted">Nobody published this period.</p>
						) : (
							<table class="report-table compact">
								<tbody>
									{s.byPerson.map((p) => (
										<tr>
											<th scope="row">{p.name}</th>
											<td>{p.count}</td>
										</tr>
									))}
								</tbody>
							</table>
						)}
						<p>
							{s.approvals.approved} approved, {s.approvals.rejected} sent back
						</p>
					</div>
					<div>
						<h3>Failures</h3>
						<p class="big">{s.failures.count}</p>
						<ul class="plain">
							{s.failures.reasons.map((r) => (
								<li>
									{r.count} × {r.reason}
								</li>
							))}
						</ul>
						<h3>Duty gaps</h3>
						<p>{s.dutyGaps.count === 0 ? "None: every shift account was covered." : `${s.dutyGaps.count} gaps, ${s.dutyGaps.hours} hours uncovered`}</p>
					</div>
					<div>
						<h3>Conversations</h3>
						<p>
							<strong>{s.conversations.answered}</strong> answered, <strong>{s.conversations.unanswered}</strong> unanswered
						</p>
						<p>
							Response time: median {fmtWait(s.conversations.medianResponseMs)}, 90% within {fmtWait(s.conversations.p90ResponseMs)}
						</p>
					</div>
				</div>
				<Notes notes={notesFor("summary")} />
				<NoteForm action={annotateAction} target="summary" label="Add a note on the summary" />
			</section>

			<section class="report-section" id="voice">
				<h2>What users say</h2>
				<p>
					{fmtCount(v.mentions)} mentions ({v.sentiment.positive} positive, {v.sentiment.neutral} neutral, {v.sentiment.negative} negative). {v.nonFollowers}{" "}
					came from people who do not follow the account
					{v.mentions > 0 ? ` (${Math.round((v.nonFollowers / v.mentions) * 100)}%)` : ""}; {fmtCount(v.shares)} shares.
				</p>
				{data.linkClicks && (
					<p class="link-clicks">
						{fmtCount(data.linkClicks.total)} clicks on our short links
						{data.linkClicks.total > 0 &&
							` (${data.linkClicks.accounts
								.filter((a) => a.clicks > 0)
								.map((a) => `${a.handle}: ${fmtCount(a.clicks)}`)
								.join(", ")})`}
						.
					</p>
				)}
				<div class="summary-grid">
					{(
						[
							["Top praise", v.praise],
							["Top concerns", v.concerns],
							["Top questions", v.questions],
						] as const
					).map(([title, groups]) => (
						<div>
							<h3>{title}</h3>
							{groups.length === 0 ? (
								<p class="muted">None this period.</p>
							) : (
								<ul class="topics">
									{groups.map((g) => (
										<li>
											<strong>{g.topic}</strong> <span class="count">{g.count}</span>
											{g.examples.map((e) => (
												<blockquote>
													{e.text} <small class="muted">— {e.author}</small>
												</blockquote>
											))}
										</li>
									))}
								</ul>
							)}
						</div>
					))}
				</div>
				<Notes notes={notesFor("voice")} />
				<NoteForm action={annotateAction} target="voice" label="Add a note on what users say" />
			</section>
			{data.labels && <LabelFiguresCard byCampaign={data.labels.byCampaign} byTag={data.labels.byTag} />}
		</article>
	);
}

export function ReportHeading({ data }: { data: ReportData }) {
	const last = new Date(`${data.partialUntil ?? data.period.end}T12:00:00Z`);
	last.setUTCDate(last.getUTCDate() - 1);
	return (
		<header class="report-head">
			<h1>{data.name}</h1>
			<p class="muted">
				{formatDay(data.period.start)} to {formatDay(last.toISOString().slice(0, 10))} ({data.timezone})
				{data.partialUntil ? ", so far: today is still running" : ""} · {data.accounts.length} account{data.accounts.length === 1 ? "" : "s"}:{" "}
				{data.accounts.map((a) => a.handle).join(", ")}
			</p>
		</header>
	);
}
