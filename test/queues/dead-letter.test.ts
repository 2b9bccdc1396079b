import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { handlePublishDeadLetters } from "../../queues/dead-letter";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

async function claimedPost(failMode?: string) {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws);
	if (failMode) await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode, failCount: 5 } } });
	const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
	const p = (
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: `dead letter ${failMode}`, scheduledAt: new Date(dueAt).toISOString() } })
	).body.posts[0];
	await runSweep(dueAt);
	return { p, dueAt };
}

const deadLetter = (bodies: unknown[]) =>
	handlePublishDeadLetters(
		createMessageBatch(
			"chorus-publish-dlq",
			bodies.map((body, i) => ({ id: `d${i}`, timestamp: new Date(), attempts: 1, body })),
		),
		env,
		() => Date.now(),
	);

describe("the dead-letter consumer", () => {
	it("gives a post the queue gave up on a final status: failed when nothing was sent", async () => {
		const { p } = await claimedPost();
		await deadLetter(queue.sent);
		const row = await postRow(p.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toMatch(/nothing was sent/);
	});

	it("needs_review when a send's outcome was unknown", async () => {
		const { p, dueAt } = await claimedPost("timeout_after_send");
		await deliver(queue.sent, dueAt);
		await deadLetter(queue.sent);
		expect(await postRow(p.id)).toMatchObject({ status: "needs_review" });
	});

	it("leaves finished posts alone and ignores malformed messages", async () => {
		const { p, dueAt } = await claimedPost();
		await deliver(queue.sent, dueAt);
		await deadLetter([...queue.sent, { nonsense: true }]);
		expect((await postRow(p.id))?.status).toBe("published");
	});
});
