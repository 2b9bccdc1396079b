/**
 * Webhook events out of Chorus. An event becomes one `webhook_delivery` row per subscribed, enabled
 * webhook, written in the same D1 batch as the change it announces (a transactional outbox): the
 * event exists exactly when the change does. `flushWebhookOutbox` then hands unsent rows to the
 * WEBHOOKS queue; the consumer (queues/webhooks.ts) signs, sends, retries and logs.
 */
import { and, asc, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";

import { webhookDelivery } from "../../db/schema";
import { isoWithOffset } from "../../domain/time";
import { type WebhookEventType, webhookPayload } from "../../domain/webhooks";

export type WebhookEvent = { workspaceId: string; type: WebhookEventType; data: Record<string, unknown>; at: number };

/**
 * The deliveries of one event as an unexecuted statement, for the caller's batch. With
 * `onlyIfChanged`, it writes only if the statement just before it in the batch changed a row
 * (SQLite's changes()), so a repeated queue delivery that changes nothing announces nothing.
 */
export function webhookEventStatement(db: Db, event: WebhookEvent, options: { onlyIfChanged?: boolean } = {}) {
	const payload = JSON.stringify(webhookPayload(event.type, event.at, event.data));
	const guard = options.onlyIfChanged ? sql`AND changes() > 0` : sql``;
	// Columns in the table's order: insert…select fills them positionally.
	return db.insert(webhookDelivery).select(
		sql`SELECT 'msg_' || lower(hex(randomblob(16))), webhook.workspace_id, webhook.id, ${event.type}, ${payload}, 'pending', 0, NULL, NULL, ${event.at}, NULL, NULL, NULL
			FROM webhook
			WHERE webhook.workspace_id = ${event.workspaceId} AND webhook.enabled = 1
				AND EXISTS (SELECT 1 FROM json_each(webhook.events) WHERE json_each.value = ${event.type}) ${guard}`,
	);
}

export type WebhookMessage = { deliveryId: string };

// Queues' sendBatch takes at most 100 messages.
const FLUSH_PAGE = 100;

/**
 * Sends every delivery not yet handed to the queue, page by page. Marked after the send: a crash in
 * between sends a delivery twice, which the consumer ignores (it only sends a `pending` row once per
 * attempt), whereas marking first could strand it.
 */
export async function flushWebhookOutbox(db: Db, queue: Queue, now: number, maxPages = 20): Promise<number> {
	let sent = 0;
	for (let page = 0; page < maxPages; page++) {
		const rows = await db
			.select({ id: webhookDelivery.id })
			.from(webhookDelivery)
			.where(isNull(webhookDelivery.enqueuedAt))
			.orderBy(asc(webhookDelivery.createdAt))
			.limit(FLUSH_PAGE);
		if (rows.length === 0) break;
		await queue.sendBatch(rows.map((r) => ({ body: { deliveryId: r.id } satisfies WebhookMessage, contentType: "json" as const })));
		const ids = rows.map((r) => r.id);
		await db
			.update(webhookDelivery)
			.set({ enqueuedAt: now })
			.where(and(inArray(webhookDelivery.id, ids), isNull(webhookDelivery.enqueuedAt)));
		sent += rows.length;
		if (rows.length < FLUSH_PAGE) break;
	}
	return sent;
}

/**
 * Sends what the outbox holds now, after the caller's change has committed. Never throws: the event
 * is already recorded, and the cron sweep sends whatever this could not.
 */
export async function flushWebhooksSoon(db: Db, queue: Queue, now: number): Promise<void> {
	await flushWebhookOutbox(db, queue, now).catch((error) => console.error("webhook outbox flush failed; the sweep sends it", error));
}

/** Records an event and sends it right away: for callers outside a batch of their own. */
export async function emitWebhookEvent(db: Db, queue: Queue, event: WebhookEvent): Promise<void> {
	await webhookEventStatement(db, event);
	await flushWebhooksSoon(db, queue, event.at);
}

type PostForEvent = {
	id: string;
	workspaceId: string;
	accountId: string;
	groupId: string;
	status: string;
	scheduledAt: number | null;
	timezone: string;
	announcementId: string | null;
};

/** The `data` of post.published / post.failed / post.needs_review: the post as it ended. */
export function postEventData(p: PostForEvent, ending: { networkPostId?: string; networkUrl?: string | null; reason?: string }, at: number) {
	return {
		post: {
			id: p.id,
			accountId: p.accountId,
			groupId: p.groupId,
			announcementId: p.announcementId,
			scheduledAt: p.scheduledAt === null ? null : isoWithOffset(p.scheduledAt, p.timezone),
			...(ending.networkPostId
				? { publishedAt: isoWithOffset(at, p.timezone), networkPostId: ending.networkPostId, networkUrl: ending.networkUrl ?? null }
				: {}),
			...(ending.reason ? { failureReason: ending.reason } : {}),
		},
	};
}

/**
 * report.ready: the reports feature calls this when a run is ready (in its own batch through
 * webhookEventStatement, or alone through emitWebhookEvent with this event).
 */
export const reportReadyEvent = (
	workspaceId: string,
	run: { reportId: string; runId: string; name: string; period: { from: string; to: string } },
	at: number,
): WebhookEvent => ({
	workspaceId,
	type: "report.ready",
	at,
	data: { report: { id: run.reportId, name: run.name }, run: { id: run.runId, period: run.period, url: `/api/v1/report-runs/${run.runId}` } },
});
