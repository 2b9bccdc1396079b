/**
 * AccountDesk: one Durable Object per social account, the single place that decides whether a post
 * may be sent to that account right now.
 *
 * It keeps a publish ledger per post (`sent → confirmed | released | failed | unknown`), written
 * *before* the network call: a second delivery of the same message, a concurrent consumer or a
 * consumer that crashed mid-send all meet the ledger and cannot send twice. It also keeps the
 * account's rate budget and the network's back-off, so one busy account never stalls another.
 *
 * Every decision is one synchronous SQLite transaction: no await between reading and writing the
 * ledger, so the input gate makes it atomic without locks.
 */
import { DurableObject } from "cloudflare:workers";
import type { NetworkMedia, PublishRequest } from "../networks/types";
import { configureOutbound } from "../outbound";
import { ConversationOwners, type OwnerChange } from "./desk/conversation-owners";
import { CredentialKeeper, type CredentialsAnswer } from "./desk/credential-keeper";
import { type DuplicateOf, type Reservation, Reservations } from "./desk/reservations";

/** How long one send may take before another delivery may look at the post again. */
export const SEND_LEASE_MS = 60_000;

export type LeaseDecision =
	/** Send this request (the one fixed in the ledger at the first try, not the one proposed now). */
	| { kind: "go"; request: PublishRequest; attempt: number }
	/** A previous send's outcome is unknown: read the network before sending anything. */
	| { kind: "reconcile"; request: PublishRequest; attempt: number }
	/** Already published: just make sure the calendar says so. */
	| { kind: "done"; networkPostId: string; networkUrl: string | null; attempt: number }
	/** Already ended for good. */
	| { kind: "final"; reason: string; attempt: number }
	/** The double-post guard: nearly the same text already went out on this account within the window. */
	| { kind: "duplicate"; of: DuplicateOf }
	/** Someone else is sending it right now, or the account must wait: come back later. */
	| { kind: "wait"; seconds: number; why: "in_flight" | "backoff" | "budget" };

export type SendResult =
	| { state: "confirmed"; networkPostId: string; networkUrl: string | null }
	| { state: "released"; backoffSeconds?: number | null }
	| { state: "failed"; reason: string }
	| { state: "unknown" };

type LedgerRow = {
	post_id: string;
	state: "sent" | "confirmed" | "released" | "failed" | "unknown";
	attempt: number;
	request: string;
	lease_until: number;
	network_post_id: string | null;
	network_url: string | null;
	reason: string | null;
};

/** Sends per rolling minute, per account: under each network's documented posting limits. */
const SENDS_PER_MINUTE: Record<string, number> = { sandbox: 600, mastodon: 30, bluesky: 30, x: 10, linkedin: 10, facebook: 10 };

/** The double-post guard's settings for one check. */
export type DuplicateGuard = { windowMs: number; allowDuplicate: boolean };

export class AccountDesk extends DurableObject<Env> {
	private readonly sql: SqlStorage;
	private readonly reservations: Reservations;
	private readonly owners: ConversationOwners;
	private readonly keeper: CredentialKeeper;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		// The desk refreshes tokens: its fetches follow the same outbound rules as the Worker's.
		configureOutbound(env);
		this.sql = ctx.storage.sql;
		this.reservations = new Reservations(this.sql);
		this.owners = new ConversationOwners(this.sql);
		this.keeper = new CredentialKeeper(this.sql, env);
		this.sql.exec(`CREATE TABLE IF NOT EXISTS ledger (
			post_id TEXT PRIMARY KEY, state TEXT NOT NULL, attempt INTEGER NOT NULL, request TEXT NOT NULL,
			lease_until INTEGER NOT NULL, network_post_id TEXT, network_url TEXT, reason TEXT, updated_at INTEGER NOT NULL)`);
		this.sql.exec("CREATE TABLE IF NOT EXISTS sends (at INTEGER NOT NULL)");
		this.sql.exec("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
	}

	/**
	 * Bench only (`npm run soak`, through the flag-gated /__bench/evict): drops this desk's in-memory
	 * state and in-flight calls the way an eviction or a crash does; its storage (the ledger) stays.
	 * Answers false, doing nothing, in production; otherwise the call itself ends with the abort.
	 */
	benchEvict(): boolean {
		if (this.env.CHORUS_ENV === "production") return false;
		this.ctx.abort("evicted by the soak");
		return true;
	}

	/**
	 * May this post be sent now? Records the send in the ledger before answering "go", so whatever
	 * happens to the caller afterwards, nobody else gets a "go" for the same post.
	 */
	lease(
		postId: string,
		proposed: PublishRequest,
		network: string,
		now: number,
		idempotent: boolean,
		guard: DuplicateGuard & { scheduledAt: number; authorId: string },
	): LeaseDecision {
		return this.ctx.storage.transactionSync(() => {
			const row = this.sql.exec<LedgerRow>("SELECT * FROM ledger WHERE post_id = ?", postId).toArray()[0];
			if (row?.state === "confirmed") return { kind: "done", networkPostId: row.network_post_id ?? "", networkUrl: row.network_url, attempt: row.attempt };
			if (row?.state === "failed") return { kind: "final", reason: row.reason ?? "failed", attempt: row.attempt };
			if (row?.state === "sent" && row.lease_until > now) return { kind: "wait", seconds: Math.ceil((row.lease_until - now) / 1000), why: "in_flight" };

			const request = row ? (JSON.parse(row.request) as PublishRequest) : proposed;
			if (!row && !guard.allowDuplicate) {
				// Again at publish time: only what really went out counts here (reservations at schedule
				// time already refused the rest), so a post that slipped past the first check stops now.
				const candidate = { postId, text: request.text, at: guard.scheduledAt, authorId: guard.authorId };
				const of = this.reservations.conflict(candidate, guard.windowMs, (other) => this.ledger(other)?.state === "confirmed");
				if (of) return { kind: "duplicate", of };
			}
			// A send that never reported back (crash, eviction, timeout) may have reached the network.
			// Unless the network deduplicates by itself, look before sending again.
			const uncertain = row?.state === "sent" || row?.state === "unknown";
			if (uncertain && !idempotent) {
				this.writeLedger(postId, "sent", row.attempt, request, now);
				return { kind: "reconcile", request, attempt: row.attempt };
			}

			const wait = this.waitSeconds(network, now);
			if (wait > 0) return { kind: "wait", seconds: wait, why: this.backoffUntil() > now ? "backoff" : "budget" };

			const attempt = (row?.attempt ?? 0) + 1;
			this.writeLedger(postId, "sent", attempt, request, now);
			this.sql.exec("INSERT INTO sends (at) VALUES (?)", now);
			return { kind: "go", request, attempt };
		});
	}

	/** What the send (or the reconciliation) found out. */
	record(postId: string, result: SendResult, now: number): void {
		this.ctx.storage.transactionSync(() => {
			const row = this.sql.exec<LedgerRow>("SELECT * FROM ledger WHERE post_id = ?", postId).toArray()[0];
			if (!row || row.state === "confirmed") return;
			if (result.state === "confirmed") {
				this.sql.exec(
					"UPDATE ledger SET state = 'confirmed', network_post_id = ?, network_url = ?, lease_until = 0, updated_at = ? WHERE post_id = ?",
					result.networkPostId,
					result.networkUrl,
					now,
					postId,
				);
			} else if (result.state === "failed") {
				this.sql.exec("UPDATE ledger SET state = 'failed', reason = ?, lease_until = 0, updated_at = ? WHERE post_id = ?", result.reason, now, postId);
			} else {
				this.sql.exec("UPDATE ledger SET state = ?, lease_until = 0, updated_at = ? WHERE post_id = ?", result.state, now, postId);
				// The network asked the whole account to slow down, not just this post.
				if (result.state === "released" && result.backoffSeconds) {
					this.setKv("backoff_until", String(Math.max(this.backoffUntil(), now + result.backoffSeconds * 1000)));
				}
			}
		});
	}

	/**
	 * The double-post guard at scheduling time: refuses a post whose text is nearly the same as another
	 * reserved on this account within the window, else reserves it. `allowDuplicate` (a manager's
	 * override) reserves without checking.
	 */
	reserve(candidate: Reservation, guard: DuplicateGuard, now: number): { ok: true } | { ok: false; duplicateOf: DuplicateOf } {
		return this.ctx.storage.transactionSync(() => {
			this.reservations.prune(now - 30 * 86_400_000);
			if (!guard.allowDuplicate) {
				const of = this.reservations.conflict(candidate, guard.windowMs);
				if (of) return { ok: false as const, duplicateOf: of };
			}
			this.reservations.put(candidate);
			return { ok: true as const };
		});
	}

	/**
	 * reserve() for many posts at once (a spreadsheet import): all are reserved, or none and every
	 * refusal is named by its index. Posts in the same call are checked against each other too.
	 */
	reserveMany(
		candidates: Reservation[],
		guard: DuplicateGuard,
		now: number,
	): { ok: true } | { ok: false; refused: { index: number; duplicateOf: DuplicateOf }[] } {
		return this.ctx.storage.transactionSync(() => {
			this.reservations.prune(now - 30 * 86_400_000);
			const refused: { index: number; duplicateOf: DuplicateOf }[] = [];
			candidates.forEach((candidate, index) => {
				const of = guard.allowDuplicate ? null : this.reservations.conflict(candidate, guard.windowMs);
				if (of) refused.push({ index, duplicateOf: of });
				else this.reservations.put(candidate);
			});
			if (refused.length === 0) return { ok: true as const };
			for (const c of candidates) this.reservations.release(c.postId);
			return { ok: false as const, refused };
		});
	}

	/** Forgets a post's reservation (canceled, deleted, back to draft, or a compose that was refused elsewhere). */
	release(postId: string): void {
		this.reservations.release(postId);
	}

	claimConversation(conversationId: string, memberId: string, now: number): OwnerChange {
		return this.owners.claim(conversationId, memberId, now);
	}

	releaseConversation(conversationId: string, memberId: string, force: boolean): OwnerChange {
		return this.owners.release(conversationId, memberId, force);
	}

	handoffConversation(conversationId: string, from: string, to: string, force: boolean, now: number): OwnerChange {
		return this.owners.handoff(conversationId, from, to, force, now);
	}

	conversationOwner(conversationId: string): string | null {
		return this.owners.owner(conversationId);
	}

	/** The ledger entry for a post, for the dead-letter consumer and for tests. */
	ledger(postId: string): { state: LedgerRow["state"]; attempt: number; networkPostId: string | null } | null {
		const row = this.sql.exec<LedgerRow>("SELECT * FROM ledger WHERE post_id = ?", postId).toArray()[0];
		return row ? { state: row.state, attempt: row.attempt, networkPostId: row.network_post_id } : null;
	}

	/**
	 * The account's decrypted credentials, refreshed first when the access token is about to lapse.
	 * Concurrent callers share one refresh (functions/objects/desk/credential-keeper.ts).
	 */
	credentials(workspaceId: string, accountId: string, now: number): Promise<CredentialsAnswer> {
		return this.keeper.credentials(workspaceId, accountId, now);
	}

	/**
	 * A post's media as the network knows them, fixed by the first upload that finishes: a concurrent
	 * or later upload for the same post is answered with the fixed set, and its own is never attached.
	 */
	fixMedia(postId: string, media: NetworkMedia[]): NetworkMedia[] {
		const fixed = this.fixedMedia(postId);
		if (fixed) return fixed;
		this.setKv(`media:${postId}`, JSON.stringify(media));
		return media;
	}

	/** The request fixed in the ledger by the post's first lease, if any: what every retry sends. */
	fixedRequest(postId: string): PublishRequest | null {
		const row = this.sql.exec<{ request: string }>("SELECT request FROM ledger WHERE post_id = ?", postId).toArray()[0];
		return row ? (JSON.parse(row.request) as PublishRequest) : null;
	}

	fixedMedia(postId: string): NetworkMedia[] | null {
		const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", `media:${postId}`).toArray()[0];
		return row ? (JSON.parse(row.v) as NetworkMedia[]) : null;
	}

	/** A small cache for the network adapter (a Bluesky session, say), kept with the account. */
	cacheGet(key: string): Record<string, unknown> | null {
		const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", `cache:${key}`).toArray()[0];
		return row ? (JSON.parse(row.v) as Record<string, unknown>) : null;
	}

	cacheSet(key: string, value: Record<string, unknown> | null): void {
		if (value === null) this.sql.exec("DELETE FROM kv WHERE k = ?", `cache:${key}`);
		else this.setKv(`cache:${key}`, JSON.stringify(value));
	}

	/** The request is written only with the first entry: a retry always sends what the first try sent. */
	private writeLedger(postId: string, state: LedgerRow["state"], attempt: number, request: PublishRequest, now: number) {
		this.sql.exec(
			`INSERT INTO ledger (post_id, state, attempt, request, lease_until, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (post_id) DO UPDATE SET state = excluded.state, attempt = excluded.attempt, lease_until = excluded.lease_until, updated_at = excluded.updated_at`,
			postId,
			state,
			attempt,
			JSON.stringify(request),
			now + SEND_LEASE_MS,
			now,
		);
	}

	/** Seconds until this account may send again: the network's back-off, then our own budget. */
	private waitSeconds(network: string, now: number): number {
		const backoff = this.backoffUntil();
		if (backoff > now) return Math.ceil((backoff - now) / 1000);
		this.sql.exec("DELETE FROM sends WHERE at <= ?", now - 60_000);
		const limit = SENDS_PER_MINUTE[network] ?? 10;
		const recent = this.sql.exec<{ n: number; oldest: number }>("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM sends").one();
		return recent.n >= limit ? Math.max(1, Math.ceil((recent.oldest + 60_000 - now) / 1000)) : 0;
	}

	private backoffUntil(): number {
		const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = 'backoff_until'").toArray()[0];
		return row ? Number(row.v) : 0;
	}

	private setKv(k: string, v: string) {
		this.sql.exec("INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", k, v);
	}
}
