// Connect flows against stubbed networks: X's OAuth 2 with PKCE, a Mastodon instance (app registered
// first), Bluesky with an app password. The state is single-use, expiring and bound to the member.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decryptCredentials } from "../../functions/auth/credentials";
import { addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, postRow, runSweep } from "../helpers/publishing";
import { type Call, json, stubFetch } from "../networks/helpers";
import { PASSWORD, page } from "../web/page";

afterEach(() => vi.restoreAllMocks());

const MINUTE = 60_000;

async function s256(verifier: string) {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
	return btoa(String.fromCharCode(...digest))
		.replaceAll("+", "-")
		.replaceAll("/", "_")
		.replace(/=+$/, "");
}

/** X's token and profile endpoints; answers are made per call (a Response cannot cross into the Worker's request). */
function stubXNetwork() {
	return stubFetch((c: Call) => {
		if (c.url === "https://api.x.com/2/oauth2/token")
			return json({
				token_type: "bearer",
				access_token: "x-access",
				refresh_token: "x-refresh",
				expires_in: 7200,
				scope: "tweet.read tweet.write users.read media.write offline.access",
			});
		if (c.url === "https://api.x.com/2/users/me") return json({ data: { id: "2244994945", username: "chorus_hq", name: "Chorus HQ" } });
		throw new Error(`unexpected ${c.method} ${c.url}`);
	});
}

async function startX(ws: { token: string }, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
	const res = await call("POST", "/accounts/connect", { token: ws.token, headers, json: { network: "x", timezone: "Europe/Berlin", ...extra } });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return new URL(res.body.authorizeUrl);
}

const callback = (state: string, code = "auth-code-1") => `/oauth/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`;

describe("connecting X with OAuth 2 and PKCE", () => {
	it("sends the user to X with a S256 challenge, and the callback proves the verifier", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const url = await startX(ws);
		expect(url.origin + url.pathname).toBe("https://x.com/i/oauth2/authorize");
		expect(url.searchParams.get("response_type")).toBe("code");
		expect(url.searchParams.get("client_id")).toBe("test-x-client");
		expect(url.searchParams.get("redirect_uri")).toBe("https://chorus.test/oauth/callback");
		// In full: docs.x.com's authentication mapping (POST /2/tweets: tweet.read tweet.write users.read;
		// the media upload endpoints: media.write) and offline.access for a refresh token.
		expect(url.searchParams.get("scope")).toBe("tweet.read tweet.write users.read media.write offline.access");
		expect(url.searchParams.get("code_challenge_method")).toBe("S256");
		const state = url.searchParams.get("state")!;
		const challenge = url.searchParams.get("code_challenge")!;
		expect(state.length).toBeGreaterThanOrEqual(32);
		// Only a hash of the state is stored.
		expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM oauth_state WHERE id = ?").bind(state).first("n")).toBe(0);

		const calls = stubXNetwork();
		const done = await page("GET", callback(state), { cookie });
		expect(done.status, done.html).toBe(303);
		expect(done.headers.get("location")).toBe("/accounts?done=connected");
		const tokenCall = calls.find((c) => c.url === "https://api.x.com/2/oauth2/token")!;
		const form = new URLSearchParams(tokenCall.body ?? "");
		expect(form.get("grant_type")).toBe("authorization_code");
		expect(form.get("code")).toBe("auth-code-1");
		expect(form.get("redirect_uri")).toBe("https://chorus.test/oauth/callback");
		expect(await s256(form.get("code_verifier")!)).toBe(challenge);

		const accounts = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(accounts).toEqual([
			expect.objectContaining({
				network: "x",
				handle: "@chorus_hq",
				displayName: "Chorus HQ",
				connected: true,
				timezone: "Europe/Berlin",
				ownerId: ws.ownerId,
			}),
		]);
		expect(JSON.stringify(accounts)).not.toContain("x-refresh");
		const row = await env.DB.prepare("SELECT id, credentials FROM account WHERE workspace_id = ?").bind(ws.id).first<{ id: string; credentials: string }>();
		const creds = await decryptCredentials(env.CREDENTIALS_KEY, ws.id, row!.id, row!.credentials);
		expect(creds).toMatchObject({
			accessToken: "x-access",
			refreshToken: "x-refresh",
			userId: "2244994945",
			scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
		});
		expect(creds.expiresAt).toEqual(expect.any(Number));
	});

	it("refuses a replayed, forged or expired state without calling X", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const state = (await startX(ws)).searchParams.get("state")!;
		const calls = stubXNetwork();
		expect((await page("GET", callback(state), { cookie })).status).toBe(303);
		const used = calls.length;

		const replay = await page("GET", callback(state), { cookie });
		expect(replay.status).toBe(400);
		expect(replay.html).toContain("expired or already used");
		const forged = await page("GET", callback(`${state}x`), { cookie });
		expect(forged.status).toBe(400);
		expect((await page("GET", "/oauth/callback?code=abc", { cookie })).status).toBe(400);

		const late = (await startX(ws)).searchParams.get("state")!;
		const expired = await page("GET", callback(late), { cookie, headers: { "X-Chorus-Now": new Date(Date.now() + 11 * MINUTE).toISOString() } });
		expect(expired.status).toBe(400);
		expect(calls).toHaveLength(used);
		expect((await call("GET", "/accounts", { token: ws.token })).body.items).toHaveLength(1);
	});

	it("a callback in another member's browser is refused (no login CSRF), and the state is spent", async () => {
		const ws = await signUp();
		const manager = await addMember(ws, "manager");
		const state = (await startX(ws)).searchParams.get("state")!;
		const calls = stubXNetwork();
		const other = await page("GET", callback(state), { cookie: await signInCookie(manager.email, PASSWORD) });
		expect(other.status).toBe(403);
		expect(calls).toHaveLength(0);
		expect((await page("GET", callback(state), { cookie: await signInCookie(ws.email, PASSWORD) })).status).toBe(400);
	});

	it("X refusing the code is a clear error, and nothing is saved", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const state = (await startX(ws)).searchParams.get("state")!;
		stubFetch(() => json({ error: "invalid_request", error_description: "Value passed for the authorization code was invalid." }, 400));
		const res = await page("GET", callback(state), { cookie });
		expect(res.status).toBe(502);
		expect(res.html).toContain("invalid_request");
		expect((await call("GET", "/accounts", { token: ws.token })).body.items).toEqual([]);
	});

	it("reconnecting an account replaces its credentials and sends what waited", async () => {
		const queue = captureQueue();
		try {
			const ws = await signUp();
			const cookie = await signInCookie(ws.email, PASSWORD);
			const acc = await call("POST", "/accounts", {
				token: ws.token,
				json: { network: "x", handle: "@chorus_hq", timezone: "UTC", credentials: { accessToken: "old" } },
			});
			const dueAt = Date.now() + 3_600_000;
			const post = await call("POST", "/posts", {
				token: ws.token,
				json: { accountId: acc.body.id, body: "Waiting for a reconnect", scheduledAt: new Date(dueAt).toISOString() },
			});
			await env.DB.prepare("UPDATE account SET needs_reconnect = 1 WHERE id = ?").bind(acc.body.id).run();
			await runSweep(dueAt);
			expect((await postRow(post.body.posts[0].id))?.holdReason).toBe("needs_reconnect");

			const later = { "X-Chorus-Now": new Date(dueAt + MINUTE).toISOString() };
			const state = (await startX(ws, { accountId: acc.body.id }, later)).searchParams.get("state")!;
			stubXNetwork();
			expect((await page("GET", callback(state), { cookie, headers: later })).status).toBe(303);
			expect((await call("GET", `/accounts/${acc.body.id}`, { token: ws.token })).body).toMatchObject({ needsReconnect: false, connected: true });
			expect((await call("GET", "/accounts", { token: ws.token })).body.items).toHaveLength(1);
			expect(queue.sent.map((s) => s.postId)).toEqual([post.body.posts[0].id]);
		} finally {
			queue.restore();
		}
	});

	it("only account managers start a connect; a wrong network or zone names the field", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		expect((await call("POST", "/accounts/connect", { token: author.token, json: { network: "x", timezone: "UTC" } })).status).toBe(403);
		const bad = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "x", timezone: "Mars/Olympus" } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues[0].path).toEqual(["timezone"]);
		expect((await call("POST", "/accounts/connect", { token: ws.token, json: { network: "myspace", timezone: "UTC" } })).status).toBe(400);
	});
});

describe("connecting Mastodon", () => {
	it("registers Chorus on the instance, then OAuth with PKCE against that instance", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const calls = stubFetch((c: Call) => {
			if (c.url === "https://social.example/api/v1/apps")
				return json({ id: "1", name: "Chorus", client_id: "app-id", client_secret: "app-secret", redirect_uri: "https://chorus.test/oauth/callback" });
			if (c.url === "https://social.example/oauth/token")
				return json({ access_token: "masto-token", token_type: "Bearer", scope: "read write", created_at: 1 });
			if (c.url === "https://social.example/api/v1/accounts/verify_credentials") return json({ id: "109", username: "hq", display_name: "HQ" });
			// docs.joinmastodon.org/entities/Instance/#configuration: the instance's own limits, read at connect.
			if (c.url === "https://social.example/api/v2/instance")
				return json({
					domain: "social.example",
					configuration: {
						statuses: { max_characters: 3000, max_media_attachments: 8, characters_reserved_per_url: 23 },
						media_attachments: { image_size_limit: 10_485_760, video_size_limit: 41_943_040 },
					},
				});
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const res = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "mastodon", instanceUrl: "https://social.example/", timezone: "UTC" },
		});
		expect(res.status).toBe(201);
		expect(calls[0]!.json).toMatchObject({ client_name: "Chorus", redirect_uris: "https://chorus.test/oauth/callback", scopes: "read write" });
		const url = new URL(res.body.authorizeUrl);
		expect(url.origin + url.pathname).toBe("https://social.example/oauth/authorize");
		expect(url.searchParams.get("client_id")).toBe("app-id");
		const challenge = url.searchParams.get("code_challenge")!;

		const done = await page("GET", callback(url.searchParams.get("state")!), { cookie });
		expect(done.status, done.html).toBe(303);
		const tokenCall = calls.find((c) => c.url === "https://social.example/oauth/token")!;
		expect(tokenCall.headers.get("authorization")).toBe(`Basic ${btoa("app-id:app-secret")}`);
		expect(await s256(new URLSearchParams(tokenCall.body ?? "").get("code_verifier")!)).toBe(challenge);
		const accounts = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(accounts).toEqual([expect.objectContaining({ network: "mastodon", handle: "@hq@social.example", connected: true })]);
		const row = await env.DB.prepare("SELECT instance_limits FROM account WHERE id = ?").bind(accounts[0].id).first<{ instance_limits: string }>();
		expect(JSON.parse(row!.instance_limits)).toMatchObject({
			maxCharacters: 3000,
			charactersReservedPerUrl: 23,
			maxMediaAttachments: 8,
			imageSizeLimit: 10_485_760,
			videoSizeLimit: 41_943_040,
		});
	});

	it("an instance must be https; one that refuses the app says so", async () => {
		const ws = await signUp();
		const plain = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "mastodon", instanceUrl: "http://social.example", timezone: "UTC" },
		});
		expect(plain.status).toBe(400);
		expect(plain.body.error.issues[0].path).toEqual(["instanceUrl"]);
		stubFetch(() => json({ error: "Too many requests" }, 429));
		const refused = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "mastodon", instanceUrl: "https://social.example", timezone: "UTC" },
		});
		expect(refused.status).toBe(502);
		expect(refused.body.error.code).toBe("network_refused");
	});
});

describe("connecting Bluesky", () => {
	it("checks the handle and app password with createSession, then stores them sealed", async () => {
		const ws = await signUp();
		const calls = stubFetch((c: Call) =>
			(c.json as { password?: string })?.password === "good-app-pass"
				? json({ did: "did:plc:abc", handle: "chorus.bsky.social", accessJwt: "a", refreshJwt: "r" })
				: json({ error: "AuthenticationRequired", message: "Invalid identifier or password" }, 401),
		);
		const wrong = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "bluesky", handle: "chorus.bsky.social", appPassword: "nope", timezone: "UTC" },
		});
		expect(wrong.status).toBe(422);
		expect(wrong.body.error.issues[0].path).toEqual(["appPassword"]);
		const ok = await call("POST", "/accounts/connect", {
			token: ws.token,
			json: { network: "bluesky", handle: "chorus.bsky.social", appPassword: "good-app-pass", timezone: "UTC" },
		});
		expect(ok.status).toBe(201);
		expect(ok.body).toMatchObject({ network: "bluesky", handle: "@chorus.bsky.social", connected: true });
		expect(JSON.stringify(ok.body)).not.toContain("good-app-pass");
		expect(calls[1]!.url).toBe("https://bsky.social/xrpc/com.atproto.server.createSession");
	});
});

describe("connecting LinkedIn", () => {
	it("trades the code with the client secret in the form and stores the member URN and expiry", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "linkedin", timezone: "UTC" } });
		const url = new URL(res.body.authorizeUrl);
		expect(url.origin + url.pathname).toBe("https://www.linkedin.com/oauth/v2/authorization");
		expect(url.searchParams.get("scope")).toBe("openid profile w_member_social");
		const calls = stubFetch((c: Call) => {
			if (c.url === "https://www.linkedin.com/oauth/v2/accessToken") return json({ access_token: "li-access", expires_in: 5_184_000 });
			if (c.url === "https://api.linkedin.com/v2/userinfo") return json({ sub: "782bbtaQ", name: "Olive Owner" });
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const done = await page("GET", callback(url.searchParams.get("state")!), { cookie });
		expect(done.status, done.html).toBe(303);
		expect(Object.fromEntries(new URLSearchParams(calls[0]!.body ?? ""))).toMatchObject({
			grant_type: "authorization_code",
			code: "auth-code-1",
			client_id: "test-li-client",
			client_secret: "test-li-secret",
		});
		const [acc] = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(acc).toMatchObject({ network: "linkedin", handle: "Olive Owner", connected: true });
		// No refresh token: the 60-day expiry is when a human must reconnect, and the sweep warns ahead.
		expect(Date.parse(acc.credentialsExpireAt) - Date.now()).toBeGreaterThan(59 * 86_400_000);
	});
});

describe("connecting a Facebook Page", () => {
	it("signs in (the manual login flow, no PKCE), extends the token, lists every Page through paging.next, then asks which", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "facebook", timezone: "UTC" } });
		const url = new URL(res.body.authorizeUrl);
		expect(url.pathname).toMatch(/^\/v\d+\.\d+\/dialog\/oauth$/);
		expect(url.searchParams.get("scope")).toBe(
			"pages_show_list,pages_manage_posts,pages_read_engagement,business_management,pages_read_user_content,pages_manage_engagement",
		);
		// PKCE is documented only for Facebook's OIDC flow (with openid); this flow sends no challenge.
		expect(url.searchParams.has("code_challenge")).toBe(false);
		// /me/accounts as developers.facebook.com/docs/graph-api/results pages it: a short first page with a next.
		const second = "https://graph.facebook.com/v25.0/10158/accounts?access_token=long-user&fields=id%2Cname%2Caccess_token&limit=100&after=QVFIUjRk";
		const calls = stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (u.pathname.endsWith("/oauth/access_token") && u.searchParams.get("grant_type") === "authorization_code")
				return json({ access_token: "short-user", token_type: "bearer", expires_in: 5000 });
			if (u.pathname.endsWith("/oauth/access_token") && u.searchParams.get("grant_type") === "fb_exchange_token")
				return json({ access_token: "long-user", token_type: "bearer" });
			if (c.url === second)
				return json({ data: [{ id: "222", name: "Bakery Berlin", access_token: "page-222" }], paging: { cursors: { before: "QVFIUjRk", after: "QVFIUjRl" } } });
			if (u.pathname.endsWith("/me/accounts") && u.searchParams.get("access_token") === "long-user") {
				return json({
					data: [{ id: "111", name: "Bakery", access_token: "page-111" }],
					paging: { cursors: { before: "QVFIUjRj", after: "QVFIUjRk" }, next: second },
				});
			}
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const chooser = await page("GET", callback(url.searchParams.get("state")!), { cookie });
		expect(chooser.status).toBe(200);
		expect(chooser.html).toContain("Bakery Berlin");
		expect(new URL(calls[0]!.url).searchParams.has("code_verifier")).toBe(false);
		expect(calls.filter((c) => c.url.includes("/accounts"))).toHaveLength(2);
		const flow = /name="flow" value="([^"]+)"/.exec(chooser.html)![1]!;

		const notMine = await page("POST", "/oauth/facebook/page", { cookie, form: { flow, pageId: "999" } });
		expect(notMine.status).toBe(422);
		// The choice is single-use too: the refused one spent it.
		expect((await page("POST", "/oauth/facebook/page", { cookie, form: { flow, pageId: "222" } })).status).toBe(400);
	});

	it("the chosen Page becomes the account, with its own Page token", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "facebook", timezone: "UTC" } });
		const state = new URL(res.body.authorizeUrl).searchParams.get("state")!;
		stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (u.pathname.endsWith("/oauth/access_token"))
				return json({ access_token: u.searchParams.get("grant_type") === "fb_exchange_token" ? "long-user" : "short-user" });
			if (u.pathname.endsWith("/me/accounts")) return json({ data: [{ id: "222", name: "Bakery Berlin", access_token: "page-222" }] });
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const chooser = await page("GET", callback(state), { cookie });
		const flow = /name="flow" value="([^"]+)"/.exec(chooser.html)![1]!;
		expect((await page("POST", "/oauth/facebook/page", { cookie, form: { flow, pageId: "222" } })).status).toBe(303);
		const [acc] = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(acc).toMatchObject({ network: "facebook", handle: "Bakery Berlin", connected: true, credentialsExpireAt: null });
		const row = await env.DB.prepare("SELECT credentials FROM account WHERE id = ?").bind(acc.id).first<{ credentials: string }>();
		expect(await decryptCredentials(env.CREDENTIALS_KEY, ws.id, acc.id, row!.credentials)).toEqual({ pageId: "222", pageAccessToken: "page-222" });
	});
});
