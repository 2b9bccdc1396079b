/**
 * Test-only fault hook for `npm run soak` (bench/soak.mjs), mounted at /__bench next to the bench hooks
 * and switched the same way: 404 unless CHORUS_BENCH is "true" outside production, owners only.
 *
 *   POST /__bench/evict { accountIds } aborts those accounts' desks (AccountDesk.benchEvict), as an
 *                       eviction or a crash mid-send would; only the caller's workspace's accounts.
 */
import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { account } from "../../db/schema";
import { requireActor } from "../auth/authenticate";
import type { AppEnv } from "../context";
import { forbidden } from "../errors";
import type { AccountDesk } from "../objects/account-desk";
import { jsonBody } from "../validation";
import { benchEnabled } from "./bench-hooks";

export const benchFaultRoutes = new Hono<AppEnv>()
	.use(async (c, next) => {
		if (!benchEnabled(c.env)) return c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
		await next();
	})
	.use(requireActor)
	.use(async (c, next) => {
		if (c.get("actor").role !== "owner") throw forbidden("Bench hooks are for owners");
		await next();
	})
	.post("/evict", jsonBody(z.object({ accountIds: z.array(z.string()).min(1).max(100) })), async (c) => {
		const ws = c.get("actor").workspaceId;
		const owned = await c
			.get("db")
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.workspaceId, ws), inArray(account.id, c.req.valid("json").accountIds)));
		let evicted = 0;
		for (const { id } of owned) {
			const desk = c.env.ACCOUNT_DESK.getByName(id) as DurableObjectStub<AccountDesk>;
			// The abort ends the call it is made in: the rejection is the eviction happening.
			if (
				await desk.benchEvict().then(
					(done) => done,
					() => true,
				)
			)
				evicted++;
		}
		return c.json({ evicted });
	});
