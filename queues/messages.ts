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
