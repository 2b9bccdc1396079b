/**
 * The PUBLISH dead-letter consumer: a message the queue gave up on still gets its post a final status
 * and a reason. Nothing ends silently in `publishing`.
 */
import { inArray } from "drizzle-orm";
import { createDb } from "../db/client";
import { post } from "../db/schema";
import type { AccountDesk } from "../functions/objects/account-desk";
import { flushWebhookOutbox } from "../functions/services/webhooks";
import { publishMessage } from "./messages";
import { finish, handOverNotifications } from "./publish";

export async function handlePublishDeadLetters(batch: MessageBatch<unknown>, env: Env, now: () => number): Promise<void> {
	const db = createDb(env.DB);
	const bodies = batch.messages.map((m) => publishMessage.safeParse(m.body)).flatMap((r) => (r.success ? [r.data] : []));
	const posts = bodies.length
		? await db
				.select()
				.from(post)
				.where(inArray(post.id, [...new Set(bodies.map((b) => b.postId))]))
		: [];
	for (const p of posts) {
		if (p.status !== "publishing") continue;
		const desk = env.ACCOUNT_DESK.getByName(p.accountId) as DurableObjectStub<AccountDesk>;
		const entry = await desk.ledger(p.id);
		if (entry?.state === "confirmed" && entry.networkPostId) {
			await finish(db, p, { kind: "published", networkPostId: entry.networkPostId, networkUrl: null }, now());
		} else if (entry?.state === "sent" || entry?.state === "unknown") {
			await finish(
				db,
				p,
				{ kind: "needs_review", reason: "Publishing stopped after repeated errors while a send's outcome was unknown; check the account before retrying." },
				now(),
			);
		} else {
			await finish(db, p, { kind: "failed", reason: "Publishing gave up after repeated errors inside Chorus; nothing was sent. Schedule it again." }, now());
		}
	}
	// Webhook events written by finish above; the cron sweep flushes them too if this fails.
	await flushWebhookOutbox(db, env.WEBHOOKS, now()).catch((error) => console.error("webhook outbox flush failed", error));
	await handOverNotifications(db, env, now());
	batch.ackAll();
}
