/** The REPORTS consumer: builds runs and delivers finished ones, each message acknowledged or retried on its own. */
import { createDb } from "../db/client";
import { buildRun, deliverRun, recordRunFailed } from "../functions/services/report-runs";
import { reportMessage } from "./messages";

/** A build that keeps throwing is recorded as failed after this many tries rather than retried forever. */
export const MAX_BUILD_ATTEMPTS = 3;

export async function handleReportBatch(batch: MessageBatch<unknown>, env: Env, deps: { now: () => number }): Promise<void> {
	const db = createDb(env.DB);
	for (const msg of batch.messages) {
		const parsed = reportMessage.safeParse(msg.body);
		if (!parsed.success) {
			console.error("malformed REPORTS message dropped", JSON.stringify(msg.body).slice(0, 200));
			msg.ack();
			continue;
		}
		const { kind, runId, workspaceId } = parsed.data;
		try {
			if (kind === "build") {
				await buildRun(db, { reports: env.REPORTS, webhooks: env.WEBHOOKS }, runId, workspaceId, deps.now());
				msg.ack();
			} else {
				const outcome = await deliverRun(db, env, runId, workspaceId);
				if (outcome.done) msg.ack();
				else msg.retry({ delaySeconds: outcome.retryInSeconds });
			}
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			console.error(`report ${kind} failed`, runId, message);
			if (kind === "build" && msg.attempts >= MAX_BUILD_ATTEMPTS) {
				await recordRunFailed(db, runId, `Could not build the report: ${message}`);
				msg.ack();
			} else {
				msg.retry({ delaySeconds: 30 * msg.attempts });
			}
		}
	}
}
