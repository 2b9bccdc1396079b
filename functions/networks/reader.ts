/**
 * Reading from the networks for measurement: new mentions and replies since a cursor, and the
 * account's follower count and recent posts' counts. Readers never write: the ingest consumer stores
 * what they return and only then moves the cursor, so a failure part-way reads the same page again
 * and the external ids make that harmless.
 */
import { z } from "zod";
import type { ErrorClass, ErrorResponse } from "./error-class";
import { answerOf, classifyStatus, parseRetryAfter, readJson, type Sent } from "./http";
import type { AccountContext, SessionCache } from "./types";

export type FetchedMention = {
	externalId: string;
	author: { handle: string; name?: string };
	text: string;
	createdAt: number;
	inReplyTo: string | null;
	/** Whether the author follows the account; null when the network did not say. */
	isFollower: boolean | null;
	/** The message's own page on the network, when the reader knows it (LinkedIn and Facebook comments). */
	url?: string | null;
};

/** One page of mentions, oldest first, and the cursor to store once they are saved. */
export type MentionPage = { mentions: FetchedMention[]; cursor: string | null; more: boolean };

export type PostCounts = {
	networkPostId: string;
	likes: number | null;
	reposts: number | null;
	replies: number | null;
	quotes: number | null;
	impressions: number | null;
	clicks: number | null;
};
export type MetricsSnapshot = {
	followers: number | null;
	posts: PostCounts[];
	/** Earlier days' follower counts, where the network keeps them (only the sandbox does). */
	history?: { date: string; followers: number }[];
};

export type ReadFailure =
	/** 429, 5xx or no answer: try again later with the cursor unchanged. */
	| { kind: "retry"; retryAfterSeconds: number | null; reason: string }
	/** Credentials refused or missing: a human must reconnect the account. */
	| { kind: "auth"; reason: string }
	/** The network answered something unusable: logged, tried again at the next interval. */
	| { kind: "failed"; reason: string };
export type ReadResult<T> = { kind: "ok"; value: T } | ReadFailure;

export interface NetworkReader {
	/** `cursor` is what the previous page returned (null the first time). */
	readMentions(account: AccountContext, cursor: string | null, cache: SessionCache): Promise<ReadResult<MentionPage>>;
	/** `networkPostIds`: the account's recently published posts, newest first. */
	readMetrics(account: AccountContext, networkPostIds: string[], cache: SessionCache): Promise<ReadResult<MetricsSnapshot>>;
}

/** A GET's answer read with a schema, or the failure it amounts to. */
export function readAnswer<T extends z.ZodType>(sent: Sent, schema: T, what: string): ReadResult<z.infer<T>> {
	if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, reason: `${what}: ${sent.reason}` };
	const status = classifyStatus(sent.status);
	if (status === "ok") {
		const value = readJson(sent.body, schema);
		return value === null ? { kind: "failed", reason: `${what}: unreadable answer (${answerOf(sent.status, sent.body).summary})` } : { kind: "ok", value };
	}
	const reason = `${what}: ${answerOf(sent.status, sent.body).summary}`;
	if (status === "auth") return { kind: "auth", reason };
	if (status === "retry" || status === "unknown")
		return { kind: "retry", retryAfterSeconds: sent.status === 429 ? parseRetryAfter(sent.headers) : null, reason };
	return { kind: "failed", reason };
}

/**
 * A GET's answer read with a schema, a refusal classified by the network's own error classifier
 * (linkedin-errors.ts, facebook-errors.ts): reading publishes nothing, so an unknown outcome is a retry,
 * and a refusal of this read (a post since deleted, a field not served) is a failure to log.
 */
export function readClassified<T extends z.ZodType>(sent: Sent, schema: T, what: string, classify: (r: ErrorResponse) => ErrorClass): ReadResult<z.infer<T>> {
	if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, reason: `${what}: ${sent.reason}` };
	if (sent.status >= 200 && sent.status < 300) return readAnswer(sent, schema, what);
	const reason = `${what}: ${answerOf(sent.status, sent.body).summary}`;
	const cls = classify(sent);
	switch (cls.class) {
		case "retry-later":
			return { kind: "retry", retryAfterSeconds: cls.retryAfterSeconds, reason };
		case "unknown-outcome":
			return { kind: "retry", retryAfterSeconds: null, reason };
		case "reconnect":
			return { kind: "auth", reason: cls.label ? `${cls.label}: ${reason}` : reason };
		case "content-refused":
			return { kind: "failed", reason };
	}
}

/** Numeric ids (Mastodon, X) compare by length, then text: they do not fit in a double. */
export function newerId(a: string | null, b: string | null): string | null {
	if (a === null) return b;
	if (b === null) return a;
	return a.length !== b.length ? (a.length > b.length ? a : b) : a > b ? a : b;
}

/**
 * For networks that page from the newest back (Bluesky, X): the newest position stored (`since`) and,
 * while a backlog is being read, the newest seen so far (`top`) and the page to continue from.
 */
const pagedCursor = z.object({ since: z.string().nullable(), top: z.string().optional(), page: z.string().optional() });
export type PagedCursor = z.infer<typeof pagedCursor>;

/** A cursor that does not read (older format, hand-edited) starts over: the external ids keep that harmless. */
export function readCursor(raw: string | null): PagedCursor {
	try {
		const parsed = pagedCursor.safeParse(raw ? JSON.parse(raw) : null);
		return parsed.success ? parsed.data : { since: null };
	} catch {
		return { since: null };
	}
}
