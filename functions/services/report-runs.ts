/**
 * Report runs: asking for one, building it, recording it as ready (the one place a finished run is
 * recorded, so outbound integrations can hook in), delivering it, and people's notes on it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { getReportDefinition, getReportRun, type ReportAnnotationRow, type ReportDefinitionRow, type ReportRunRow } from "../../db/queries/reports";
import { getWorkspace } from "../../db/queries/workspaces";
import { reportAnnotation, reportRun } from "../../db/schema";
import { buildReport } from "../../domain/reports/build";
import { type ReportData, reportSections } from "../../domain/reports/model";
import { datesOf, MAX_RANGE_DAYS, type RunRange, requestedPeriod } from "../../domain/reports/period";
import { addDays, isoWithOffset, startOfLocalDay, utcToLocal } from "../../domain/time";
import { enqueueReports } from "../../queues/producer";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { invalidField, notFound } from "../errors";
import { PUBLIC_URL_MISSING, publicUrl } from "../mail/send";
import { validationFailed } from "../validation";
import { loadReportInput } from "./report-data";
import { deliveryUrlProblem, postToWebhook, slackMessage } from "./report-delivery";
import { emitWebhookEvent, reportReadyEvent } from "./webhooks";

/** Tries before a delivery is given up, with capped exponential backoff between them. */
export const MAX_DELIVERY_ATTEMPTS = 5;
export const deliveryBackoffSeconds = (attempt: number) => Math.min(30 * 2 ** (attempt - 1), 1800);

export const runPeriod = (run: Pick<ReportRunRow, "periodStart" | "periodEnd" | "periodEndAt" | "trigger">, zone: string) => ({
	start: run.periodStart,
	end: run.periodEnd,
	// A manual run reaching today covers it up to when it was asked for; a past one covers it whole.
	until: isoWithOffset(run.periodEndAt, zone),
});

export function runView(run: ReportRunRow, zone: string, annotations: ReportAnnotationRow[] = [], names = new Map<string, string>()) {
	return {
		id: run.id,
		reportId: run.definitionId,
		status: run.status,
		trigger: run.trigger,
		period: runPeriod(run, zone),
		createdAt: new Date(run.createdAt).toISOString(),
		readyAt: run.readyAt === null ? null : new Date(run.readyAt).toISOString(),
		error: run.error,
		delivery: { status: run.deliveryStatus, attempts: run.deliveryAttempts, error: run.deliveryError },
		links: { html: `/api/v1/report-runs/${run.id}.html`, csv: `/api/v1/report-runs/${run.id}.csv`, page: `/reports/runs/${run.id}` },
		data: run.data as ReportData | null,
		annotations: annotations.map((a) => ({
			id: a.id,
			target: a.target,
			date: a.date,
			text: a.text,
			author: { id: a.authorId, name: names.get(a.authorId) ?? "a former member" },
			createdAt: new Date(a.createdAt).toISOString(),
		})),
	};
}

/** POST /reports/:id/run: the period so far, built in the background. Never deduplicated: each ask is a run. */
/**
 * "Run it now": the period so far (or the last complete one on the current period's first day), the
 * previous period, or a custom range of local dates. A run over a past period covers it whole; one
 * reaching today covers it up to now.
 */
export async function requestManualRun(ctx: { db: Db; actor: Actor; now: number; queue: Queue }, definitionId: string, range?: RunRange) {
	requirePermission(ctx.actor, "schedule");
	const def = await getReportDefinition(ctx.db, ctx.actor.workspaceId, definitionId);
	if (!def) throw notFound("Report");
	const today = utcToLocal(ctx.now, def.timezone).date;
	if (range && "from" in range) {
		if (range.from > range.to) throw invalidField(["to"], "Must be on or after from");
		if (range.from > today) throw invalidField(["from"], "Must not be in the future");
		if (datesOf({ start: range.from, end: addDays(range.to, 1) }).length > MAX_RANGE_DAYS)
			throw invalidField(["to"], `At most ${MAX_RANGE_DAYS} days after from`);
	}
	const period = requestedPeriod(def, today, range);
	const id = newId();
	await ctx.db.insert(reportRun).values({
		id,
		workspaceId: def.workspaceId,
		definitionId: def.id,
		periodKey: `manual:${id}`,
		periodStart: period.start,
		periodEnd: period.end,
		periodEndAt: Math.min(ctx.now, startOfLocalDay(period.end, def.timezone)),
		trigger: "manual",
		enqueuedAt: ctx.now,
		createdBy: ctx.actor.id,
		createdAt: ctx.now,
	});
	await enqueueReports(ctx.queue, [{ kind: "build", runId: id, workspaceId: def.workspaceId }]);
	return { id, status: "queued" as const };
}

export type BuildOutcome = "built" | "already_done" | "gone";

/** Builds a run once: a redelivered message finds it ready (or being built by a live consumer) and stops. */

/** Where a finished run goes next: its own delivery (REPORTS) and the workspace's webhooks (WEBHOOKS). */
export type RunQueues = { reports: Queue; webhooks: Queue };

export async function buildRun(db: Db, queues: RunQueues, runId: string, workspaceId: string, now: number): Promise<BuildOutcome> {
	const run = await getReportRun(db, workspaceId, runId);
	if (!run) return "gone";
	if (run.status === "ready" || run.status === "failed") return "already_done";
	const def = await getReportDefinition(db, workspaceId, run.definitionId);
	const ws = await getWorkspace(db, workspaceId);
	if (!def || !ws) {
		await db.update(reportRun).set({ status: "failed", error: "The report was deleted before this run was built" }).where(eq(reportRun.id, run.id));
		return "gone";
	}
	await db
		.update(reportRun)
		.set({ status: "running" })
		.where(and(eq(reportRun.id, run.id), inArray(reportRun.status, ["queued", "running"])));
	const data = buildReport(await loadReportInput(db, def, run, ws.timezone, now));
	await recordRunReady(db, queues, def, run, data, now);
	return "built";
}

/**
 * THE place a run becomes ready. Everything that should happen when a report is finished starts
 * here: the Slack-compatible delivery and the outbound Chorus webhooks' report.ready.
 */
export async function recordRunReady(db: Db, queues: RunQueues, def: ReportDefinitionRow, run: ReportRunRow, data: ReportData, now: number): Promise<void> {
	const deliver = def.slackWebhookUrl !== null;
	const changed = await db
		.update(reportRun)
		.set({ status: "ready", data: data as unknown as Record<string, unknown>, readyAt: now, error: null, deliveryStatus: deliver ? "pending" : "none" })
		.where(and(eq(reportRun.id, run.id), inArray(reportRun.status, ["queued", "running"])))
		.returning({ id: reportRun.id });
	if (changed.length === 0) return;
	if (deliver) await enqueueReports(queues.reports, [{ kind: "deliver", runId: run.id, workspaceId: run.workspaceId }]);
	const period = { from: run.periodStart, to: run.periodEnd };
	await emitWebhookEvent(db, queues.webhooks, reportReadyEvent(run.workspaceId, { reportId: def.id, runId: run.id, name: def.name, period }, now));
}

export async function recordRunFailed(db: Db, runId: string, error: string): Promise<void> {
	await db
		.update(reportRun)
		.set({ status: "failed", error: error.slice(0, 500) })
		.where(and(eq(reportRun.id, runId), inArray(reportRun.status, ["queued", "running"])));
}

export type DeliveryOutcome = { done: true } | { done: false; retryInSeconds: number };

/** One delivery try; the consumer retries the message after `retryInSeconds` until the attempts run out. */
export async function deliverRun(db: Db, env: { CHORUS_ENV: string; PUBLIC_URL: string }, runId: string, workspaceId: string): Promise<DeliveryOutcome> {
	const run = await getReportRun(db, workspaceId, runId);
	if (run?.status !== "ready" || run.deliveryStatus !== "pending" || !run.data) return { done: true };
	const def = await getReportDefinition(db, workspaceId, run.definitionId);
	const url = def?.slackWebhookUrl;
	// The message links to the run: deployed without PUBLIC_URL there is no address to link to.
	const base = publicUrl(env);
	const problem = !base ? PUBLIC_URL_MISSING : url ? deliveryUrlProblem(url, env) : "The report no longer has a webhook";
	const attempts = run.deliveryAttempts + 1;
	const result =
		url && base && !problem
			? await postToWebhook(url, slackMessage(run.data as unknown as ReportData, `${base}/reports/runs/${run.id}`))
			: { ok: false as const, error: problem ?? "refused" };
	const giveUp = !result.ok && (problem !== null || attempts >= MAX_DELIVERY_ATTEMPTS);
	await db
		.update(reportRun)
		.set({
			deliveryAttempts: attempts,
			deliveryStatus: result.ok ? "delivered" : giveUp ? "failed" : "pending",
			deliveryError: result.ok ? null : result.error,
		})
		.where(eq(reportRun.id, run.id));
	if (result.ok || giveUp) return { done: true };
	return { done: false, retryInSeconds: Math.max(result.retryAfterSeconds ?? 0, deliveryBackoffSeconds(attempts)) };
}

export const annotationSchema = z.object({
	target: z.string().trim().min(1).max(200),
	text: z.string().trim().min(1, "Write the note").max(2000),
});

/** A note on a standout item (by id), a date (YYYY-MM-DD) or a section; a note with a date carries into later runs' trends. */
export async function addAnnotation(ctx: { db: Db; actor: Actor; now: number }, runId: string, raw: z.input<typeof annotationSchema>) {
	requirePermission(ctx.actor, "read");
	// Validated here too: the run page's form reaches this without the API's zod middleware.
	const parsed = annotationSchema.safeParse(raw);
	if (!parsed.success) throw validationFailed(parsed.error);
	const input = parsed.data;
	const run = await getReportRun(ctx.db, ctx.actor.workspaceId, runId);
	if (!run) throw notFound("Report run");
	const data = run.data as ReportData | null;
	if (!data) throw invalidField(["target"], "The run is not ready yet", 422);
	const trendStart = data.growth.total.points[0]?.period.start ?? data.period.start;
	let date: string | null = null;
	const standout = data.standouts.find((s) => s.id === input.target);
	if (standout) date = standout.date;
	else if (/^\d{4}-\d{2}-\d{2}$/.test(input.target)) {
		if (input.target < trendStart || input.target >= data.period.end)
			throw invalidField(["target"], `A date inside the report's trend, ${trendStart} to ${data.period.end}`, 422);
		date = input.target;
	} else if (!(reportSections as readonly string[]).includes(input.target)) {
		throw invalidField(["target"], `A standout item id, a date YYYY-MM-DD or a section (${reportSections.join(", ")})`, 422);
	}
	const row: ReportAnnotationRow = {
		id: newId(),
		workspaceId: run.workspaceId,
		runId: run.id,
		definitionId: run.definitionId,
		target: input.target,
		date,
		text: input.text,
		authorId: ctx.actor.id,
		createdAt: ctx.now,
	};
	await ctx.db.insert(reportAnnotation).values(row);
	return {
		id: row.id,
		target: row.target,
		date: row.date,
		text: row.text,
		author: { id: ctx.actor.id, name: ctx.actor.name },
		createdAt: new Date(row.createdAt).toISOString(),
	};
}
