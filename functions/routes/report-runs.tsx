/** One report run: its data (JSON), the same as a page (.html) and as CSV (.csv), and notes on it. */
import { Hono } from "hono";
import { listMembers } from "../../db/queries/members";
import { getReportDefinition, getReportRun, listRunAnnotations } from "../../db/queries/reports";
import type { ReportData } from "../../domain/reports/model";
import { ReportDocument } from "../../web/pages/report-document";
import { reportCsv } from "../../web/report-csv";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { addAnnotation, annotationSchema, runView } from "../services/report-runs";
import { jsonBody } from "../validation";

const notReady = (status: string) => new ApiError(409, "not_ready", `The run is ${status}; its content is not there yet`, { details: { status } });

export const reportRunRoutes = new Hono<AppEnv>()
	.get("/:file", async (c) => {
		const file = c.req.param("file");
		const [, id, format] = /^(.+?)(?:\.(html|csv|json))?$/.exec(file) ?? [];
		const db = c.get("db");
		const ws = c.get("actor").workspaceId;
		const run = id ? await getReportRun(db, ws, id) : undefined;
		if (!run) throw notFound("Report run");
		const def = await getReportDefinition(db, ws, run.definitionId);
		const zone = (run.data as ReportData | null)?.timezone ?? def?.timezone ?? "UTC";
		const [annotations, members] = await Promise.all([listRunAnnotations(db, ws, run.id), listMembers(db, ws)]);
		const view = runView(run, zone, annotations, new Map(members.map((m) => [m.id, m.name])));
		if (!format || format === "json") return c.json(view);
		if (!view.data) throw notReady(run.status);
		if (format === "csv") {
			return c.body(reportCsv(view.data), 200, {
				"Content-Type": "text/csv; charset=utf-8",
				"Content-Disposition": `attachment; filename="report-${view.data.period.start}.csv"`,
			});
		}
		return c.html(<ReportDocument data={view.data} notes={view.annotations} pageHref={view.links.page} />);
	})
	.post("/:id/annotations", jsonBody(annotationSchema), async (c) =>
		c.json(await addAnnotation({ db: c.get("db"), actor: c.get("actor"), now: c.get("now") }, c.req.param("id"), c.req.valid("json")), 201),
	);
