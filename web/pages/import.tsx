import type { AccountRow } from "../../db/queries/accounts";
import type { RowReport } from "../../functions/services/spreadsheet";
import { Banner } from "../components/messages";
import { formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";

export type ImportOutcome = { kind: "saved" | "checked" | "refused"; message: string; rows: RowReport[] };

type Props = { viewer?: Viewer; accounts: AccountRow[]; error?: string; outcome?: ImportOutcome };

/** Spreadsheet planning: upload a CSV (Chorus's or Hootsuite's columns) and see what each row became. */
export function ImportPage({ viewer, accounts, error, outcome }: Props) {
	return (
		<Layout title="Import from a spreadsheet" viewer={viewer} current="calendar">
			<div class="narrow-page">
				<h1>Import from a spreadsheet</h1>
				<p class="muted lead">
					Chorus's columns: <code>account, body, link, scheduledAt, status</code> (what <a href="/api/v1/posts.csv">the CSV export</a> writes). Or Hootsuite's
					bulk composer: <code>date/time, message, link</code>, read in the chosen account's timezone. Every row is checked like a post made here; if one row is
					wrong, nothing is saved.
				</p>
				<Banner text={error} kind="error" />
				<form method="post" action="/import" enctype="multipart/form-data" class="card import-form">
					<label class="field-label" for="file">
						CSV file
					</label>
					<input type="file" id="file" name="file" accept=".csv,text/csv" required />
					<label class="field-label" for="accountId">
						Account for rows that name none (Hootsuite files)
					</label>
					<select id="accountId" name="accountId">
						<option value="">—</option>
						{accounts.map((a) => (
							<option value={a.id}>{`${a.handle} (${a.network})`}</option>
						))}
					</select>
					<label class="field-label" for="dateOrder">
						Dates like 03/04/2026 are
					</label>
					<select id="dateOrder" name="dateOrder">
						<option value="mdy">month/day/year (Hootsuite's default)</option>
						<option value="dmy">day/month/year</option>
					</select>
					<label class="choice">
						<input type="checkbox" name="dryRun" value="true" /> Only check, save nothing
					</label>
					<div class="actions">
						<button type="submit" class="primary">
							Import
						</button>
					</div>
				</form>
				{outcome && <RowReportTable outcome={outcome} accounts={accounts} />}
			</div>
		</Layout>
	);
}

function RowReportTable({ outcome, accounts }: { outcome: ImportOutcome; accounts: AccountRow[] }) {
	return (
		<section class="card import-report" aria-label="Row report">
			<Banner text={outcome.message} kind={outcome.kind === "refused" ? "error" : undefined} />
			<table class="import-rows">
				<thead>
					<tr>
						<th>Line</th>
						<th>Result</th>
						<th>When</th>
						<th>Problems</th>
					</tr>
				</thead>
				<tbody>
					{outcome.rows.map((r) => (
						<tr class={r.errors.length ? "row-error" : "row-ok"} data-line={r.line}>
							<td>{r.line}</td>
							<td>{r.errors.length ? "refused" : (r.status ?? "").replace("_", " ")}</td>
							<td>{r.scheduledAt ? formatInstant(Date.parse(r.scheduledAt), accounts.find((a) => a.id === r.accountId)?.timezone ?? "UTC") : "—"}</td>
							<td>
								<ul class="row-problems">
									{r.errors.map((e) => (
										<li class="row-problem">
											<strong>{e.field}</strong>: {e.message}
										</li>
									))}
									{r.warnings.map((w) => (
										<li class="row-warning">
											<strong>{w.field}</strong> (warning): {w.message}
										</li>
									))}
								</ul>
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{outcome.kind === "saved" && (
				<p>
					<a href="/calendar">See them on the calendar</a>
				</p>
			)}
		</section>
	);
}
