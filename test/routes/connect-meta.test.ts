// Connecting Threads (its own OAuth, then the 60-day token) and Instagram (Facebook Login, then the Page
// linked to the professional account) against stubbed networks. Shapes:
// - threads.net/oauth/authorize, POST graph.threads.net/oauth/access_token → { access_token, user_id },
//   GET graph.threads.net/access_token?grant_type=th_exchange_token → { access_token, token_type, expires_in },
//   GET graph.threads.net/v1.0/me?fields=id,username,name: developers.facebook.com/docs/threads/get-started
// - /me/accounts?fields=…,instagram_business_account{id,username}:
//   developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/getting-started
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decryptCredentials } from "../../functions/auth/credentials";
import { call, signInCookie, signUp } from "../helpers/api";
import { type Call, json, stubFetch } from "../networks/helpers";
import { PASSWORD, page } from "../web/page";

afterEach(() => vi.restoreAllMocks());

const callback = (state: string, code = "auth-code-1") => `/oauth/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`;

describe("connecting Threads", () => {
	it("signs in at threads.net, trades the code with the app secret, extends it to 60 days and stores the user id and expiry", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "threads", timezone: "Europe/Berlin" } });
		expect(res.status).toBe(201);
		const url = new URL(res.body.authorizeUrl);
		expect(url.origin + url.pathname).toBe("https://threads.net/oauth/authorize");
		expect(url.searchParams.get("client_id")).toBe("test-threads-app");
		expect(url.searchParams.get("scope")).toBe(
			"threads_basic,threads_content_publish,threads_read_replies,threads_manage_replies,threads_manage_insights,threads_delete",
		);
		const calls = stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (c.method === "POST" && c.url === "https://graph.threads.net/oauth/access_token") return json({ access_token: "THQW-short", user_id: 17841400001 });
			if (u.pathname === "/access_token" && u.searchParams.get("grant_type") === "th_exchange_token")
				return json({ access_token: "THQW-long", token_type: "bearer", expires_in: 5_184_000 });
			if (u.pathname === "/v1.0/me") return json({ id: "17841400001", username: "chorus.team", name: "Chorus" });
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const before = Date.now();
		const done = await page("GET", callback(url.searchParams.get("state")!), { cookie });
		expect(done.status).toBe(303);
		const exchange = Object.fromEntries(new URLSearchParams(calls[0]!.body ?? ""));
		expect(exchange).toMatchObject({
			grant_type: "authorization_code",
			code: "auth-code-1",
			client_id: "test-threads-app",
			client_secret: "test-threads-secret",
		});
		const long = new URL(calls[1]!.url);
		expect(long.searchParams.get("client_secret")).toBe("test-threads-secret");
		expect(long.searchParams.get("access_token")).toBe("THQW-short");
		expect(calls[2]!.headers.get("authorization")).toBe("Bearer THQW-long");

		const [acc] = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(acc).toMatchObject({ network: "threads", handle: "@chorus.team", connected: true });
		const expiresAt = Date.parse(acc.credentialsExpireAt);
		expect(expiresAt).toBeGreaterThanOrEqual(before + 5_184_000_000 - 1000);
		const row = await env.DB.prepare("SELECT credentials FROM account WHERE id = ?").bind(acc.id).first<{ credentials: string }>();
		expect(await decryptCredentials(env.CREDENTIALS_KEY, ws.id, acc.id, row!.credentials)).toEqual({
			accessToken: "THQW-long",
			userId: "17841400001",
			expiresAt: expect.any(Number),
		});
	});
});

describe("connecting Instagram", () => {
	it("Facebook Login with the Instagram scopes; only Pages linked to a professional account are offered; the choice stores the IG user and the Page token", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "instagram", timezone: "UTC" } });
		const url = new URL(res.body.authorizeUrl);
		expect(url.pathname).toMatch(/^\/v\d+\.\d+\/dialog\/oauth$/);
		expect(url.searchParams.get("client_id")).toBe("test-fb-app");
		expect(url.searchParams.get("scope")).toBe(
			"instagram_basic,instagram_content_publish,instagram_manage_comments,pages_show_list,pages_read_engagement,business_management",
		);
		const calls = stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (u.pathname.endsWith("/oauth/access_token"))
				return json({ access_token: u.searchParams.get("grant_type") === "fb_exchange_token" ? "long-user" : "short-user", token_type: "bearer" });
			if (u.pathname.endsWith("/me/accounts"))
				return json({
					data: [
						{ id: "111", name: "Bakery", access_token: "page-111" },
						{ id: "222", name: "Bakery Berlin", access_token: "page-222", instagram_business_account: { id: "17841405822304914", username: "bakery.berlin" } },
					],
				});
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const chooser = await page("GET", callback(url.searchParams.get("state")!), { cookie });
		expect(chooser.status).toBe(200);
		expect(chooser.html).toContain("Choose an Instagram account");
		expect(chooser.html).toContain("@bakery.berlin (Page Bakery Berlin)");
		expect(chooser.html).not.toContain('value="111"');
		const accountsCall = new URL(calls.find((c) => c.url.includes("/me/accounts"))!.url);
		expect(accountsCall.searchParams.get("fields")).toBe("id,name,access_token,instagram_business_account{id,username}");
		const flow = /name="flow" value="([^"]+)"/.exec(chooser.html)![1]!;
		expect((await page("POST", "/oauth/facebook/page", { cookie, form: { flow, pageId: "222" } })).status).toBe(303);
		const [acc] = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(acc).toMatchObject({ network: "instagram", handle: "@bakery.berlin", connected: true, credentialsExpireAt: null });
		const row = await env.DB.prepare("SELECT credentials FROM account WHERE id = ?").bind(acc.id).first<{ credentials: string }>();
		expect(await decryptCredentials(env.CREDENTIALS_KEY, ws.id, acc.id, row!.credentials)).toEqual({
			igUserId: "17841405822304914",
			pageId: "222",
			pageAccessToken: "page-222",
		});
	});

	it("a user with no Page linked to Instagram is told so", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "instagram", timezone: "UTC" } });
		stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (u.pathname.endsWith("/oauth/access_token")) return json({ access_token: "user" });
			if (u.pathname.endsWith("/me/accounts")) return json({ data: [{ id: "111", name: "Bakery", access_token: "page-111" }] });
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const refused = await page("GET", callback(new URL(res.body.authorizeUrl).searchParams.get("state")!), { cookie });
		expect(refused.status).toBe(502);
		expect(refused.html).toContain("linked to an Instagram professional account");
	});
});
