// Mastodon contract: request and answers as in docs.joinmastodon.org (methods/statuses, api/rate-limits)
// and mastodon's source (config/initializers/rack_attack.rb: 429 with X-RateLimit-Reset in ISO 8601).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mastodonAdapter } from "../../functions/networks/mastodon";
import { account, createdAt, createdAtMs, json, memoryCache, request, stubFetch, stubFetchError, stubSilentFetch, text } from "./helpers";

const acc = account("mastodon", { instanceUrl: "https://mastodon.example", accessToken: "tok-123" });
const cache = memoryCache();

function statusEntity(overrides: Record<string, unknown> = {}) {
	return {
		id: "103254962155278888",
		created_at: "2026-11-26T10:00:01.196Z",
		visibility: "public",
		uri: "https://mastodon.example/users/chorus/statuses/103254962155278888",
		url: "https://mastodon.example/@chorus/103254962155278888",
		content:
			'<p>Launch day!</p><p><a href="https://example.com/launch" target="_blank" rel="nofollow noopener noreferrer"><span class="invisible">https://</span><span class="">example.com/launch</span><span class="invisible"></span></a></p>',
		account: { id: "109", username: "chorus", acct: "chorus" },
		media_attachments: [],
		...overrides,
	};
}

beforeEach(() => {
	vi.useFakeTimers({ now: createdAtMs + 1_000 });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Mastodon publish", () => {
	it("POSTs the status as JSON with the bearer token and the post's Idempotency-Key", async () => {
		const calls = stubFetch(json(statusEntity()));
		const outcome = await mastodonAdapter.publish(acc, request(), cache);
		expect(calls).toHaveLength(1);
		const [call] = calls;
		expect(call!.method).toBe("POST");
		expect(call!.url).toBe("https://mastodon.example/api/v1/statuses");
		expect(call!.headers.get("authorization")).toBe("Bearer tok-123");
		expect(call!.headers.get("idempotency-key")).toBe("post_1");
		expect(call!.headers.get("content-type")).toBe("application/json");
		expect(call!.json).toEqual({ status: "Launch day!\n\nhttps://example.com/launch", visibility: "public" });
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "103254962155278888",
			networkUrl: "https://mastodon.example/@chorus/103254962155278888",
			answer: { status: 200, summary: "200: https://mastodon.example/@chorus/103254962155278888" },
		});
	});

	it("keeps a path in the instance URL and is idempotent by design", async () => {
		const calls = stubFetch(json(statusEntity()));
		await mastodonAdapter.publish(account("mastodon", { instanceUrl: "https://example.org/social/", accessToken: "t" }), request(), cache);
		expect(calls[0]!.url).toBe("https://example.org/social/api/v1/statuses");
		expect(mastodonAdapter.idempotent).toBe(true);
	});

	it("422 is a rejection with the server's reason", async () => {
		stubFetch(json({ error: "Validation failed: Text character limit of 500 exceeded" }, 422));
		expect(await mastodonAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 422, summary: "422: Validation failed: Text character limit of 500 exceeded" },
		});
	});

	it("401 and 403 ask for a reconnect", async () => {
		stubFetch(json({ error: "The access token is invalid" }, 401), json({ error: "This action is outside the authorized scopes" }, 403));
		expect(await mastodonAdapter.publish(acc, request(), cache)).toEqual({
			kind: "auth",
			answer: { status: 401, summary: "401: The access token is invalid" },
		});
		expect((await mastodonAdapter.publish(acc, request(), cache)).kind).toBe("auth");
	});

	it("429 retries when X-RateLimit-Reset says", async () => {
		const reset = new Date(createdAtMs + 1_000 + 240_000).toISOString().replace("Z", "000Z"); // iso8601(6)
		stubFetch(json({ error: "Too many requests" }, 429, { "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset }));
		expect(await mastodonAdapter.publish(acc, request(), cache)).toEqual({
			kind: "retry",
			retryAfterSeconds: 240,
			answer: { status: 429, summary: "429: Too many requests" },
		});
	});

	it("5xx from the proxy in front is a retry", async () => {
		stubFetch(text("<html><body><h1>502 Bad Gateway</h1></body></html>", 502));
		expect(await mastodonAdapter.publish(acc, request(), cache)).toEqual({
			kind: "retry",
			retryAfterSeconds: null,
			answer: { status: 502, summary: "502: 502 Bad Gateway" },
		});
	});

	it("no answer within 10 s is unknown", async () => {
		stubSilentFetch();
		const pending = mastodonAdapter.publish(acc, request(), cache);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(await pending).toEqual({ kind: "unknown", answer: { status: null, summary: "outcome unknown: no answer within 10 s" } });
	});

	it("a connection that never opened is a retry", async () => {
		stubFetchError(new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
		expect(await mastodonAdapter.publish(acc, request(), cache)).toMatchObject({ kind: "retry", retryAfterSeconds: null, answer: { status: null } });
	});

	it("a 200 whose body is not a status is unknown, not published without an id", async () => {
		stubFetch(text("<html>maintenance</html>", 200));
		expect((await mastodonAdapter.publish(acc, request(), cache)).kind).toBe("unknown");
	});

	it("missing credentials are an auth problem, with no request made", async () => {
		const calls = stubFetch();
		expect((await mastodonAdapter.publish(account("mastodon", { instanceUrl: "https://mastodon.example" }), request(), cache)).kind).toBe("auth");
		expect(calls).toHaveLength(0);
	});
});

describe("Mastodon findPublished", () => {
	it("reads the account's statuses and matches the HTML content as text", async () => {
		const calls = stubFetch(
			json({ id: "109", username: "chorus", acct: "chorus" }),
			json([statusEntity({ id: "2", content: "<p>Other</p>" }), statusEntity()]),
		);
		const found = await mastodonAdapter.findPublished(acc, request(), cache);
		expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
			"GET https://mastodon.example/api/v1/accounts/verify_credentials",
			"GET https://mastodon.example/api/v1/accounts/109/statuses?limit=40&exclude_reblogs=true",
		]);
		expect(calls[1]!.headers.get("authorization")).toBe("Bearer tok-123");
		expect(found).toEqual({ networkPostId: "103254962155278888", networkUrl: "https://mastodon.example/@chorus/103254962155278888" });
	});

	it("decodes entities and line breaks", async () => {
		stubFetch(json({ id: "109" }), json([statusEntity({ content: "<p>Fish &amp; chips &lt;3<br />tonight</p>" })]));
		expect(await mastodonAdapter.findPublished(acc, request({ text: "Fish & chips <3\ntonight" }), cache)).not.toBeNull();
	});

	it("is absent when the statuses since the request hold no match", async () => {
		stubFetch(json({ id: "109" }), json([statusEntity({ content: "<p>Something else</p>" })]));
		expect(await mastodonAdapter.findPublished(acc, request(), cache)).toBe("absent");
	});

	it("does not take an identical older post for this one", async () => {
		stubFetch(json({ id: "109" }), json([statusEntity({ created_at: "2026-10-01T10:00:00.000Z" })]));
		expect(await mastodonAdapter.findPublished(acc, request({ createdAt }), cache)).toBe("absent");
	});

	it("cannot tell when the page is full of newer posts", async () => {
		const newer = Array.from({ length: 40 }, (_, i) => statusEntity({ id: String(i), content: "<p>busy</p>", created_at: "2026-11-26T10:30:00.000Z" }));
		stubFetch(json({ id: "109" }), json(newer));
		expect(await mastodonAdapter.findPublished(acc, request(), cache)).toBeNull();
	});

	it("cannot tell when a read fails", async () => {
		stubFetch(json({ error: "The access token is invalid" }, 401));
		expect(await mastodonAdapter.findPublished(acc, request(), cache)).toBeNull();
		vi.restoreAllMocks();
		stubFetch(json({ id: "109" }), json({ error: "oops" }, 500));
		expect(await mastodonAdapter.findPublished(acc, request(), cache)).toBeNull();
	});
});
