import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { handleWebhookBatch } from "../../queues/webhooks";

/** A hand-cranked WEBHOOKS queue: sends are captured; tests deliver them through the real consumer. */
export function captureWebhooks() {
	const sent: string[] = [];
	const spy = vi.spyOn(env.WEBHOOKS, "sendBatch").mockImplementation(async (messages) => {
		for (const m of messages) sent.push((m.body as { deliveryId: string }).deliveryId);
		return undefined as never;
	});
	return { sent, restore: () => spy.mockRestore() };
}

export type Received = { url: string; headers: Record<string, string>; body: string };

/** Stands in for the receivers: answers each POST with the next status (the last one repeats). */
export function receiver(statuses: number[]) {
	const received: Received[] = [];
	let i = 0;
	const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
		const headers: Record<string, string> = {};
		new Headers(init?.headers).forEach((v, k) => {
			headers[k] = v;
		});
		received.push({ url: String(input), headers, body: String(init?.body) });
		const status = statuses[Math.min(i++, statuses.length - 1)]!;
		return new Response(status === 204 ? null : "ok", { status });
	});
	return { received, restore: () => spy.mockRestore() };
}

let seq = 0;

/** Delivers the given delivery ids as one batch; returns which were acked and which retried (with delays). */
export async function deliverWebhooks(ids: string[], now: number) {
	const batch = createMessageBatch<unknown>(
		"chorus-webhooks",
		ids.map((deliveryId) => ({ id: `w${seq++}`, timestamp: new Date(now), attempts: 1, body: { deliveryId } })),
	);
	const ctx = createExecutionContext();
	await handleWebhookBatch(batch, env, { now: () => now });
	const result = await getQueueResult(batch, ctx);
	const byId = new Map(batch.messages.map((m, i) => [m.id, ids[i]!]));
	return { acked: result.explicitAcks.map((id) => byId.get(id)!), retried: result.retryMessages.map((r) => byId.get(r.msgId)!) };
}
