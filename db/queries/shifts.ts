import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { shift } from "../schema";

export type ShiftRow = typeof shift.$inferSelect;

export const listShifts = (db: Db, workspaceId: string) =>
	db.select().from(shift).where(eq(shift.workspaceId, workspaceId)).orderBy(asc(shift.createdAt), asc(shift.id));

export const getShift = (db: Db, workspaceId: string, id: string) =>
	db.query.shift.findFirst({ where: and(eq(shift.workspaceId, workspaceId), eq(shift.id, id)) });

export const shiftView = (s: ShiftRow) => ({
	id: s.id,
	memberId: s.memberId,
	accountIds: s.accountIds,
	weekdays: s.weekdays,
	start: s.start,
	end: s.end,
	timezone: s.timezone,
	validFrom: s.validFrom,
	validTo: s.validTo,
});
