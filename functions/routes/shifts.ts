import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { Db } from "../../db/client";
import { auditStatement } from "../../db/queries/audit";
import { getMember } from "../../db/queries/members";
import { getShift, listShifts, shiftView, type ShiftRow } from "../../db/queries/shifts";
import { newId } from "../../db/ids";
import { account, shift } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import type { Actor, AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { jsonBody } from "../validation";
import { timeZoneSchema } from "./workspaces";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour");
const fields = {
	memberId: z.string(),
	accountIds: z.array(z.string()).min(1).max(500).nullable(),
	weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
	start: hhmm,
	end: hhmm,
	timezone: timeZoneSchema,
	validFrom: z.iso.date().nullable(),
	validTo: z.iso.date().nullable(),
};
const createSchema = z.object({ ...fields, accountIds: fields.accountIds.optional(), validFrom: fields.validFrom.optional(), validTo: fields.validTo.optional() });
const patchSchema = z.object(fields).partial();

/** A shift must name a member and accounts of this workspace, and a sensible validity window. */
async function checkShift(db: Db, actor: Actor, s: Pick<ShiftRow, "memberId" | "accountIds" | "validFrom" | "validTo">) {
	if (!(await getMember(db, actor.workspaceId, s.memberId))) throw invalidField(["memberId"], "No such member in this workspace", 422);
	if (s.accountIds?.length) {
		const found = await db.select({ id: account.id }).from(account).where(and(eq(account.workspaceId, actor.workspaceId), inArray(account.id, s.accountIds)));
		const known = new Set(found.map((a) => a.id));
		const missing = s.accountIds.findIndex((id) => !known.has(id));
		if (missing >= 0) throw invalidField(["accountIds", missing], "No such account in this workspace", 422);
	}
	if (s.validFrom && s.validTo && s.validTo < s.validFrom) throw invalidField(["validTo"], "Must not be before validFrom", 422);
}

export const shiftRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const rows = await listShifts(c.get("db"), c.get("actor").workspaceId);
		return c.json({ items: rows.map(shiftView), next: null });
	})
	.post("/", jsonBody(createSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const input = c.req.valid("json");
		const db = c.get("db");
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
			createdAt: c.get("now"),
		};
		await checkShift(db, actor, row);
		await db.batch([
			db.insert(shift).values(row),
			auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "shift.create", subject: `shift:${row.id}`, after: shiftView(row), at: c.get("now") }),
		]);
		return c.json(shiftView(row), 201);
	})
	.get("/:id", async (c) => {
		const found = await getShift(c.get("db"), c.get("actor").workspaceId, c.req.param("id"));
		if (!found) throw notFound("Shift");
		return c.json(shiftView(found));
	})
	.patch("/:id", jsonBody(patchSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const db = c.get("db");
		const found = await getShift(db, actor.workspaceId, c.req.param("id"));
		if (!found) throw notFound("Shift");
		const input = c.req.valid("json");
		const next: ShiftRow = {
			...found,
			...input,
			accountIds: input.accountIds === undefined ? found.accountIds : input.accountIds?.length ? [...new Set(input.accountIds)] : null,
			weekdays: input.weekdays ? [...new Set(input.weekdays)].sort() : found.weekdays,
		};
		await checkShift(db, actor, next);
		const { id, workspaceId, ...changes } = next;
		await db.batch([
			db.update(shift).set(changes).where(and(eq(shift.workspaceId, workspaceId), eq(shift.id, id))),
			auditStatement(db, { workspaceId, actorId: actor.id, action: "shift.update", subject: `shift:${id}`, before: shiftView(found), after: shiftView(next), at: c.get("now") }),
		]);
		return c.json(shiftView(next));
	})
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const db = c.get("db");
		const found = await getShift(db, actor.workspaceId, c.req.param("id"));
		if (!found) throw notFound("Shift");
		await db.batch([
			db.delete(shift).where(and(eq(shift.workspaceId, actor.workspaceId), eq(shift.id, found.id))),
			auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "shift.delete", subject: `shift:${found.id}`, before: shiftView(found), at: c.get("now") }),
		]);
		return c.body(null, 204);
	});
