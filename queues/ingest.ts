/**
 * The INGEST queue consumer: reads one stream of one account from its network and stores it. Mentions
 * go through ingestMentions (classified, threaded, idempotent by external id) page by page, and the
 * cursor moves only after a page is stored, so a failure reads the same page again and loses nothing.
 * Metrics upsert today's figures (account's local date). A network error retries the message with the
 * cursor untouched; refused credentials are noted and wait for the next interval.
 */
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { account, ingestState, post } from "../db/schema";
import { instanceLimitsStale } from "../domain/instance-limits";
import type { Network } from "../domain/networks";
import { backoffSeconds } from "../domain/retry";
import { utcToLocal } from "../domain/time";
import { decryptCredentials } from "../functions/auth/credentials";
import { clip } from "../functions/networks/http";
import { readInstanceLimits } from "../functions/networks/mastodon-instance";
import type { NetworkReader, ReadFailure } from "../functions/networks/reader";
import { refreshable } from "../functions/networks/token-refresh";
import type { AccountContext, SessionCache } from "../functions/networks/types";
import type { AccountDesk } from "../functions/objects/account-desk";
import { credentialsOf } from "../functions/services/account-access";
import { ingestMentions } from "../functions/services/conversations";
import { accountDayUpsert, postDayUpsert } from "../functions/services/metrics";
import { type IngestMessage, ingestMessage } from "./messages";

export type IngestDeps = { now: () => number; readerFor: (network: Network, db: Db, now: () => number) => NetworkReader | null };

/** Pages of mentions one message reads; a longer backlog continues at the next tick. */
const MAX_PAGES = 5;
/** Posts whose counts are read: published in the last 30 days, newest first. */
const METRICS_WINDOW_MS = 30 * 86_400_000;
const METRICS_POSTS = 100;

type AccountRow = typeof account.$inferSelect;

export async function handleIngestBatch(batch: MessageBatch<unknown>, env: Env, deps: IngestDeps): Promise<void> {
	const db = createDb(env.DB);
	for (const message of batch.messages) {
		const parsed = ingestMessage.safeParse(message.body);
		if (!parsed.success) {
			console.error("malformed INGEST message dropped:", JSON.stringify(message.body));
			message.ack();
			continue;
		}
		try {
			const failure = await ingestOne(env, db, deps, parsed.data);
			if (failure?.kind === "retry") message.retry({ delaySeconds: failure.retryAfterSeconds ?? backoffSeconds(message.attempts) });
			else message.ack();
		} catch (error) {
			console.error("ingest failed, retried:", parsed.data.accountId, parsed.data.stream, error);
			await noteRun(db, parsed.data, deps.now(), { error: `internal: ${error instanceof Error ? error.message : String(error)}` }).catch(() => {});
			message.retry({ delaySeconds: backoffSeconds(message.attempts) });
		}
	}
}

async function ingestOne(env: Env, db: Db, deps: IngestDeps, job: IngestMessage): Promise<ReadFailure | null> {
	const [acc] = await db
		.select()
		.from(account)
		.where(and(eq(account.id, job.accountId), eq(account.workspaceId, job.workspaceId)));
	if (!acc || acc.needsReconnect) return null;
	const reader = deps.readerFor(acc.network, db, deps.now);
	if (!reader) return null;
	const desk = () => env.ACCOUNT_DESK.getByName(acc.id) as DurableObjectStub<AccountDesk>;
	// Tokens that lapse on a clock (X, LinkedIn, Threads) come through the desk, refreshed when due:
	// an account that is only read, never posted to, keeps working too.
	const credentials = refreshable(acc.network)
		? await credentialsOf(desk(), acc, deps.now(), env.CREDENTIALS_KEY)
		: { kind: "ok" as const, credentials: acc.credentials ? await decryptCredentials(env.CREDENTIALS_KEY, acc.workspaceId, acc.id, acc.credentials) : {} };
	if (credentials.kind === "reconnect") return null;
	if (credentials.kind === "retry") return { kind: "retry", retryAfterSeconds: null, reason: credentials.reason };
	const context: AccountContext = {
		accountId: acc.id,
		workspaceId: acc.workspaceId,
		handle: acc.handle,
		network: acc.network,
		credentials: credentials.credentials,
	};
	const cache: SessionCache = {
		get: async () => (await desk().cacheGet(acc.network)) as Record<string, unknown> | null,
		set: async (value) => {
			await desk().cacheSet(acc.network, value);
		},
	};
	if (job.stream === "metrics" && acc.network === "mastodon") await refreshInstanceLimits(db, acc, context, deps.now());
	const failure =
		job.stream === "mentions" ? await readMentions(db, deps, acc, reader, context, cache) : await readMetrics(db, deps, acc, reader, context, cache);
	if (failure) await noteRun(db, job, deps.now(), { error: `${failure.kind}: ${failure.reason}` });
	return failure;
}

/**
 * A Mastodon account's instance limits, read again once a day with the hourly metrics run. A failed
 * read keeps the limits already known (or the defaults) and is tried again at the next run.
 */
async function refreshInstanceLimits(db: Db, acc: AccountRow, context: AccountContext, now: number): Promise<void> {
	if (!instanceLimitsStale(acc.instanceLimits, now)) return;
	const instanceUrl = context.credentials.instanceUrl;
	if (typeof instanceUrl !== "string") return;
	const limits = await readInstanceLimits(instanceUrl, now);
	if (limits)
		await db
			.update(account)
			.set({ instanceLimits: limits })
			.where(and(eq(account.id, acc.id), eq(account.workspaceId, acc.workspaceId)));
}

async function readMentions(
	db: Db,
	deps: IngestDeps,
	acc: AccountRow,
	reader: NetworkReader,
	context: AccountContext,
	cache: SessionCache,
): Promise<ReadFailure | null> {
	const [state] = await db
		.select()
		.from(ingestState)
		.where(and(eq(ingestState.accountId, acc.id), eq(ingestState.stream, "mentions")));
	let cursor = state?.cursor ?? null;
	for (let page = 0; page < MAX_PAGES; page++) {
		const read = await reader.readMentions(context, cursor, cache);
		if (read.kind !== "ok") return read;
		const { mentions, more } = read.value;
		if (mentions.length) {
			await ingestMentions(
				{ db, now: deps.now() },
				acc.workspaceId,
				mentions.map((m) => ({ ...m, accountId: acc.id, network: acc.network })),
			);
		}
		cursor = read.value.cursor;
		const job = { workspaceId: acc.workspaceId, accountId: acc.id, stream: "mentions" as const };
		// A backlog left over is due again at the next tick rather than after the whole interval.
		await noteRun(db, job, deps.now(), { cursor, ...(more && page === MAX_PAGES - 1 ? { dueAt: deps.now() } : {}) });
		if (!more) break;
	}
	return null;
}

async function readMetrics(
	db: Db,
	deps: IngestDeps,
	acc: AccountRow,
	reader: NetworkReader,
	context: AccountContext,
	cache: SessionCache,
): Promise<ReadFailure | null> {
	const now = deps.now();
	const published = await db
		.select({ id: post.id, networkPostId: post.networkPostId })
		.from(post)
		.where(
			and(
				eq(post.workspaceId, acc.workspaceId),
				eq(post.accountId, acc.id),
				eq(post.status, "published"),
				isNotNull(post.networkPostId),
				gte(post.publishedAt, now - METRICS_WINDOW_MS),
			),
		)
		.orderBy(desc(post.publishedAt))
		.limit(METRICS_POSTS);
	const read = await reader.readMetrics(
		context,
		published.map((p) => p.networkPostId!),
		cache,
	);
	if (read.kind !== "ok") return read;
	const date = utcToLocal(now, acc.timezone).date;
	const postByNetworkId = new Map(published.map((p) => [p.networkPostId!, p.id]));
	const statements = [
		...(read.value.history ?? [])
			.filter((h) => h.date !== date)
			.map((h) => accountDayUpsert(db, acc.workspaceId, { accountId: acc.id, date: h.date, followers: h.followers }, now)),
		accountDayUpsert(db, acc.workspaceId, { accountId: acc.id, date, followers: read.value.followers }, now),
		...read.value.posts.flatMap((p) => {
			const postId = postByNetworkId.get(p.networkPostId);
			return postId ? [postDayUpsert(db, acc.workspaceId, acc.id, { postId, date, ...p }, now)] : [];
		}),
	];
	const [first, ...rest] = statements;
	await db.batch([first!, ...rest]);
	await noteRun(db, { workspaceId: acc.workspaceId, accountId: acc.id, stream: "metrics" }, now, {});
	return null;
}

/** Records a run: a stored cursor resets the failure count; an error keeps the cursor and counts up. */
async function noteRun(db: Db, job: IngestMessage, now: number, what: { cursor?: string | null; error?: string; dueAt?: number }) {
	const failed = what.error !== undefined;
	await db
		.insert(ingestState)
		.values({
			workspaceId: job.workspaceId,
			accountId: job.accountId,
			stream: job.stream,
			cursor: what.cursor ?? null,
			lastRunAt: now,
			lastError: failed ? clip(what.error!) : null,
			failures: failed ? 1 : 0,
			nextRunAt: what.dueAt ?? now,
		})
		.onConflictDoUpdate({
			target: [ingestState.accountId, ingestState.stream],
			set: {
				lastRunAt: now,
				lastError: failed ? clip(what.error!) : null,
				...(failed ? { failures: sql`${ingestState.failures} + 1` } : { failures: 0 }),
				...(what.cursor !== undefined ? { cursor: what.cursor } : {}),
				...(what.dueAt !== undefined ? { nextRunAt: what.dueAt } : {}),
			},
		});
}
