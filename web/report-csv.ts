/** The data behind every chart and table of a report, as CSV: one row per series, period and figure. */
import Papa from "papaparse";
import type { ReportData } from "../domain/reports/model";
import { escapeFormula } from "../domain/spreadsheet";

// Text a spreadsheet could run as a formula gets a leading ' (numbers, negative ones too, stay numbers).
const cell = (v: string | number | null) => (typeof v === "string" ? escapeFormula(v) : v);

export function reportCsv(data: ReportData): string {
	const rows: (string | number | null)[][] = [["section", "series", "period_start", "period_end", "metric", "value", "note"]];
	for (const series of [data.growth.total, ...data.growth.accounts]) {
		for (const p of series.points) {
			for (const metric of ["followers", "followerGain", "impressions", "engagements", "clicks", "engagementRate"] as const) {
				rows.push(["growth", series.label, p.period.start, p.period.end, metric, p[metric], null]);
			}
		}
	}
	for (const s of data.standouts) rows.push(["standout", s.handle, s.date, s.date, s.metric, s.value, `usual ${s.usual}; ${s.sentence}`]);
	const { summary, voice } = data;
	for (const a of summary.byAccount) rows.push(["published_by_account", a.handle, data.period.start, data.period.end, "posts", a.count, null]);
	for (const p of summary.byPerson) rows.push(["published_by_person", p.name, data.period.start, data.period.end, "posts", p.count, null]);
	for (const r of summary.failures.reasons) rows.push(["failures", r.reason, data.period.start, data.period.end, "posts", r.count, null]);
	rows.push(["approvals", "approved", data.period.start, data.period.end, "posts", summary.approvals.approved, null]);
	rows.push(["approvals", "rejected", data.period.start, data.period.end, "posts", summary.approvals.rejected, null]);
	rows.push(["duty_gaps", "all accounts", data.period.start, data.period.end, "hours", summary.dutyGaps.hours, null]);
	const c = summary.conversations;
	for (const [metric, value] of [
		["answered", c.answered],
		["unanswered", c.unanswered],
		["median_response_ms", c.medianResponseMs],
		["p90_response_ms", c.p90ResponseMs],
	] as const) {
		rows.push(["conversations", "all accounts", data.period.start, data.period.end, metric, value, null]);
	}
	for (const [kind, groups] of [
		["praise", voice.praise],
		["concerns", voice.concerns],
		["questions", voice.questions],
	] as const) {
		for (const g of groups) rows.push([kind, g.topic, data.period.start, data.period.end, "mentions", g.count, g.examples[0]?.text ?? null]);
	}
	rows.push(["voice", "all accounts", data.period.start, data.period.end, "non_follower_mentions", voice.nonFollowers, null]);
	rows.push(["voice", "all accounts", data.period.start, data.period.end, "shares", voice.shares, null]);
	// papaparse quotes what needs quoting (commas, quotes, line breaks); RFC 4180 line ends, one after the last row too.
	const csv = Papa.unparse(
		rows.map((r) => r.map(cell)),
		{ newline: "\r\n" },
	);
	return `${csv}\r\n`;
}
