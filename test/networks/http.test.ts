import { afterEach, describe, expect, it, vi } from "vitest";
import { classifyFetchError, classifyStatus, parseRetryAfter, resetHeaderSeconds, sendWithTimeout, summarize } from "../../functions/networks/http";
import { stubFetch, stubFetchError, stubSilentFetch, text } from "./helpers";

const now = Date.parse("2026-11-26T10:00:00.000Z");
const headers = (init: Record<string, string>) => new Headers(init);

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("parseRetryAfter", () => {
	it("reads Retry-After as delta-seconds", () => {
		expect(parseRetryAfter(headers({ "Retry-After": "120" }), now)).toBe(120);
		expect(parseRetryAfter(headers({ "Retry-After": " 0 " }), now)).toBe(0);
	});
	it("reads Retry-After as an HTTP-date", () => {
		expect(parseRetryAfter(headers({ "Retry-After": "Thu, 26 Nov 2026 10:01:30 GMT" }), now)).toBe(90);
	});
	it("never returns a negative wait for a date in the past", () => {
		expect(parseRetryAfter(headers({ "Retry-After": "Thu, 26 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
	});
	it("prefers Retry-After to reset headers", () => {
		expect(parseRetryAfter(headers({ "Retry-After": "5", "x-rate-limit-reset": String(now / 1000 + 900) }), now)).toBe(5);
	});
	it("reads X's x-rate-limit-reset as epoch seconds", () => {
		expect(parseRetryAfter(headers({ "x-rate-limit-reset": String(now / 1000 + 840) }), now)).toBe(840);
	});
	it("reads Mastodon's X-RateLimit-Reset as an ISO 8601 time with microseconds", () => {
		expect(parseRetryAfter(headers({ "X-RateLimit-Reset": "2026-11-26T10:05:00.000000Z" }), now)).toBe(300);
	});
	it("reads GoToSocial's X-Ratelimit-Reset as epoch seconds", () => {
		expect(parseRetryAfter(headers({ "X-Ratelimit-Reset": String(now / 1000 + 60) }), now)).toBe(60);
	});
	it("reads Bluesky's ratelimit-reset as epoch seconds, and a small number as delta-seconds (IETF draft)", () => {
		expect(parseRetryAfter(headers({ "ratelimit-reset": String(now / 1000 + 3600) }), now)).toBe(3600);
		expect(parseRetryAfter(headers({ "RateLimit-Reset": "42" }), now)).toBe(42);
	});
	it("rounds a partial second up", () => {
		expect(resetHeaderSeconds("2026-11-26T10:00:01.200Z", now)).toBe(2);
	});
	it("is null without a usable signal", () => {
		expect(parseRetryAfter(headers({}), now)).toBeNull();
		expect(parseRetryAfter(headers({ "Retry-After": "soon", "x-rate-limit-reset": "later" }), now)).toBeNull();
	});
});

describe("classifyStatus", () => {
	it.each([
		[200, "ok"],
		[201, "ok"],
		[429, "retry"],
		[408, "retry"],
		[500, "retry"],
		[502, "retry"],
		[503, "retry"],
		[530, "retry"],
		[504, "unknown"],
		[524, "unknown"],
		[401, "auth"],
		[403, "auth"],
		[400, "rejected"],
		[404, "rejected"],
		[422, "rejected"],
		[426, "rejected"],
		[302, "rejected"],
	])("%i is %s", (status, kind) => {
		expect(classifyStatus(status)).toBe(kind);
	});
});

describe("summarize", () => {
	it("takes Mastodon's error", () => {
		expect(summarize(422, JSON.stringify({ error: "Validation failed: Text character limit of 500 exceeded" }))).toBe(
			"422: Validation failed: Text character limit of 500 exceeded",
		);
	});
	it("takes Bluesky's error name and message", () => {
		expect(summarize(400, JSON.stringify({ error: "InvalidSwap", message: "Record was at bafyrei" }))).toBe("400: InvalidSwap: Record was at bafyrei");
	});
	it("takes X's problem detail", () => {
		const body = { detail: "You are not allowed to create a Tweet with duplicate content.", type: "about:blank", title: "Forbidden", status: 403 };
		expect(summarize(403, JSON.stringify(body))).toBe("403: You are not allowed to create a Tweet with duplicate content.");
	});
	it("takes X's v1-style errors array", () => {
		expect(summarize(429, JSON.stringify({ errors: [{ code: 88, message: "Rate limit exceeded" }] }))).toBe("429: Rate limit exceeded");
	});
	it("takes the Graph API's nested error message", () => {
		const body = { error: { message: "(#506) Duplicate status message", type: "OAuthException", code: 506, error_subcode: 1455006, fbtrace_id: "A1b2" } };
		expect(summarize(400, JSON.stringify(body))).toBe("400: (#506) Duplicate status message");
	});
	it("keeps the visible text of an HTML error page", () => {
		expect(summarize(502, "<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>")).toBe(
			"502: 502 Bad Gateway nginx",
		);
	});
	it("is at most 200 characters", () => {
		const summary = summarize(500, JSON.stringify({ error: "x".repeat(1000) }));
		expect(summary.length).toBe(200);
		expect(summary.endsWith("…")).toBe(true);
	});
	it("says when nothing came back", () => {
		expect(summarize(null, "")).toBe("no answer");
	});
});

describe("sendWithTimeout", () => {
	it("returns status, headers and body, and does not follow redirects", async () => {
		const calls = stubFetch(text("hello", 201, { "x-thing": "1" }));
		const sent = await sendWithTimeout(globalThis.fetch, "https://api.example/x", { method: "POST", body: "b" });
		expect(sent).toMatchObject({ kind: "response", status: 201, body: "hello" });
		expect(sent.kind === "response" && sent.headers.get("x-thing")).toBe("1");
		expect(calls[0]!.method).toBe("POST");
		const init = vi.mocked(globalThis.fetch).mock.calls[0]![1]!;
		expect(init.redirect).toBe("manual");
		expect(init.signal).toBeInstanceOf(AbortSignal);
	});

	it("is unknown when the deadline passes: the request may be with the network", async () => {
		vi.useFakeTimers();
		stubSilentFetch();
		const pending = sendWithTimeout(globalThis.fetch, "https://api.example/x", { method: "POST" }, 10_000);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(await pending).toEqual({ kind: "unknown", reason: "no answer within 10 s" });
	});

	it("is unknown when the body is lost after the status line", async () => {
		const body = new ReadableStream({
			start(controller) {
				controller.enqueue(new TextEncoder().encode("{"));
				controller.error(new Error("Network connection lost."));
			},
		});
		stubFetch(new Response(body, { status: 200 }));
		const sent = await sendWithTimeout(globalThis.fetch, "https://api.example/x", {});
		expect(sent).toEqual({ kind: "unknown", reason: "200, answer lost: Network connection lost." });
	});

	it("caps the body at 1 MiB", async () => {
		stubFetch(text("a".repeat(2_000_000), 200));
		const sent = await sendWithTimeout(globalThis.fetch, "https://api.example/x", {});
		expect(sent.kind === "response" && sent.body.length).toBe(1_048_576);
	});

	it("is not-sent for errors thrown before any I/O (bad URL)", async () => {
		stubFetchError(new TypeError("Invalid URL: notaurl"));
		expect(await sendWithTimeout(globalThis.fetch, "notaurl", {})).toEqual({ kind: "not-sent", reason: "Invalid URL: notaurl" });
	});
});

describe("classifyFetchError", () => {
	const undici = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });

	it("Node's connect failures were never sent", () => {
		expect(classifyFetchError(undici("ECONNREFUSED")).kind).toBe("not-sent");
		expect(classifyFetchError(undici("ENOTFOUND")).kind).toBe("not-sent");
		expect(classifyFetchError(undici("UND_ERR_CONNECT_TIMEOUT")).kind).toBe("not-sent");
		const aggregate = new TypeError("fetch failed", { cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]) });
		expect(classifyFetchError(aggregate).kind).toBe("not-sent");
	});
	it("a reset after connecting may have delivered the request", () => {
		expect(classifyFetchError(undici("ECONNRESET"))).toEqual({ kind: "unknown", reason: "fetch failed (ECONNRESET)" });
		expect(classifyFetchError(undici("UND_ERR_SOCKET")).kind).toBe("unknown");
	});
	it("workerd's 'Network connection lost.' is unknown: it is the same for refused and reset", () => {
		const lost = Object.assign(new Error("Network connection lost."), { remote: true, retryable: true });
		expect(classifyFetchError(lost)).toEqual({ kind: "unknown", reason: "Network connection lost." });
		expect(classifyFetchError(new Error("internal error; reference = 3lq6iunk77tkj0i5vaarjg9l")).kind).toBe("unknown");
	});
	it("workerd's refusal of a URL scheme was never sent", () => {
		expect(classifyFetchError(new TypeError("Fetch API cannot load: ftp://example.com/")).kind).toBe("not-sent");
	});
});
