/**
 * The WEBHOOKS queue consumer: one message per delivery. Signs the stored payload per Standard
 * Webhooks (webhook-id = the delivery id, the same on every retry), POSTs it, logs the attempt on the
 * delivery row, retries with back-off, and disables a webhook that keeps failing, with the reason.
 */
import { and, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { createDb, type Db } from "../db/client";
import { webhook, webhookDelivery } from "../db/schema";
import { summarizeErrorText } from "../domain/error-summary";
import { checkOutboundUrl } from "../domain/outbound-url";
import { type AttemptResult, judgeAttempt } from "../domain/webhooks";
import { decryptCredentials } from "../functions/auth/credentials";
import { guardedFetch, outboundOptions } from "../functions/outbound";

export type WebhookDeps = { now: () => number };

/** A receiver gets this long to answer; a slow one counts as a failed attempt. */
const TIMEOUT_MS = 10_000;

export async function handleWebhookBatch(batch: MessageBatch<unknown>, env: Env, deps: WebhookDeps): Promise<void> {
	const db = createDb(env.DB);
	await Promise.all(
		batch.messages.map(async (message) => {
			const deliveryId = (message.body as { deliveryId?: unknown } | null)?.deliveryId;
			if (typeof deliveryId !== "string") {
				console.error("dropping malformed WEBHOOKS message", message.id);
				return message.ack();
			}
			try {
				const verdict = await deliverOnce(env, db, deliveryId, deps.now);
				if (verdict.retryInSeconds === undefined) message.ack();
				else message.retry({ delaySeconds: verdict.retryInSeconds });
			} catch (error) {
				// D1 or the runtime, not the receiver: try the message again without counting an attempt.
				console.error("webhook delivery failed inside Chorus", deliveryId, error);
				message.retry({ delaySeconds: 30 });
			}
		}),
	);
}

async function deliverOnce(env: Env, db: Db, deliveryId: string, now: () => number): Promise<{ retryInSeconds?: number }> {
	const [row] = await db
		.select({ delivery: webhookDelivery, hook: webhook })
		.from(webhookDelivery)
		.innerJoin(webhook, eq(webhook.id, webhookDelivery.webhookId))
		.where(eq(webhookDelivery.id, deliveryId))
		.limit(1);
	if (row?.delivery.status !== "pending") return {}; // gone, or finished by an earlier copy of this message
	const { delivery, hook } = row;
	if (!hook.enabled) {
		await db
			.update(webhookDelivery)
			.set({ status: "skipped", lastError: `Not sent: the webhook is disabled (${hook.disabledReason ?? "by a member"})` })
			.where(eq(webhookDelivery.id, delivery.id));
		return {};
	}
	const startedAt = now();
	const result = await send(env, hook, delivery.id, delivery.payload, startedAt);
	const attempt = delivery.attempts + 1;
	const verdict = judgeAttempt(result, attempt, hook.failedInARow);
	const logged = { attempts: attempt, lastStatus: result.status, lastError: result.error, lastAttemptAt: startedAt };
	// Guarded by the attempt count: a duplicate message racing this one cannot log the same attempt twice.
	const thisAttempt = and(eq(webhookDelivery.id, delivery.id), eq(webhookDelivery.attempts, delivery.attempts), eq(webhookDelivery.status, "pending"));
	if (verdict.outcome === "delivered") {
		await db.batch([
			db
				.update(webhookDelivery)
				.set({ ...logged, status: "delivered", deliveredAt: now() })
				.where(thisAttempt),
			db.update(webhook).set({ failedInARow: 0 }).where(eq(webhook.id, hook.id)),
		]);
		return {};
	}
	if (verdict.outcome === "retry") {
		await db.update(webhookDelivery).set(logged).where(thisAttempt);
		return { retryInSeconds: verdict.delaySeconds };
	}
	await db.batch([
		db
			.update(webhookDelivery)
			.set({ ...logged, status: "failed" })
			.where(thisAttempt),
		db
			.update(webhook)
			.set(
				verdict.disable
					? { failedInARow: sql`${webhook.failedInARow} + 1`, enabled: false, disabledReason: verdict.disable }
					: { failedInARow: sql`${webhook.failedInARow} + 1` },
			)
			.where(eq(webhook.id, hook.id)),
	]);
	return {};
}

async function send(env: Env, hook: typeof webhook.$inferSelect, id: string, payload: string, at: number): Promise<AttemptResult> {
	// Checked again at send time: the rules may be stricter now than when the webhook was saved.
	const target = checkOutboundUrl(hook.url, outboundOptions(env));
	if (!target.ok) return { status: null, error: `Refused to send: ${target.reason}` };
	const { secret } = (await decryptCredentials(env.CREDENTIALS_KEY, hook.workspaceId, hook.id, hook.secret)) as { secret: string };
	const timestamp = new Date(at);
	const signature = new Webhook(secret).sign(id, timestamp, payload);
	try {
		const res = await guardedFetch(target.url, {
			method: "POST",
			// Never follow a redirect: it could point anywhere, including where the URL check said no.
			redirect: "manual",
			signal: AbortSignal.timeout(TIMEOUT_MS),
			headers: {
				"Content-Type": "application/json",
				"User-Agent": "Chorus-Webhooks/1",
				"webhook-id": id,
				"webhook-timestamp": String(Math.floor(at / 1000)),
				"webhook-signature": signature,
			},
			body: payload,
		});
		await res.body?.cancel();
		return { status: res.status, error: res.ok ? null : summarizeErrorText(`HTTP ${res.status} ${res.statusText}`) };
	} catch (error) {
		const name = error instanceof Error ? error.name : "";
		return {
			status: null,
			error:
				name === "TimeoutError"
					? `No answer within ${TIMEOUT_MS / 1000} s`
					: summarizeErrorText(`Could not connect: ${error instanceof Error ? error.message : String(error)}`),
		};
	}
}
