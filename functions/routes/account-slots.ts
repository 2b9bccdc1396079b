import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { account } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { jsonBody } from "../validation";

const slotSchema = z.object({
	weekday: z.number().int().min(1).max(7),
	time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour"),
});
const putSchema = z.object({ slots: z.array(slotSchema).max(200) });

/** Posting slots, local to the account's zone: `slot: "next"` on a post takes the first free one. */
export const accountSlotRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const found = await getAccount(c.get("db"), c.get("actor").workspaceId, c.req.param("id") ?? "");
		if (!found) throw notFound("Account");
		return c.json({ slots: found.slots, timezone: found.timezone });
	})
	.put("/", jsonBody(putSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const db = c.get("db");
		const found = await getAccount(db, actor.workspaceId, c.req.param("id") ?? "");
		if (!found) throw notFound("Account");
		// Sorted and without repeats, so the list reads like a weekly timetable.
		const slots = [...new Map(c.req.valid("json").slots.map((s) => [`${s.weekday} ${s.time}`, s])).values()].sort(
			(a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time),
		);
		await db.batch([
			db
				.update(account)
				.set({ slots })
				.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.id, found.id))),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "account.slots",
				subject: `account:${found.id}`,
				before: found.slots,
				after: slots,
				at: c.get("now"),
			}),
		]);
		return c.json({ slots, timezone: found.timezone });
	});
