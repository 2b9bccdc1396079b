import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditStatement } from "../../db/queries/audit";
import { apiToken } from "../../db/schema";
import { can } from "../../domain/permissions";
import { assertTokenCreationAllowed } from "../auth/token-limit";
import { issueToken } from "../auth/tokens";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { secretJson } from "../middleware/idempotency";
import { jsonBody } from "../validation";

const createSchema = z.object({ name: z.string().trim().min(1).max(120) });

const tokenView = (t: typeof apiToken.$inferSelect) => ({
	id: t.id,
	name: t.name,
	prefix: t.prefix,
	memberId: t.memberId,
	createdAt: new Date(t.createdAt).toISOString(),
});

/** A token acts as the member who created it, with their role; anyone may hold tokens for themselves. */
export const tokenRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const actor = c.get("actor");
		// Owners see every token in the workspace (to revoke a leaked one); others see their own.
		const scope = can(actor.role, "manage_owners")
			? eq(apiToken.workspaceId, actor.workspaceId)
			: and(eq(apiToken.workspaceId, actor.workspaceId), eq(apiToken.memberId, actor.id));
		const rows = await c.get("db").select().from(apiToken).where(scope).orderBy(desc(apiToken.createdAt));
		return c.json({ items: rows.map(tokenView), next: null });
	})
	.post("/", jsonBody(createSchema), async (c) => {
		const actor = c.get("actor");
		const db = c.get("db");
		const now = c.get("now");
		await assertTokenCreationAllowed(db, actor, now);
		const token = await issueToken(actor.id, actor.workspaceId, c.req.valid("json").name, now);
		await db.batch([
			token.insert(db),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "token.create",
				subject: `token:${token.row.id}`,
				after: { name: token.row.name, prefix: token.row.prefix },
				at: now,
			}),
		]);
		return secretJson(c, { ...tokenView(token.row), token: token.secret }, 201);
	})
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		const db = c.get("db");
		const own = and(eq(apiToken.workspaceId, actor.workspaceId), eq(apiToken.id, c.req.param("id")));
		const where = can(actor.role, "manage_owners") ? own : and(own, eq(apiToken.memberId, actor.id));
		const found = await db.query.apiToken.findFirst({ where });
		if (!found) throw notFound("Token");
		await db.batch([
			db.delete(apiToken).where(where),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "token.revoke",
				subject: `token:${found.id}`,
				before: { name: found.name, prefix: found.prefix },
				at: c.get("now"),
			}),
		]);
		return c.body(null, 204);
	});
