/**
 * The minute sweep. Cron ticks may be skipped or repeated, so it keeps no memory of its own: D1 is the
 * truth, and every step is a conditional update that a second tick finds nothing left to do.
 */
import { and, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { auditStatement } from "../db/queries/audit";
import { account, announcement, post, workspace } from "../db/schema";
import { flushWebhookOutbox } from "../functions/services/webhooks";
import { checkCredentialExpiry } from "./credential-expiry";
import { scheduleIngest } from "./ingest-schedule";
import { notifySweep } from "./notify-sweep";
import { enqueuePublish, type PublishJob } from "./producer";
import { enqueueDueReports } from "./report-schedule";
import { materialiseSeries } from "./series-schedule";

/** Claim posts due within this much of now, and send each with a delay so it goes out at its second. */
export const LOOKAHEAD_MS = 60_000;
/** A claimed post not finished by then is sent again (the desk refuses to double-send). */
export const CLAIM_LEASE_MS = 3 * 60_000;
/** Past this, a post that is still not out is surfaced as late. */
export const LATE_AFTER_MS = 5 * 60_000;
const PAGE = 100;
// Bounded work per tick (D1 allows 1,000 queries per invocation on the paid plan); the rest waits a minute.
const MAX_PAGES = 200;

export type SweepResult = {
	claimed: number;
	recovered: number;
	held: number;
	late: number;
	reports: number;
	credentialsWarned: number;
	credentialsExpired: number;
	ingest: number;
	/** Occurrences of repeating posts made and skipped in this tick. */
	series: { created: number; skipped: number; ended: number };
};

export async function sweep(env: Env, now: number): Promise<SweepResult> {
	const db = createDb(env.DB);
	// First: an account whose credentials just expired holds its posts in this same tick.
	const credentials = await checkCredentialExpiry(db, now);
	await releaseEndedEmbargoes(db, now);
	const held = (await holdPausedAccounts(db, now)) + (await holdAnnouncements(db, now));
	const claimed = await claimDue(db, env, now);
	const recovered = await recoverStuck(db, env, now);
	const late = await noteLate(db, now);
	// Evergreen posts: the next occurrence of each series whose latest one has had its turn.
	const series = await materialiseSeries(db, env, now).catch((error) => {
		console.error("series sweep failed; the next tick tries again", error);
		return { created: 0, skipped: 0, ended: 0 };
	});
	// Webhook events whose immediate send failed (the safety net of the outbox).
	await flushWebhookOutbox(db, env.WEBHOOKS, now).catch((error) => console.error("webhook outbox flush failed; next tick retries", error));
	const reports = await enqueueDueReports(db, env.REPORTS, now);
	const ingest = await scheduleIngest(db, env.INGEST, now, { sandboxAudience: (env as { SANDBOX_AUDIENCE?: string }).SANDBOX_AUDIENCE !== "false" });
	// Notifications last: publishing never waits for them, and their failure never stops publishing.
	await notifySweep(db, env.NOTIFY, now).catch((error) => console.error("notify sweep failed", error));
	return { claimed, recovered, held, late, reports, credentialsWarned: credentials.warned, credentialsExpired: credentials.expired, ingest, series };
}

/**
 * Due posts of a stopped workspace, or of paused or disconnected accounts, wait with a reason instead
 * of being claimed. The workspace's emergency stop names itself first: it is the one to lift.
 */
async function holdPausedAccounts(db: Db, now: number): Promise<number> {
	const rows = await db
		.update(post)
		.set({
			holdReason: sql`CASE WHEN (SELECT ${workspace.paused} FROM ${workspace} WHERE ${workspace.id} = ${post.workspaceId}) THEN 'workspace_paused'
				ELSE (SELECT CASE WHEN ${account.paused} THEN 'account_paused' ELSE 'needs_reconnect' END FROM ${account} WHERE ${account.id} = ${post.accountId}) END`,
			updatedAt: now,
		})
		.where(
			and(
				eq(post.status, "scheduled"),
				isNull(post.holdReason),
				lte(post.scheduledAt, now + LOOKAHEAD_MS),
				sql`(${post.accountId} IN (SELECT ${account.id} FROM ${account} WHERE ${account.paused} = 1 OR ${account.needsReconnect} = 1)
					OR ${post.workspaceId} IN (SELECT ${workspace.id} FROM ${workspace} WHERE ${workspace.paused} = 1))`,
			),
		)
		.returning({ id: post.id });
	return rows.length;
}

/**
 * The release gate: an announcement's posts wait while its embargo runs, and a local variant waits
 * until the main post is published (the consumer releases it then, without waiting for a tick).
 */
async function holdAnnouncements(db: Db, now: number): Promise<number> {
	const rows = await db
		.update(post)
		.set({
			holdReason: sql`CASE WHEN (SELECT ${announcement.embargoUntil} FROM ${announcement} WHERE ${announcement.id} = ${post.announcementId}) > ${now} THEN 'embargo' ELSE 'waiting_for_main_post' END`,
			updatedAt: now,
		})
		.where(
			and(
				eq(post.status, "scheduled"),
				isNull(post.holdReason),
				lte(post.scheduledAt, now + LOOKAHEAD_MS),
				sql`${post.announcementId} IS NOT NULL`,
				sql`EXISTS (SELECT 1 FROM ${announcement} a WHERE a.id = ${post.announcementId} AND (a.embargo_until > ${now}
					OR (a.main_post_id != ${post.id} AND NOT EXISTS (SELECT 1 FROM ${post} m WHERE m.id = a.main_post_id AND m.status = 'published'))))`,
			),
		)
		.returning({ id: post.id });
	return rows.length;
}

/** Posts held by an embargo that has ended wait no more (variants may then wait for their main post). */
async function releaseEndedEmbargoes(db: Db, now: number): Promise<void> {
	await db
		.update(post)
		.set({ holdReason: null, updatedAt: now })
		.where(
			and(
				eq(post.status, "scheduled"),
				eq(post.holdReason, "embargo"),
				sql`EXISTS (SELECT 1 FROM ${announcement} a WHERE a.id = ${post.announcementId} AND COALESCE(a.embargo_until, 0) <= ${now})`,
			),
		);
}

async function claimDue(db: Db, env: Env, now: number): Promise<number> {
	let total = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		// One statement claims a page: status moves to publishing only where it still is scheduled,
		// so two sweeps running at once never claim the same post.
		const rows = await db
			.update(post)
			.set({ status: "publishing", leaseUntil: sql`MAX(${post.scheduledAt}, ${now}) + ${CLAIM_LEASE_MS}`, updatedAt: now })
			.where(
				and(
					eq(post.status, "scheduled"),
					sql`${post.id} IN (SELECT ${post.id} FROM ${post} WHERE ${post.status} = 'scheduled' AND ${post.holdReason} IS NULL AND ${post.scheduledAt} <= ${now + LOOKAHEAD_MS} ORDER BY ${post.scheduledAt} LIMIT ${PAGE})`,
				),
			)
			.returning({ id: post.id, workspaceId: post.workspaceId, accountId: post.accountId, scheduledAt: post.scheduledAt });
		if (rows.length === 0) break;
		await enqueuePublish(
			env.PUBLISH,
			rows.map((r) => toJob(r, now)),
		);
		total += rows.length;
		if (rows.length < PAGE) break;
	}
	return total;
}

/**
 * Posts still `publishing` after their claim lapsed (a lost message, a restarted local runtime):
 * send them again. Safe because the AccountDesk ledger refuses a second send of the same post.
 */
async function recoverStuck(db: Db, env: Env, now: number): Promise<number> {
	let total = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		const rows = await db
			.update(post)
			.set({ leaseUntil: now + CLAIM_LEASE_MS })
			.where(
				and(
					eq(post.status, "publishing"),
					sql`${post.id} IN (SELECT ${post.id} FROM ${post} WHERE ${post.status} = 'publishing' AND ${post.leaseUntil} < ${now} LIMIT ${PAGE})`,
				),
			)
			.returning({ id: post.id, workspaceId: post.workspaceId, accountId: post.accountId, scheduledAt: post.scheduledAt });
		if (rows.length === 0) break;
		await enqueuePublish(
			env.PUBLISH,
			rows.map((r) => ({ ...toJob(r, now), delaySeconds: 0 })),
		);
		total += rows.length;
		if (rows.length < PAGE) break;
	}
	return total;
}

/** Marks posts more than 5 minutes past their time and not out yet, once, with an audit row. */
async function noteLate(db: Db, now: number): Promise<number> {
	const rows = await db
		.update(post)
		.set({ lateNotedAt: now })
		.where(and(inArray(post.status, ["scheduled", "publishing"]), lt(post.scheduledAt, now - LATE_AFTER_MS), isNull(post.lateNotedAt)))
		.returning({ id: post.id, workspaceId: post.workspaceId, scheduledAt: post.scheduledAt, holdReason: post.holdReason, status: post.status });
	for (let i = 0; i < rows.length; i += 50) {
		const audits = rows.slice(i, i + 50).map((r) =>
			auditStatement(db, {
				workspaceId: r.workspaceId,
				actorId: "system",
				action: "post.late",
				subject: `post:${r.id}`,
				after: { status: r.status, holdReason: r.holdReason, lateBySeconds: Math.round((now - (r.scheduledAt ?? now)) / 1000) },
				at: now,
			}),
		);
		const [first, ...rest] = audits;
		if (first) await db.batch([first, ...rest]);
	}
	return rows.length;
}

const toJob = (r: { id: string; workspaceId: string; accountId: string; scheduledAt: number | null }, now: number): PublishJob => ({
	postId: r.id,
	workspaceId: r.workspaceId,
	accountId: r.accountId,
	delaySeconds: Math.max(0, Math.ceil(((r.scheduledAt ?? now) - now) / 1000)),
});

/** Right after a main post is published: its variants that were waiting for it are claimed and sent now. */
export async function releaseVariants(db: Db, queue: Queue, announcementId: string, now: number): Promise<number> {
	await db
		.update(post)
		.set({ holdReason: null, updatedAt: now })
		.where(and(eq(post.announcementId, announcementId), eq(post.status, "scheduled"), eq(post.holdReason, "waiting_for_main_post")));
	const rows = await db
		.update(post)
		.set({ status: "publishing", leaseUntil: sql`MAX(${post.scheduledAt}, ${now}) + ${CLAIM_LEASE_MS}`, updatedAt: now })
		.where(and(eq(post.announcementId, announcementId), eq(post.status, "scheduled"), isNull(post.holdReason), lte(post.scheduledAt, now + LOOKAHEAD_MS)))
		.returning({ id: post.id, workspaceId: post.workspaceId, accountId: post.accountId, scheduledAt: post.scheduledAt });
	if (rows.length)
		await enqueuePublish(
			queue,
			rows.map((r) => toJob(r, now)),
		);
	return rows.length;
}
