/** The reports list and the run page with its note forms; both call the same services as the API. */
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { listMembers } from "../../db/queries/members";
import { getReportRun, listReportDefinitions, listRunAnnotations } from "../../db/queries/reports";
import { reportRun } from "../../db/schema";
import { can } from "../../domain/permissions";
import type { ReportData } from "../../domain/reports/model";
import type { RunRange } from "../../domain/reports/period";
import { ApiError } from "../../functions/errors";
import { addAnnotation, requestManualRun, runView } from "../../functions/services/report-runs";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, field, readForm } from "../form";
import { NotFoundPage } from "../pages/not-found";
import { ReportRunPage, ReportsPage, type RunSummary } from "../pages/reports";

const RUNS_SHOWN = 5;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function renderRun(c: WebContext, id: string, message?: { ok: boolean; text: string }, status?: 400 | 403 | 404 | 409 | 422) {
	const db = c.get("db");
	const ws = c.get("workspace");
	const run = await getReportRun(db, ws.id, id);
	if (!run) return c.html(<NotFoundPage viewer={viewerOf(c)} what="report run" />, 404);
	const [annotations, members] = await Promise.all([listRunAnnotations(db, ws.id, run.id), listMembers(db, ws.id)]);
	const view = runView(run, (run.data as ReportData | null)?.timezone ?? ws.timezone, annotations, new Map(members.map((m) => [m.id, m.name])));
	return c.html(
		<ReportRunPage viewer={viewerOf(c)} runId={run.id} status={run.status} error={run.error} data={view.data} notes={view.annotations} message={message} />,
		status ?? 200,
	);
}

export const reportPages = new Hono<WebEnv>()
	.get("/reports", signedIn, async (c) => {
		const db = c.get("db");
		const ws = c.get("workspace");
		const reports = await listReportDefinitions(db, ws.id);
		const recent = await db
			.select({
				id: reportRun.id,
				definitionId: reportRun.definitionId,
				status: reportRun.status,
				trigger: reportRun.trigger,
				periodStart: reportRun.periodStart,
				periodEnd: reportRun.periodEnd,
				createdAt: reportRun.createdAt,
			})
			.from(reportRun)
			.where(and(eq(reportRun.workspaceId, ws.id)))
			.orderBy(desc(reportRun.createdAt))
			.limit(RUNS_SHOWN * Math.max(reports.length, 1) * 2);
		const runs = new Map<string, RunSummary[]>();
		for (const r of recent) {
			const list = runs.get(r.definitionId) ?? [];
			if (list.length < RUNS_SHOWN) list.push(r);
			runs.set(r.definitionId, list);
		}
		return c.html(
			<ReportsPage
				viewer={viewerOf(c)}
				reports={reports}
				runs={runs}
				canRun={can(c.get("actor").role, "schedule")}
				notice={
					c.req.query("queued")
						? "The run is on its way: it appears below in a moment."
						: c.req.query("deleted")
							? "Report deleted; its past runs stay readable."
							: c.req.query("invalid")
								? `Not run: ${c.req.query("invalid")}`
								: undefined
				}
			/>,
		);
	})
	.post("/reports/:id/run", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const form = await readForm(c.req);
		const [period, from, to] = ["period", "from", "to"].map((k) => field(form, k));
		const range: RunRange | undefined =
			period === "previous" ? { period: "previous" } : period === "custom" || (from && to) ? { from: from!, to: to! } : undefined;
		if (range && "from" in range && !(DATE.test(range.from) && DATE.test(range.to)))
			return c.redirect(`/reports?invalid=${encodeURIComponent("Pick both dates of the range")}`, 303);
		try {
			await requestManualRun({ ...ctx, queue: c.env.REPORTS }, c.req.param("id"), range);
		} catch (error) {
			if (error instanceof ApiError && error.status === 400) return c.redirect(`/reports?invalid=${encodeURIComponent(error.message)}`, 303);
			throw error;
		}
		// From the report's own page, back to it (its Runs list); from the list, back to the list.
		return c.redirect(field(form, "back") === "report" ? `/reports/${encodeURIComponent(c.req.param("id"))}?done=queued` : "/reports?queued=1", 303);
	})
	.get("/reports/runs/:id", signedIn, (c) => renderRun(c, c.req.param("id"), c.req.query("noted") ? { ok: true, text: "Note added." } : undefined))
	.post("/reports/runs/:id/annotations", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const target = field(form, "target");
		const result = await attempt(() => addAnnotation(ctxOf(c), id, { target: target.trim(), text: field(form, "text").trim() }));
		if ("errors" in result) return renderRun(c, id, { ok: false, text: result.errors.message }, result.errors.status === 404 ? 404 : 422);
		return c.redirect(`/reports/runs/${id}?noted=1#${encodeURIComponent(target)}`, 303);
	});
