import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { account, feedToken } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import { randomSecret, sha256Hex } from "../auth/crypto";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { secretJson } from "../middleware/idempotency";
import { jsonBody } from "../validation";

export const createFeedTokenSchema = z.object({
	name: z.string().trim().min(1).max(120).default("Calendar feed"),
	/** Only this account's posts; the whole workspace when left out. */
	accountId: z.string().optional(),
});

const view = (t: typeof feedToken.$inferSelect) => ({
	id: t.id,
	name: t.name,
	prefix: t.prefix,
	accountId: t.accountId,
	memberId: t.memberId,
	createdAt: new Date(t.createdAt).toISOString(),
});

/**
 * Read-only calendar feed tokens (API.md, Posts: GET /calendar.ics?token=…). A feed token can read
 * the calendar feed and nothing else; only its SHA-256 is stored and the token is shown once.
 */
export const feedTokenRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const actor = c.get("actor");
		const rows = await c.get("db").select().from(feedToken).where(eq(feedToken.workspaceId, actor.workspaceId)).orderBy(desc(feedToken.createdAt));
		return c.json({ items: rows.map(view), next: null });
	})
	.post("/", jsonBody(createFeedTokenSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "read");
		const v = c.req.valid("json");
		const db = c.get("db");
		if (v.accountId) {
			const acc = await db.query.account.findFirst({ where: and(eq(account.workspaceId, actor.workspaceId), eq(account.id, v.accountId)) });
			if (!acc) throw invalidField(["accountId"], `No account ${v.accountId} in this workspace`, 422);
		}
		const secret = `chorus_feed_${randomSecret(32)}`;
		const now = c.get("now");
		const row = {
			id: newId(),
			workspaceId: actor.workspaceId,
			memberId: actor.id,
			name: v.name,
			tokenHash: await sha256Hex(secret),
			prefix: secret.slice(0, 16),
			accountId: v.accountId ?? null,
			createdAt: now,
		};
		await db.batch([
			db.insert(feedToken).values(row),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "feed_token.create",
				subject: `feed_token:${row.id}`,
				after: { name: row.name, accountId: row.accountId },
				at: now,
			}),
		]);
		const url = new URL(`/api/v1/calendar.ics?token=${secret}`, c.req.url).toString();
		return secretJson(c, { ...view(row), token: secret, url }, 201);
	})
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		const db = c.get("db");
		const found = await db.query.feedToken.findFirst({ where: and(eq(feedToken.workspaceId, actor.workspaceId), eq(feedToken.id, c.req.param("id"))) });
		if (!found) throw notFound("Feed token");
		// Anyone may revoke their own; owners and managers anyone's (a leaked link must be stoppable).
		if (found.memberId !== actor.id) requirePermission(actor, "manage_members");
		await db.batch([
			db.delete(feedToken).where(eq(feedToken.id, found.id)),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "feed_token.revoke",
				subject: `feed_token:${found.id}`,
				before: { name: found.name },
				at: c.get("now"),
			}),
		]);
		return c.body(null, 204);
	});
