import type { AccountRow } from "../../db/queries/accounts";
import type { ReportDefinitionRow } from "../../db/queries/reports";
import { networkNames } from "../../domain/networks";
import { addDays } from "../../domain/time";
import { Banner, FieldErrors } from "../components/messages";
import type { FormErrors } from "../form";
import { formatDay, formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";
import type { RunSummary } from "./reports";

export type ReportValues = {
	name: string;
	cadence: string;
	weekday: string;
	time: string;
	timezone: string;
	accountIds: string[];
	slackWebhookUrl: string;
	removeWebhook: boolean;
};

export const blankReport = (zone: string): ReportValues => ({
	name: "",
	cadence: "weekly",
	weekday: "1",
	time: "08:00",
	timezone: zone,
	accountIds: [],
	slackWebhookUrl: "",
	removeWebhook: false,
});

export const reportValues = (r: ReportDefinitionRow): ReportValues => ({
	name: r.name,
	cadence: r.cadence,
	weekday: String(r.weekday),
	time: r.time,
	timezone: r.timezone,
	accountIds: r.accountIds ?? [],
	slackWebhookUrl: "",
	removeWebhook: false,
});

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

type Props = {
	viewer?: Viewer;
	accounts: AccountRow[];
	zones: string[];
	values: ReportValues;
	errors?: FormErrors;
	/** Absent: the "new report" form. */
	report?: ReportDefinitionRow;
	runs?: RunSummary[];
	canEdit: boolean;
	notice?: string;
};

/** Define or edit a report (cadence, zone, accounts, Slack webhook), pause it, run it for a period, see its runs. */
export function ReportSettingsPage({ viewer, accounts, zones, values, errors, report, runs = [], canEdit, notice }: Props) {
	const f = errors?.fields ?? {};
	const action = report ? `/reports/${encodeURIComponent(report.id)}` : "/reports/new";
	return (
		<Layout title={report ? report.name : "New report"} viewer={viewer} current="reports">
			<div class="narrow-page report-settings">
				<p>
					<a href="/reports">← All reports</a>
				</p>
				<h1 class="truncate" title={report?.name}>
					{report ? report.name : "New report"}
				</h1>
				<Banner text={notice} />
				<Banner text={errors?.message} kind="error" />
				{report && (
					<section class="card report-state">
						<p>
							{report.paused ? (
								<>
									<strong>Paused:</strong> no scheduled runs until it is resumed. Run now still works.
								</>
							) : (
								<>Next run {formatInstant(report.nextRunAt, report.timezone)}.</>
							)}
						</p>
						{canEdit && (
							<div class="inline-forms">
								<form method="post" action={`${action}/${report.paused ? "resume" : "pause"}`} class="inline">
									<button type="submit">{report.paused ? "Resume the schedule" : "Pause the schedule"}</button>
								</form>
								<form method="post" action={`${action}/delete`} class="inline">
									<button type="submit" class="danger">
										Delete report
									</button>
								</form>
							</div>
						)}
					</section>
				)}
				{report && canEdit && <RunForm action={`${action}/run`} />}
				{report && <RunList runs={runs} />}
				{canEdit ? (
					<form method="post" action={action} class="card stack report-form">
						<h2>{report ? "Settings" : "What to report, and when"}</h2>
						<label>
							Name
							<input type="text" name="name" value={values.name} required maxlength={120} />
						</label>
						<FieldErrors messages={f.name} />
						<fieldset>
							<legend>How often</legend>
							<div class="inline-fields">
								<label>
									Cadence
									<select name="cadence">
										{(["daily", "weekly", "monthly"] as const).map((c) => (
											<option value={c} selected={values.cadence === c}>
												{c === "daily" ? "Every day" : c === "weekly" ? "Every week" : "Every month (on the 1st)"}
											</option>
										))}
									</select>
								</label>
								<label>
									Day (weekly)
									<select name="weekday">
										{weekdays.map((d, i) => (
											<option value={String(i + 1)} selected={values.weekday === String(i + 1)}>
												{d}
											</option>
										))}
									</select>
								</label>
								<label>
									At
									<input type="time" name="time" value={values.time} required />
								</label>
								<label>
									Time zone
									<input type="text" name="timezone" value={values.timezone} list="report-zones" required autocomplete="off" spellcheck={false} />
								</label>
							</div>
							<datalist id="report-zones">
								{zones.map((z) => (
									<option value={z} />
								))}
							</datalist>
							<FieldErrors messages={[...(f.cadence ?? []), ...(f.weekday ?? []), ...(f.time ?? []), ...(f.timezone ?? [])]} />
						</fieldset>
						<fieldset>
							<legend>Accounts (none ticked: every account, as it is when the report runs)</legend>
							<ul class="plain account-picks">
								{accounts.map((a) => (
									<li>
										<label class="check truncate" title={`${a.handle} (${networkNames[a.network]})`}>
											<input type="checkbox" name="accountIds" value={a.id} checked={values.accountIds.includes(a.id)} /> {a.handle}{" "}
											<small class="muted">{networkNames[a.network]}</small>
										</label>
									</li>
								))}
							</ul>
							<FieldErrors messages={f.accountIds} />
						</fieldset>
						<label>
							Slack webhook{" "}
							<small class="muted">
								{report?.slackWebhookUrl
									? `(set: posts to ${new URL(report.slackWebhookUrl).host}; it is never shown again, leave empty to keep it)`
									: "(optional: https://hooks.slack.com/services/…; Chorus posts there when a run is ready)"}
							</small>
							<input type="url" name="slackWebhookUrl" value={values.slackWebhookUrl} autocomplete="off" />
						</label>
						{report?.slackWebhookUrl && (
							<label class="check">
								<input type="checkbox" name="removeWebhook" value="yes" checked={values.removeWebhook} /> Remove the webhook
							</label>
						)}
						<FieldErrors messages={f.slackWebhookUrl} />
						<div class="actions">
							<button type="submit" class="primary">
								{report ? "Save changes" : "Create report"}
							</button>
						</div>
					</form>
				) : (
					<p class="muted">Only members who may schedule posts can change reports.</p>
				)}
			</div>
		</Layout>
	);
}

/** Run now: this period so far, the previous one, or a chosen range (the API's {period} or {from,to}). */
function RunForm({ action }: { action: string }) {
	return (
		<form method="post" action={action} class="card stack run-form">
			<input type="hidden" name="back" value="report" />
			<h2>Run now</h2>
			<fieldset>
				<legend>Which period</legend>
				<label class="check">
					<input type="radio" name="period" value="" checked /> This period so far (on its first day, the last complete one)
				</label>
				<label class="check">
					<input type="radio" name="period" value="previous" /> The previous period
				</label>
				<label class="check">
					<input type="radio" name="period" value="custom" /> From – to:
				</label>
				<div class="inline-fields">
					<label>
						From <input type="date" name="from" />
					</label>
					<label>
						To <input type="date" name="to" />
					</label>
				</div>
			</fieldset>
			<div class="actions">
				<button type="submit">Run now</button>
			</div>
		</form>
	);
}

function RunList({ runs }: { runs: RunSummary[] }) {
	return (
		<section class="card">
			<h2>Runs</h2>
			{runs.length === 0 ? (
				<p class="muted">No runs yet.</p>
			) : (
				<ul class="plain run-list">
					{runs.map((run) => (
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
		</section>
	);
}
