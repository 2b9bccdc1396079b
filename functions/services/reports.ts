/** Report definitions: what to report on, how often and where to say it is ready. */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { getReportDefinition, type ReportDefinitionRow } from "../../db/queries/reports";
import { account, reportDefinition } from "../../db/schema";
import { nextRunAfter } from "../../domain/reports/period";
import { isoWithOffset } from "../../domain/time";
import { requirePermission } from "../auth/authorize";
import { invalidField, notFound } from "../errors";
import { timeZoneSchema } from "../routes/workspaces";
import type { ServiceContext } from "./context";
import { deliveryUrlProblem } from "./report-delivery";

const fields = {
	name: z.string().trim().min(1, "Give the report a name").max(120),
	cadence: z.enum(["daily", "weekly", "monthly"]),
	weekday: z.number().int().min(1, "1 (Monday) to 7 (Sunday)").max(7, "1 (Monday) to 7 (Sunday)"),
	time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour"),
	timezone: timeZoneSchema,
	accountIds: z.array(z.string()).min(1, "At least one account; null (or leaving it out) means every account").max(500).nullable(),
	slackWebhookUrl: z.string().max(2000).nullable(),
	paused: z.boolean(),
};

export const createReportSchema = z.object({
	name: fields.name,
	cadence: fields.cadence.default("weekly"),
	weekday: fields.weekday.default(1),
	time: fields.time.default("08:00"),
	timezone: fields.timezone.optional(),
	accountIds: fields.accountIds.optional(),
	slackWebhookUrl: fields.slackWebhookUrl.optional(),
	paused: fields.paused.optional(),
});
export const patchReportSchema = z.object(fields).partial();
export type CreateReportInput = z.infer<typeof createReportSchema>;
export type PatchReportInput = z.infer<typeof patchReportSchema>;

type Ctx = Pick<ServiceContext, "db" | "actor" | "now"> & { env: { CHORUS_ENV: string }; workspaceTimezone: string };

/** The webhook URL is a secret (anyone holding it can post to the channel), so it is write-only like credentials. */
export const reportView = (r: ReportDefinitionRow) => ({
	id: r.id,
	name: r.name,
	cadence: r.cadence,
	weekday: r.weekday,
	time: r.time,
	timezone: r.timezone,
	accountIds: r.accountIds,
	slackWebhook: r.slackWebhookUrl ? { configured: true, host: new URL(r.slackWebhookUrl).host } : { configured: false },
	paused: r.paused,
	nextRunAt: isoWithOffset(r.nextRunAt, r.timezone),
	createdAt: new Date(r.createdAt).toISOString(),
});

async function check(ctx: Ctx, r: Pick<ReportDefinitionRow, "accountIds" | "slackWebhookUrl">) {
	if (r.accountIds?.length) {
		const found = await ctx.db
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.workspaceId, ctx.actor.workspaceId), inArray(account.id, r.accountIds)));
		const known = new Set(found.map((a) => a.id));
		const missing = r.accountIds.findIndex((id) => !known.has(id));
		if (missing >= 0) throw invalidField(["accountIds", missing], "No such account in this workspace", 422);
	}
	if (r.slackWebhookUrl) {
		const problem = deliveryUrlProblem(r.slackWebhookUrl, ctx.env);
		if (problem) throw invalidField(["slackWebhookUrl"], problem, 422);
	}
}

export async function createReport(ctx: Ctx, input: CreateReportInput) {
	requirePermission(ctx.actor, "schedule");
	const schedule = { cadence: input.cadence, weekday: input.weekday, time: input.time, timezone: input.timezone ?? ctx.workspaceTimezone };
	const row: ReportDefinitionRow = {
		id: newId(),
		workspaceId: ctx.actor.workspaceId,
		name: input.name,
		...schedule,
		accountIds: input.accountIds?.length ? [...new Set(input.accountIds)] : null,
		slackWebhookUrl: input.slackWebhookUrl || null,
		nextRunAt: nextRunAfter(schedule, ctx.now),
		paused: input.paused ?? false,
		createdBy: ctx.actor.id,
		createdAt: ctx.now,
		updatedAt: ctx.now,
	};
	await check(ctx, row);
	await ctx.db.batch([
		ctx.db.insert(reportDefinition).values(row),
		auditStatement(ctx.db, {
			workspaceId: row.workspaceId,
			actorId: ctx.actor.id,
			action: "report.create",
			subject: `report:${row.id}`,
			after: reportView(row),
			at: ctx.now,
		}),
	]);
	return reportView(row);
}

export async function updateReport(ctx: Ctx, id: string, input: PatchReportInput) {
	requirePermission(ctx.actor, "schedule");
	const found = await getReportDefinition(ctx.db, ctx.actor.workspaceId, id);
	if (!found) throw notFound("Report");
	const next: ReportDefinitionRow = {
		...found,
		...input,
		accountIds: input.accountIds === undefined ? found.accountIds : input.accountIds?.length ? [...new Set(input.accountIds)] : null,
		slackWebhookUrl: input.slackWebhookUrl === undefined ? found.slackWebhookUrl : input.slackWebhookUrl || null,
		updatedAt: ctx.now,
	};
	// A changed schedule takes effect from now; an unchanged one keeps its place.
	// So does resuming: the periods missed while paused are not run all at once (run now covers any of them).
	if (
		next.cadence !== found.cadence ||
		next.weekday !== found.weekday ||
		next.time !== found.time ||
		next.timezone !== found.timezone ||
		(found.paused && !next.paused)
	)
		next.nextRunAt = nextRunAfter(next, ctx.now);
	await check(ctx, next);
	const { id: _id, workspaceId, ...changes } = next;
	await ctx.db.batch([
		ctx.db
			.update(reportDefinition)
			.set(changes)
			.where(and(eq(reportDefinition.workspaceId, workspaceId), eq(reportDefinition.id, found.id))),
		auditStatement(ctx.db, {
			workspaceId,
			actorId: ctx.actor.id,
			action: "report.update",
			subject: `report:${found.id}`,
			before: reportView(found),
			after: reportView(next),
			at: ctx.now,
		}),
	]);
	return reportView(next);
}

/** Runs stay (they are history people annotated); the schedule stops. */
export async function deleteReport(ctx: Ctx, id: string) {
	requirePermission(ctx.actor, "schedule");
	const found = await getReportDefinition(ctx.db, ctx.actor.workspaceId, id);
	if (!found) throw notFound("Report");
	await ctx.db.batch([
		ctx.db.delete(reportDefinition).where(and(eq(reportDefinition.workspaceId, ctx.actor.workspaceId), eq(reportDefinition.id, found.id))),
		auditStatement(ctx.db, {
			workspaceId: ctx.actor.workspaceId,
			actorId: ctx.actor.id,
			action: "report.delete",
			subject: `report:${found.id}`,
			before: reportView(found),
			at: ctx.now,
		}),
	]);
}
