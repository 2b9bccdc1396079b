/**
 * Reports set up in the browser: the new-report form, each report's page (settings, pause, run now for a
 * period, its runs) and deleting one after a confirmation. The same services as /api/v1/reports.
 */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { getReportDefinition, listReportRuns } from "../../db/queries/reports";
import { getWorkspace } from "../../db/queries/workspaces";
import { can } from "../../domain/permissions";
import { createReport, createReportSchema, deleteReport, patchReportSchema, updateReport } from "../../functions/services/reports";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, fields, invalidForm, readForm } from "../form";
import { ConfirmPage, confirmed } from "../pages/confirm";
import { NotFoundPage } from "../pages/not-found";
import { blankReport, ReportSettingsPage, type ReportValues, reportValues } from "../pages/report-settings";

const RUNS_SHOWN = 20;
const reportFields = ["name", "cadence", "weekday", "time", "timezone", "accountIds", "slackWebhookUrl"];

const notices: Record<string, string> = {
	created: "Report created: its first run is scheduled.",
	saved: "Saved.",
	paused: "Paused: no scheduled runs until you resume it.",
	resumed: "Resumed: the next run is scheduled from now.",
	queued: "The run is on its way: it appears under Runs in a moment.",
};

function knownZones(): string[] {
	try {
		return Intl.supportedValuesOf("timeZone");
	} catch {
		return [];
	}
}

async function reportCtx(c: WebContext) {
	const ctx = ctxOf(c);
	const ws = await getWorkspace(ctx.db, ctx.actor.workspaceId);
	return { db: ctx.db, actor: ctx.actor, now: ctx.now, env: c.env, workspaceTimezone: ws?.timezone ?? "UTC" };
}

function readValues(form: Awaited<ReturnType<typeof readForm>>): ReportValues {
	return {
		name: field(form, "name").trim(),
		cadence: field(form, "cadence"),
		weekday: field(form, "weekday"),
		time: field(form, "time"),
		timezone: field(form, "timezone").trim(),
		accountIds: fields(form, "accountIds"),
		slackWebhookUrl: field(form, "slackWebhookUrl").trim(),
		removeWebhook: field(form, "removeWebhook") === "yes",
	};
}

/** The form as the API's input: no accounts ticked is every account; an empty webhook field keeps the stored one. */
function rawInput(v: ReportValues, editing: boolean) {
	return {
		name: v.name,
		cadence: v.cadence,
		weekday: Number(v.weekday),
		time: v.time,
		timezone: v.timezone,
		accountIds: v.accountIds.length ? v.accountIds : null,
		...(v.removeWebhook ? { slackWebhookUrl: null } : v.slackWebhookUrl ? { slackWebhookUrl: v.slackWebhookUrl } : editing ? {} : { slackWebhookUrl: null }),
	};
}

function createInput(v: ReportValues) {
	const parsed = createReportSchema.safeParse(rawInput(v, false));
	if (!parsed.success) throw invalidForm(parsed.error);
	return parsed.data;
}

function patchInput(v: ReportValues) {
	const parsed = patchReportSchema.safeParse(rawInput(v, true));
	if (!parsed.success) throw invalidForm(parsed.error);
	return parsed.data;
}

async function render(c: WebContext, id: string | undefined, extra: { values?: ReportValues; errors?: FormErrors; notice?: string } = {}) {
	const ctx = ctxOf(c);
	const ws = c.get("workspace");
	const report = id ? await getReportDefinition(ctx.db, ws.id, id) : undefined;
	if (id && !report) return c.html(<NotFoundPage viewer={viewerOf(c)} what="report" />, 404);
	const [accounts, runs] = await Promise.all([
		listAccounts(ctx.db, ws.id),
		report ? listReportRuns(ctx.db, ws.id, report.id, { limit: RUNS_SHOWN }) : Promise.resolve({ items: [] }),
	]);
	return c.html(
		<ReportSettingsPage
			viewer={viewerOf(c)}
			accounts={accounts}
			zones={knownZones()}
			values={extra.values ?? (report ? reportValues(report) : blankReport(ws.timezone))}
			errors={extra.errors}
			report={report}
			runs={runs.items}
			canEdit={can(ctx.actor.role, "schedule")}
			notice={extra.notice}
		/>,
		extra.errors?.status ?? 200,
	);
}

const paused = (value: boolean, done: string) => async (c: WebContext) => {
	const id = c.req.param("id") ?? "";
	const result = await attempt(async () => updateReport(await reportCtx(c), id, { paused: value }));
	if ("errors" in result) return render(c, id, { errors: result.errors });
	return c.redirect(`/reports/${encodeURIComponent(id)}?done=${done}`, 303);
};

export const reportSettingsPages = new Hono<WebEnv>()
	.get("/reports/new", signedIn, (c) => render(c, undefined))
	.post("/reports/new", signedIn, async (c) => {
		const values = readValues(await readForm(c.req));
		const result = await attempt(async () => createReport(await reportCtx(c), createInput(values)), reportFields);
		if ("errors" in result) return render(c, undefined, { values, errors: result.errors });
		return c.redirect(`/reports/${encodeURIComponent(result.ok.id)}?done=created`, 303);
	})
	.get("/reports/:id", signedIn, (c) => render(c, c.req.param("id"), { notice: notices[c.req.query("done") ?? ""] }))
	.post("/reports/:id", signedIn, async (c) => {
		const id = c.req.param("id");
		const values = readValues(await readForm(c.req));
		const result = await attempt(async () => updateReport(await reportCtx(c), id, patchInput(values)), reportFields);
		if ("errors" in result) return render(c, id, result.errors.status === 404 ? {} : { values, errors: result.errors });
		return c.redirect(`/reports/${encodeURIComponent(id)}?done=saved`, 303);
	})
	.post("/reports/:id/pause", signedIn, paused(true, "paused"))
	.post("/reports/:id/resume", signedIn, paused(false, "resumed"))
	.post("/reports/:id/delete", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const ctx = ctxOf(c);
		if (!confirmed(form) && can(ctx.actor.role, "schedule")) {
			const report = await getReportDefinition(ctx.db, ctx.actor.workspaceId, id);
			if (!report) return c.html(<NotFoundPage viewer={viewerOf(c)} what="report" />, 404);
			return c.html(
				<ConfirmPage
					viewer={viewerOf(c)}
					confirmation={{
						title: `Delete the report “${report.name}”?`,
						consequence: (
							<p>
								<strong>Delete “{report.name}”</strong>: it stops running{report.slackWebhookUrl ? " and posting to Slack" : ""}. Its past runs and their notes
								stay readable.
							</p>
						),
						action: `/reports/${encodeURIComponent(id)}/delete`,
						confirmLabel: "Yes, delete the report",
						backLabel: "No, keep it",
						back: `/reports/${encodeURIComponent(id)}`,
					}}
				/>,
			);
		}
		const result = await attempt(async () => deleteReport(await reportCtx(c), id));
		if ("errors" in result) return render(c, id, { errors: result.errors });
		return c.redirect("/reports?deleted=1", 303);
	});
