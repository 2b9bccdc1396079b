/** Typed sends. `send` is awaited by callers: a failed enqueue must surface, not vanish in waitUntil. */
import type { IngestMessage, PublishMessage, ReportMessage } from "./messages";

export type PublishJob = PublishMessage & { delaySeconds: number };

// Queues' sendBatch takes at most 100 messages.
const SEND_BATCH = 100;

export async function enqueuePublish(queue: Queue, jobs: PublishJob[]): Promise<void> {
	for (let i = 0; i < jobs.length; i += SEND_BATCH) {
		await queue.sendBatch(
			jobs
				.slice(i, i + SEND_BATCH)
				.map(({ delaySeconds, ...body }) => ({ body, contentType: "json", delaySeconds: Math.max(0, Math.min(delaySeconds, 43_200)) })),
		);
	}
}

export async function enqueueReports(queue: Queue, messages: ReportMessage[], delaySeconds = 0): Promise<void> {
	for (let i = 0; i < messages.length; i += SEND_BATCH) {
		await queue.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body, contentType: "json", delaySeconds })));
	}
}

export async function enqueueIngest(queue: Queue, jobs: IngestMessage[]): Promise<void> {
	for (let i = 0; i < jobs.length; i += SEND_BATCH) {
		await queue.sendBatch(jobs.slice(i, i + SEND_BATCH).map((body) => ({ body, contentType: "json" })));
	}
}
