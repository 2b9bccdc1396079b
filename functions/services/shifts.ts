/**
 * The rota's use cases, shared by the JSON API (functions/routes/shifts.ts) and the rota page (web/),
 * so a shift changed either way is validated, permitted and audited by exactly the same rules.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { getMember } from "../../db/queries/members";
import { getShift, type ShiftRow, shiftView } from "../../db/queries/shifts";
import { account, shift } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { invalidField, notFound } from "../errors";
import { timeZoneSchema } from "../routes/workspaces";
import type { ServiceContext } from "./context";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour");
const fields = {
	memberId: z.string(),
	accountIds: z.array(z.string()).min(1, "At least one account; null (or leaving it out) means every account").max(500).nullable(),
	weekdays: z.array(z.number().int().min(1, "1 (Monday) to 7 (Sunday)").max(7, "1 (Monday) to 7 (Sunday)")).min(1, "Choose at least one weekday").max(7),
	start: hhmm,
	end: hhmm,
	timezone: timeZoneSchema,
	validFrom: z.iso.date().nullable(),
	validTo: z.iso.date().nullable(),
};

/** POST /shifts: accountIds (default all) and the validity window are optional. */
export const createShiftSchema = z.object({
	...fields,
	accountIds: fields.accountIds.optional(),
	validFrom: fields.validFrom.optional(),
	validTo: fields.validTo.optional(),
});
/** PATCH /shifts/:id: any subset of the fields. */
export const patchShiftSchema = z.object(fields).partial();

export type CreateShiftInput = z.infer<typeof createShiftSchema>;
export type PatchShiftInput = z.infer<typeof patchShiftSchema>;

type Ctx = Pick<ServiceContext, "db" | "actor" | "now">;

/** A shift must name a member and accounts of this workspace, and a sensible validity window. */
async function checkShift(db: Db, actor: Actor, s: Pick<ShiftRow, "memberId" | "accountIds" | "validFrom" | "validTo">) {
	if (!(await getMember(db, actor.workspaceId, s.memberId))) throw invalidField(["memberId"], "No such member in this workspace", 422);
	if (s.accountIds?.length) {
		const found = await db
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.workspaceId, actor.workspaceId), inArray(account.id, s.accountIds)));
		const known = new Set(found.map((a) => a.id));
		const missing = s.accountIds.findIndex((id) => !known.has(id));
		if (missing >= 0) throw invalidField(["accountIds", missing], "No such account in this workspace", 422);
	}
	if (s.validFrom && s.validTo && s.validTo < s.validFrom) throw invalidField(["validTo"], "Must not be before validFrom", 422);
}

export async function createShift(ctx: Ctx, input: CreateShiftInput) {
	const { db, actor } = ctx;
	requirePermission(actor, "manage_members");
	const row: ShiftRow = {
		id: newId(),
		workspaceId: actor.workspaceId,
		memberId: input.memberId,
		accountIds: input.accountIds?.length ? [...new Set(input.accountIds)] : null,
		weekdays: [...new Set(input.weekdays)].sort(),
		start: input.start,
		end: input.end,
		timezone: input.timezone,
		validFrom: input.validFrom ?? null,
		validTo: input.validTo ?? null,
		createdAt: ctx.now,
	};
	await checkShift(db, actor, row);
	await db.batch([
		db.insert(shift).values(row),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "shift.create",
			subject: `shift:${row.id}`,
			after: shiftView(row),
			at: ctx.now,
		}),
	]);
	return shiftView(row);
}

export async function updateShift(ctx: Ctx, id: string, input: PatchShiftInput) {
	const { db, actor } = ctx;
	requirePermission(actor, "manage_members");
	const found = await getShift(db, actor.workspaceId, id);
	if (!found) throw notFound("Shift");
	const next: ShiftRow = {
		...found,
		...input,
		accountIds: input.accountIds === undefined ? found.accountIds : input.accountIds?.length ? [...new Set(input.accountIds)] : null,
		weekdays: input.weekdays ? [...new Set(input.weekdays)].sort() : found.weekdays,
	};
	await checkShift(db, actor, next);
	const { id: _id, workspaceId, ...changes } = next;
	await db.batch([
		db
			.update(shift)
			.set(changes)
			.where(and(eq(shift.workspaceId, workspaceId), eq(shift.id, found.id))),
		auditStatement(db, {
			workspaceId,
			actorId: actor.id,
			action: "shift.update",
			subject: `shift:${found.id}`,
			before: shiftView(found),
			after: shiftView(next),
			at: ctx.now,
		}),
	]);
	return shiftView(next);
}

export async function deleteShift(ctx: Ctx, id: string): Promise<void> {
	const { db, actor } = ctx;
	requirePermission(actor, "manage_members");
	const found = await getShift(db, actor.workspaceId, id);
	if (!found) throw notFound("Shift");
	await db.batch([
		db.delete(shift).where(and(eq(shift.workspaceId, actor.workspaceId), eq(shift.id, found.id))),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "shift.delete",
			subject: `shift:${found.id}`,
			before: shiftView(found),
			at: ctx.now,
		}),
	]);
}
