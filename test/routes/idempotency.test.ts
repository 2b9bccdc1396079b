import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, inHours, signUp } from "../helpers/api";

describe("Idempotency-Key", () => {
	it("replays the first response for the same key and body, without creating twice", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const json = { accountId: acc.id, body: "once", scheduledAt: inHours(2) };
		const first = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-1" }, json });
		expect(first.status).toBe(201);
		// Key order differs; canonical JSON makes it the same body.
		const reordered = { scheduledAt: json.scheduledAt, body: json.body, accountId: json.accountId };
		const replay = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-1" }, json: reordered });
		expect(replay.status).toBe(201);
		expect(replay.body).toEqual(first.body);
		expect(replay.headers.get("Idempotency-Replayed")).toBe("true");
		const list = await call("GET", "/posts", { token: ws.token });
		expect(list.body.items).toHaveLength(1);
	});

	it("the same key with another body is 422 idempotency_mismatch", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-2" }, json: { accountId: acc.id, body: "a" } });
		const res = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-2" }, json: { accountId: acc.id, body: "b" } });
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("idempotency_mismatch");
	});

	it("replays errors too (a 4xx is an answer), and keys are scoped per workspace", async () => {
		const ws = await signUp();
		const other = await signUp();
		const bad = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-3" }, json: { body: "no account" } });
		expect(bad.status).toBe(400);
		const again = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-3" }, json: { body: "no account" } });
		expect(again.status).toBe(400);
		expect(again.headers.get("Idempotency-Replayed")).toBe("true");
		const acc = await addAccount(other);
		const elsewhere = await call("POST", "/posts", { token: other.token, headers: { "Idempotency-Key": "k-3" }, json: { accountId: acc.id, body: "fine" } });
		expect(elsewhere.status).toBe(201);
	});

	it("a key whose first request is still running is 409 idempotency_in_progress", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const json = { accountId: acc.id, body: "slow" };
		// Simulate a first request that claimed the key and has not answered yet.
		const hashRes = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-4" }, json });
		await env.DB.prepare("UPDATE idempotency_record SET response_status = NULL, response_body = NULL WHERE key = 'k-4'").run();
		const res = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-4" }, json });
		expect(hashRes.status).toBe(201);
		expect(res.status).toBe(409);
		expect(res.body.error.code).toBe("idempotency_in_progress");
	});

	it("a record older than 24 h no longer replays", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const json = { accountId: acc.id, body: "yesterday" };
		await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-5" }, json });
		await env.DB.prepare("UPDATE idempotency_record SET expires_at = 0 WHERE key = 'k-5'").run();
		const res = await call("POST", "/posts", { token: ws.token, headers: { "Idempotency-Key": "k-5" }, json });
		expect(res.status).toBe(201);
		expect(res.headers.get("Idempotency-Replayed")).toBeNull();
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toHaveLength(2);
	});
});
