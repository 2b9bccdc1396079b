import { Hono } from "hono";
import { z } from "zod";
import { getAccount, listAccounts } from "../../db/queries/accounts";
import { dutyGaps } from "../../domain/rota";
import { isoWithOffset } from "../../domain/time";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { dutyOf, loadRota, memberRef } from "../services/scheduling";
import { queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset" });
// A month of gaps at a time keeps the answer readable and the work bounded.
const MAX_GAP_WINDOW_MS = 62 * 86_400_000;

/** Who answers for an account at an instant, and where the rota leaves accounts uncovered. */
export const dutyRoutes = new Hono<AppEnv>()
	.get("/", queryParams(z.object({ accountId: z.string(), at: instant.optional() })), async (c) => {
		const q = c.req.valid("query");
		const db = c.get("db");
		const actor = c.get("actor");
		const acc = await getAccount(db, actor.workspaceId, q.accountId);
		if (!acc) throw notFound("Account");
		const rota = await loadRota(db, actor.workspaceId);
		const at = q.at ? Date.parse(q.at) : c.get("now");
		const duty = dutyOf(rota, acc, at);
		return c.json({
			accountId: acc.id,
			at: isoWithOffset(at, acc.timezone),
			responsible: memberRef(rota, duty.responsible),
			reason: duty.reason,
			alsoOnDuty: duty.alsoOnDuty.map((id) => memberRef(rota, id)),
		});
	})
	.get("/gaps", queryParams(z.object({ from: instant, to: instant, accountId: z.string().optional() })), async (c) => {
		const q = c.req.valid("query");
		const db = c.get("db");
		const actor = c.get("actor");
		const from = Date.parse(q.from);
		const to = Date.parse(q.to);
		if (to <= from) throw invalidField(["to"], "Must be after from");
		if (to - from > MAX_GAP_WINDOW_MS) throw invalidField(["to"], "At most 62 days at a time");
		let accounts = await listAccounts(db, actor.workspaceId);
		if (q.accountId) {
			accounts = accounts.filter((a) => a.id === q.accountId);
			if (accounts.length === 0) throw notFound("Account");
		}
		const rota = await loadRota(db, actor.workspaceId);
		const items = accounts.flatMap((acc) =>
			dutyGaps(acc, rota.shifts, from, to).map((g) => ({
				accountId: acc.id,
				from: isoWithOffset(g.from, acc.timezone),
				to: isoWithOffset(g.to, acc.timezone),
			})),
		);
		return c.json({ items, next: null });
	});
