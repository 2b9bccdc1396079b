// X contract: POST /2/tweets and its answers as documented and as reported by clients. Stubs copy:
// - 201 { data: { id, text, edit_history_tweet_ids } }: docs.x.com/x-api/posts/create-post
// - problems { title, detail, type, status }: docs.x.com/x-api/fundamentals/response-codes-and-errors
// - 403 duplicate { detail, type: "about:blank", title: "Forbidden", status } (akrherz/iembot#163)
// - 403 reply restriction "Reply to this conversation is not allowed because you have not been
//   mentioned or otherwise engaged by the author of the post you are replying to."
//   (the create-post reference's reply_settings; the message as X sends it)
// - 403 "Unsupported Authentication" …/problems/unsupported-authentication (sferik/x-ruby#28)
// - 429 with x-rate-limit-* and the daily x-user-limit-24hour-* headers (epoch seconds), no
//   Retry-After: docs.x.com/x-api/fundamentals/rate-limits
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sameXText, xAdapter, xRetryAfter } from "../../functions/networks/x";
import { account, createdAtMs, json, memoryCache, request, stubFetch, stubFetchError, stubSilentFetch, text } from "./helpers";

const acc = account("x", { accessToken: "oauth2-user-token" });
const cache = memoryCache();
const now = createdAtMs + 1_000;
const epoch = (secondsFromNow: number) => String(Math.floor(now / 1000) + secondsFromNow);

beforeEach(() => {
	vi.useFakeTimers({ now });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("X publish", () => {
	it("POSTs { text } to /2/tweets with the user's bearer token", async () => {
		const calls = stubFetch(
			json({ data: { id: "1445880548472328192", text: "Launch day!\n\nhttps://t.co/x1y2z3", edit_history_tweet_ids: ["1445880548472328192"] } }, 201),
		);
		const outcome = await xAdapter.publish(acc, request(), cache);
		expect(calls).toHaveLength(1);
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe("https://api.x.com/2/tweets");
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer oauth2-user-token");
		expect(calls[0]!.headers.get("content-type")).toBe("application/json");
		expect(calls[0]!.json).toEqual({ text: "Launch day!\n\nhttps://example.com/launch" });
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "1445880548472328192",
			networkUrl: "https://x.com/i/web/status/1445880548472328192",
			answer: { status: 201, summary: "201: 1445880548472328192" },
		});
		expect(xAdapter.idempotent).toBe(false);
	});

	it("403 duplicate content is this post refused, saying so", async () => {
		stubFetch(json({ detail: "You are not allowed to create a Tweet with duplicate content.", type: "about:blank", title: "Forbidden", status: 403 }, 403));
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 403, summary: "X refused: duplicate content (403: You are not allowed to create a Tweet with duplicate content.)" },
		});
	});

	it("403 on a reply the author restricted refuses this reply only, with X's reason", async () => {
		const detail =
			"Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.";
		stubFetch(json({ detail, type: "about:blank", title: "Forbidden", status: 403 }, 403));
		const outcome = await xAdapter.publish(acc, request({ inReplyTo: "1445880548472328192" }), cache);
		expect(outcome.kind).toBe("rejected");
		expect(outcome.answer.summary).toContain("Reply to this conversation is not allowed");
	});

	it("other 403s refuse this post with X's reason, never freeze the account", async () => {
		stubFetch(
			json({ detail: "You are not permitted to perform this action.", type: "about:blank", title: "Forbidden", status: 403 }, 403),
			json(
				{
					title: "Client Forbidden",
					detail: "This request must be made using an approved developer account that is enrolled in the requested endpoint.",
					reason: "client-not-enrolled",
					type: "https://api.twitter.com/2/problems/client-forbidden",
				},
				403,
			),
		);
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 403, summary: "X refused this post (403: You are not permitted to perform this action.)" },
		});
		expect((await xAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
	});

	it("only 403 Unsupported Authentication among them is the token: reconnect", async () => {
		stubFetch(
			json({ detail: "You are not permitted to perform this action.", type: "about:blank", title: "Forbidden", status: 403 }, 403),
			json(
				{
					title: "Unsupported Authentication",
					detail:
						"Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
					type: "https://api.twitter.com/2/problems/unsupported-authentication",
					status: 403,
				},
				403,
			),
		);
		expect((await xAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
		const outcome = await xAdapter.publish(acc, request(), cache);
		expect(outcome.kind).toBe("auth");
		expect(outcome.answer.summary).toContain("Authenticating with OAuth 2.0 Application-Only is forbidden");
	});

	it("401 asks for a reconnect", async () => {
		stubFetch(json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, 401));
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({ kind: "auth", answer: { status: 401, summary: "401: Unauthorized" } });
	});

	it("429 retries at x-rate-limit-reset", async () => {
		stubFetch(
			json({ title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 }, 429, {
				"x-rate-limit-limit": "100",
				"x-rate-limit-remaining": "0",
				"x-rate-limit-reset": epoch(600),
			}),
		);
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "retry",
			retryAfterSeconds: 600,
			answer: { status: 429, summary: "429: Too Many Requests" },
		});
	});

	it("429 with the daily user cap used up waits for the daily reset, not the 15-minute one", async () => {
		stubFetch(
			json({ errors: [{ code: 88, message: "Rate limit exceeded" }] }, 429, {
				"x-rate-limit-remaining": "97",
				"x-rate-limit-reset": epoch(600),
				"x-user-limit-24hour-limit": "100",
				"x-user-limit-24hour-remaining": "0",
				"x-user-limit-24hour-reset": epoch(50_000),
			}),
		);
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "retry",
			retryAfterSeconds: 50_000,
			answer: { status: 429, summary: "429: Rate limit exceeded" },
		});
	});

	it("400 invalid request is a rejection", async () => {
		stubFetch(
			json(
				{
					errors: [{ parameters: { text: ["x".repeat(10)] }, message: "The `text` query parameter value is too long" }],
					title: "Invalid Request",
					detail: "One or more parameters to your request was invalid.",
					type: "https://api.twitter.com/2/problems/invalid-request",
				},
				400,
			),
		);
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 400, summary: "400: One or more parameters to your request was invalid." },
		});
	});

	it("503 is a retry; 504 from a gateway is unknown (X may have posted)", async () => {
		stubFetch(
			json({ title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 }, 503),
			text("<html>504 Gateway Time-out</html>", 504),
		);
		expect((await xAdapter.publish(acc, request(), cache)).kind).toBe("retry");
		expect((await xAdapter.publish(acc, request(), cache)).kind).toBe("unknown");
	});

	it("no answer within 10 s is unknown", async () => {
		stubSilentFetch();
		const pending = xAdapter.publish(acc, request(), cache);
		await vi.advanceTimersByTimeAsync(10_000);
		expect((await pending).kind).toBe("unknown");
	});

	it("a lost connection is unknown: without idempotency it must be read back first", async () => {
		stubFetchError(Object.assign(new Error("Network connection lost."), { remote: true, retryable: true }));
		expect(await xAdapter.publish(acc, request(), cache)).toEqual({
			kind: "unknown",
			answer: { status: null, summary: "outcome unknown: Network connection lost." },
		});
	});
});

describe("xRetryAfter", () => {
	it("takes the latest reset among used-up windows", () => {
		const headers = new Headers({
			"x-rate-limit-reset": epoch(100),
			"x-app-limit-24hour-remaining": "0",
			"x-app-limit-24hour-reset": epoch(7_200),
			"x-user-limit-24hour-remaining": "3",
			"x-user-limit-24hour-reset": epoch(80_000),
		});
		expect(xRetryAfter(headers, now)).toBe(7_200);
	});
});

describe("X findPublished", () => {
	const timeline = (items: object[]) => json({ data: items, meta: { result_count: items.length, newest_id: "2", oldest_id: "1" } });

	it("looks up the user, reads recent posts and matches despite t.co links and entities", async () => {
		const calls = stubFetch(
			json({ data: { id: "2244994945", name: "Chorus", username: "chorus" } }),
			timeline([
				{ id: "2", text: "Something else", created_at: "2026-11-26T10:05:00.000Z", edit_history_tweet_ids: ["2"] },
				{ id: "1", text: "Fish &amp; chips &lt;3\n\nhttps://t.co/AbC123xyz", created_at: "2026-11-26T10:00:02.000Z", edit_history_tweet_ids: ["1"] },
			]),
		);
		const found = await xAdapter.findPublished(acc, request({ text: "Fish & chips <3\n\nhttps://example.com/launch" }), cache);
		expect(found).toEqual({ networkPostId: "1", networkUrl: "https://x.com/i/web/status/1" });
		expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
			"GET https://api.x.com/2/users/me",
			"GET https://api.x.com/2/users/2244994945/tweets?max_results=20&tweet.fields=created_at%2Cnote_tweet",
		]);
		expect(calls[1]!.headers.get("authorization")).toBe("Bearer oauth2-user-token");
	});

	it("uses the stored user id and a long post's note_tweet text", async () => {
		const long = `${"word ".repeat(80)}end`;
		const calls = stubFetch(
			timeline([{ id: "9", text: `${long.slice(0, 270)}… https://t.co/zz`, note_tweet: { text: long }, created_at: "2026-11-26T10:00:02.000Z" }]),
		);
		expect(await xAdapter.findPublished(account("x", { accessToken: "t", userId: "42" }), request({ text: long }), cache)).toMatchObject({
			networkPostId: "9",
		});
		expect(calls[0]!.url).toContain("/2/users/42/tweets");
	});

	it("is absent when the account has no matching post since the request", async () => {
		stubFetch(json({ meta: { result_count: 0 } }));
		expect(await xAdapter.findPublished(account("x", { accessToken: "t", userId: "42" }), request(), cache)).toBe("absent");
	});

	it("cannot tell when the read fails", async () => {
		stubFetch(json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, 401));
		expect(await xAdapter.findPublished(acc, request(), cache)).toBeNull();
	});

	it("compares text with links and whitespace normalised", () => {
		expect(sameXText("Read https://example.com/a?b=1 now", "Read https://t.co/q1 now")).toBe(true);
		expect(sameXText("Read https://example.com/a now", "Read https://t.co/q1 later")).toBe(false);
	});
});
