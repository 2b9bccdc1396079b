/**
 * Outbound webhook rules, pure: the events, the payload every receiver gets (Standard Webhooks shape:
 * `{ type, timestamp, data }`), how long to wait between attempts, and when to give up on a receiver.
 */
export const WEBHOOK_EVENTS = ["post.published", "post.failed", "post.needs_review", "conversation.assigned", "report.ready"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export type WebhookPayload = { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };

export const webhookPayload = (type: WebhookEventType, at: number, data: Record<string, unknown>): WebhookPayload => ({
	type,
	timestamp: new Date(at).toISOString(),
	data,
});

/**
 * Seconds to wait after failed attempt `n` (1-based) before the next one: the Standard Webhooks
 * reference schedule, shortened so a receiver that is down for a deploy catches up within hours.
 */
const RETRY_DELAYS = [5, 60, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600];
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS.length + 1;

export const retryDelaySeconds = (failedAttempt: number): number | null =>
	failedAttempt >= MAX_DELIVERY_ATTEMPTS ? null : RETRY_DELAYS[Math.max(0, failedAttempt - 1)]!;

/** Deliveries in a row that used every attempt before Chorus stops sending to the receiver. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 3;

export type AttemptResult = { status: number | null; error: string | null };

/** What one attempt means for its delivery and its webhook. */
export function judgeAttempt(
	result: AttemptResult,
	attempt: number,
	failedInARow: number,
): { outcome: "delivered" } | { outcome: "retry"; delaySeconds: number } | { outcome: "failed"; disable: string | null } {
	const { status } = result;
	if (status !== null && status >= 200 && status < 300) return { outcome: "delivered" };
	const what = status === null ? (result.error ?? "no answer") : `HTTP ${status}`;
	// Standard Webhooks: a receiver answers 410 Gone to say "stop sending".
	if (status === 410) return { outcome: "failed", disable: "The receiver answered 410 Gone: it asked Chorus to stop sending" };
	const delay = retryDelaySeconds(attempt);
	if (delay !== null) return { outcome: "retry", delaySeconds: delay };
	const inARow = failedInARow + 1;
	return {
		outcome: "failed",
		disable:
			inARow >= DISABLE_AFTER_FAILED_DELIVERIES
				? `${inARow} deliveries in a row failed after ${MAX_DELIVERY_ATTEMPTS} attempts each (last: ${what}); fix the receiver and re-enable the webhook`
				: null,
	};
}
