/**
 * A thread's parts after the first, and a first comment: published one after another once part 1 is
 * confirmed, each through the same adapter `publish` with `inReplyTo` = the previous part's network
 * id (the comment: part 1's). Every part is its own entry in the account desk's ledger
 * (domain/post-parts.ts ledgerKey), so each part's request is fixed before its first try, its network
 * id is recorded the moment the network answers, and a thread stopped half way (a failed try, a crash,
 * a lost answer) resumes at the first part not confirmed: a confirmed part is never sent again, and a
 * part whose outcome is unknown is looked up (findPublished) before anything is resent.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { account, type post } from "../db/schema";
import { summarizeErrorText } from "../domain/error-summary";
import { followingParts, ledgerKey, type PartResult, type PartSlot, partIdempotencyKey } from "../domain/post-parts";
import { backoffSeconds, MAX_SEND_ATTEMPTS } from "../domain/retry";
import { newTid } from "../functions/networks/tid";
import type { AccountContext, FoundPost, NetworkAdapter, PublishOutcome, PublishRequest, SessionCache } from "../functions/networks/types";
import type { AccountDesk, LeaseDecision } from "../functions/objects/account-desk";

type PostRow = typeof post.$inferSelect;

/** How the parts after part 1 came out. */
export type FollowingOutcome =
	/** Every part and the comment are on the network. */
	| { kind: "done"; results: PartResult[] }
	/** Come back later (a retry, a wait, a reconciliation that found nothing): the ledger keeps what went out. */
	| { kind: "retry"; seconds: number }
	/** A part failed for good: the thread ends at the part before it. */
	| { kind: "stopped"; reason: string; results: PartResult[] };

/** One try of one part, for the post's attempt log (publish.ts writes it). */
export type PartAttempt = {
	part: string;
	n: number;
	status: number | null;
	summary: string;
	outcome: "published" | "retry" | "auth" | "rejected" | "unknown" | "reconciled" | "needs_review" | "failed";
};

export type FollowingInput = {
	db: Db;
	desk: DurableObjectStub<AccountDesk>;
	adapter: NetworkAdapter;
	context: AccountContext;
	cache: SessionCache;
	p: PostRow;
	network: string;
	first: FoundPost;
	windowMs: number;
	now: () => number;
	/** Logs one try (publish.ts: a publish_attempt row). */
	log: (attempt: PartAttempt) => Promise<void>;
};

export const hasFollowingParts = (p: Pick<PostRow, "parts" | "firstComment">) => p.parts.length > 0 || p.firstComment !== null;

export async function publishFollowing(input: FollowingInput): Promise<FollowingOutcome> {
	const { p, first } = input;
	const results: PartResult[] = [];
	let previous: FoundPost = first;
	for (const [index, slot] of followingParts(p.parts, p.firstComment).entries()) {
		const replyTo = slot.replyTo === "first" ? first.networkPostId : previous.networkPostId;
		const step = await publishPart(input, slot, index, replyTo);
		if (step.kind === "retry") return step;
		if (step.kind === "stopped") return { kind: "stopped", reason: `${capital(slot.label)} was not published: ${step.reason}`, results };
		results.push({ name: slot.name, ...step.found });
		if (slot.replyTo === "previous") previous = step.found;
	}
	return { kind: "done", results };
}

type PartStep = { kind: "published"; found: FoundPost } | { kind: "retry"; seconds: number } | { kind: "stopped"; reason: string };

async function publishPart(input: FollowingInput, slot: PartSlot, index: number, replyTo: string): Promise<PartStep> {
	const { desk, adapter, context, cache, p, db } = input;
	const key = ledgerKey(p.id, slot.name);
	const now = input.now();
	let proposed: PublishRequest = {
		postId: p.id,
		part: slot.name,
		text: slot.text,
		link: null,
		idempotencyKey: partIdempotencyKey(p.id, slot.name),
		recordKey: newTid(now),
		// A millisecond per part, so parts fixed in the same instant still sort in thread order.
		createdAt: new Date(now + index + 1).toISOString(),
		inReplyTo: replyTo,
		media: [],
	};
	if (adapter.prepare && !(await desk.fixedRequest(key))) {
		const prepared = await adapter.prepare(context, proposed, cache);
		if (prepared.kind === "retry") return { kind: "retry", seconds: prepared.retryAfterSeconds ?? backoffSeconds(1) };
		if (prepared.kind === "auth") {
			await db.update(account).set({ needsReconnect: true }).where(eq(account.id, context.accountId));
			return { kind: "stopped", reason: `the network refused the account's credentials (${prepared.answer.summary})` };
		}
		if (prepared.kind === "rejected") return { kind: "stopped", reason: `the network refused it (${prepared.answer.summary})` };
		proposed = prepared.request;
	}
	// The double-post guard judged the post when it was scheduled and again for part 1: a part is not a new post.
	const guard = { windowMs: input.windowMs, allowDuplicate: true, scheduledAt: p.scheduledAt ?? now, authorId: p.authorId };
	const decision = (await desk.lease(key, proposed, input.network, now, adapter.idempotent, guard)) as LeaseDecision;
	switch (decision.kind) {
		case "wait":
			return { kind: "retry", seconds: decision.seconds };
		case "done":
			return { kind: "published", found: { networkPostId: decision.networkPostId, networkUrl: decision.networkUrl } };
		case "final":
			return { kind: "stopped", reason: decision.reason };
		case "duplicate":
			return { kind: "stopped", reason: "refused by the double-post guard" };
		case "reconcile": {
			const found = await safeFind(adapter, context, decision.request, cache);
			if (found && found !== "absent") {
				await desk.record(key, { state: "confirmed", ...found }, input.now());
				await input.log({
					part: slot.name,
					n: decision.attempt,
					outcome: "reconciled",
					status: null,
					summary: `${slot.label}: found on the network after an unknown outcome: ${found.networkPostId}`,
				});
				return { kind: "published", found };
			}
			if (found === "absent") {
				// Nothing reached the network: sending this part again is safe.
				await desk.record(key, { state: "released" }, input.now());
				return { kind: "retry", seconds: 0 };
			}
			await desk.record(key, { state: "failed", reason: "unknown" }, input.now());
			await input.log({
				part: slot.name,
				n: decision.attempt,
				outcome: "needs_review",
				status: null,
				summary: `${slot.label}: read-back failed after an unknown outcome`,
			});
			return { kind: "stopped", reason: "the send timed out and reading the account back failed; check the account" };
		}
	}

	// decision.kind === "go": the ledger says "sent" for this part before the call.
	let outcome: PublishOutcome;
	try {
		outcome = await adapter.publish(context, decision.request, cache);
	} catch (error) {
		outcome = {
			kind: "unknown",
			answer: { status: null, summary: summarizeErrorText(`send failed: ${error instanceof Error ? error.message : String(error)}`) },
		};
	}
	const later = input.now();
	const log = (kind: PartAttempt["outcome"]) =>
		input.log({ part: slot.name, n: decision.attempt, outcome: kind, status: outcome.answer.status, summary: `${slot.label}: ${outcome.answer.summary}` });
	switch (outcome.kind) {
		case "published": {
			const found = { networkPostId: outcome.networkPostId, networkUrl: outcome.networkUrl };
			// Recorded at once: whatever happens next, this part is never sent again.
			await desk.record(key, { state: "confirmed", ...found }, later);
			await log("published");
			return { kind: "published", found };
		}
		case "auth": {
			const reason = `the network refused the account's credentials (${outcome.answer.summary}); reconnect the account`;
			await desk.record(key, { state: "failed", reason }, later);
			await db
				.update(account)
				.set({ needsReconnect: true })
				.where(and(eq(account.id, context.accountId), eq(account.workspaceId, context.workspaceId)));
			await log("auth");
			return { kind: "stopped", reason };
		}
		case "rejected": {
			const reason = `the network refused it: ${outcome.answer.summary}`;
			await desk.record(key, { state: "failed", reason }, later);
			await log("rejected");
			return { kind: "stopped", reason };
		}
		case "unknown":
			if (!adapter.idempotent) {
				// Never resend blind: the next delivery reconciles this part first.
				await desk.record(key, { state: "unknown" }, later);
				await log("unknown");
				return { kind: "retry", seconds: 0 };
			}
			return retryOrStop(input, key, decision.attempt, null, log, "unknown", outcome.answer.summary);
		case "retry":
			return retryOrStop(input, key, decision.attempt, outcome.retryAfterSeconds, log, "retry", outcome.answer.summary);
	}
}

async function retryOrStop(
	input: FollowingInput,
	key: string,
	attempt: number,
	retryAfter: number | null,
	log: (kind: PartAttempt["outcome"]) => Promise<void>,
	kind: "retry" | "unknown",
	summary: string,
): Promise<PartStep> {
	const now = input.now();
	await log(kind);
	if (attempt >= MAX_SEND_ATTEMPTS) {
		const reason = `gave up after ${attempt} tries; the last answer was: ${summary}`;
		await input.desk.record(key, { state: "failed", reason }, now);
		return { kind: "stopped", reason };
	}
	await input.desk.record(key, { state: "released", backoffSeconds: retryAfter }, now);
	return { kind: "retry", seconds: retryAfter ?? backoffSeconds(attempt) };
}

async function safeFind(adapter: NetworkAdapter, context: AccountContext, request: PublishRequest, cache: SessionCache) {
	try {
		return await adapter.findPublished(context, request, cache);
	} catch {
		return null;
	}
}

const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
