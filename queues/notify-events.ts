/**
 * The notification outbox. An event is written to D1 next to the change that caused it (in the same
 * batch where it matters), then handed to the NOTIFY queue. A failed hand-over loses nothing: the
 * minute sweep hands over whatever is still waiting.
 */
import { and, eq, gte, inArray, isNull, lt, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { notifyEvent } from "../db/schema";
import { eventKey, type NotifyEvent } from "../domain/notifications";
import type { NotifyMessage } from "./messages";

/** A fan-out handed over this long ago and still not done is handed over again. */
const REDISPATCH_AFTER_MS = 10 * 60_000;
const PAGE = 100;

const rowOf = (workspaceId: string, e: NotifyEvent, now: number) => {
	const { kind, ...data } = e;
	return { id: newId(), workspaceId, key: eventKey(e), kind, data: data as Record<string, unknown>, createdAt: now, dispatchedAt: null, fannedOutAt: null };
};

/** Records the event (once per key) as a statement for the caller's batch. */
export function eventStatement(db: Db, workspaceId: string, e: NotifyEvent, now: number) {
	return db
		.insert(notifyEvent)
		.values(rowOf(workspaceId, e, now))
		.onConflictDoNothing();
}

/**
 * Records the event only if the statement just before it in the same batch changed a row (SQLite's
 * changes()), so a guarded update that lost a race announces nothing.
 */
export function eventIfChangedStatement(db: Db, workspaceId: string, e: NotifyEvent, now: number) {
	const r = rowOf(workspaceId, e, now);
	// Columns in the table's order: insert…select fills them positionally.
	return db
		.insert(notifyEvent)
		.select(sql`SELECT ${r.id}, ${r.workspaceId}, ${r.key}, ${r.kind}, ${JSON.stringify(r.data)}, ${now}, NULL, NULL, NULL WHERE changes() > 0`)
		.onConflictDoNothing();
}

/**
 * Hands waiting events to the queue (all of them, or one workspace's events by key); returns how many.
 * Safe to run anywhere, any number of times: the consumer's fan-out is idempotent.
 */
export async function dispatchEvents(db: Db, queue: Queue, now: number, only?: { workspaceId: string; keys: string[] }): Promise<number> {
	let total = 0;
	const scope: SQL = only ? sql` AND ${notifyEvent.workspaceId} = ${only.workspaceId} AND ${inArray(notifyEvent.key, only.keys)}` : sql``;
	for (let page = 0; page < 20; page++) {
		const rows = await db
			.update(notifyEvent)
			.set({ dispatchedAt: now })
			.where(
				and(
					isNull(notifyEvent.fannedOutAt),
					sql`${notifyEvent.id} IN (SELECT ${notifyEvent.id} FROM ${notifyEvent} WHERE ${notifyEvent.fannedOutAt} IS NULL AND (${notifyEvent.dispatchedAt} IS NULL OR ${notifyEvent.dispatchedAt} < ${now - REDISPATCH_AFTER_MS})${scope} LIMIT ${PAGE})`,
				),
			)
			.returning({ id: notifyEvent.id });
		if (rows.length === 0) break;
		try {
			await queue.sendBatch(rows.map((r) => ({ body: { type: "fanout", eventId: r.id } satisfies NotifyMessage, contentType: "json" as const })));
		} catch (error) {
			// Not handed over after all: the next run tries again at once instead of in ten minutes.
			await db
				.update(notifyEvent)
				.set({ dispatchedAt: null })
				.where(
					inArray(
						notifyEvent.id,
						rows.map((r) => r.id),
					),
				);
			throw error;
		}
		total += rows.length;
		if (rows.length < PAGE) break;
	}
	return total;
}

/** For request paths: the change is already committed, so a queue hiccup is logged, not thrown; the sweep retries. */
export async function dispatchSoon(db: Db, queue: Queue, workspaceId: string, events: NotifyEvent[], now: number): Promise<void> {
	if (events.length === 0) return;
	try {
		await dispatchEvents(db, queue, now, { workspaceId, keys: events.map(eventKey) });
	} catch (error) {
		console.error("notify: hand-over to the queue failed; the sweep will retry", error);
	}
}

/**
 * Marks done the events whose key starts with `keyPrefix` (e.g. "approval_needed:<postId>:"): their
 * notifications leave the bell and the unread count, whoever did the thing. `unless` keeps one key
 * open (the revision still waiting); `guard` is SQL that must hold, so a change that lost its race
 * resolves nothing. A statement for the caller's batch.
 */
export function resolveEventsStatement(db: Db, workspaceId: string, keyPrefix: string, now: number, opts: { unless?: string; guard?: SQL } = {}) {
	// A range on the key (the unique index's second column) rather than LIKE, so the index serves it.
	const upper = keyPrefix.slice(0, -1) + String.fromCharCode(keyPrefix.charCodeAt(keyPrefix.length - 1) + 1);
	return db
		.update(notifyEvent)
		.set({ resolvedAt: now })
		.where(
			and(
				eq(notifyEvent.workspaceId, workspaceId),
				gte(notifyEvent.key, keyPrefix),
				lt(notifyEvent.key, upper),
				isNull(notifyEvent.resolvedAt),
				opts.unless ? ne(notifyEvent.key, opts.unless) : undefined,
				opts.guard,
			),
		);
}
