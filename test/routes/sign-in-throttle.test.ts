import { describe, expect, it } from "vitest";
import { clientKey } from "../../functions/auth/client-key";
import { SIGN_IN_LIMITS } from "../../functions/auth/sign-in-limit";
import { call, signUp } from "../helpers/api";

const PASSWORD = "correct horse battery";
let n = 0;
/** A client of its own (tests name clients with X-Chorus-Client; see functions/auth/client-key.ts). */
const client = (name = `c${Date.now().toString(36)}-${n++}`) => ({ "X-Chorus-Client": name });
const signIn = (email: string, password: string, headers: Record<string, string>) => call("POST", "/session", { headers, json: { email, password } });

describe("sign-in is throttled per (address, client), never a lock-out", () => {
	it("a guesser's wrong passwords slow down only their own client: the member signs in from theirs", async () => {
		const ws = await signUp();
		const guesser = client();
		for (let i = 0; i < SIGN_IN_LIMITS.pair; i++) expect((await signIn(ws.email, "wrong password", guesser)).status).toBe(401);
		const limited = await signIn(ws.email, PASSWORD, guesser);
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe("rate_limited");
		expect(limited.body.error.details.limit).toBe("sign_ins_per_address_and_client");
		expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);

		expect((await signIn(ws.email, PASSWORD, client())).status).toBe(200);
	});

	it("an address guessed from many clients meets a ceiling well above one client's allowance", async () => {
		const ws = await signUp();
		for (let i = 0; i < SIGN_IN_LIMITS.address; i++) expect((await signIn(ws.email, "wrong password", client())).status, `try ${i + 1}`).toBe(401);
		const limited = await signIn(ws.email, PASSWORD, client());
		expect(limited.status).toBe(429);
		expect(limited.body.error.details.limit).toBe("sign_ins_per_address");
	}, 60_000);

	it("one client trying many addresses is limited, and a client-sent CF-Connecting-IP does not change who it is", async () => {
		const sprayer = client();
		for (let i = 0; i < SIGN_IN_LIMITS.client; i++) {
			const res = await signIn(`nobody-${n}-${i}@example.test`, "x", { ...sprayer, "CF-Connecting-IP": `203.0.113.${i}` });
			expect(res.status).toBe(401);
		}
		const limited = await signIn("other@example.test", "x", { ...sprayer, "CF-Connecting-IP": "198.51.100.7" });
		expect(limited.status).toBe(429);
		expect(limited.body.error.details.limit).toBe("sign_ins_per_client");
	}, 60_000);

	it("a successful sign-in clears its own client's count", async () => {
		const ws = await signUp();
		const me = client();
		for (let i = 0; i < SIGN_IN_LIMITS.pair - 1; i++) await signIn(ws.email, "typo", me);
		expect((await signIn(ws.email, PASSWORD, me)).status).toBe(200);
		for (let i = 0; i < SIGN_IN_LIMITS.pair - 1; i++) expect((await signIn(ws.email, "typo", me)).status).toBe(401);
		expect((await signIn(ws.email, PASSWORD, me)).status).toBe(200);
	});
});

describe("the limiter's client key", () => {
	const headers = (h: Record<string, string>) => new Headers(h);

	it("trusts CF-Connecting-IP only when deployed, where Cloudflare sets it", () => {
		expect(clientKey({ CHORUS_ENV: "production" }, headers({ "CF-Connecting-IP": "203.0.113.9", "X-Forwarded-For": "10.0.0.1" }))).toBe("ip:203.0.113.9");
		expect(clientKey({ CHORUS_ENV: "production" }, headers({ "X-Forwarded-For": "10.0.0.1" }))).toBe("unknown");
		expect(clientKey({ CHORUS_ENV: "production" }, headers({ "X-Chorus-Client": "mine" }))).toBe("unknown");
	});

	it("counts an IPv6 client by its /64", () => {
		const key = (ip: string) => clientKey({ CHORUS_ENV: "production" }, headers({ "CF-Connecting-IP": ip }));
		expect(key("2001:db8:1:2:aaaa::1")).toBe("ip6:2001:db8:1:2");
		expect(key("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("ip6:2001:db8:1:2");
		expect(key("2001:db8::1")).toBe("ip6:2001:db8:0:0");
		expect(key("2001:0db8:0001:0003::1")).toBe("ip6:2001:db8:1:3");
	});

	it("locally every request is the one local client, whatever it sends", () => {
		for (const h of [{}, { "CF-Connecting-IP": "203.0.113.9" }, { "X-Forwarded-For": "1.2.3.4" }, { "X-Chorus-Client": "x" }] as Record<string, string>[]) {
			expect(clientKey({ CHORUS_ENV: "local" }, headers(h))).toBe("local");
		}
	});

	it("in tests X-Chorus-Client names the client, and a request without it is a client of its own", () => {
		expect(clientKey({ CHORUS_ENV: "test" }, headers({ "X-Chorus-Client": "a", "CF-Connecting-IP": "203.0.113.9" }))).toBe("test:a");
		expect(clientKey({ CHORUS_ENV: "test" }, headers({}))).not.toBe(clientKey({ CHORUS_ENV: "test" }, headers({})));
	});
});
