/**
 * The ingest part of the minute sweep: every account gets an ingest_state row per stream, and each
 * row that is due is claimed (its next run moved on by a conditional update, so a repeated tick finds
 * nothing) and sent to the INGEST queue.
 */
import { and, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { account, ingestState } from "../db/schema";
import { enqueueIngest } from "./producer";

/** How often each stream is read. Metrics are daily figures; reading hourly keeps today's row fresh. */
export const INGEST_INTERVAL_MS = { mentions: 5 * 60_000, metrics: 60 * 60_000 } as const;
/** Networks Chorus reads from (functions/networks/readers.ts). */
const READABLE = ["sandbox", "mastodon", "bluesky", "x", "linkedin", "facebook", "threads", "instagram"];
const PAGE = 100;

/**
 * `sandboxAudience: false` leaves sandbox accounts out: the publish bench's 1,000 sandbox accounts would
 * otherwise each invent two weeks of audience, and the local runtime runs one queue batch at a time
 * across all queues, so that work would starve publishing (on Cloudflare each queue has its own consumer).
 */
export async function scheduleIngest(db: Db, queue: Queue, now: number, { sandboxAudience = true } = {}): Promise<number> {
	const readable = sandboxAudience ? READABLE : READABLE.filter((n) => n !== "sandbox");
	// New accounts: one row per stream, due at once.
	for (const stream of ["mentions", "metrics"] as const) {
		await db.run(sql`INSERT INTO ${ingestState} (workspace_id, account_id, stream, next_run_at)
			SELECT ${account.workspaceId}, ${account.id}, ${stream}, 0 FROM ${account}
			WHERE ${account.network} IN ${readable} AND NOT EXISTS (SELECT 1 FROM ${ingestState} s WHERE s.account_id = ${account.id} AND s.stream = ${stream})
			ON CONFLICT DO NOTHING`);
	}
	let sent = 0;
	for (let page = 0; page < 20; page++) {
		// One conditional update claims a page: a second tick running at the same moment claims other rows or none.
		const claimed = await db
			.update(ingestState)
			.set({ nextRunAt: sql`${now} + CASE ${ingestState.stream} WHEN 'metrics' THEN ${INGEST_INTERVAL_MS.metrics} ELSE ${INGEST_INTERVAL_MS.mentions} END` })
			.where(and(lte(ingestState.nextRunAt, now), sql`rowid IN (SELECT rowid FROM ${ingestState} WHERE ${ingestState.nextRunAt} <= ${now} LIMIT ${PAGE})`))
			.returning({ workspaceId: ingestState.workspaceId, accountId: ingestState.accountId, stream: ingestState.stream });
		if (!claimed.length) break;
		await enqueueIngest(queue, claimed);
		sent += claimed.length;
		if (claimed.length < PAGE) break;
	}
	return sent;
}
