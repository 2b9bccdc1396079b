import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { getReportDefinition, listReportDefinitions, listReportRuns } from "../../db/queries/reports";
import { getWorkspace } from "../../db/queries/workspaces";
import type { RunRange } from "../../domain/reports/period";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { requestManualRun, runPeriod } from "../services/report-runs";
import { createReport, createReportSchema, deleteReport, patchReportSchema, reportView, updateReport } from "../services/reports";
import { jsonBody, queryParams } from "../validation";

async function reportCtx(c: Context<AppEnv>) {
	const actor = c.get("actor");
	const ws = await getWorkspace(c.get("db"), actor.workspaceId);
	return { db: c.get("db"), actor, now: c.get("now"), env: c.env, workspaceTimezone: ws?.timezone ?? "UTC" };
}

const localDate = z.iso.date({ error: "A date, YYYY-MM-DD" });
/** All optional: nothing for "Run now", `{ period: "previous" }`, or a custom range of local dates, both inclusive. */
const runRangeSchema = z
	.object({ period: z.enum(["current", "previous"]).optional(), from: localDate.optional(), to: localDate.optional() })
	.superRefine((v, ctx) => {
		if ((v.from === undefined) !== (v.to === undefined))
			ctx.addIssue({ code: "custom", path: [v.from === undefined ? "from" : "to"], message: "from and to go together" });
		if (v.period && v.from) ctx.addIssue({ code: "custom", path: ["period"], message: "Either a period or from and to, not both" });
	});
const rangeOf = (v: z.infer<typeof runRangeSchema>): RunRange | undefined =>
	v.from && v.to ? { from: v.from, to: v.to } : v.period ? { period: v.period } : undefined;
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(100).optional() });

/** Report definitions, their runs, and "run it now" (API.md, Reports). */
export const reportRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const rows = await listReportDefinitions(c.get("db"), c.get("actor").workspaceId);
		return c.json({ items: rows.map(reportView), next: null });
	})
	.post("/", jsonBody(createReportSchema), async (c) => c.json(await createReport(await reportCtx(c), c.req.valid("json")), 201))
	.get("/:id", async (c) => {
		const found = await getReportDefinition(c.get("db"), c.get("actor").workspaceId, c.req.param("id"));
		if (!found) throw notFound("Report");
		return c.json(reportView(found));
	})
	.patch("/:id", jsonBody(patchReportSchema), async (c) => c.json(await updateReport(await reportCtx(c), c.req.param("id"), c.req.valid("json"))))
	.delete("/:id", async (c) => {
		await deleteReport(await reportCtx(c), c.req.param("id"));
		return c.body(null, 204);
	})
	.post("/:id/run", jsonBody(runRangeSchema), async (c) =>
		c.json(
			await requestManualRun(
				{ db: c.get("db"), actor: c.get("actor"), now: c.get("now"), queue: c.env.REPORTS },
				c.req.param("id"),
				rangeOf(c.req.valid("json")),
			),
			202,
		),
	)
	.get("/:id/runs", queryParams(runsQuery), async (c) => {
		const db = c.get("db");
		const ws = c.get("actor").workspaceId;
		const def = await getReportDefinition(db, ws, c.req.param("id"));
		if (!def) throw notFound("Report");
		const q = c.req.valid("query");
		let cursor: { createdAt: number; id: string } | undefined;
		if (q.cursor) {
			const m = /^(\d+)_([\w-]+)$/.exec(q.cursor);
			if (!m) throw invalidField(["cursor"], "Not a cursor from this list");
			cursor = { createdAt: Number(m[1]), id: m[2]! };
		}
		const page = await listReportRuns(db, ws, def.id, { limit: q.limit, cursor });
		return c.json({
			items: page.items.map((r) => ({
				id: r.id,
				status: r.status,
				trigger: r.trigger,
				period: runPeriod(r, def.timezone),
				createdAt: new Date(r.createdAt).toISOString(),
				readyAt: r.readyAt === null ? null : new Date(r.readyAt).toISOString(),
				delivery: { status: r.deliveryStatus },
			})),
			next: page.next,
		});
	});
