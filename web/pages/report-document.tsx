/** The standalone report (GET /api/v1/report-runs/:id.html): no navigation, made to be read on a phone or printed to PDF. */
import { raw } from "hono/html";
import type { ReportData } from "../../domain/reports/model";
import { ReportBody, ReportHeading, type RunNote } from "../components/report-body";
import { formatInstant } from "../format";

export function ReportDocument({ data, notes, pageHref }: { data: ReportData; notes: RunNote[]; pageHref: string }) {
	return (
		<>
			{raw("<!doctype html>")}
			<html lang="en">
				<head>
					<meta charset="utf-8" />
					<meta name="viewport" content="width=device-width, initial-scale=1" />
					<title>{`${data.name} · Chorus report`}</title>
					<link rel="stylesheet" href="/app.css" />
				</head>
				<body class="report-doc">
					<main>
						<ReportHeading data={data} />
						<ReportBody data={data} notes={notes} />
						<footer class="report-foot muted">
							Made by Chorus on {formatInstant(data.generatedAt, data.timezone)}. <a href={pageHref}>Open it in Chorus</a> to add notes.
						</footer>
					</main>
				</body>
			</html>
		</>
	);
}
