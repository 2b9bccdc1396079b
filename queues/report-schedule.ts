/**
 * The reports step of the minute sweep: every definition whose time has come gets its run (unique
 * per definition and period, so a repeated or overlapping tick makes none twice) and its schedule
 * moves on; runs whose message was lost are sent again.
 */
import { and, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { reportDefinition, reportRun } from "../db/schema";
import { nextRunAfter, periodEndingOn, periodKey } from "../domain/reports/period";
import { startOfLocalDay, utcToLocal } from "../domain/time";
import { enqueueReports } from "./producer";

const PAGE = 50;
const MAX_PAGES = 20;
/** A run still queued or building after this was lost (a restart, a dropped message): send it again. */
export const RUN_STALE_MS = 15 * 60_000;

export async function enqueueDueReports(db: Db, queue: Queue, now: number): Promise<number> {
	let total = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		const due = await db
			.select()
			.from(reportDefinition)
			.where(and(lte(reportDefinition.nextRunAt, now), eq(reportDefinition.paused, false)))
			.orderBy(reportDefinition.nextRunAt)
			.limit(PAGE);
		if (due.length === 0) break;
		const statements = due.flatMap((def) => {
			const period = periodEndingOn(def.cadence, utcToLocal(def.nextRunAt, def.timezone).date);
			return [
				db
					.insert(reportRun)
					.values({
						id: newId(),
						workspaceId: def.workspaceId,
						definitionId: def.id,
						periodKey: periodKey(period),
						periodStart: period.start,
						periodEnd: period.end,
						periodEndAt: startOfLocalDay(period.end, def.timezone),
						trigger: "schedule",
						enqueuedAt: now,
						createdBy: "system",
						createdAt: now,
					})
					.onConflictDoNothing()
					.returning({ id: reportRun.id, workspaceId: reportRun.workspaceId }),
				// Only if no other tick moved it first.
				db
					.update(reportDefinition)
					.set({ nextRunAt: nextRunAfter(def, Math.max(now, def.nextRunAt)) })
					.where(and(sql`${reportDefinition.id} = ${def.id}`, sql`${reportDefinition.nextRunAt} = ${def.nextRunAt}`)),
			];
		});
		const [first, ...rest] = statements;
		const results = await db.batch([first!, ...rest]);
		const created = results.filter((_, i) => i % 2 === 0).flatMap((r) => r as { id: string; workspaceId: string }[]);
		await enqueueReports(
			queue,
			created.map((r) => ({ kind: "build", runId: r.id, workspaceId: r.workspaceId })),
		);
		total += created.length;
		if (due.length < PAGE) break;
	}
	const stale = await db
		.update(reportRun)
		.set({ enqueuedAt: now })
		.where(
			and(
				inArray(reportRun.status, ["queued", "running"]),
				lt(reportRun.enqueuedAt, now - RUN_STALE_MS),
				sql`${reportRun.id} IN (SELECT id FROM ${reportRun} WHERE status IN ('queued', 'running') AND enqueued_at < ${now - RUN_STALE_MS} LIMIT ${PAGE})`,
			),
		)
		.returning({ id: reportRun.id, workspaceId: reportRun.workspaceId });
	await enqueueReports(
		queue,
		stale.map((r) => ({ kind: "build", runId: r.id, workspaceId: r.workspaceId })),
	);
	return total;
}
