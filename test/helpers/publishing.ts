import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { createDb } from "../../db/client";
import { createSandboxAdapter } from "../../functions/networks/sandbox";
import type { NetworkAdapter } from "../../functions/networks/types";
import { sweep } from "../../queues/cron";
import type { IngestMessage, PublishMessage } from "../../queues/messages";
import { handlePublishBatch } from "../../queues/publish";

export type Sent = PublishMessage & { delaySeconds: number };

/**
 * A hand-cranked PUBLISH queue: the sweep's sends are captured instead of delivered, and tests deliver
 * them (once, twice, late) through the real consumer with a clock they control.
 */
export function captureQueue() {
	const sent: Sent[] = [];
	const spy = vi.spyOn(env.PUBLISH, "sendBatch").mockImplementation(async (messages) => {
		for (const m of messages) sent.push({ ...(m.body as PublishMessage), delaySeconds: m.delaySeconds ?? 0 });
		return undefined as never;
	});
	// The sweep also enqueues ingest runs; captured too, so no test reads mentions it did not ask for.
	const ingest: IngestMessage[] = [];
	const ingestSpy = vi.spyOn(env.INGEST, "sendBatch").mockImplementation(async (messages) => {
		for (const m of messages) ingest.push(m.body as IngestMessage);
		return undefined as never;
	});
	return {
		sent,
		ingest,
		restore: () => {
			spy.mockRestore();
			ingestSpy.mockRestore();
		},
	};
}

let seq = 0;

/** Delivers messages as one batch through the real consumer; returns what the consumer told the queue. */
export async function deliver(
	bodies: PublishMessage[],
	now: number,
	opts: { attempts?: number; adapterFor?: (network: string) => NetworkAdapter | undefined } = {},
) {
	const batch = createMessageBatch<unknown>(
		"chorus-publish",
		bodies.map((body) => ({ id: `m${seq++}`, timestamp: new Date(now), attempts: opts.attempts ?? 1, body })),
	);
	const ctx = createExecutionContext();
	await handlePublishBatch(batch, env, {
		now: () => now,
		adapterFor: (network, db) => opts.adapterFor?.(network) ?? createSandboxAdapter(db),
	});
	const result = await getQueueResult(batch, ctx);
	const byId = new Map(batch.messages.map((m, i) => [m.id, bodies[i]!]));
	return {
		acked: result.explicitAcks.map((id) => byId.get(id)!),
		retried: result.retryMessages.map((r) => byId.get(r.msgId)!),
	};
}

export const runSweep = (now: number) => sweep(env, now);

export async function postRow(id: string) {
	return createDb(env.DB).query.post.findFirst({ where: (p, { eq }) => eq(p.id, id) });
}

export async function feedCount(postId: string) {
	const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM sandbox_feed_item WHERE post_id = ?").bind(postId).first<{ n: number }>();
	return row?.n ?? 0;
}
