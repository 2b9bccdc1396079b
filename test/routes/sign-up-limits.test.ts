import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SIGN_UPS_PER_CLIENT } from "../../functions/routes/workspaces";
import { call, signUp } from "../helpers/api";
import { lastMailTo } from "../helpers/mailbox";

let n = 0;
const unique = () => `${Date.now().toString(36)}-${n++}`;
const client = () => ({ "X-Chorus-Client": `signup-${unique()}` });
const owner = (email = `founder-${unique()}@example.test`) => ({ email, name: "Fay Founder", password: "correct horse battery" });
const signUpAs = (headers: Record<string, string>, o = owner()) =>
	call("POST", "/workspaces", { headers, json: { name: `WS ${unique()}`, timezone: "UTC", owner: o } });
const workspaces = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM workspace").first<{ n: number }>())!.n;
const mailsTo = async (to: string) => (await env.DB.prepare('SELECT COUNT(*) AS n FROM dev_mail WHERE "to" = ?').bind(to).first<{ n: number }>())!.n;

describe("sign-ups are limited per client", () => {
	it(`refuses sign-up number ${SIGN_UPS_PER_CLIENT + 1} within an hour from one client with 429 and Retry-After; another client is not affected`, async () => {
		const one = client();
		for (let i = 0; i < SIGN_UPS_PER_CLIENT; i++) expect((await signUpAs(one)).status, `sign-up ${i + 1}`).toBe(201);
		const before = await workspaces();
		const limited = await signUpAs(one);
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe("rate_limited");
		expect(limited.body.error.details.limit).toBe("sign_ups_per_client");
		expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(3000);
		expect(await workspaces()).toBe(before);
		expect((await signUpAs(client())).status).toBe(201);
	}, 60_000);
});

describe("sign-up does not confirm that an address is registered", () => {
	it("a registered address is refused like an invalid field, with no code of its own; the holder is told, once an hour", async () => {
		const ws = await signUp();
		const prober = client();
		const refused = await signUpAs(prober, owner(ws.email));
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe("validation_failed");
		expect(refused.body.error.issues).toEqual([{ path: ["owner", "email"], message: "Sign in, or use another address" }]);
		expect(JSON.stringify(refused.body)).not.toMatch(/taken|exists|already/i);
		const notice = await lastMailTo(ws.email);
		expect(notice?.subject).toBe("Someone tried to sign up to Chorus with your address");
		expect(notice?.text).toContain("http://127.0.0.1:8787/sign-in");

		// Asking again does not mail the holder again within the hour.
		const mails = await mailsTo(ws.email);
		expect((await signUpAs(prober, owner(ws.email.toUpperCase()))).status).toBe(400);
		expect(await mailsTo(ws.email)).toBe(mails);
	});

	it("probing addresses counts against the client's sign-ups", async () => {
		const ws = await signUp();
		const prober = client();
		for (let i = 0; i < SIGN_UPS_PER_CLIENT; i++) expect((await signUpAs(prober, owner(ws.email))).status).toBe(400);
		const limited = await signUpAs(prober, owner(ws.email));
		expect(limited.status).toBe(429);
		expect(limited.body.error.details.limit).toBe("sign_ups_per_client");
	}, 60_000);
});
