import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { webhook, webhookDelivery } from "../../db/schema";
import { checkOutboundUrl } from "../../domain/outbound-url";
import { WEBHOOK_EVENTS } from "../../domain/webhooks";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { secretJson } from "../middleware/idempotency";
import { outboundOptions } from "../outbound";
import { newWebhookSecret, sealWebhookSecret } from "../services/webhook-secrets";
import { jsonBody, queryParams } from "../validation";

const url = z.string().trim().min(1).max(2048);
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);

export const createWebhookSchema = z.object({ url, events, description: z.string().trim().max(200).optional() });
export const patchWebhookSchema = z.object({
	url: url.optional(),
	events: events.optional(),
	/** true re-enables a webhook Chorus disabled (and clears the reason); false pauses it. */
	enabled: z.boolean().optional(),
});
export const deliveriesQuery = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(50),
	cursor: z.string().optional(),
});

type WebhookRow = typeof webhook.$inferSelect;

const webhookView = (w: WebhookRow) => ({
	id: w.id,
	url: w.url,
	events: w.events,
	enabled: w.enabled,
	disabledReason: w.disabledReason,
	failedInARow: w.failedInARow,
	createdAt: new Date(w.createdAt).toISOString(),
});

const deliveryView = (d: typeof webhookDelivery.$inferSelect) => ({
	id: d.id,
	event: d.eventType,
	status: d.status,
	attempts: d.attempts,
	lastStatus: d.lastStatus,
	lastError: d.lastError,
	createdAt: new Date(d.createdAt).toISOString(),
	lastAttemptAt: d.lastAttemptAt === null ? null : new Date(d.lastAttemptAt).toISOString(),
	deliveredAt: d.deliveredAt === null ? null : new Date(d.deliveredAt).toISOString(),
	payload: JSON.parse(d.payload) as unknown,
});

function checkedUrl(c: Context<AppEnv>, text: string): string {
	const verdict = checkOutboundUrl(text, outboundOptions(c.env));
	if (!verdict.ok) throw invalidField(["url"], verdict.reason);
	return verdict.url.toString();
}

async function loadWebhook(c: Context<AppEnv>): Promise<WebhookRow> {
	const found = await c
		.get("db")
		.query.webhook.findFirst({ where: and(eq(webhook.workspaceId, c.get("actor").workspaceId), eq(webhook.id, c.req.param("id") ?? "")) });
	if (!found) throw notFound("Webhook");
	return found;
}

const cursorOf = (d: { createdAt: number; id: string }) => btoa(JSON.stringify([d.createdAt, d.id]));
function parseCursor(text: string): [number, string] {
	try {
		const [at, id] = JSON.parse(atob(text)) as [unknown, unknown];
		if (typeof at === "number" && typeof id === "string") return [at, id];
	} catch {
		// fall through
	}
	throw invalidField(["cursor"], "Not a cursor this API returned");
}

/** Outbound webhooks (API.md, Integrations): owners and managers set them up; the secret is shown once. */
export const webhookRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const rows = await c.get("db").select().from(webhook).where(eq(webhook.workspaceId, actor.workspaceId)).orderBy(desc(webhook.createdAt));
		return c.json({ items: rows.map(webhookView), next: null });
	})
	.post("/", jsonBody(createWebhookSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const v = c.req.valid("json");
		const db = c.get("db");
		const now = c.get("now");
		const id = newId();
		const secret = newWebhookSecret();
		const row: WebhookRow = {
			id,
			workspaceId: actor.workspaceId,
			url: checkedUrl(c, v.url),
			events: [...new Set(v.events)],
			secret: await sealWebhookSecret(c.env, actor.workspaceId, id, secret),
			enabled: true,
			disabledReason: null,
			failedInARow: 0,
			createdBy: actor.id,
			createdAt: now,
		};
		await db.batch([
			db.insert(webhook).values(row),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "webhook.create",
				subject: `webhook:${id}`,
				after: { url: row.url, events: row.events },
				at: now,
			}),
		]);
		return secretJson(c, { ...webhookView(row), secret }, 201);
	})
	.get("/:id", async (c) => {
		requirePermission(c.get("actor"), "manage_accounts");
		return c.json(webhookView(await loadWebhook(c)));
	})
	.patch("/:id", jsonBody(patchWebhookSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const current = await loadWebhook(c);
		const v = c.req.valid("json");
		const next: WebhookRow = {
			...current,
			url: v.url === undefined ? current.url : checkedUrl(c, v.url),
			events: v.events === undefined ? current.events : [...new Set(v.events)],
			enabled: v.enabled ?? current.enabled,
			// Re-enabling is a member saying "the receiver is fixed": start counting afresh.
			disabledReason: v.enabled === true ? null : v.enabled === false ? "Paused by a member" : current.disabledReason,
			failedInARow: v.enabled === true ? 0 : current.failedInARow,
		};
		const db = c.get("db");
		await db.batch([
			db
				.update(webhook)
				.set({ url: next.url, events: next.events, enabled: next.enabled, disabledReason: next.disabledReason, failedInARow: next.failedInARow })
				.where(eq(webhook.id, current.id)),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "webhook.update",
				subject: `webhook:${current.id}`,
				before: { url: current.url, events: current.events, enabled: current.enabled },
				after: { url: next.url, events: next.events, enabled: next.enabled },
				at: c.get("now"),
			}),
		]);
		return c.json(webhookView(next));
	})
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const current = await loadWebhook(c);
		const db = c.get("db");
		await db.batch([
			db.delete(webhookDelivery).where(eq(webhookDelivery.webhookId, current.id)),
			db.delete(webhook).where(eq(webhook.id, current.id)),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "webhook.delete",
				subject: `webhook:${current.id}`,
				before: { url: current.url, events: current.events },
				at: c.get("now"),
			}),
		]);
		return c.body(null, 204);
	})
	.get("/:id/deliveries", queryParams(deliveriesQuery), async (c) => {
		requirePermission(c.get("actor"), "manage_accounts");
		const hook = await loadWebhook(c);
		const q = c.req.valid("query");
		const after = q.cursor ? parseCursor(q.cursor) : null;
		const rows = await c
			.get("db")
			.select()
			.from(webhookDelivery)
			.where(
				and(
					eq(webhookDelivery.webhookId, hook.id),
					after ? or(lt(webhookDelivery.createdAt, after[0]), and(eq(webhookDelivery.createdAt, after[0]), lt(webhookDelivery.id, after[1]))) : undefined,
				),
			)
			.orderBy(desc(webhookDelivery.createdAt), desc(webhookDelivery.id))
			.limit(q.limit + 1);
		const page = rows.slice(0, q.limit);
		return c.json({ items: page.map(deliveryView), next: rows.length > q.limit ? cursorOf(page.at(-1)!) : null });
	});
