/** The body of every queue message, validated on both sides: a malformed message is dropped loudly, not retried forever. */
import { z } from "zod";

export const publishMessage = z.object({
	postId: z.string(),
	workspaceId: z.string(),
	accountId: z.string(),
});
export type PublishMessage = z.infer<typeof publishMessage>;

/** REPORTS: build a run, or deliver a finished one to its webhook. */
export const reportMessage = z.object({
	kind: z.enum(["build", "deliver"]),
	runId: z.string(),
	workspaceId: z.string(),
});
export type ReportMessage = z.infer<typeof reportMessage>;
/** NOTIFY: fan an event out to its recipients, or mail one member's notification (retried alone). */
export const notifyMessage = z.discriminatedUnion("type", [
	z.object({ type: z.literal("fanout"), eventId: z.string() }),
	z.object({ type: z.literal("email"), notificationId: z.string() }),
]);
export type NotifyMessage = z.infer<typeof notifyMessage>;
export const ingestMessage = z.object({
	workspaceId: z.string(),
	accountId: z.string(),
	stream: z.enum(["mentions", "metrics"]),
});
export type IngestMessage = z.infer<typeof ingestMessage>;
