import { describe, expect, it } from "vitest";
import { call, signInCookie, signUp } from "../helpers/api";

describe("health and sign-up", () => {
	it("GET /health needs no auth", async () => {
		const res = await call("GET", "/health");
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ ok: true });
	});

	it("POST /workspaces creates the workspace, its owner and a first token", async () => {
		const res = await call("POST", "/workspaces", {
			json: { name: "Acme", timezone: "America/New_York", owner: { email: "Ann@Acme.test", name: "Ann", password: "long enough pw" } },
		});
		expect(res.status).toBe(201);
		expect(res.body.workspace).toMatchObject({ name: "Acme", timezone: "America/New_York" });
		expect(res.body.member).toMatchObject({ email: "ann@acme.test", name: "Ann", role: "owner" });
		expect(res.body.token).toMatch(/^chorus_[A-Za-z0-9_-]{43}$/);
		const me = await call("GET", "/me", { token: res.body.token });
		expect(me.body.member.id).toBe(res.body.member.id);
	});

	it("names the wrong fields", async () => {
		const res = await call("POST", "/workspaces", { json: { name: "", timezone: "Mars/Olympus", owner: { email: "nope", name: "A", password: "short" } } });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe("validation_failed");
		const paths = res.body.error.issues.map((i: { path: string[] }) => i.path.join("."));
		expect(paths).toEqual(expect.arrayContaining(["name", "timezone", "owner.email", "owner.password"]));
	});

	it("malformed JSON is 400 bad_json, not a 500", async () => {
		const res = await call("POST", "/workspaces", { body: "{not json" });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe("bad_json");
	});

	it("an email already in use is refused on owner.email, like an invalid field (sign-up-limits.test.ts has the rest)", async () => {
		const ws = await signUp();
		const res = await call("POST", "/workspaces", { json: { name: "Again", owner: { email: ws.email, name: "B", password: "long enough pw" } } });
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].path).toEqual(["owner", "email"]);
	});
});

describe("sessions", () => {
	it("signs in with a __Host- cookie that is HttpOnly, Secure and SameSite=Lax, and signs out", async () => {
		const ws = await signUp();
		const res = await call("POST", "/session", { json: { email: ws.email, password: "correct horse battery" } });
		expect(res.status).toBe(200);
		expect(res.body.member.email).toBe(ws.email);
		expect(res.body.workspace.id).toBe(ws.id);
		const cookie = res.headers.get("Set-Cookie") ?? "";
		expect(cookie).toMatch(/^__Host-chorus_session=/);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/Secure/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Domain=/);

		const session = cookie.split(";")[0]!;
		expect((await call("GET", "/me", { headers: { Cookie: session } })).status).toBe(200);
		// Without an Origin a cookie-carrying DELETE could be a forged cross-site request: refused.
		expect((await call("DELETE", "/session", { headers: { Cookie: session } })).status).toBe(403);
		expect((await call("DELETE", "/session", { headers: { Cookie: session, Origin: "https://chorus.test" } })).status).toBe(204);
		expect((await call("GET", "/me", { headers: { Cookie: session } })).status).toBe(401);
	});

	it("a wrong password is 401 and repeated failures from one client are rate limited for that email", async () => {
		const ws = await signUp();
		// Tests name their client (functions/auth/client-key.ts); the limits are in sign-in-throttle.test.ts.
		const headers = { "X-Chorus-Client": `session-${ws.email}` };
		for (let i = 0; i < 5; i++) {
			const res = await call("POST", "/session", { headers, json: { email: ws.email, password: "wrong password" } });
			expect(res.status).toBe(401);
		}
		const limited = await call("POST", "/session", { headers, json: { email: ws.email, password: "correct horse battery" } });
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe("rate_limited");
		expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
	});

	it("failures are also limited per client across emails", async () => {
		const headers = { "X-Chorus-Client": `sprayer-${Date.now()}` };
		for (let i = 0; i < 30; i++) {
			await call("POST", "/session", { headers, json: { email: `nobody${i}@example.test`, password: "x" } });
		}
		const res = await call("POST", "/session", { headers, json: { email: "other@example.test", password: "x" } });
		expect(res.status).toBe(429);
	});

	it("an unknown email gets the same 401 as a wrong password", async () => {
		const res = await call("POST", "/session", { json: { email: "ghost@example.test", password: "whatever" } });
		expect(res.status).toBe(401);
		expect(res.body.error.message).toBe("Wrong email or password");
	});

	it("every API route but sign-in and sign-up needs auth", async () => {
		for (const [method, path] of [
			["GET", "/me"],
			["GET", "/posts"],
			["POST", "/posts"],
			["GET", "/accounts"],
			["GET", "/members"],
			["GET", "/tokens"],
			["GET", "/calendar"],
		] as const) {
			const res = await call(method, path, { json: method === "POST" ? {} : undefined });
			expect(res.status, `${method} ${path}`).toBe(401);
			expect(res.body.error.code).toBe("unauthorized");
		}
		expect((await call("GET", "/me", { token: "chorus_not-a-real-token" })).status).toBe(401);
	});

	it("signInCookie helper works for later tests", async () => {
		const ws = await signUp();
		expect(await signInCookie(ws.email, "correct horse battery")).toMatch(/^__Host-chorus_session=/);
	});
});
