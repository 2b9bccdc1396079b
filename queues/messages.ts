/** The body of every queue message, validated on both sides: a malformed message is dropped loudly, not retried forever. */
import { z } from "zod";

export const publishMessage = z.object({
	postId: z.string(),
	workspaceId: z.string(),
	accountId: z.string(),
});
export type PublishMessage = z.infer<typeof publishMessage>;

export const ingestMessage = z.object({
	workspaceId: z.string(),
	accountId: z.string(),
	stream: z.enum(["mentions", "metrics"]),
});
export type IngestMessage = z.infer<typeof ingestMessage>;
