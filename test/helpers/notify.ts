import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { NotifyMessage } from "../../queues/messages";
import { handleNotifyBatch } from "../../queues/notify";

/** A hand-cranked NOTIFY queue: sends are captured, and tests deliver them through the real consumer. */
export function captureNotify() {
	const sent: NotifyMessage[] = [];
	const spy = vi.spyOn(env.NOTIFY, "sendBatch").mockImplementation(async (messages) => {
		for (const m of messages) sent.push(m.body as NotifyMessage);
		return undefined as never;
	});
	/** Delivers everything captured so far (and what that delivery queues in turn) until the queue is empty. */
	async function drain(now = Date.now(), opts: { attempts?: number; testEnv?: Env } = {}) {
		const results: { acked: NotifyMessage[]; retried: NotifyMessage[] } = { acked: [], retried: [] };
		for (let round = 0; round < 5 && sent.length; round++) {
			const r = await deliverNotify(sent.splice(0), now, opts);
			results.acked.push(...r.acked);
			results.retried.push(...r.retried);
		}
		return results;
	}
	return { sent, drain, restore: () => spy.mockRestore() };
}

let seq = 0;

export async function deliverNotify(bodies: NotifyMessage[], now: number, opts: { attempts?: number; testEnv?: Env } = {}) {
	const batch = createMessageBatch<unknown>(
		"chorus-notify",
		bodies.map((body) => ({ id: `n${seq++}`, timestamp: new Date(now), attempts: opts.attempts ?? 1, body })),
	);
	const ctx = createExecutionContext();
	await handleNotifyBatch(batch, opts.testEnv ?? env, () => now);
	const result = await getQueueResult(batch, ctx);
	const byId = new Map(batch.messages.map((m, i) => [m.id, bodies[i]!]));
	return { acked: result.explicitAcks.map((id) => byId.get(id)!), retried: result.retryMessages.map((r) => byId.get(r.msgId)!) };
}

export const notificationsOf = async (token: string) => (await import("./api")).call("GET", "/notifications", { token });
