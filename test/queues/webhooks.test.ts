import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS } from "../../domain/webhooks";
import { addAccount, call, signUp, type Workspace } from "../helpers/api";
import { captureQueue, deliver, runSweep } from "../helpers/publishing";
import { captureWebhooks, deliverWebhooks, receiver } from "../helpers/webhooks";

const restores: (() => void)[] = [];
afterEach(() => {
	for (const restore of restores.splice(0)) restore();
});

const HOUR = 3_600_000;

async function setUp(events: string[] = ["post.published", "post.failed"]) {
	const publish = captureQueue();
	const hooks = captureWebhooks();
	restores.push(publish.restore, hooks.restore);
	const ws = await signUp();
	const acc = await addAccount(ws);
	const created = await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/chorus", events } });
	expect(created.status).toBe(201);
	return { ws, acc, publish, hooks, webhook: created.body as { id: string; secret: string } };
}

/** Schedules a post, lets the sweep claim it and the consumer publish it to the sandbox. */
async function publishOne(ws: Workspace, accountId: string, publish: ReturnType<typeof captureQueue>) {
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId, body: `Launch notes ${Math.random()}`, scheduledAt: new Date(dueAt).toISOString() },
	});
	expect(res.status).toBe(201);
	await runSweep(dueAt);
	const message = publish.sent.find((s) => s.postId === res.body.posts[0].id)!;
	await deliver([message], dueAt);
	return { postId: res.body.posts[0].id as string, dueAt, message };
}

const deliveries = async (ws: Workspace, id: string) => (await call("GET", `/webhooks/${id}/deliveries`, { token: ws.token })).body;

describe("webhook delivery", () => {
	it("post.published is signed per Standard Webhooks (verified by the library) and retried after a 500", async () => {
		const { ws, acc, publish, hooks, webhook } = await setUp();
		const { postId, dueAt } = await publishOne(ws, acc.id, publish);
		expect(hooks.sent).toHaveLength(1); // flushed by the publish consumer itself
		const [deliveryId] = hooks.sent;

		const down = receiver([500]);
		restores.push(down.restore);
		const first = await deliverWebhooks([deliveryId!], dueAt + 1000);
		down.restore();
		expect(first.retried).toEqual([deliveryId]);
		let log = await deliveries(ws, webhook.id);
		expect(log.items[0]).toMatchObject({ id: deliveryId, event: "post.published", status: "pending", attempts: 1, lastStatus: 500 });

		const up = receiver([204]);
		restores.push(up.restore);
		// Delivered at the real time: the verifier refuses timestamps more than 5 minutes off its clock.
		const second = await deliverWebhooks([deliveryId!], Date.now());
		expect(second.acked).toEqual([deliveryId]);
		const [request] = up.received;
		expect(request!.url).toBe("https://hooks.example.com/chorus");
		expect(request!.headers["webhook-id"]).toBe(deliveryId);
		// The receiver's side: the library's own verifier with the secret shown once at creation.
		const verified = new Webhook(webhook.secret).verify(request!.body, request!.headers) as {
			type: string;
			data: { post: { id: string; networkPostId: string } };
		};
		expect(verified.type).toBe("post.published");
		expect(verified.data.post.id).toBe(postId);
		expect(verified.data.post.networkPostId).toBeTruthy();
		// A tampered body or another secret does not verify.
		expect(() => new Webhook(webhook.secret).verify(request!.body.replace(postId, "other"), request!.headers)).toThrow();
		expect(() => new Webhook(`whsec_${btoa("another secret of enough length")}`).verify(request!.body, request!.headers)).toThrow();

		log = await deliveries(ws, webhook.id);
		expect(log.items[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 204, lastError: null });
		// A duplicate queue message for a delivered event sends nothing more.
		await deliverWebhooks([deliveryId!], dueAt + 7000);
		expect(up.received).toHaveLength(1);
	});

	it("a repeated publish delivery announces nothing twice; unsubscribed events make no deliveries", async () => {
		const { ws, acc, publish, hooks, webhook } = await setUp(["post.published"]);
		const { message, dueAt } = await publishOne(ws, acc.id, publish);
		await deliver([message], dueAt + 5000); // the queue delivers the same message again
		expect(hooks.sent).toHaveLength(1);
		const other = await setUp(["post.failed"]);
		await publishOne(other.ws, other.acc.id, other.publish);
		expect((await deliveries(other.ws, other.webhook.id)).items).toHaveLength(0);
		expect((await deliveries(ws, webhook.id)).items).toHaveLength(1);
	});

	it("post.failed reaches a webhook when the network refuses for good", async () => {
		const { ws, acc, publish, hooks, webhook } = await setUp(["post.failed"]);
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "auth" } } });
		await publishOne(ws, acc.id, publish);
		expect(hooks.sent).toHaveLength(1);
		const log = await deliveries(ws, webhook.id);
		expect(log.items[0].event).toBe("post.failed");
		expect(log.items[0].payload.data.post.failureReason).toBeTruthy();
	});

	it("gives up after every attempt, and disables the webhook after repeated failed deliveries, with the reason", async () => {
		const { ws, acc, publish, hooks, webhook } = await setUp(["post.published"]);
		const down = receiver([503]);
		restores.push(down.restore);
		let now = Date.now() + 2 * HOUR;
		for (let d = 0; d < 3; d++) await publishOne(ws, acc.id, publish);
		expect(hooks.sent).toHaveLength(3);
		for (const id of hooks.sent) {
			for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
				now += 1000;
				const result = await deliverWebhooks([id], now);
				if (attempt < MAX_DELIVERY_ATTEMPTS) expect(result.retried).toEqual([id]);
				else expect(result.acked).toEqual([id]);
			}
		}
		const hook = (await call("GET", `/webhooks/${webhook.id}`, { token: ws.token })).body;
		expect(hook.enabled).toBe(false);
		expect(hook.disabledReason).toMatch(/3 deliveries in a row failed.*HTTP 503/);
		const log = await deliveries(ws, webhook.id);
		expect(log.items.map((i: { status: string }) => i.status)).toEqual(["failed", "failed", "failed"]);
		// Disabled: new events make no deliveries until a member re-enables it.
		await publishOne(ws, acc.id, publish);
		expect(hooks.sent).toHaveLength(3);
		const again = await call("PATCH", `/webhooks/${webhook.id}`, { token: ws.token, json: { enabled: true } });
		expect(again.body).toMatchObject({ enabled: true, disabledReason: null, failedInARow: 0 });
	});

	it("a 410 Gone answer disables the webhook at once", async () => {
		const { ws, acc, publish, hooks, webhook } = await setUp(["post.published"]);
		const { dueAt } = await publishOne(ws, acc.id, publish);
		const gone = receiver([410]);
		restores.push(gone.restore);
		expect((await deliverWebhooks(hooks.sent, dueAt + 1000)).acked).toEqual(hooks.sent);
		const hook = (await call("GET", `/webhooks/${webhook.id}`, { token: ws.token })).body;
		expect(hook).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/410 Gone/) });
	});

	it("conversation.assigned fires when a member claims, not on release", async () => {
		const { ws, acc, hooks, webhook } = await setUp(["conversation.assigned"]);
		const res = await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [
					{
						accountId: acc.id,
						network: "sandbox",
						externalId: `ext-${Date.now()}`,
						author: "@carol",
						text: "Is the app down?",
						createdAt: new Date().toISOString(),
					},
				],
			},
		});
		const conversationId = res.body.items[0].conversationId;
		expect((await call("POST", `/conversations/${conversationId}/claim`, { token: ws.token })).status).toBe(200);
		expect((await call("POST", `/conversations/${conversationId}/release`, { token: ws.token })).status).toBe(200);
		expect(hooks.sent).toHaveLength(1);
		const log = await deliveries(ws, webhook.id);
		expect(log.items[0].payload).toMatchObject({ type: "conversation.assigned", data: { conversation: { id: conversationId }, owner: { id: ws.ownerId } } });
	});
});

describe("report.ready", () => {
	it("emitWebhookEvent records and sends a report.ready delivery", async () => {
		const { ws, hooks, webhook } = await setUp(["report.ready"]);
		const { emitWebhookEvent, reportReadyEvent } = await import("../../functions/services/webhooks");
		const { createDb } = await import("../../db/client");
		await emitWebhookEvent(
			createDb(env.DB),
			env.WEBHOOKS,
			reportReadyEvent(ws.id, { reportId: "r1", runId: "run1", name: "Weekly", period: { from: "2026-11-16", to: "2026-11-23" } }, Date.now()),
		);
		expect(hooks.sent).toHaveLength(1);
		const log = await deliveries(ws, webhook.id);
		expect(log.items[0].payload).toMatchObject({ type: "report.ready", data: { run: { id: "run1" } } });
	});
});
