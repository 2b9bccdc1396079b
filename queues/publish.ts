/**
 * The PUBLISH queue consumer: lease from the account's desk → adapter → record → update the post → ack.
 *
 * Delivery is at least once, so everything here may run twice for the same post, concurrently or
 * after a crash; the AccountDesk ledger makes the second run harmless. Each message is acked or
 * retried on its own, so one failing post never redelivers the batch.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { createDb, type Db } from "../db/client";
import { newId } from "../db/ids";
import { auditIfChangedStatement } from "../db/queries/audit";
import { account, post, publishAttempt, workspace } from "../db/schema";
import { summarizeErrorText } from "../domain/error-summary";
import type { PartResult } from "../domain/post-parts";
import { decideSchedule, rotaChanged } from "../domain/responsibility";
import { backoffSeconds, MAX_SEND_ATTEMPTS } from "../domain/retry";
import { isoWithOffset } from "../domain/time";
import { newTid } from "../functions/networks/tid";
import type { AccountContext, FoundPost, NetworkAdapter, PublishOutcome, PublishRequest, SessionCache } from "../functions/networks/types";
import type { AccountDesk, LeaseDecision, SendResult } from "../functions/objects/account-desk";
import { recordBenchNoops } from "../functions/routes/bench-hooks";
import { accountContext, credentialsOf, deskCache, deskOf } from "../functions/services/account-access";
import { dutyOf, loadRota, memberRef, type Rota } from "../functions/services/scheduling";
import { textAsSent } from "../functions/services/short-links";
import { flushWebhookOutbox, postEventData, webhookEventStatement } from "../functions/services/webhooks";
import { releaseVariants } from "./cron";
import { type PublishMessage, publishMessage } from "./messages";
import { dispatchEvents, eventIfChangedStatement } from "./notify-events";
import { networkMediaFor } from "./publish-media";
import { type FollowingInput, hasFollowingParts, publishFollowing } from "./publish-parts";

export type PublishDeps = {
	now: () => number;
	adapterFor: (network: AccountRow["network"], db: Db) => NetworkAdapter;
};

/** A token refresh that got no usable answer is tried again this much later. */
const TOKEN_RETRY_SECONDS = 60;

type PostRow = typeof post.$inferSelect;
type AccountRow = typeof account.$inferSelect;

/** What a message's processing decided: the post's next state and what to tell the queue. */
type Verdict =
	/** deferred: the post's final writes wait in the batch's sink; ack once they are written. */
	{ ack: true; deferred?: boolean } | { retryInSeconds: number };

export async function handlePublishBatch(batch: MessageBatch<unknown>, env: Env, deps: PublishDeps): Promise<void> {
	const db = createDb(env.DB);
	const valid: { message: Message<unknown>; body: PublishMessage }[] = [];
	for (const message of batch.messages) {
		const parsed = publishMessage.safeParse(message.body);
		if (parsed.success) valid.push({ message, body: parsed.data });
		else {
			console.error("dropping malformed PUBLISH message", message.id, parsed.error.message);
			message.ack();
		}
	}
	if (valid.length === 0) return;

	// One query each for the batch's posts and accounts, not one per message.
	const postIds = [...new Set(valid.map((v) => v.body.postId))];
	const accountIds = [...new Set(valid.map((v) => v.body.accountId))];
	const workspaceIds = [...new Set(valid.map((v) => v.body.workspaceId))];
	const [posts, accounts, stopped] = await Promise.all([
		db.select().from(post).where(inArray(post.id, postIds)),
		db.select().from(account).where(inArray(account.id, accountIds)),
		db
			.select({ id: workspace.id })
			.from(workspace)
			.where(and(inArray(workspace.id, workspaceIds), eq(workspace.paused, true))),
	]);
	const postById = new Map(posts.map((p) => [p.id, p]));
	const accountById = new Map(accounts.map((a) => [a.id, a]));
	const stoppedWorkspaces = new Set(stopped.map((w) => w.id));
	// The rota and guard settings once per workspace in the batch (usually one).
	const rotas = new Map<string, Promise<Rota>>();
	const rotaFor = (workspaceId: string) => {
		if (!rotas.has(workspaceId)) rotas.set(workspaceId, loadRota(db, workspaceId));
		return rotas.get(workspaceId)!;
	};

	// The final writes of the batch's published posts (post, audit, attempt) go to D1 in one batch at
	// the end instead of one round trip each; their messages are acked once that batch is written.
	const sink: BatchItem<"sqlite">[] = [];
	const afterSink: Message<unknown>[] = [];
	const handle = async ({ message, body }: (typeof valid)[number]) => {
		try {
			const p = postById.get(body.postId);
			const acc = accountById.get(body.accountId);
			// Scope check: a message can only touch a post of its own workspace and account.
			const verdict: Verdict =
				p && acc && p.workspaceId === body.workspaceId && acc.workspaceId === body.workspaceId && p.accountId === acc.id
					? await publishOne(env, db, deps, p, acc, await rotaFor(p.workspaceId), stoppedWorkspaces.has(p.workspaceId), sink)
					: ({ ack: true } as const);
			if (!("ack" in verdict)) message.retry({ delaySeconds: verdict.retryInSeconds });
			else if (verdict.deferred) afterSink.push(message);
			else message.ack();
		} catch (error) {
			// Infrastructure trouble (D1, the desk): retry this message only; the ledger keeps it safe.
			console.error("publish failed for", body.postId, error);
			message.retry({ delaySeconds: backoffSeconds(message.attempts) });
		}
	};
	// Accounts in parallel; one account's posts one after another in their scheduled order, so posts
	// released together (after a pause, say) reach the network in the order they were planned.
	const byAccount = new Map<string, typeof valid>();
	for (const item of valid) byAccount.set(item.body.accountId, [...(byAccount.get(item.body.accountId) ?? []), item]);
	const due = (item: (typeof valid)[number]) => postById.get(item.body.postId)?.scheduledAt ?? 0;
	await Promise.all(
		[...byAccount.values()].map(async (items) => {
			for (const item of items.sort((a, b) => due(a) - due(b))) await handle(item);
		}),
	);
	if (sink.length) {
		try {
			await db.batch(sink as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
			for (const message of afterSink) message.ack();
		} catch (error) {
			// The desk's ledger already says confirmed: the redelivery only writes the calendar ("done").
			console.error("publish: writing the batch's results failed", error);
			for (const message of afterSink) message.retry({ delaySeconds: backoffSeconds(message.attempts) });
		}
	}
	// Webhook events this batch wrote (in finish) go out now rather than at the next cron tick.
	await flushWebhookOutbox(db, env.WEBHOOKS, deps.now()).catch((error) => console.error("webhook outbox flush failed; the sweep retries", error));
	await handOverNotifications(db, env, deps.now());
	// Bench only (CHORUS_BENCH=true, never in production): counts the no-op baseline's messages, one row per batch.
	await recordBenchNoops(
		env,
		valid.map((v) => v.body),
		deps.now(),
	);
}

/** Failures recorded by finish() go to the NOTIFY queue now; if that fails, the minute sweep does it. */
export async function handOverNotifications(db: Db, env: Env, now: number): Promise<void> {
	await dispatchEvents(db, env.NOTIFY, now).catch((error) => console.error("notify hand-over failed; the sweep retries", error));
}

async function publishOne(
	env: Env,
	db: Db,
	deps: PublishDeps,
	p: PostRow,
	acc: AccountRow,
	rota: Rota,
	workspaceStopped: boolean,
	sink?: BatchItem<"sqlite">[],
): Promise<Verdict> {
	if (p.status !== "publishing") return { ack: true }; // canceled, or finished by an earlier delivery
	const now = deps.now();

	// Held posts go back to waiting with a reason: nothing waits by burning queue retries.
	const hold = workspaceStopped ? "workspace_paused" : acc.paused ? "account_paused" : acc.needsReconnect ? "needs_reconnect" : null;
	if (hold) {
		await holdPost(db, p.id, hold, now);
		return { ack: true };
	}

	const desk = deskOf(env.ACCOUNT_DESK, acc.id);

	// Who answers for the account now must be who answered when it was scheduled (publish-now was
	// checked at the click): otherwise it waits for approval instead of going out unowned.
	if (p.publishedVia !== "publish-now" && p.scheduledAt !== null) {
		const duty = dutyOf(rota, acc, p.scheduledAt);
		if (rotaChanged(duty, p.responsibleId)) {
			const decision = decideSchedule({ id: "scheduler", role: "analyst" }, duty, (id) => rota.members.get(id)?.role);
			await db.batch([
				db
					.update(post)
					.set({ status: "pending_approval", holdReason: "rota_changed", approvalFrom: decision.approvalFrom, leaseUntil: null, updatedAt: now })
					.where(and(eq(post.id, p.id), eq(post.status, "publishing"))),
				auditIfChangedStatement(db, {
					workspaceId: p.workspaceId,
					actorId: "system",
					action: "post.rota_changed",
					subject: `post:${p.id}`,
					before: { responsible: memberRef(rota, p.responsibleId) },
					after: { responsible: memberRef(rota, duty.responsible), reason: duty.reason },
					at: now,
				}),
				// Notifications: whoever must now approve it hears so.
				eventIfChangedStatement(
					db,
					p.workspaceId,
					{ kind: "approval_needed", postId: p.id, revision: p.revision, authorId: p.authorId, approvalFrom: decision.approvalFrom },
					now,
				),
			]);
			return { ack: true };
		}
	}

	// Before the lease: a token refreshed (or refused) now never leaves a "sent" entry in the ledger.
	const access = await credentialsOf(desk, acc, now, env.CREDENTIALS_KEY);
	if (access.kind === "reconnect") {
		await holdPost(db, p.id, "needs_reconnect", now);
		return { ack: true };
	}
	if (access.kind === "retry") {
		await extendLease(db, p.id, now + TOKEN_RETRY_SECONDS * 1000);
		return { retryInSeconds: TOKEN_RETRY_SECONDS };
	}

	const adapter = deps.adapterFor(acc.network, db);
	const context = accountContext(acc, access.credentials);
	const cache = deskCache(desk, acc.network);
	const media = await networkMediaFor(env, db, desk, adapter, context, cache, p, now);
	if (media.kind === "retry") {
		const seconds = media.retryAfterSeconds ?? backoffSeconds(1);
		console.warn("media upload will be tried again", p.id, media.answer.summary);
		await extendLease(db, p.id, now + seconds * 1000);
		return { retryInSeconds: seconds };
	}
	if (media.kind !== "ready") {
		const reason = `The network refused the post's media: ${media.answer.summary}`;
		if (media.kind === "auth") await db.update(account).set({ needsReconnect: true }).where(eq(account.id, acc.id));
		await desk.release(p.id);
		await finish(db, p, { kind: "failed", reason }, now, {
			n: 0,
			startedAt: now,
			by: "scheduler",
			status: media.answer.status,
			summary: media.answer.summary,
			outcome: media.kind,
		});
		return { ack: true };
	}
	// Short links were made when it was scheduled; made here if it was scheduled another way (same codes on a retry).
	const sent = await textAsSent(db, env, p, acc);
	let proposed: PublishRequest = {
		postId: p.id,
		text: sent.text,
		link: sent.link,
		idempotencyKey: p.id,
		recordKey: newTid(now),
		createdAt: new Date(now).toISOString(),
		inReplyTo: p.inReplyTo,
		media: media.media,
	};
	// What the network needs looked up first (Bluesky: @handles → DIDs), once: after the first lease
	// the desk's fixed request is sent, whatever a lookup would say now.
	if (adapter.prepare && !(await desk.fixedRequest(p.id))) {
		const prepared = await adapter.prepare(context, proposed, cache);
		if (prepared.kind === "retry") {
			const seconds = prepared.retryAfterSeconds ?? backoffSeconds(1);
			console.warn("preparing the post will be tried again", p.id, prepared.answer.summary);
			await extendLease(db, p.id, now + seconds * 1000);
			return { retryInSeconds: seconds };
		}
		if (prepared.kind === "auth" || prepared.kind === "rejected") {
			const reason =
				prepared.kind === "auth"
					? `The network refused the account's credentials (${prepared.answer.summary}): reconnect the account`
					: `The network refused this post: ${prepared.answer.summary}`;
			if (prepared.kind === "auth") await db.update(account).set({ needsReconnect: true }).where(eq(account.id, acc.id));
			await desk.release(p.id);
			await finish(db, p, { kind: "failed", reason }, now, {
				n: 0,
				startedAt: now,
				by: "scheduler",
				status: prepared.answer.status,
				summary: prepared.answer.summary,
				outcome: prepared.kind,
			});
			return { ack: true };
		}
		proposed = prepared.request;
		if (prepared.warnings.length > 0) await addPostWarnings(db, p, prepared.warnings);
	}
	// Replies are answers in a conversation ("Thanks!" twice is fine): the double-post guard is for posts.
	const guard = { windowMs: rota.windowMs, allowDuplicate: p.allowDuplicate || p.kind === "reply", scheduledAt: p.scheduledAt ?? now, authorId: p.authorId };
	const decision = (await desk.lease(p.id, proposed, acc.network, now, adapter.idempotent, guard)) as LeaseDecision;
	// What the parts after part 1 need, once part 1 is on the network.
	const thread = (first: FoundPost): Thread => ({
		db,
		desk,
		adapter,
		context,
		cache,
		p,
		network: acc.network,
		first: { networkPostId: first.networkPostId, networkUrl: first.networkUrl },
		windowMs: rota.windowMs,
		now: deps.now,
		log: (a) => recordAttempt(db, p, deps.now(), { ...a, startedAt: deps.now(), by: partsBy }),
	});
	const partsBy = p.publishedVia === "publish-now" && p.publishedById ? p.publishedById : "scheduler";

	switch (decision.kind) {
		case "wait":
			await extendLease(db, p.id, now + decision.seconds * 1000);
			return { retryInSeconds: decision.seconds };
		case "done":
			// A thread: part 1 is out; the parts not yet confirmed follow (from the first one missing).
			if (hasFollowingParts(p)) return thenFollowing(env, db, deps, thread(decision));
			await finish(db, p, { kind: "published", networkPostId: decision.networkPostId, networkUrl: decision.networkUrl }, now);
			if (p.announcementId) await releaseVariants(db, env.PUBLISH, p.announcementId, now);
			return { ack: true };
		case "final":
			await finish(db, p, { kind: "failed", reason: decision.reason }, now);
			return { ack: true };
		case "duplicate": {
			const author = memberRef(rota, decision.of.authorId);
			const reason = `Not sent: nearly the same as post ${decision.of.postId} by ${author?.name} (${isoWithOffset(decision.of.at, acc.timezone)}) already on ${acc.handle}`;
			await desk.release(p.id);
			await finish(db, p, { kind: "failed", reason }, now, {
				n: 0,
				startedAt: now,
				by: "scheduler",
				status: null,
				summary: "refused by the double-post guard",
				outcome: "failed",
			});
			return { ack: true };
		}
	}

	const startedAt = now;
	const attempt = decision.attempt;
	const by = p.publishedVia === "publish-now" && p.publishedById ? p.publishedById : "scheduler";

	if (decision.kind === "reconcile") {
		const found = await safeFind(adapter, context, decision.request, cache);
		if (found && found !== "absent") {
			await desk.record(p.id, { state: "confirmed", ...found }, deps.now());
			if (hasFollowingParts(p)) {
				await recordAttempt(db, p, deps.now(), {
					n: attempt,
					startedAt,
					by,
					outcome: "reconciled",
					status: null,
					summary: `found on the network after an unknown outcome: ${found.networkPostId}`,
				});
				return thenFollowing(env, db, deps, thread(found));
			}
			await finish(db, p, { kind: "published", ...found }, deps.now(), {
				n: attempt,
				startedAt,
				by,
				outcome: "reconciled",
				status: null,
				summary: `found on the network after an unknown outcome: ${found.networkPostId}`,
			});
			if (p.announcementId) await releaseVariants(db, env.PUBLISH, p.announcementId, deps.now());
			return { ack: true };
		}
		if (found === "absent") {
			// Nothing reached the network: sending again is safe.
			await desk.record(p.id, { state: "released" }, deps.now());
			return { retryInSeconds: 0 };
		}
		await desk.record(p.id, { state: "failed", reason: "unknown" }, deps.now());
		await finish(
			db,
			p,
			{
				kind: "needs_review",
				reason: "The network may or may not have this post: the send timed out and reading the account back failed. Check the account and mark it.",
			},
			deps.now(),
			{ n: attempt, startedAt, by, outcome: "needs_review", status: null, summary: "read-back failed after an unknown outcome" },
		);
		return { ack: true };
	}

	// decision.kind === "go": the ledger says "sent" before this call.
	let outcome: PublishOutcome;
	try {
		outcome = await adapter.publish(context, decision.request, cache);
	} catch (error) {
		outcome = {
			kind: "unknown",
			answer: { status: null, summary: summarizeErrorText(`send failed: ${error instanceof Error ? error.message : String(error)}`) },
		};
	}
	const log = { n: attempt, startedAt, by, status: outcome.answer.status, summary: outcome.answer.summary };
	const later = deps.now();

	switch (outcome.kind) {
		case "published": {
			await desk.record(p.id, { state: "confirmed", networkPostId: outcome.networkPostId, networkUrl: outcome.networkUrl }, later);
			if (hasFollowingParts(p)) {
				await recordAttempt(db, p, later, { ...log, outcome: "published" });
				return thenFollowing(env, db, deps, thread(outcome));
			}
			// A main post of an announcement is written at once: its release gate reads it right after.
			const deferred = sink !== undefined && !p.announcementId;
			await finish(
				db,
				p,
				{ kind: "published", networkPostId: outcome.networkPostId, networkUrl: outcome.networkUrl },
				later,
				{ ...log, outcome: "published" },
				deferred ? sink : undefined,
			);
			// The release gate opens: an announcement's variants that waited for this main post go now.
			if (p.announcementId) await releaseVariants(db, env.PUBLISH, p.announcementId, later);
			return { ack: true, deferred };
		}
		case "auth": {
			const reason = `The network refused the account's credentials (${outcome.answer.summary}): reconnect the account`;
			await desk.record(p.id, { state: "failed", reason }, later);
			await desk.release(p.id);
			await db.update(account).set({ needsReconnect: true }).where(eq(account.id, acc.id));
			await finish(db, p, { kind: "failed", reason }, later, { ...log, outcome: "auth" });
			return { ack: true };
		}
		case "rejected": {
			const reason = `The network refused this post: ${outcome.answer.summary}`;
			await desk.record(p.id, { state: "failed", reason }, later);
			await desk.release(p.id);
			await finish(db, p, { kind: "failed", reason }, later, { ...log, outcome: "rejected" });
			return { ack: true };
		}
		case "unknown":
			if (adapter.idempotent) return retryOrGiveUp(db, desk, p, attempt, null, later, { ...log, outcome: "unknown" });
			// Not idempotent: never resend blind. The next delivery reconciles first.
			await desk.record(p.id, { state: "unknown" }, later);
			await recordAttempt(db, p, later, { ...log, outcome: "unknown" });
			return { retryInSeconds: 0 };
		case "retry":
			return retryOrGiveUp(db, desk, p, attempt, outcome.retryAfterSeconds, later, { ...log, outcome: "retry" });
	}
}

type AttemptLog = {
	n: number;
	startedAt: number;
	by: string;
	status: number | null;
	summary: string;
	outcome: (typeof publishAttempt.$inferSelect)["outcome"];
	/** A thread's part after the first, or its comment (absent: the post itself). */
	part?: string;
};

type Thread = FollowingInput;

/**
 * Part 1 is on the network: the thread's other parts and the comment follow. The post is published
 * once all are out, or once a part failed for good (then with the reason, and the parts that made it).
 */
async function thenFollowing(env: Env, db: Db, deps: PublishDeps, input: Thread): Promise<Verdict> {
	const { p } = input;
	const outcome = await publishFollowing(input);
	if (outcome.kind === "retry") {
		await extendLease(db, p.id, deps.now() + outcome.seconds * 1000);
		return { retryInSeconds: outcome.seconds };
	}
	const later = deps.now();
	await finish(
		db,
		p,
		{ kind: "published", ...input.first, partResults: outcome.results, partFailure: outcome.kind === "stopped" ? outcome.reason : undefined },
		later,
	);
	if (p.announcementId) await releaseVariants(db, env.PUBLISH, p.announcementId, later);
	return { ack: true };
}

async function retryOrGiveUp(
	db: Db,
	desk: DurableObjectStub<AccountDesk>,
	p: PostRow,
	attempt: number,
	retryAfter: number | null,
	now: number,
	log: AttemptLog,
): Promise<Verdict> {
	if (attempt >= MAX_SEND_ATTEMPTS) {
		const reason = `Gave up after ${attempt} tries; the last answer was: ${log.summary}`;
		await desk.record(p.id, { state: "failed", reason } satisfies SendResult, now);
		await desk.release(p.id);
		await finish(db, p, { kind: "failed", reason }, now, log);
		return { ack: true };
	}
	const delay = retryAfter ?? backoffSeconds(attempt);
	await desk.record(p.id, { state: "released", backoffSeconds: retryAfter }, now);
	await recordAttempt(db, p, now, log, now + delay * 1000);
	return { retryInSeconds: delay };
}

/** Warnings found while publishing (an @handle nobody has) join the post's lint, once each. */
async function addPostWarnings(db: Db, p: PostRow, warnings: PostRow["lint"]): Promise<void> {
	const fresh = warnings.filter((w) => !p.lint.some((f) => f.rule === w.rule && f.message === w.message));
	if (fresh.length === 0) return;
	await db
		.update(post)
		.set({ lint: [...p.lint, ...fresh] })
		.where(and(eq(post.id, p.id), eq(post.workspaceId, p.workspaceId)));
}

async function safeFind(adapter: NetworkAdapter, context: AccountContext, request: PublishRequest, cache: SessionCache) {
	try {
		return await adapter.findPublished(context, request, cache);
	} catch {
		return null;
	}
}

/** Back to waiting in `scheduled`, with the reason it waits; whatever lifts the reason releases it. */
async function holdPost(db: Db, postId: string, reason: string, now: number) {
	await db
		.update(post)
		.set({ status: "scheduled", holdReason: reason, leaseUntil: null, updatedAt: now })
		.where(and(eq(post.id, postId), eq(post.status, "publishing")));
}

async function extendLease(db: Db, postId: string, until: number) {
	await db
		.update(post)
		.set({ leaseUntil: until + 60_000 })
		.where(and(eq(post.id, postId), eq(post.status, "publishing")));
}

const attemptRow = (p: PostRow, finishedAt: number, log: AttemptLog) => ({
	id: newId(),
	workspaceId: p.workspaceId,
	postId: p.id,
	n: log.n,
	startedAt: log.startedAt,
	finishedAt,
	outcome: log.outcome,
	by: log.by,
	networkStatus: log.status,
	networkSummary: log.summary,
	...(log.part ? { part: log.part } : {}),
});

/** An attempt that did not end the post: logged, and the claim stretched past the retry. */
async function recordAttempt(db: Db, p: PostRow, now: number, log: AttemptLog, leaseUntil = now + 60_000) {
	await db.batch([
		db
			.insert(publishAttempt)
			.values(attemptRow(p, now, log))
			.onConflictDoNothing(),
		db
			.update(post)
			.set({ leaseUntil: leaseUntil + 60_000 })
			.where(and(eq(post.id, p.id), eq(post.status, "publishing"))),
	]);
}

type Ending =
	| {
			kind: "published";
			networkPostId: string;
			networkUrl: string | null;
			/** A thread's parts after the first and its comment, as the network knows them. */
			partResults?: PartResult[];
			/** A thread that stopped at a part that failed for good: why (the post is out, the rest is not). */
			partFailure?: string;
	  }
	| { kind: "failed"; reason: string }
	| { kind: "needs_review"; reason: string };

/** The post's final state, its last attempt and the audit row, in one batch, only if it is still publishing. */
export async function finish(db: Db, p: PostRow, ending: Ending, now: number, log?: AttemptLog, sink?: BatchItem<"sqlite">[]): Promise<void> {
	const changes =
		ending.kind === "published"
			? {
					status: "published" as const,
					publishedAt: now,
					calendarAt: now,
					networkPostId: ending.networkPostId,
					networkUrl: ending.networkUrl,
					// The scheduler publishes on behalf of whoever approved the post, else its author.
					publishedById: p.publishedVia === "publish-now" ? p.publishedById : (p.approverId ?? p.authorId),
					publishedVia: p.publishedVia ?? ("scheduler" as const),
					...(ending.partResults ? { partResults: ending.partResults } : {}),
					...(ending.partFailure ? { failureReason: ending.partFailure } : {}),
				}
			: { status: ending.kind, failureReason: ending.reason };
	const statements = [
		db
			.update(post)
			.set({ ...changes, leaseUntil: null, updatedAt: now })
			.where(and(eq(post.id, p.id), eq(post.status, "publishing"))),
		// Only if the update above changed the post: a repeated delivery finishing it again writes nothing.
		auditIfChangedStatement(db, {
			workspaceId: p.workspaceId,
			actorId: "system",
			action: `post.${ending.kind}`,
			subject: `post:${p.id}`,
			after:
				ending.kind === "published"
					? {
							networkPostId: ending.networkPostId,
							networkUrl: ending.networkUrl,
							lateBySeconds: lateBy(p, now),
							...(ending.partResults ? { parts: ending.partResults } : {}),
							...(ending.partFailure ? { partFailure: ending.partFailure } : {}),
						}
					: { reason: ending.reason },
			at: now,
		}),
		// Each statement below is written only if the one before it wrote a row (SQLite's changes()), so
		// the chain ends wherever this call did not really end the post. The order matters: the
		// notification (exactly one row) must come before the webhook deliveries (one row per
		// subscribed webhook, possibly none, which would stop the chain).
		// Notifications: a post that did not go out tells its author and the responsible member.
		...(ending.kind === "published"
			? []
			: [eventIfChangedStatement(db, p.workspaceId, { kind: `post_${ending.kind}`, postId: p.id, revision: p.revision, reason: ending.reason }, now)]),
		// Webhooks (post.published / post.failed / post.needs_review).
		webhookEventStatement(
			db,
			{ workspaceId: p.workspaceId, type: `post.${ending.kind}`, at: now, data: postEventData(p, ending, now) },
			{ onlyIfChanged: true },
		),
	] as const;
	if (sink) {
		// Kept together and in order: the audit's changes() refers to the update right before it.
		sink.push(
			...statements,
			...(log
				? [
						db
							.insert(publishAttempt)
							.values(attemptRow(p, now, log))
							.onConflictDoNothing(),
					]
				: []),
		);
		return;
	}
	if (log)
		await db.batch([
			...statements,
			db
				.insert(publishAttempt)
				.values(attemptRow(p, now, log))
				.onConflictDoNothing(),
		]);
	else await db.batch(statements);
}

const lateBy = (p: PostRow, now: number) => (p.scheduledAt === null ? 0 : Math.max(0, Math.round((now - p.scheduledAt) / 1000)));
