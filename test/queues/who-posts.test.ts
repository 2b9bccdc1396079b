import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

describe("responsibility at publishing time", () => {
	it("if the rota changed since scheduling, the post waits for the new person's approval instead of going out", async () => {
		queue = captureQueue();
		const ws = await signUp("UTC");
		const first = await addMember(ws, "manager", "First");
		const second = await addMember(ws, "manager", "Second");
		const acc = await addAccount(ws, { timezone: "UTC", postingPolicy: "owner", ownerId: first.id });
		const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const p = (
			await call("POST", "/posts", { token: first.token, json: { accountId: acc.id, body: "Owned by First", scheduledAt: new Date(dueAt).toISOString() } })
		).body.posts[0];
		expect(p.status).toBe("scheduled");
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { ownerId: second.id } });

		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		expect(await postRow(p.id)).toMatchObject({ status: "pending_approval", holdReason: "rota_changed", approvalFrom: second.id });
		expect(await feedCount(p.id)).toBe(0);

		await call("POST", `/posts/${p.id}/approve`, { token: second.token });
		await runSweep(dueAt + 60_000);
		await deliver(queue.sent.filter((s) => s.postId === p.id).slice(1), dueAt + 60_000);
		expect(await postRow(p.id)).toMatchObject({ status: "published", approverId: second.id });
		expect(await feedCount(p.id)).toBe(1);
	});
});

describe("the audit trail of a publish", () => {
	it("records every step from scheduling to publishing", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const acc = await addAccount(ws);
		const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const p = (await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Audit me", scheduledAt: new Date(dueAt).toISOString() } }))
			.body.posts[0];
		await call("PATCH", `/posts/${p.id}`, { token: author.token, json: { body: "Audit me, edited" } });
		await call("POST", `/posts/${p.id}/approve`, { token: ws.token });
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		const trail = await call("GET", `/audit?subject=post:${p.id}`, { token: ws.token });
		const steps = trail.body.items
			.map((e: { action: string; actor: string }) => `${e.action} by ${e.actor === ws.ownerId ? "owner" : e.actor === author.id ? "author" : e.actor}`)
			.reverse();
		expect(steps).toEqual(["post.create.pending_approval by author", "post.edit by author", "post.approve by owner", "post.published by system"]);
		const attempts = await env.DB.prepare("SELECT outcome FROM publish_attempt WHERE post_id = ?").bind(p.id).all();
		expect(attempts.results).toEqual([{ outcome: "published" }]);
	});
});
