/**
 * The notification part of the minute sweep: events nobody's request raises (an unanswered
 * conversation, a coming duty gap) are recorded here, and every event still waiting is handed to
 * the NOTIFY queue. Recording is keyed, so repeated or overlapping ticks record each event once.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { account, conversation, mention, notifyEvent } from "../db/schema";
import { eventKey, type NotifyEvent } from "../domain/notifications";
import { dutyGaps } from "../domain/rota";
import { INVENTED_PREFIX } from "../functions/networks/sandbox-reader";
import { UNANSWERED_AFTER_MS } from "../functions/services/conversations";
import { loadRota } from "../functions/services/scheduling";
import { dispatchEvents, eventStatement } from "./notify-events";

/** Duty gaps are announced this far ahead. */
export const GAP_LOOKAHEAD_MS = 48 * 3_600_000;
/** Unanswered conversations older than this are no longer announced (they are on the inbox anyway). */
const UNANSWERED_LOOKBACK_MS = 7 * 86_400_000;
const LIMIT = 500;

export type NotifySweepResult = { unanswered: number; gaps: number; dispatched: number };

export async function notifySweep(db: Db, queue: Queue, now: number, opts: { gaps?: boolean } = {}): Promise<NotifySweepResult> {
	const unanswered = await recordUnanswered(db, now);
	// Gaps change only when shifts do: once an hour is enough (and bounded work per tick).
	const gaps = (opts.gaps ?? Math.floor(now / 60_000) % 60 === 0) ? await recordDutyGaps(db, now) : 0;
	const dispatched = await dispatchEvents(db, queue, now);
	return { unanswered, gaps, dispatched };
}

/** One statement: every open conversation waiting past the threshold since its last inbound message, but a demo's invented ones. */
export async function recordUnanswered(db: Db, now: number): Promise<number> {
	const rows = await db
		.insert(notifyEvent)
		.select(
			sql`SELECT lower(hex(randomblob(16))), c.workspace_id, 'conversation_unanswered:' || c.id || ':' || c.last_inbound_at, 'conversation_unanswered',
				json_object('conversationId', c.id, 'accountId', c.account_id, 'lastInboundAt', c.last_inbound_at), ${now}, NULL, NULL, NULL
				FROM ${conversation} c
				WHERE c.status = 'open' AND c.last_inbound_at > COALESCE(c.last_outbound_at, 0)
					AND c.last_inbound_at <= ${now - UNANSWERED_AFTER_MS} AND c.last_inbound_at > ${now - UNANSWERED_LOOKBACK_MS}
					-- A demo's invented audience (the sandbox reader's mentions) waits for nobody: no notice.
					AND NOT EXISTS (SELECT 1 FROM ${mention} m WHERE m.conversation_id = c.id AND m.external_id >= ${INVENTED_PREFIX} AND m.external_id < ${`${INVENTED_PREFIX.slice(0, -1)}.`})
					-- Already recorded ones are skipped here, so the limit never starves newer conversations.
					AND NOT EXISTS (SELECT 1 FROM ${notifyEvent} e WHERE e.workspace_id = c.workspace_id AND e.key = 'conversation_unanswered:' || c.id || ':' || c.last_inbound_at)
				ORDER BY c.last_inbound_at DESC
				LIMIT ${LIMIT}`,
		)
		.onConflictDoNothing()
		.returning({ id: notifyEvent.id });
	return rows.length;
}

/** Gaps starting within the next 48 hours on accounts run by shifts, one event per account and gap start. */
export async function recordDutyGaps(db: Db, now: number): Promise<number> {
	const accounts = await db.select().from(account).where(eq(account.postingPolicy, "shift")).limit(LIMIT);
	let recorded = 0;
	for (const workspaceId of new Set(accounts.map((a) => a.workspaceId))) {
		const rota = await loadRota(db, workspaceId);
		const events: NotifyEvent[] = accounts
			.filter((a) => a.workspaceId === workspaceId)
			// A gap already under way was announced while it was ahead; the rota page shows it anyway.
			.flatMap((a) =>
				dutyGaps(a, rota.shifts, now, now + GAP_LOOKAHEAD_MS)
					.filter((g) => g.from > now)
					.map((g) => ({ kind: "duty_gap" as const, accountId: a.id, from: g.from, to: g.to })),
			);
		if (events.length === 0) continue;
		const known = await db
			.select({ key: notifyEvent.key })
			.from(notifyEvent)
			.where(and(eq(notifyEvent.workspaceId, workspaceId), inArray(notifyEvent.key, events.slice(0, 90).map(eventKey))));
		const fresh = events.slice(0, 90).filter((e) => !known.some((k) => k.key === eventKey(e)));
		const [first, ...rest] = fresh.map((e) => eventStatement(db, workspaceId, e, now));
		if (first) await db.batch([first, ...rest]);
		recorded += fresh.length;
	}
	return recorded;
}
