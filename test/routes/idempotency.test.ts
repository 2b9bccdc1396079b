import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hotp, stepAt } from "../../functions/auth/totp";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

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

describe("Idempotency-Key belongs to the credential that sent it", { timeout: 30_000 }, () => {
	const key = (name: string) => ({ "Idempotency-Key": name });

	it("an author who replays the owner's POST /tokens key gets a fresh answer of their own, never the owner's token", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const owners = await call("POST", "/tokens", { token: ws.token, headers: key("ci-token-1"), json: { name: "ci" } });
		expect(owners.status).toBe(201);
		const replayed = await call("POST", "/tokens", { token: author.token, headers: key("ci-token-1"), json: { name: "ci" } });
		expect(replayed.headers.get("Idempotency-Replayed")).toBeNull();
		expect(replayed.body.token).not.toBe(owners.body.token);
		expect(replayed.body.memberId).toBe(author.id);
	});

	it("another member's TOTP secret and recovery codes are never handed out by a replay", async () => {
		const ws = await signUp();
		const manager = await addMember(ws, "manager");
		const author = await addMember(ws, "author");
		const t0 = Date.now();
		const at = { "X-Chorus-Now": new Date(t0).toISOString() };
		const started = await call("POST", "/second-factor", { token: ws.token, headers: { ...at, ...key("2fa-1") } });
		expect(started.status).toBe(201);
		const code = await hotp(started.body.secret, stepAt(t0));
		const confirmed = await call("POST", "/second-factor/confirm", { token: ws.token, headers: { ...at, ...key("2fa-2") }, json: { code } });
		expect(confirmed.body.recoveryCodes).toHaveLength(10);

		const byAuthor = await call("POST", "/second-factor", { token: author.token, headers: { ...at, ...key("2fa-1") } });
		expect(byAuthor.status).toBe(403);
		const byManager = await call("POST", "/second-factor", { token: manager.token, headers: { ...at, ...key("2fa-1") } });
		expect(byManager.status).toBe(201);
		expect(byManager.headers.get("Idempotency-Replayed")).toBeNull();
		expect(byManager.body.secret).not.toBe(started.body.secret);
		const codes = await call("POST", "/second-factor/confirm", { token: author.token, headers: { ...at, ...key("2fa-2") }, json: { code } });
		expect(codes.body.recoveryCodes).toBeUndefined();
		expect(codes.headers.get("Idempotency-Replayed")).toBeNull();
	});

	it("the same member through another token has its own keys", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const second = await call("POST", "/tokens", { token: ws.token, json: { name: "second" } });
		const json = { accountId: acc.id, body: "from two tokens" };
		expect((await call("POST", "/posts", { token: ws.token, headers: key("shared"), json })).status).toBe(201);
		const other = await call("POST", "/posts", { token: second.body.token, headers: key("shared"), json });
		expect(other.status).toBe(201);
		expect(other.headers.get("Idempotency-Replayed")).toBeNull();
	});

	it("a replay checks the sender again: a changed role is 409 idempotency_unavailable, a revoked token 401", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const manager = await addMember(ws, "manager");
		const json = { accountId: acc.id, body: "approved by a manager", scheduledAt: inHours(3) };
		const first = await call("POST", "/posts", { token: manager.token, headers: key("role-1"), json });
		expect(first.body.posts[0].status).toBe("scheduled");
		expect((await call("PATCH", `/members/${manager.id}`, { token: ws.token, json: { role: "author" } })).status).toBe(200);
		const replay = await call("POST", "/posts", { token: manager.token, headers: key("role-1"), json });
		expect(replay.status).toBe(409);
		expect(replay.body.error).toMatchObject({ code: "idempotency_unavailable", details: { reason: "role_changed", status: 201 } });

		const tokens = await call("GET", "/tokens", { token: ws.token });
		const managersToken = tokens.body.items.find((t: { memberId: string }) => t.memberId === manager.id);
		expect((await call("DELETE", `/tokens/${managersToken.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("POST", "/posts", { token: manager.token, headers: key("role-1"), json })).status).toBe(401);
	});

	// Every route whose answer carries a secret shown once. A new one belongs here.
	const secretRoutes: { name: string; path: string; json?: (ws: { token: string }) => Promise<unknown> | unknown; secretField: string }[] = [
		{ name: "a new API token", path: "/tokens", json: () => ({ name: "ci" }), secretField: "token" },
		{ name: "a new calendar feed token", path: "/feed-tokens", json: () => ({ name: "phone" }), secretField: "token" },
		{
			name: "a new webhook's signing secret",
			path: "/webhooks",
			json: () => ({ url: "https://hooks.example.com/a", events: ["post.published"] }),
			secretField: "secret",
		},
		{ name: "a TOTP secret", path: "/second-factor", secretField: "secret" },
		{ name: "an OAuth sign-in link with its state", path: "/accounts/connect", json: () => ({ network: "x", timezone: "UTC" }), secretField: "authorizeUrl" },
	];

	for (const route of secretRoutes) {
		it(`${route.name} (POST ${route.path}) is answered no-store, never kept for replay, and a repeated key is 409`, async () => {
			const ws = await signUp();
			const json = await route.json?.(ws);
			const first = await call("POST", route.path, { token: ws.token, headers: key(`secret-${route.path}`), json });
			expect(first.status, JSON.stringify(first.body)).toBe(201);
			expect(first.body[route.secretField]).toBeTruthy();
			expect(first.headers.get("Cache-Control")).toBe("no-store");
			const stored = await env.DB.prepare("SELECT response_status, response_body FROM idempotency_record WHERE workspace_id = ?").bind(ws.id).all();
			expect(stored.results).toEqual([{ response_status: 201, response_body: null }]);
			const again = await call("POST", route.path, { token: ws.token, headers: key(`secret-${route.path}`), json });
			expect(again.status).toBe(409);
			expect(again.body.error).toMatchObject({ code: "idempotency_unavailable", details: { reason: "secret_not_stored", status: 201 } });
			expect(JSON.stringify(again.body)).not.toContain(String(first.body[route.secretField]));
		});
	}

	it("recovery codes (POST /second-factor/confirm) are never kept for replay either", async () => {
		const ws = await signUp();
		const t0 = Date.now();
		const at = { "X-Chorus-Now": new Date(t0).toISOString() };
		const started = await call("POST", "/second-factor", { token: ws.token, headers: at });
		const json = { code: await hotp(started.body.secret, stepAt(t0)) };
		const confirmed = await call("POST", "/second-factor/confirm", { token: ws.token, headers: { ...at, ...key("codes") }, json });
		expect(confirmed.body.recoveryCodes).toHaveLength(10);
		expect(confirmed.headers.get("Cache-Control")).toBe("no-store");
		const again = await call("POST", "/second-factor/confirm", { token: ws.token, headers: { ...at, ...key("codes") }, json });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe("idempotency_unavailable");
		const row = await env.DB.prepare("SELECT response_body FROM idempotency_record WHERE workspace_id = ? AND key = 'codes'").bind(ws.id).first();
		expect(row).toEqual({ response_body: null });
	});
});
