/** The whole report from its inputs: pure, so the same inputs always make the same report. */
import { accountGrowth, totalGrowth } from "./growth";
import type { ReportData, ReportInput } from "./model";
import { findStandouts } from "./standouts";
import { summarize } from "./summary";
import { voiceOf } from "./voice";

export function buildReport(input: ReportInput): ReportData {
	const { period } = input;
	const inPeriod = <T extends { date: string }>(rows: readonly T[]) => rows.filter((r) => r.date >= period.start && r.date < period.end);
	const accounts = input.accounts.map((a) =>
		accountGrowth(
			a.id,
			a.handle,
			input.metrics.filter((m) => m.accountId === a.id),
			input.trend,
		),
	);
	const shares = inPeriod(input.metrics).reduce((s, m) => s + (m.shares ?? 0), 0);
	return {
		version: 1,
		name: input.name,
		cadence: input.cadence,
		timezone: input.timezone,
		period,
		partialUntil: input.partialUntil,
		generatedAt: input.generatedAt,
		accounts: input.accounts.map(({ id, handle, network }) => ({ id, handle, network })),
		growth: { total: totalGrowth(accounts, input.trend), accounts },
		summary: summarize({ ...input, posts: inPeriod(input.posts) }),
		standouts: findStandouts(input),
		voice: voiceOf(input.mentions, shares),
		linkClicks: linkClicksOf(input),
		trendNotes: input.priorNotes.filter((n) => n.date >= (input.trend[0]?.start ?? period.start) && n.date < period.end),
		...(input.labels ? { labels: input.labels } : {}),
	};
}

function linkClicksOf(input: ReportInput): ReportData["linkClicks"] {
	if (!input.linkClicks) return undefined;
	const byAccount = new Map(input.linkClicks.map((c) => [c.accountId, c.clicks]));
	const accounts = input.accounts.map((a) => ({ accountId: a.id, handle: a.handle, clicks: byAccount.get(a.id) ?? 0 }));
	return { total: accounts.reduce((s, a) => s + a.clicks, 0), accounts };
}
