/** The switchboard: one Worker, three entry points. Logic lives in the modules it names. */
import { sweep } from "../queues/cron";
import { handlePublishDeadLetters } from "../queues/dead-letter";
import { handleIngestBatch } from "../queues/ingest";
import { handleNotifyBatch } from "../queues/notify";
import { handlePublishBatch } from "../queues/publish";
import { handleReportBatch } from "../queues/reports";
import { handleWebhookBatch } from "../queues/webhooks";
import { createApp } from "./app";
import { logError } from "./log";
import { adapterFor } from "./networks/adapters";
import { readerFor } from "./networks/readers";
import { configureOutbound } from "./outbound";

export { AccountDesk } from "./objects/account-desk";

const app = createApp();
const now = () => Date.now();

export default {
	fetch(request, env, ctx) {
		configureOutbound(env);
		return app.fetch(request, env, ctx);
	},

	async scheduled(_controller, env) {
		configureOutbound(env);
		const result = await sweep(env, now());
		if (result.claimed || result.recovered || result.late || result.reports || result.ingest) console.log("sweep", JSON.stringify(result));
	},

	async queue(batch, env) {
		configureOutbound(env);
		switch (batch.queue) {
			case "chorus-publish":
				return handlePublishBatch(batch, env, { now, adapterFor });
			case "chorus-publish-dlq":
				return handlePublishDeadLetters(batch, env, now);
			case "chorus-reports":
				return handleReportBatch(batch, env, { now });
			case "chorus-webhooks":
				return handleWebhookBatch(batch, env, { now });
			case "chorus-notify":
				return handleNotifyBatch(batch, env, now);
			case "chorus-ingest":
				return handleIngestBatch(batch, env, { now, readerFor });
			default:
				logError(`message from an unknown queue, left for retry: ${batch.queue}`);
				batch.retryAll();
		}
	},
} satisfies ExportedHandler<Env>;
