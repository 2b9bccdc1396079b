/**
 * One interface for every network. An adapter turns a post into that network's HTTP calls and turns
 * the answer into a PublishOutcome; the publish consumer and the AccountDesk decide what happens next.
 * Adapters never retry by themselves: retries go through the queue so they survive restarts.
 */
import type { Finding } from "../../domain/findings";
import type { Network } from "../../domain/networks";

/** What is sent, fixed in the AccountDesk ledger before the first try so every retry sends the same. */
export type PublishRequest = {
	postId: string;
	/** The text as the network shows it (domain composeText: body plus link). */
	text: string;
	link: string | null;
	/** Stable per post: Mastodon's Idempotency-Key. */
	idempotencyKey: string;
	/** Stable per post: Bluesky's record key, a TID. */
	recordKey: string;
	/** Stable per post: the record's createdAt (ISO-8601 UTC), part of Bluesky's record content. */
	createdAt: string;
	/**
	 * Which message of a post this is, when it is not the post itself: a thread's "2".."n" or "comment"
	 * (domain/post-parts.ts). Absent for part 1. Lets findPublished tell a post's parts apart.
	 */
	part?: string;
	/** A reply: the network's id of the message answered (a thread part: the previous part's). Absent (or null) for an ordinary post. */
	inReplyTo?: string | null;
	/** Images and video already uploaded to the network, in order (absent or empty: text only). */
	media?: NetworkMedia[];
	/**
	 * Bluesky: the record's rich-text facets (links, tags, mentions already resolved to DIDs), found by
	 * the adapter's `prepare` before the first try. Absent on requests fixed before facets were prepared.
	 */
	facets?: Record<string, unknown>[];
	/**
	 * Threads and Instagram: the media container `prepare` created (meta-containers.ts). Fixed with the
	 * rest of the request, so every try publishes this one container and never makes a second post.
	 */
	containerId?: string;
	/** Instagram answers: whether `inReplyTo` is a media (POST …/comments) or a comment (POST …/replies), as `prepare` found. */
	replyEdge?: "comments" | "replies";
	/**
	 * Bluesky: the record's reply strong refs (the thread's root and the parent answered), looked up by
	 * `prepare` from `inReplyTo` and fixed with the request, so every retry writes the same record.
	 */
	replyRefs?: BlueskyReplyRefs;
};

export type StrongRef = { uri: string; cid: string };
export type BlueskyReplyRefs = { root: StrongRef; parent: StrongRef };

/**
 * What `prepare` made of a request: the request to fix in the ledger, and what the author should be
 * told about it (a warning on the post); or why it cannot be prepared now.
 */
export type PreparedRequest =
	| { kind: "ready"; request: PublishRequest; warnings: Finding[] }
	| Extract<PublishOutcome, { kind: "retry" | "auth" | "rejected" }>;

/** One item to upload: the facts of Chorus's media row and its bytes, read from R2. */
export type MediaUpload = {
	mediaId: string;
	type: string;
	size: number;
	alt: string;
	width: number | null;
	height: number | null;
	bytes: ArrayBuffer;
	/**
	 * For networks that fetch media themselves (Threads, Instagram: "media must be on a public server"):
	 * a signed, expiring address of these bytes on this Chorus; null when Chorus has no public address.
	 */
	publicUrl?: string | null;
};

/**
 * One item as the network knows it after the upload. Fixed in the AccountDesk before the first try,
 * like the text, so a retry attaches the same upload and never uploads into a second post.
 */
export type NetworkMedia = {
	mediaId: string;
	networkMediaId: string;
	alt: string;
	type: string;
	width: number | null;
	height: number | null;
	/** Bluesky: the blob reference the post record embeds. */
	blob?: Record<string, unknown>;
};

/** Uploads never publish anything, so a lost answer is just "try again". */
export type MediaUploadOutcome = { kind: "uploaded"; media: NetworkMedia[] } | Extract<PublishOutcome, { kind: "retry" | "auth" | "rejected" }>;

export type AccountContext = {
	accountId: string;
	workspaceId: string;
	handle: string;
	network: Network;
	/** Decrypted credentials, validated by functions/networks/credentials.ts when the account was connected. */
	credentials: Record<string, unknown>;
	/** Sandbox only: failures still ordered for the account when it was loaded (0 = none, skip the check). */
	sandboxFailCount?: number;
};

/** A short, human-readable note of what the network answered, kept with each attempt. */
export type NetworkAnswer = { status: number | null; summary: string };

export type PublishOutcome =
	| { kind: "published"; networkPostId: string; networkUrl: string | null; answer: NetworkAnswer }
	/** 429 or 5xx: try again, after `retryAfterSeconds` when the network said so. */
	| { kind: "retry"; retryAfterSeconds: number | null; answer: NetworkAnswer }
	/** Credentials refused: stop and ask a human to reconnect the account. */
	| { kind: "auth"; answer: NetworkAnswer }
	/** The network refused this content for good (validation, duplicate): no retry can help. */
	| { kind: "rejected"; answer: NetworkAnswer }
	/** Sent, but we cannot tell whether it was published (timeout, connection lost after sending). */
	| { kind: "unknown"; answer: NetworkAnswer };

/** What deleting a published post on the network came to. */
export type RetractOutcome =
	| { kind: "deleted"; answer: NetworkAnswer }
	/** The network no longer has it (deleted by hand, say): nothing left to take back. */
	| { kind: "gone"; answer: NetworkAnswer }
	/** Credentials refused: reconnect the account, then retract again. */
	| { kind: "auth"; answer: NetworkAnswer }
	/** Refused, rate limited or no answer: still on the network; the retract may be tried again. */
	| { kind: "failed"; answer: NetworkAnswer };

export type FoundPost = { networkPostId: string; networkUrl: string | null };

/** Small per-account cache the adapter may use (e.g. a Bluesky session), kept in the AccountDesk. */
export type SessionCache = {
	get(): Promise<Record<string, unknown> | null>;
	set(value: Record<string, unknown> | null): Promise<void>;
};

export interface NetworkAdapter {
	readonly network: Network;
	/**
	 * True when the network itself deduplicates a repeated send of the same request (Mastodon's
	 * Idempotency-Key, Bluesky's putRecord at a fixed key): an unknown outcome may then be retried.
	 */
	readonly idempotent: boolean;
	/**
	 * Optional: completes a request with what the network needs looked up first (Bluesky: facets, with
	 * @handles resolved to DIDs). Runs before the first lease only; the desk then fixes the result.
	 */
	prepare?(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<PreparedRequest>;
	publish(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<PublishOutcome>;
	/** Uploads a post's images and video through the network's media API, before the post itself. */
	uploadMedia(account: AccountContext, items: MediaUpload[], cache: SessionCache): Promise<MediaUploadOutcome>;
	/**
	 * Reads the account's recent posts looking for this request's post: the reconciliation after an
	 * unknown outcome. `null` means it could not tell (the read failed too).
	 */
	findPublished(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<FoundPost | "absent" | null>;
	/** Deletes a post this adapter published (its networkPostId) from the network. */
	retract(account: AccountContext, networkPostId: string, cache: SessionCache): Promise<RetractOutcome>;
}
