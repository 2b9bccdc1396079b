// Token lifecycle: X access tokens are refreshed before they lapse, in the account's desk, once per
// rotation however many publishes need it at the same moment; a refused refresh holds the posts.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decryptCredentials } from "../../functions/auth/credentials";
import { xAdapter } from "../../functions/networks/x";
import { call, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { type Call, json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

const MINUTE = 60_000;
const TOKEN_URL = "https://api.x.com/2/oauth2/token";

/** An X account whose access token ends 2 minutes after dueAt (inside the refresh margin), and posts due then. */
async function xAccountWithPosts(bodies: string[]) {
	queue = captureQueue();
	const ws = await signUp();
	const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
	const acc = await call("POST", "/accounts", {
		token: ws.token,
		json: {
			network: "x",
			handle: "@chorus",
			timezone: "UTC",
			credentials: { accessToken: "old-access", refreshToken: "refresh-1", expiresAt: dueAt + 2 * MINUTE },
		},
	});
	expect(acc.status).toBe(201);
	const ids: string[] = [];
	for (const body of bodies) {
		const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.body.id, body, scheduledAt: new Date(dueAt).toISOString() } });
		ids.push(res.body.posts[0].id);
	}
	await runSweep(dueAt);
	return { ws, accountId: acc.body.id as string, ids, dueAt, messages: queue.sent.splice(0) };
}

/** The token endpoint answers slowly (so concurrent callers overlap) with a rotated pair; tweets are created. */
function stubX(tokenAnswer: (c: Call) => Response | Promise<Response>) {
	let tweet = 1000;
	return stubFetch(async (c) => {
		if (c.url === TOKEN_URL) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			return tokenAnswer(c);
		}
		if (c.method === "POST" && c.url === "https://api.x.com/2/tweets") return json({ data: { id: String(tweet++), text: "" } }, 201);
		throw new Error(`unexpected ${c.method} ${c.url}`);
	});
}

const stored = async (accountId: string, workspaceId: string) => {
	const row = await env.DB.prepare("SELECT credentials, credentials_expire_at, needs_reconnect FROM account WHERE id = ?")
		.bind(accountId)
		.first<{ credentials: string; credentials_expire_at: number | null; needs_reconnect: number }>();
	return { ...row, decrypted: await decryptCredentials(env.CREDENTIALS_KEY, workspaceId, accountId, row!.credentials) };
};

describe("refreshing X tokens before they lapse", () => {
	it("two publishes needing a refresh at once: one refresh call, both sent with the new token", async () => {
		const { ws, accountId, ids, dueAt, messages } = await xAccountWithPosts(["Doors open at six", "The band starts at eight"]);
		const calls = stubX(() =>
			json({ token_type: "bearer", access_token: "new-access", refresh_token: "refresh-2", expires_in: 7200, scope: "tweet.write offline.access" }),
		);
		// Two consumer invocations at the same moment, one message each.
		await Promise.all(messages.map((m) => deliver([m], dueAt, { adapterFor: () => xAdapter })));

		const refreshes = calls.filter((c) => c.url === TOKEN_URL);
		expect(refreshes).toHaveLength(1);
		const form = new URLSearchParams(refreshes[0]!.body ?? "");
		expect(Object.fromEntries(form)).toEqual({ grant_type: "refresh_token", refresh_token: "refresh-1", client_id: "test-x-client" });
		expect(refreshes[0]!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
		const tweets = calls.filter((c) => c.url === "https://api.x.com/2/tweets");
		expect(tweets.map((t) => t.headers.get("authorization"))).toEqual(["Bearer new-access", "Bearer new-access"]);
		for (const id of ids) expect((await postRow(id))?.status).toBe("published");

		// The rotated refresh token is what is kept, with the new expiry.
		const after = await stored(accountId, ws.id);
		expect(after.decrypted).toMatchObject({ accessToken: "new-access", refreshToken: "refresh-2", expiresAt: dueAt + 7_200_000 });
		expect(after.credentials).not.toContain("refresh-2");
	});

	it("a token that is not near its end is used as it is", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const acc = await call("POST", "/accounts", {
			token: ws.token,
			json: { network: "x", handle: "@chorus", timezone: "UTC", credentials: { accessToken: "fresh", refreshToken: "r", expiresAt: dueAt + 60 * MINUTE } },
		});
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.body.id, body: "Still fresh", scheduledAt: new Date(dueAt).toISOString() } });
		await runSweep(dueAt);
		const calls = stubX(() => json({}, 500));
		await deliver(queue.sent, dueAt, { adapterFor: () => xAdapter });
		expect(calls.map((c) => c.url)).toEqual(["https://api.x.com/2/tweets"]);
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer fresh");
	});

	it("a refused refresh marks the account, holds its posts with a reason and tells the owner", async () => {
		const { ws, accountId, ids, dueAt, messages } = await xAccountWithPosts(["Tickets on sale", "Last call for tickets"]);
		const calls = stubX(() => json({ error: "invalid_request", error_description: "Value passed for the token was invalid." }, 400));
		const result = await Promise.all(messages.map((m) => deliver([m], dueAt, { adapterFor: () => xAdapter })));
		expect(result.flatMap((r) => r.acked)).toHaveLength(2);
		expect(calls.filter((c) => c.url === TOKEN_URL)).toHaveLength(1);
		expect(calls.filter((c) => c.url.endsWith("/tweets"))).toHaveLength(0);
		for (const id of ids) expect(await postRow(id)).toMatchObject({ status: "scheduled", holdReason: "needs_reconnect" });
		expect((await call("GET", `/accounts/${accountId}`, { token: ws.token })).body).toMatchObject({ needsReconnect: true, connected: false });
		const audit = await call("GET", `/audit?subject=account:${accountId}`, { token: ws.token });
		const notice = audit.body.items.find((i: { action: string }) => i.action === "account.needs_reconnect");
		expect(notice.after.reason).toMatch(/Value passed for the token was invalid.*reconnect/);
		// Later ticks leave them waiting; reconnecting sends them.
		expect((await runSweep(dueAt + MINUTE)).claimed).toBe(0);
		await call("PATCH", `/accounts/${accountId}`, {
			token: ws.token,
			headers: { "X-Chorus-Now": new Date(dueAt + 2 * MINUTE).toISOString() },
			json: { credentials: { accessToken: "reconnected", refreshToken: "refresh-9", expiresAt: dueAt + 120 * MINUTE } },
		});
		expect(queue.sent.map((s) => s.postId).sort()).toEqual([...ids].sort());
	});

	it("a refresh that gets no usable answer is retried later, and the account stays connected", async () => {
		const { ws, accountId, ids, dueAt, messages } = await xAccountWithPosts(["Soon"]);
		stubX(() => json({ title: "Service Unavailable" }, 503));
		const result = await deliver(messages, dueAt, { adapterFor: () => xAdapter });
		expect(result.retried).toHaveLength(1);
		expect((await postRow(ids[0]!))?.status).toBe("publishing");
		expect((await call("GET", `/accounts/${accountId}`, { token: ws.token })).body.needsReconnect).toBe(false);
	});
});

describe("credentials that cannot be refreshed", () => {
	it("warn the owner once, a week ahead, then hold the account's posts when they lapse", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const now = Date.now();
		const expiresAt = now + 3 * 86_400_000;
		const acc = await call("POST", "/accounts", {
			token: ws.token,
			json: {
				network: "linkedin",
				handle: "Chorus Inc",
				timezone: "UTC",
				ownerId: ws.ownerId,
				credentials: { accessToken: "li", authorUrn: "urn:li:organization:1", expiresAt },
			},
		});
		expect(acc.body.credentialsExpireAt).toBe(new Date(expiresAt).toISOString());
		const post = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.body.id, body: "After the expiry", scheduledAt: new Date(expiresAt + MINUTE).toISOString() },
		});

		expect((await runSweep(now - 5 * 86_400_000)).credentialsWarned).toBe(0);
		expect((await runSweep(now)).credentialsWarned).toBe(1);
		expect((await runSweep(now + MINUTE)).credentialsWarned).toBe(0);
		const audit = await call("GET", `/audit?subject=account:${acc.body.id}`, { token: ws.token });
		expect(audit.body.items.find((i: { action: string }) => i.action === "account.credentials_expiring").after).toEqual({
			expiresAt: new Date(expiresAt).toISOString(),
			notify: ws.ownerId,
		});

		const lapsed = await runSweep(expiresAt + MINUTE);
		expect(lapsed).toMatchObject({ credentialsExpired: 1, claimed: 0 });
		expect(await postRow(post.body.posts[0].id)).toMatchObject({ status: "scheduled", holdReason: "needs_reconnect" });
		expect((await call("GET", `/accounts/${acc.body.id}`, { token: ws.token })).body.needsReconnect).toBe(true);
	});
});
