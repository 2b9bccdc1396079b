/**
 * What every adapter needs around fetch: a timeout that tells "never sent" from "sent, no answer",
 * the networks' rate-limit signals, a status classification, and a short summary for the attempt log
 * (domain/error-summary.ts: the status, the network's error code and message, never the body).
 * Everything a network answers is untrusted: bodies are size-capped and parsed with zod, never cast.
 */
import type { z } from "zod";
import { clipText, summarizeError } from "../../domain/error-summary";
import type { NetworkAnswer, PublishOutcome, RetractOutcome } from "./types";

export const defaultTimeoutMs = 10_000;
/** Enough for 40 Mastodon statuses with their accounts; a longer body is cut and will not parse. */
const maxBodyBytes = 1_048_576;

export type Sent =
	| { kind: "response"; status: number; headers: Headers; body: string }
	/** Certainly nothing reached the network's application: safe to send again, whatever the network. */
	| { kind: "not-sent"; reason: string }
	/** The request may have been received and acted on; only a read-back can tell. */
	| { kind: "unknown"; reason: string };

/**
 * fetch with a deadline covering the status line and the body.
 *
 * Limits of the "not sent" call, measured in workerd (local) and Node 22 (undici):
 * - A TypeError other than undici's "fetch failed" is thrown before any I/O (bad URL, unsupported
 *   scheme, invalid header): not sent.
 * - Node reports connect-phase failures with a cause code (ECONNREFUSED, ENOTFOUND, connect timeout):
 *   not sent. Other causes (ECONNRESET, socket closed) may come after the request went out: unknown.
 * - workerd throws the same `Error("Network connection lost.")` for a refused connection and for a
 *   connection reset after the request was written, and "internal error; reference = …" for a failed
 *   DNS lookup; its `retryable` flag is set for both cases, so it cannot tell either. Both are unknown.
 *   Deployed Workers usually turn DNS/connect failures into a Cloudflare 52x/530 response instead,
 *   which classifyStatus handles.
 * - Our own deadline firing is always unknown: the request may be sitting in the network's queue.
 * So a non-idempotent network sees a few refused connections as "unknown" and reconciles by reading
 * back; that costs a read, never a duplicate.
 */
export async function sendWithTimeout(
	fetchFn: (url: string, init: RequestInit) => Promise<Response>,
	url: string,
	init: RequestInit,
	ms: number = defaultTimeoutMs,
): Promise<Sent> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), ms);
	let response: Response;
	try {
		// redirect "manual": following a redirect would turn a POST into a GET somewhere else.
		response = await fetchFn(url, { redirect: "manual", ...init, signal: controller.signal });
	} catch (error) {
		clearTimeout(timer);
		if (controller.signal.aborted) return { kind: "unknown", reason: `no answer within ${seconds(ms)}` };
		return classifyFetchError(error);
	}
	try {
		const body = await readCapped(response);
		return { kind: "response", status: response.status, headers: response.headers, body };
	} catch (error) {
		// The status line arrived, so the request was received; what it did is in the lost body.
		const reason = controller.signal.aborted ? `answer cut off after ${seconds(ms)}` : `answer lost: ${errorMessage(error)}`;
		return { kind: "unknown", reason: `${response.status}, ${reason}` };
	} finally {
		clearTimeout(timer);
	}
}

const connectCodes = new Set([
	"ECONNREFUSED",
	"ENOTFOUND",
	"EAI_AGAIN",
	"EHOSTUNREACH",
	"ENETUNREACH",
	"EADDRNOTAVAIL",
	"UND_ERR_CONNECT_TIMEOUT",
	"ERR_TLS_CERT_ALTNAME_INVALID",
	"CERT_HAS_EXPIRED",
	"UNABLE_TO_VERIFY_LEAF_SIGNATURE",
	"DEPTH_ZERO_SELF_SIGNED_CERT",
]);

export function classifyFetchError(error: unknown): Sent & { kind: "not-sent" | "unknown" } {
	const message = errorMessage(error);
	if (error instanceof TypeError && message !== "fetch failed") return { kind: "not-sent", reason: message };
	const code = causeCode(error);
	if (code && connectCodes.has(code)) return { kind: "not-sent", reason: `${code}: could not connect` };
	return { kind: "unknown", reason: code ? `${message} (${code})` : message };
}

function causeCode(error: unknown): string | null {
	// undici: TypeError("fetch failed", { cause: Error & { code } }), sometimes an AggregateError of attempts.
	let cause: unknown = error instanceof Error ? error.cause : undefined;
	for (let depth = 0; cause && depth < 3; depth++) {
		if (typeof cause === "object" && "code" in cause && typeof cause.code === "string") return cause.code;
		if (cause instanceof AggregateError) cause = cause.errors[0];
		else cause = cause instanceof Error ? cause.cause : undefined;
	}
	return null;
}

async function readCapped(response: Response): Promise<string> {
	if (!response.body) return "";
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	while (size < maxBodyBytes) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		size += value.byteLength;
	}
	if (size >= maxBodyBytes) await reader.cancel().catch(() => {});
	const bytes = new Uint8Array(Math.min(size, maxBodyBytes));
	let offset = 0;
	for (const chunk of chunks) {
		const part = chunk.subarray(0, bytes.length - offset);
		bytes.set(part, offset);
		offset += part.length;
		if (offset >= bytes.length) break;
	}
	return new TextDecoder().decode(bytes);
}

/**
 * Seconds to wait before trying again, from the first signal present: Retry-After (delta-seconds or
 * HTTP-date), X's x-rate-limit-reset (epoch seconds), Mastodon's X-RateLimit-Reset (ISO 8601; GoToSocial
 * sends epoch seconds), Bluesky's ratelimit-reset (epoch seconds; the IETF draft it follows says
 * delta-seconds, so small numbers are read as that). null when none is usable. Never negative.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | null {
	const retryAfter = headers.get("retry-after");
	if (retryAfter !== null) {
		const value = retryAfter.trim();
		if (/^\d+$/.test(value)) return Number(value);
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return secondsUntil(date, now);
	}
	for (const name of ["x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"]) {
		const seconds = resetHeaderSeconds(headers.get(name), now);
		if (seconds !== null) return seconds;
	}
	return null;
}

/** A reset header's value as seconds from now: epoch seconds, epoch milliseconds, delta-seconds or a date. */
export function resetHeaderSeconds(value: string | null, now: number = Date.now()): number | null {
	if (value === null) return null;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		if (n >= 1e12) return secondsUntil(n, now); // epoch milliseconds
		if (n >= 1e9) return secondsUntil(n * 1000, now); // epoch seconds (any date after 2001)
		return Math.ceil(n); // delta-seconds
	}
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : secondsUntil(date, now);
}

function secondsUntil(epochMs: number, now: number): number {
	return Math.max(0, Math.ceil((epochMs - now) / 1000));
}

export type StatusClass = "ok" | "retry" | "auth" | "rejected" | "unknown";

/**
 * The default reading of an HTTP status; adapters read the body first where a network reuses a status
 * (X's 403 for duplicates, Graph API error codes, Bluesky's 400 ExpiredToken).
 * 504 and Cloudflare's 524 mean a gateway gave up waiting for a network that had the request: unknown,
 * not retry, so a network without idempotency reconciles before sending again.
 */
export function classifyStatus(status: number): StatusClass {
	if (status >= 200 && status < 300) return "ok";
	if (status === 429 || status === 408) return "retry";
	if (status === 401 || status === 403) return "auth";
	if (status === 504 || status === 524) return "unknown";
	if (status >= 500) return "retry";
	return "rejected";
}

/** The outcome for a response whose body the adapter had nothing specific to say about. */
export function outcomeForStatus(status: number, answer: NetworkAnswer, retryAfterSeconds: number | null = null): PublishOutcome {
	const kind = classifyStatus(status);
	switch (kind) {
		case "retry":
			return { kind, retryAfterSeconds, answer };
		case "auth":
		case "rejected":
		case "unknown":
			return { kind, answer };
		case "ok":
			// A 2xx the adapter did not recognise as success: it may have published.
			return { kind: "unknown", answer };
	}
}

/** The outcome when no response came back. */
export function outcomeForFailure(sent: Sent & { kind: "not-sent" | "unknown" }): PublishOutcome {
	if (sent.kind === "not-sent") return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`not sent: ${sent.reason}`) } };
	return { kind: "unknown", answer: { status: null, summary: clip(`outcome unknown: ${sent.reason}`) } };
}

/**
 * The outcome of a delete call by its status: 2xx deleted, 404/410 already gone, 401/403 credentials,
 * anything else (or no answer) failed and still there as far as we know.
 */
export function retractOutcome(sent: Sent, okStatuses: number[] = [200, 204]): RetractOutcome {
	if (sent.kind !== "response") return { kind: "failed", answer: { status: null, summary: clip(`no answer: ${sent.reason}`) } };
	const answer = answerOf(sent.status, sent.body);
	if (okStatuses.includes(sent.status)) return { kind: "deleted", answer };
	if (sent.status === 404 || sent.status === 410) return { kind: "gone", answer };
	if (sent.status === 401 || sent.status === 403) return { kind: "auth", answer };
	return { kind: "failed", answer };
}

export { summaryLimit } from "../../domain/error-summary";

/** "status: code: message" in at most 200 characters, never the body itself (domain/error-summary.ts). */
export function summarize(status: number | null, body: string): string {
	return summarizeError(status, body);
}

export function answerOf(status: number | null, body: string, prefix?: string): NetworkAnswer {
	const summary = summarize(status, body);
	return { status, summary: prefix ? clip(`${prefix} (${summary})`) : summary };
}

/** Our own text around a summary, kept to one short line. */
export function clip(text: string, limit?: number): string {
	return clipText(text, limit);
}

export function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** The body parsed and checked against schema, or null when it is not what the network documents. */
export function readJson<T extends z.ZodType>(body: string, schema: T): z.infer<T> | null {
	const parsed = schema.safeParse(parseJson(body));
	return parsed.success ? parsed.data : null;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
