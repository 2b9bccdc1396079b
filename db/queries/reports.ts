import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { reportAnnotation, reportDefinition, reportRun } from "../schema";

export type ReportDefinitionRow = typeof reportDefinition.$inferSelect;
export type ReportRunRow = typeof reportRun.$inferSelect;
export type ReportAnnotationRow = typeof reportAnnotation.$inferSelect;

export const getReportDefinition = (db: Db, workspaceId: string, id: string) =>
	db.query.reportDefinition.findFirst({ where: and(eq(reportDefinition.workspaceId, workspaceId), eq(reportDefinition.id, id)) });

export const listReportDefinitions = (db: Db, workspaceId: string) =>
	db.select().from(reportDefinition).where(eq(reportDefinition.workspaceId, workspaceId)).orderBy(reportDefinition.name, reportDefinition.id);

export const getReportRun = (db: Db, workspaceId: string, id: string) =>
	db.query.reportRun.findFirst({ where: and(eq(reportRun.workspaceId, workspaceId), eq(reportRun.id, id)) });

/** Newest first; the cursor is the last item's "<createdAt>_<id>". */
export async function listReportRuns(db: Db, workspaceId: string, definitionId: string, opts: { limit: number; cursor?: { createdAt: number; id: string } }) {
	const after: SQL | undefined = opts.cursor
		? or(lt(reportRun.createdAt, opts.cursor.createdAt), and(eq(reportRun.createdAt, opts.cursor.createdAt), lt(reportRun.id, opts.cursor.id)))
		: undefined;
	const rows = await db
		.select({
			id: reportRun.id,
			status: reportRun.status,
			periodStart: reportRun.periodStart,
			periodEnd: reportRun.periodEnd,
			periodEndAt: reportRun.periodEndAt,
			trigger: reportRun.trigger,
			createdAt: reportRun.createdAt,
			readyAt: reportRun.readyAt,
			deliveryStatus: reportRun.deliveryStatus,
		})
		.from(reportRun)
		.where(and(eq(reportRun.workspaceId, workspaceId), eq(reportRun.definitionId, definitionId), after))
		.orderBy(desc(reportRun.createdAt), desc(reportRun.id))
		.limit(opts.limit + 1);
	const more = rows.length > opts.limit;
	const items = rows.slice(0, opts.limit);
	const last = items.at(-1);
	return { items, next: more && last ? `${last.createdAt}_${last.id}` : null };
}

export const listRunAnnotations = (db: Db, workspaceId: string, runId: string) =>
	db
		.select()
		.from(reportAnnotation)
		.where(and(eq(reportAnnotation.workspaceId, workspaceId), eq(reportAnnotation.runId, runId)))
		.orderBy(reportAnnotation.createdAt, reportAnnotation.id);
