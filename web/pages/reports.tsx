import type { ReportDefinitionRow } from "../../db/queries/reports";
import type { ReportData } from "../../domain/reports/model";
import { addDays } from "../../domain/time";
import { ReportBody, ReportHeading, type RunNote } from "../components/report-body";
import { formatDay, formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";

export type RunSummary = { id: string; status: string; trigger: string; periodStart: string; periodEnd: string; createdAt: number };

const cadenceText = (r: ReportDefinitionRow) => {
	const at = `at ${r.time} (${r.timezone})`;
	if (r.cadence === "daily") return `Every day ${at}`;
	if (r.cadence === "monthly") return `On the 1st of each month ${at}`;
	return `Every ${["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][r.weekday - 1]} ${at}`;
};

export function ReportsPage({
	viewer,
	reports,
	runs,
	canRun,
	notice,
}: {
	viewer?: Viewer;
	reports: ReportDefinitionRow[];
	runs: Map<string, RunSummary[]>;
	canRun: boolean;
	notice?: string;
}) {
	return (
		<Layout title="Reports" viewer={viewer} current="reports">
			<div class="cal-head">
				<h1>Reports</h1>
				{canRun && (
					<a href="/reports/new" class="button-link primary">
						New report
					</a>
				)}
			</div>
			{notice && <p class="banner ok">{notice}</p>}
			{reports.length === 0 ? (
				<p class="muted">No reports yet.</p>
			) : (
				<ul class="report-list">
					{reports.map((r) => (
						<li class="card">
							<h2 class="truncate" title={r.name}>
								<a href={`/reports/${r.id}`}>{r.name}</a>
								{r.paused && <span class="tag paused">Paused</span>}
							</h2>
							<p class="muted">
								{cadenceText(r)} · {r.paused ? "paused" : `next run ${formatInstant(r.nextRunAt, r.timezone)}`} ·{" "}
								{r.accountIds ? `${r.accountIds.length} accounts` : "all accounts"}
								{r.slackWebhookUrl ? " · posts to a webhook" : ""}
							</p>
							{(runs.get(r.id) ?? []).length === 0 ? (
								<p class="muted">No runs yet.</p>
							) : (
								<ul class="plain">
									{(runs.get(r.id) ?? []).map((run) => (
										<li>
											<a href={`/reports/runs/${run.id}`}>
												{formatDay(run.periodStart)} – {formatDay(addDays(run.periodEnd, -1))}
											</a>{" "}
											<span class={`badge run-status status-${run.status === "ready" ? "published" : run.status === "failed" ? "failed" : "scheduled"}`}>
												{run.status}
											</span>{" "}
											{run.trigger === "manual" && <small class="muted">(run by hand)</small>}
										</li>
									))}
								</ul>
							)}
							{canRun && (
								<form method="post" action={`/reports/${r.id}/run`} class="actions">
									<label>
										Period{" "}
										<select name="period">
											<option value="">So far (the last complete one on its first day)</option>
											<option value="previous">The previous period</option>
											<option value="custom">From – to (below)</option>
										</select>
									</label>
									<label>
										From <input type="date" name="from" />
									</label>
									<label>
										To <input type="date" name="to" />
									</label>
									<button type="submit">Run now</button>
								</form>
							)}
						</li>
					))}
				</ul>
			)}
		</Layout>
	);
}

export function ReportRunPage({
	viewer,
	runId,
	status,
	error,
	data,
	notes,
	message,
}: {
	viewer?: Viewer;
	runId: string;
	status: string;
	error: string | null;
	data: ReportData | null;
	notes: RunNote[];
	message?: { ok: boolean; text: string };
}) {
	return (
		<Layout title={data?.name ?? "Report"} viewer={viewer} current="reports">
			{message && <p class={`banner ${message.ok ? "ok" : "error"}`}>{message.text}</p>}
			{data ? (
				<>
					<ReportHeading data={data} />
					<p class="no-print">
						<a href={`/api/v1/report-runs/${runId}.html`}>Printable page</a> · <a href={`/api/v1/report-runs/${runId}.csv`}>Data (CSV)</a> ·{" "}
						<a href="/reports">All reports</a>
					</p>
					<ReportBody data={data} notes={notes} annotateAction={`/reports/runs/${runId}/annotations`} />
				</>
			) : (
				<section class="card">
					<h1>Report run</h1>
					<p>{status === "failed" ? `This run failed: ${error ?? "unknown reason"}` : `This run is ${status}. Reload in a moment.`}</p>
					<p>
						<a href="/reports">All reports</a>
					</p>
				</section>
			)}
		</Layout>
	);
}
