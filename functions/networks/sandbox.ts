/**
 * The sandbox network: publishes into Chorus's own feed table, and fails on purpose when told to
 * (API.md, Accounts). Like a real network it does not deduplicate: a double send shows as two items,
 * which is what makes it useful for proving that Chorus never double-sends.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { account, sandboxFeedItem } from "../../db/schema";
import type { AccountContext, NetworkAdapter, PublishOutcome, PublishRequest } from "./types";

/** Takes one failure off the account's budget and says which mode applies to this send. */
async function consumeFailMode(db: Db, accountId: string): Promise<string> {
	const [row] = await db
		.update(account)
		.set({ sandboxFailCount: sql`CASE WHEN ${account.sandboxFailMode} = 'auth' THEN ${account.sandboxFailCount} ELSE ${account.sandboxFailCount} - 1 END` })
		.where(and(eq(account.id, accountId), gt(account.sandboxFailCount, 0)))
		.returning({ mode: account.sandboxFailMode });
	return row?.mode ?? "none";
}

const feedUrl = (accountId: string, itemId: string) => `/sandbox/${accountId}#${itemId}`;

export function createSandboxAdapter(db: Db): NetworkAdapter {
	async function store(acc: AccountContext, request: PublishRequest, unreadable: boolean, now: number) {
		const id = newId();
		await db.insert(sandboxFeedItem).values({
			id,
			workspaceId: acc.workspaceId,
			accountId: acc.accountId,
			postId: request.postId,
			part: request.part ?? "1",
			text: request.text,
			inReplyTo: request.inReplyTo ?? null,
			unreadable,
			createdAt: now,
		});
		return id;
	}

	return {
		network: "sandbox",
		idempotent: false,
		async publish(acc, request): Promise<PublishOutcome> {
			// No failure ordered (the consumer loaded the account a moment ago): skip the write.
			const mode = acc.sandboxFailCount === 0 ? "none" : await consumeFailMode(db, acc.accountId);
			const now = Date.now();
			switch (mode) {
				case "rate_limit":
					return { kind: "retry", retryAfterSeconds: 2, answer: { status: 429, summary: "429 Too Many Requests (Retry-After: 2)" } };
				case "server_error":
					return { kind: "retry", retryAfterSeconds: null, answer: { status: 503, summary: "503 Service Unavailable" } };
				case "auth":
					return { kind: "auth", answer: { status: 401, summary: "401 Unauthorized: the sandbox refuses these credentials" } };
				case "timeout_after_send":
					await store(acc, request, false, now);
					return { kind: "unknown", answer: { status: null, summary: "timed out waiting for the sandbox after sending" } };
				case "unknown_after_send":
					await store(acc, request, true, now);
					return { kind: "unknown", answer: { status: null, summary: "timed out waiting for the sandbox after sending" } };
				default: {
					const id = await store(acc, request, false, now);
					return { kind: "published", networkPostId: id, networkUrl: feedUrl(acc.accountId, id), answer: { status: 201, summary: `201 Created ${id}` } };
				}
			}
		},
		// Nothing leaves the Worker: the network's id for an item is derived from Chorus's.
		async uploadMedia(_acc, items) {
			return {
				kind: "uploaded",
				media: items.map((m) => ({
					mediaId: m.mediaId,
					networkMediaId: `sandbox-media-${m.mediaId}`,
					alt: m.alt,
					type: m.type,
					width: m.width,
					height: m.height,
				})),
			};
		},
		async retract(acc, networkPostId) {
			const removed = await db
				.delete(sandboxFeedItem)
				.where(and(eq(sandboxFeedItem.accountId, acc.accountId), eq(sandboxFeedItem.id, networkPostId)))
				.returning({ id: sandboxFeedItem.id });
			return removed.length
				? { kind: "deleted", answer: { status: 204, summary: `204 Deleted ${networkPostId}` } }
				: { kind: "gone", answer: { status: 404, summary: "404 Not Found" } };
		},
		async findPublished(acc, request) {
			const items = await db
				.select()
				.from(sandboxFeedItem)
				// A thread's parts share the post's id: the part tells them apart.
				.where(and(eq(sandboxFeedItem.accountId, acc.accountId), eq(sandboxFeedItem.postId, request.postId), eq(sandboxFeedItem.part, request.part ?? "1")))
				.limit(1);
			const item = items[0];
			if (!item) return "absent";
			if (item.unreadable) return null;
			return { networkPostId: item.id, networkUrl: feedUrl(acc.accountId, item.id) };
		},
	};
}
