/**
 * What the post page says about publishing, in plain words: attempt outcomes, why a post waits,
 * and whether it is (or went out) late. The threshold is the sweep's, so the page and the audit agree.
 */
import type { attemptView } from "../db/queries/attempts";
import type { PostView } from "../functions/services/post-view";
import { LATE_AFTER_MS } from "../queues/cron";
import { isoToMs } from "./format";

export type AttemptItem = ReturnType<typeof attemptView>;
export type Outcome = AttemptItem["outcome"];

export const outcomeLabels: Record<Outcome, string> = {
	published: "Published",
	retry: "Will retry",
	auth: "Refused credentials",
	rejected: "Refused by the network",
	unknown: "Outcome unknown",
	reconciled: "Found on the network after an unknown outcome",
	needs_review: "Needs review",
	failed: "Gave up",
};

/** How each outcome looks: good, pending (more to come) or bad. */
export const outcomeTone: Record<Outcome, "ok" | "wait" | "bad"> = {
	published: "ok",
	reconciled: "ok",
	retry: "wait",
	unknown: "wait",
	auth: "bad",
	rejected: "bad",
	needs_review: "bad",
	failed: "bad",
};

const holdReasons: Record<string, string> = {
	account_paused: "the account is paused",
	needs_reconnect: "the account needs reconnecting",
};

/** "Waiting: the account is paused"; a reason this page does not know yet still reads as words. */
export const holdText = (reason: string) => `Waiting: ${holdReasons[reason] ?? reason.replaceAll("_", " ")}`;

const notOutYet: PostView["status"][] = ["pending_approval", "scheduled", "publishing"];

export type Lateness = { kind: "late" | "published_late"; byMs: number } | null;

/** Late: more than LATE_AFTER_MS past its time and not out yet, or published that much after its time. */
export function lateness(post: PostView, now: number): Lateness {
	const at = isoToMs(post.scheduledAt);
	if (at === null) return null;
	if (post.status === "published") {
		const published = isoToMs(post.publishedAt);
		return published !== null && published - at > LATE_AFTER_MS ? { kind: "published_late", byMs: published - at } : null;
	}
	return notOutYet.includes(post.status) && now - at > LATE_AFTER_MS ? { kind: "late", byMs: now - at } : null;
}
