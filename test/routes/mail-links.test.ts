import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../functions/app";
import { type Call, call, signUp } from "../helpers/api";
import { lastMailTo } from "../helpers/mailbox";
import { page } from "../web/page";

let n = 0;
const fresh = () => `links-${Date.now().toString(36)}-${n++}@example.test`;
const app = createApp();

/** One API request under another configuration (deployed, PUBLIC_URL set or not), sent to `host`. */
async function callWith(
	vars: Partial<Env> & { MAIL_API_KEY?: string },
	method: string,
	path: string,
	opts: { token?: string; json?: unknown; host?: string } = {},
): Promise<Pick<Call, "status" | "body">> {
	const headers: Record<string, string> = { "Content-Type": "application/json" };
	if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
	const req = new Request(`https://${opts.host ?? "chorus.test"}/api/v1${path}`, { method, headers, body: JSON.stringify(opts.json) });
	const res = await app.fetch(req, { ...env, ...vars }, createExecutionContext());
	return { status: res.status, body: await res.json().catch(() => null) };
}

/** Captures what would go to the mail API when deployed. */
function captureMailApi() {
	const sent: { to: string[]; text: string }[] = [];
	vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		if (url !== env.MAIL_API_URL) throw new Error(`unexpected fetch ${url}`);
		sent.push(JSON.parse(String(init?.body)));
		return new Response(JSON.stringify({ id: "m1" }), { status: 200 });
	});
	return sent;
}

afterEach(() => vi.restoreAllMocks());

describe("links in mail come from PUBLIC_URL, never the request's Host", () => {
	it("locally (PUBLIC_URL empty) invitation and reset links point at the local address, whatever Host the request named", async () => {
		const ws = await signUp();
		const invitee = fresh();
		expect((await callWith({}, "POST", "/invitations", { token: ws.token, json: { email: invitee, role: "author" }, host: "evil.example" })).status).toBe(201);
		expect((await lastMailTo(invitee))?.text).toMatch(/ http:\/\/127\.0\.0\.1:8787\/accept-invite\?token=[\w-]+\n/);

		expect((await callWith({}, "POST", "/password-resets", { json: { email: ws.email }, host: "evil.example" })).status).toBe(202);
		const reset = await lastMailTo(ws.email);
		expect(reset?.text).toMatch(/ http:\/\/127\.0\.0\.1:8787\/reset-password\?token=[\w-]+\n/);
		expect(reset?.text).not.toContain("evil.example");
	});

	it("the forgot-password form builds its link the same way", async () => {
		const ws = await signUp();
		const res = await page("POST", "/forgot-password", { form: { email: ws.email }, headers: { Host: "evil.example" } });
		expect(res.status).toBe(200);
		const mail = await lastMailTo(ws.email);
		expect(mail?.text).toContain("http://127.0.0.1:8787/reset-password?token=");
		expect(mail?.text).not.toContain("chorus.test");
	});

	it("deployed with PUBLIC_URL, links use it and not the request's host", async () => {
		const ws = await signUp();
		const sent = captureMailApi();
		const deployed = { CHORUS_ENV: "production", PUBLIC_URL: "https://chorus.example.org/", MAIL_API_KEY: "test-key" };
		const invitee = fresh();
		const invited = await callWith(deployed, "POST", "/invitations", { token: ws.token, json: { email: invitee, role: "author" }, host: "evil.example" });
		expect(invited.status).toBe(201);
		expect((await callWith(deployed, "POST", "/password-resets", { json: { email: ws.email }, host: "evil.example" })).status).toBe(202);
		expect(sent.map((m) => m.to[0])).toEqual([invitee, ws.email]);
		expect(sent[0]!.text).toMatch(/ https:\/\/chorus\.example\.org\/accept-invite\?token=[\w-]+\n/);
		expect(sent[1]!.text).toMatch(/ https:\/\/chorus\.example\.org\/reset-password\?token=[\w-]+\n/);
	});

	it("deployed without PUBLIC_URL, nothing is mailed: 503 public_url_missing, for members and strangers alike", async () => {
		const ws = await signUp();
		const sent = captureMailApi();
		const logged = vi.spyOn(console, "error").mockImplementation(() => {});
		const deployed = { CHORUS_ENV: "production", PUBLIC_URL: "", MAIL_API_KEY: "test-key" };
		const invitee = fresh();
		const invited = await callWith(deployed, "POST", "/invitations", { token: ws.token, json: { email: invitee, role: "author" } });
		expect(invited.status).toBe(503);
		expect(invited.body.error.code).toBe("public_url_missing");
		expect(invited.body.error.message).toContain("PUBLIC_URL");
		for (const email of [ws.email, fresh()]) {
			const reset = await callWith(deployed, "POST", "/password-resets", { json: { email } });
			expect(reset.status).toBe(503);
			expect(reset.body.error.code).toBe("public_url_missing");
		}
		expect(sent).toEqual([]);
		expect(logged.mock.calls.some((args) => String(args[0]).includes("PUBLIC_URL"))).toBe(true);
		// The forgot-password form says so as well, for any address.
		const form = new Request("https://chorus.test/forgot-password", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://chorus.test", "Sec-Fetch-Site": "same-origin" },
			body: new URLSearchParams({ email: ws.email }).toString(),
		});
		const formRes = await app.fetch(form, { ...env, ...deployed }, createExecutionContext());
		expect(formRes.status).toBe(503);
		expect(await formRes.text()).toContain("set its PUBLIC_URL");
		// Nothing half-written: no invitation is pending for that address.
		const listed = await call("GET", "/invitations", { token: ws.token });
		expect(listed.body.items.filter((i: { email: string }) => i.email === invitee)).toEqual([]);
	});
});
