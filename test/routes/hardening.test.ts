import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_BODY_BYTES } from "../../functions/app";
import { TOKENS_PER_WINDOW } from "../../functions/auth/token-limit";
import { describeError, redact } from "../../functions/log";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { rowCounts } from "../helpers/db-snapshot";

const at = (iso: string) => ({ "X-Chorus-Now": iso });

describe("token creation is rate limited per member", () => {
	it(`refuses token number ${TOKENS_PER_WINDOW + 1} within an hour, also after revoking, and frees up as the hour passes`, async () => {
		const ws = await signUp();
		const created: string[] = [];
		for (let i = 0; i < TOKENS_PER_WINDOW; i++) {
			const res = await call("POST", "/tokens", { token: ws.token, json: { name: `t${i}` }, headers: at(`2031-03-01T10:${String(i).padStart(2, "0")}:00Z`) });
			expect(res.status).toBe(201);
			created.push(res.body.id);
		}
		expect((await call("DELETE", `/tokens/${created[0]}`, { token: ws.token })).status).toBe(204);
		const limited = await call("POST", "/tokens", { token: ws.token, json: { name: "one more" }, headers: at("2031-03-01T10:30:00Z") });
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe("rate_limited");
		// The oldest creation (10:00) leaves the window at 11:00: 30 minutes from 10:30.
		expect(limited.headers.get("Retry-After")).toBe("1800");
		expect(limited.body.error.details.retryAfter).toBe(1800);

		// Someone else in the workspace is not affected.
		const author = await addMember(ws, "author");
		expect((await call("POST", "/tokens", { token: author.token, json: { name: "mine" }, headers: at("2031-03-01T10:30:00Z") })).status).toBe(201);
		// An hour after the first, one slot is free again.
		expect((await call("POST", "/tokens", { token: ws.token, json: { name: "later" }, headers: at("2031-03-01T11:00:01Z") })).status).toBe(201);
	}, 60_000);
});

describe("request bodies are limited", () => {
	const big = JSON.stringify({ body: "x".repeat(MAX_BODY_BYTES) });

	it("a body over the limit is 413 with the error shape, and nothing is written", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const before = await rowCounts();
		const res = await call("POST", "/posts", { token: ws.token, body: big.replace('{"body"', `{"accountId":"${acc.id}","body"`) });
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe("payload_too_large");
		expect(res.body.error.details.limitBytes).toBe(MAX_BODY_BYTES);
		expect(await rowCounts()).toEqual(before);
	});

	it("a streamed body without Content-Length is cut off at the limit too", async () => {
		const ws = await signUp();
		const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent > MAX_BODY_BYTES * 2) return controller.close();
				sent += chunk.length;
				controller.enqueue(chunk);
			},
		});
		const res = await exports.default.fetch(
			new Request("https://chorus.test/api/v1/tokens", {
				method: "POST",
				headers: { Authorization: `Bearer ${ws.token}`, "Content-Type": "application/json" },
				body: stream,
				duplex: "half",
			} as RequestInit),
		);
		expect(res.status).toBe(413);
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
	});

	it("a form post over the limit is refused the same way", async () => {
		const res = await exports.default.fetch(
			new Request("https://chorus.test/sign-in", {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://chorus.test" },
				body: `email=a%40b.test&password=${"x".repeat(MAX_BODY_BYTES)}`,
			}),
		);
		expect(res.status).toBe(413);
	});

	it("a body under the limit still works", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "y".repeat(90_000) } });
		expect(res.status).toBe(201);
	});
});

describe("secrets never reach the logs", () => {
	afterEach(() => vi.restoreAllMocks());

	it("redacts tokens, bearer headers, session cookies, passwords and a failed query's parameters", () => {
		const token = "chorus_AbCdEf0123456789xyzXYZ_-abc";
		const line = redact(
			`Authorization: Bearer ${token}; Cookie: __Host-chorus_session=s3cr3tvalue; {"password":"hunter2 hunter2","appPassword":"abcd-efgh"} token=${token}\nFailed query: insert into "member" values (?, ?)\nparams: m1,$pbkdf2$secret-hash`,
		);
		for (const secret of [token, "s3cr3tvalue", "hunter2", "abcd-efgh", "secret-hash"]) expect(line).not.toContain(secret);
		expect(line).toContain("Failed query: insert into");
		const err = new Error(`send failed for ${token}`, { cause: new Error('{"access_token":"ya29.live"}') });
		const described = describeError(err);
		expect(described).not.toContain(token);
		expect(described).not.toContain("ya29.live");
		expect(described).toContain("send failed for chorus_[redacted]");
	});

	it("signing up, signing in, minting tokens and storing credentials log nothing secret", async () => {
		const lines: string[] = [];
		for (const level of ["log", "info", "warn", "error", "debug"] as const) {
			vi.spyOn(console, level).mockImplementation(
				(...args: unknown[]) =>
					void lines.push(args.map((a) => (a instanceof Error ? describeError(a) : typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
			);
		}
		const ws = await signUp();
		await call("POST", "/session", { json: { email: ws.email, password: "wrong password here" } });
		await call("POST", "/session", { json: { email: ws.email, password: "correct horse battery" } });
		const minted = (await call("POST", "/tokens", { token: ws.token, json: { name: "logged?" } })).body.token as string;
		await call("POST", "/accounts", {
			token: ws.token,
			json: {
				network: "mastodon",
				handle: "@a@example.social",
				timezone: "UTC",
				credentials: { instanceUrl: "https://example.social", accessToken: "mastodon-live-secret" },
			},
		});
		await call("GET", "/me", { token: "chorus_not-a-real-token-but-secret-shaped" });
		const logged = lines.join("\n");
		for (const secret of [ws.token, minted, "correct horse battery", "wrong password here", "mastodon-live-secret", "chorus_not-a-real-token"])
			expect(logged).not.toContain(secret);
	}, 30_000);
});
