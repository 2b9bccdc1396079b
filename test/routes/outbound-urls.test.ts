// Every URL a member gives Chorus to fetch (a Mastodon instanceUrl, a Bluesky service, credentials
// saved through /accounts) passes the outbound guard when it is entered: a clear 400 naming the field,
// and nothing fetched. Run as deployed (CHORUS_ENV=production) and as in tests, where only plain
// loopback test servers are let through.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../functions/index";
import { configureOutbound } from "../../functions/outbound";
import { call, signInCookie, signUp } from "../helpers/api";
import { json, stubFetch } from "../networks/helpers";
import { PASSWORD, page } from "../web/page";

afterEach(() => {
	vi.restoreAllMocks();
	configureOutbound(env);
});

/** One API request into the Worker with CHORUS_ENV=production for this call only. */
async function callDeployed(method: string, path: string, token: string, body: unknown) {
	const ctx = createExecutionContext();
	const res = await worker.fetch(
		new Request(`https://chorus.test/api/v1${path}`, {
			method,
			headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
			body: JSON.stringify(body),
		}),
		{ ...env, CHORUS_ENV: "production" } as Env,
		ctx,
	);
	await waitOnExecutionContext(ctx);
	return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; issues?: { path: string[]; message: string }[] } } };
}

/** Refused everywhere: private, link-local, wrapped loopback, credentials, plain http to a public host. */
const alwaysRefused = [
	"http://mastodon.example",
	"https://169.254.169.254",
	"https://[::ffff:127.0.0.1]",
	"https://[::ffff:169.254.169.254]",
	"https://[2002:7f00:1::]",
	"https://[64:ff9b::a9fe:a9fe]",
	"https://[fe80::1]",
	"https://10.0.0.1",
	"https://0xa9fea9fe",
	"https://user:pass@mastodon.example",
	"https://printer.local",
];
/** Refused deployed; a loopback test server is fine in local and test runs. */
const refusedDeployed = [
	...alwaysRefused,
	"http://127.0.0.1:3000",
	"https://127.0.0.1",
	"https://2130706433",
	"https://0177.0.0.1",
	"http://localhost:3000",
	"https://[::1]",
];

describe("URLs to fetch are checked when they are entered", () => {
	it("connect answers 400 naming instanceUrl for every private, wrapped or credentialed address, deployed", async () => {
		const ws = await signUp();
		const calls = stubFetch(() => json({ client_id: "id", client_secret: "secret" }));
		for (const instanceUrl of refusedDeployed) {
			const res = await callDeployed("POST", "/accounts/connect", ws.token, { network: "mastodon", instanceUrl, timezone: "UTC" });
			expect(res.status, instanceUrl).toBe(400);
			expect(res.body.error?.issues?.[0]?.path, instanceUrl).toEqual(["instanceUrl"]);
		}
		expect(calls).toHaveLength(0);
		// A public instance still connects.
		const ok = await callDeployed("POST", "/accounts/connect", ws.token, { network: "mastodon", instanceUrl: "https://mastodon.example", timezone: "UTC" });
		expect(ok.status).toBe(201);
		expect(calls.map((c) => c.url)).toEqual(["https://mastodon.example/api/v1/apps"]);
	});

	it("in tests only plain loopback passes: metadata, wrapped and http public addresses are refused", async () => {
		const ws = await signUp();
		const calls = stubFetch(() => json({ client_id: "id", client_secret: "secret" }));
		for (const instanceUrl of alwaysRefused) {
			const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "mastodon", instanceUrl, timezone: "UTC" } });
			expect(res.status, instanceUrl).toBe(400);
			expect(res.body.error.issues[0].path, instanceUrl).toEqual(["instanceUrl"]);
		}
		expect(calls).toHaveLength(0);
	});

	it("the error names the reason, and does not echo credentials from the URL", async () => {
		const ws = await signUp();
		const metadata = await callDeployed("POST", "/accounts/connect", ws.token, {
			network: "mastodon",
			instanceUrl: "https://169.254.169.254",
			timezone: "UTC",
		});
		expect(metadata.body.error?.message).toMatch(/instanceUrl: 169\.254\.169\.254 is a link-local address/);
		const creds = await callDeployed("POST", "/accounts/connect", ws.token, {
			network: "mastodon",
			instanceUrl: "https://admin:hunter2@mastodon.example",
			timezone: "UTC",
		});
		expect(creds.body.error?.message).toMatch(/No credentials/);
		expect(JSON.stringify(creds.body)).not.toContain("hunter2");
	});

	it("a Bluesky service is checked the same way (400 naming service), before any sign-in is tried", async () => {
		const ws = await signUp();
		const calls = stubFetch(() => json({ did: "did:plc:abc", handle: "chorus.bsky.social", accessJwt: "a", refreshJwt: "r" }));
		for (const service of refusedDeployed) {
			const res = await callDeployed("POST", "/accounts/connect", ws.token, {
				network: "bluesky",
				handle: "chorus.bsky.social",
				appPassword: "app-pass",
				service,
				timezone: "UTC",
			});
			expect(res.status, service).toBe(400);
			expect(res.body.error?.issues?.[0]?.path, service).toEqual(["service"]);
		}
		expect(calls).toHaveLength(0);
	});

	it("credentials saved through /accounts are checked too (create and edit)", async () => {
		const ws = await signUp();
		for (const instanceUrl of refusedDeployed) {
			const res = await callDeployed("POST", "/accounts", ws.token, {
				network: "mastodon",
				handle: "@hq@m.example",
				timezone: "UTC",
				credentials: { instanceUrl, accessToken: "tok" },
			});
			expect(res.status, instanceUrl).toBe(400);
			expect(res.body.error?.issues?.[0]?.path, instanceUrl).toEqual(["credentials", "instanceUrl"]);
		}
		const created = await call("POST", "/accounts", {
			token: ws.token,
			json: {
				network: "bluesky",
				handle: "@hq.example",
				timezone: "UTC",
				credentials: { identifier: "hq.example", appPassword: "p", service: "https://pds.example" },
			},
		});
		expect(created.status).toBe(201);
		const patched = await call("PATCH", `/accounts/${created.body.id}`, {
			token: ws.token,
			json: { credentials: { identifier: "hq.example", appPassword: "p", service: "https://[2002:a9fe:a9fe::]" } },
		});
		expect(patched.status).toBe(400);
		expect(patched.body.error.issues[0].path).toEqual(["credentials", "service"]);
	});

	it("an instance that redirects its app registration to a private address is not followed", async () => {
		const ws = await signUp();
		const calls = stubFetch(() => new Response(null, { status: 307, headers: { location: "http://169.254.169.254/latest/meta-data/" } }));
		const res = await callDeployed("POST", "/accounts/connect", ws.token, { network: "mastodon", instanceUrl: "https://mastodon.example", timezone: "UTC" });
		expect(res.status).toBe(502);
		expect(res.body.error?.code).toBe("network_refused");
		expect(res.body.error?.issues?.[0]?.path).toEqual(["instanceUrl"]);
		expect(calls.map((c) => c.url)).toEqual(["https://mastodon.example/api/v1/apps"]);
	});

	it("the sign-in code is not traded at an address the instance redirects to", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		stubFetch(() => json({ client_id: "app-id", client_secret: "app-secret" }));
		const started = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "mastodon", instanceUrl: "https://mastodon.example", timezone: "UTC" },
		});
		const state = new URL(started.body.authorizeUrl).searchParams.get("state")!;
		vi.restoreAllMocks();
		// A fetch that follows redirects as the platform's does when asked to (redirect "follow", the default).
		const hops: string[] = [];
		vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
			const request = new Request(input, init);
			for (let url = request.url; ; ) {
				hops.push(url);
				if (url !== "https://mastodon.example/oauth/token") return json({ error: "should not be reached" }, 404);
				const moved = new Response(null, { status: 307, headers: { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" } });
				if (request.redirect !== "follow") return moved;
				url = moved.headers.get("location")!;
			}
		});
		const done = await page("GET", `/oauth/callback?state=${encodeURIComponent(state)}&code=code-1`, { cookie });
		expect(done.status).toBe(502);
		expect(hops).toEqual(["https://mastodon.example/oauth/token"]);
		expect((await call("GET", "/accounts", { token: ws.token })).body.items).toEqual([]);
	});
});
