/**
 * The four things a network's refusal can mean, and what Chorus does about each:
 *
 * - retry-later: 429 and 5xx (and 408). Nothing was published; try again, after the network's own
 *   signal (Retry-After, a reset header) when it gave one.
 * - content-refused: this post (or its media) is refused for good: duplicate, too long, a reply the
 *   author may not send, media too large. Only this post fails, with the network's reason on it; the
 *   account and its other posts carry on.
 * - reconnect: the credentials themselves are refused (401, a revoked or expired token, a token of
 *   the wrong kind or without the scope plain posting needs). The account is held until a human
 *   reconnects it, because every other post would fail the same way.
 * - unknown-outcome: the network may have acted (a gateway timeout after it had the request):
 *   reconcile by reading the account back before any resend.
 *
 * Each network's classifier (x-errors.ts, linkedin-errors.ts, facebook-errors.ts) reads the status,
 * headers and the fields of the error body it documents, and returns only the class. The attempt's
 * summary (what the body said, shortened) is made separately by http.ts `answerOf`, so the two can
 * change independently.
 */
import { clip } from "./http";
import type { MediaUploadOutcome, NetworkAnswer, PublishOutcome } from "./types";

export type ErrorClass =
	| { class: "retry-later"; retryAfterSeconds: number | null }
	/** `label` says what was refused in Chorus's words ("X refused: duplicate content"); the network's reason follows it. */
	| { class: "content-refused"; label?: string }
	| { class: "reconnect"; label?: string }
	| { class: "unknown-outcome" };

/** A network's answer as the classifiers read it. */
export type ErrorResponse = { status: number; headers: Headers; body: string };

/**
 * The reading of a bare status, for answers a network's classifier found nothing specific in.
 * 401 is the only status that means "credentials" by itself; 403 is left to each network, which
 * uses it for content refusals (X's duplicates and reply restrictions) as well as for access.
 * 504 and Cloudflare's 524 mean a gateway gave up waiting for a network that had the request.
 */
export function classifyByStatus(status: number, retryAfterSeconds: number | null = null): ErrorClass {
	if (status === 429 || status === 408) return { class: "retry-later", retryAfterSeconds };
	if (status === 401) return { class: "reconnect" };
	if (status === 504 || status === 524) return { class: "unknown-outcome" };
	if (status >= 500) return { class: "retry-later", retryAfterSeconds };
	// 400, 403, 404, 409, 413 (media too large), 422 …: this request as it stands will not be taken.
	return { class: "content-refused" };
}

function labelled(answer: NetworkAnswer, label: string | undefined): NetworkAnswer {
	return label ? { status: answer.status, summary: clip(`${label} (${answer.summary})`) } : answer;
}

/** The publish outcome of a classified refusal; `answer` is the attempt's summary of the body. */
export function publishOutcomeOf(cls: ErrorClass, answer: NetworkAnswer): PublishOutcome {
	switch (cls.class) {
		case "retry-later":
			return { kind: "retry", retryAfterSeconds: cls.retryAfterSeconds, answer };
		case "content-refused":
			return { kind: "rejected", answer: labelled(answer, cls.label) };
		case "reconnect":
			return { kind: "auth", answer: labelled(answer, cls.label) };
		case "unknown-outcome":
			return { kind: "unknown", answer };
	}
}

/** The same for a media upload, which publishes nothing: an unknown outcome is simply tried again. */
export function uploadOutcomeOf(cls: ErrorClass, answer: NetworkAnswer): Exclude<MediaUploadOutcome, { kind: "uploaded" }> {
	const outcome = publishOutcomeOf(cls, answer);
	return outcome.kind === "unknown" || outcome.kind === "published" ? { kind: "retry", retryAfterSeconds: null, answer: outcome.answer } : outcome;
}
