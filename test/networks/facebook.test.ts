// Facebook contract. Stubs copy:
// - POST /{page-id}/feed → { id }: developers.facebook.com/docs/pages-api/posts
// - GET /{post-id}?fields=permalink_url → { permalink_url, id }: developers.facebook.com/docs/graph-api/reference/post
// - Graph errors { error: { message, type, code, error_subcode, is_transient, fbtrace_id } }:
//   developers.facebook.com/docs/graph-api/guides/error-handling
// - usage headers (estimated_time_to_regain_access in minutes): developers.facebook.com/docs/graph-api/overview/rate-limiting
// - { data, paging: { cursors, next? } }, "only a missing next ends the list": developers.facebook.com/docs/graph-api/results
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { facebookAdapter, graphVersion, regainAccessSeconds } from "../../functions/networks/facebook";
import { account, createdAtMs, json, memoryCache, request, stubFetch, stubSilentFetch, text } from "./helpers";

const acc = account("facebook", { pageId: "108765279", pageAccessToken: "EAAB-page-token" });
const cache = memoryCache();
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
	error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf123", ...extra },
});

beforeEach(() => {
	vi.useFakeTimers({ now: createdAtMs + 1_000 });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Facebook publish", () => {
	it("POSTs message, link and the Page token to /{page-id}/feed; the post's URL is Graph's permalink_url", async () => {
		const permalink = "https://www.facebook.com/108765279/posts/pfbid02abcDEF123";
		const calls = stubFetch(json({ id: "108765279_1234567890" }), json({ permalink_url: permalink, id: "108765279_1234567890" }));
		const outcome = await facebookAdapter.publish(acc, request(), cache);
		expect(calls).toHaveLength(2);
		expect(calls[1]!.method).toBe("GET");
		expect(calls[1]!.url).toBe(`https://graph.facebook.com/${graphVersion}/108765279_1234567890?fields=permalink_url&access_token=EAAB-page-token`);
		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe(`https://graph.facebook.com/${graphVersion}/108765279/feed`);
		expect(graphVersion).toMatch(/^v\d+\.0$/);
		expect(calls[0]!.headers.get("content-type")).toBe("application/json");
		expect(calls[0]!.json).toEqual({
			message: "Launch day!\n\nhttps://example.com/launch",
			link: "https://example.com/launch",
			access_token: "EAAB-page-token",
		});
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "108765279_1234567890",
			networkUrl: permalink,
			answer: { status: 200, summary: "200: 108765279_1234567890" },
		});
		expect(facebookAdapter.idempotent).toBe(false);

		// A failed permalink read still counts the post as published, at the id's facebook.com address.
		vi.restoreAllMocks();
		stubFetch(json({ id: "1_2" }), json(graphError(2, "Service temporarily unavailable", { is_transient: true }), 503));
		expect(await facebookAdapter.publish(acc, request(), cache)).toMatchObject({
			kind: "published",
			networkPostId: "1_2",
			networkUrl: "https://www.facebook.com/1_2",
		});
	});

	it("sends no link field without a link", async () => {
		const calls = stubFetch(json({ id: "1_2" }), json({ permalink_url: "https://www.facebook.com/1/posts/2", id: "1_2" }));
		await facebookAdapter.publish(acc, request({ text: "Just text", link: null }), cache);
		expect(calls[0]!.json).toEqual({ message: "Just text", access_token: "EAAB-page-token" });
	});

	it("190 (token expired or revoked) asks for a reconnect", async () => {
		stubFetch(json(graphError(190, "Error validating access token: Session has expired on Wednesday, 25-Nov-26 10:00:00 PST.", { error_subcode: 463 }), 400));
		expect(await facebookAdapter.publish(acc, request(), cache)).toEqual({
			kind: "auth",
			answer: { status: 400, summary: "400: Error validating access token: Session has expired on Wednesday, 25-Nov-26 10:00:00 PST." },
		});
	});

	it("a missing permission (200) asks for a reconnect", async () => {
		stubFetch(json(graphError(200, "(#200) The permission(s) pages_manage_posts are not available."), 403));
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("auth");
	});

	it("506 duplicate post is a rejection that says so", async () => {
		stubFetch(
			json(
				graphError(506, "Duplicate status message", {
					error_subcode: 1455006,
					is_transient: false,
					error_user_title: "Duplicate Status Update",
					error_user_msg: "This status update is identical to the last one you posted.",
				}),
				400,
			),
		);
		expect(await facebookAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 400, summary: "Facebook refused: duplicate post (400: Duplicate status message)" },
		});
	});

	it("32 (Page request limit) retries after X-Page-Usage's estimate, in minutes", async () => {
		stubFetch(
			json(graphError(32, "(#32) Page request limit reached"), 400, {
				"X-Page-Usage": JSON.stringify({ call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: 12 }),
			}),
		);
		expect(await facebookAdapter.publish(acc, request(), cache)).toEqual({
			kind: "retry",
			retryAfterSeconds: 720,
			answer: { status: 400, summary: "400: (#32) Page request limit reached" },
		});
	});

	it("80001 (Pages BUC limit) retries after X-Business-Use-Case-Usage's estimate", async () => {
		const usage = { "108765279": [{ type: "pages", call_count: 100, total_cputime: 12, total_time: 25, estimated_time_to_regain_access: 3 }] };
		stubFetch(
			json(graphError(80001, "There have been too many calls to this Page account. Wait a bit and try again."), 400, {
				"X-Business-Use-Case-Usage": JSON.stringify(usage),
			}),
		);
		expect(await facebookAdapter.publish(acc, request(), cache)).toMatchObject({ kind: "retry", retryAfterSeconds: 180 });
	});

	it("4 (app limit) without an estimate retries with the consumer's backoff", async () => {
		stubFetch(json(graphError(4, "(#4) Application request limit reached", { is_transient: true }), 400));
		expect(await facebookAdapter.publish(acc, request(), cache)).toMatchObject({ kind: "retry", retryAfterSeconds: null });
	});

	it("2 (service unavailable) and is_transient errors retry; 1 (unknown error) may have posted", async () => {
		stubFetch(
			json(graphError(2, "An unexpected error has occurred. Please retry your request later.", { is_transient: true }), 500),
			json(graphError(1, "An unknown error occurred", { error_subcode: 99 }), 500),
		);
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("retry");
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("unknown");
	});

	it("368 (blocked for policy reasons) is not retried automatically", async () => {
		stubFetch(json(graphError(368, "The action attempted has been deemed abusive or is otherwise disallowed", { error_subcode: 1390008 }), 400));
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
	});

	it("100 (invalid parameter) is a rejection", async () => {
		stubFetch(json(graphError(100, "(#100) Invalid parameter", { error_subcode: 1349125 }), 400));
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
	});

	it("a 5xx HTML page is a retry; no answer within 10 s is unknown", async () => {
		stubFetch(text("<html><body>Sorry, something went wrong.</body></html>", 503));
		expect((await facebookAdapter.publish(acc, request(), cache)).kind).toBe("retry");
		vi.restoreAllMocks();
		stubSilentFetch();
		const pending = facebookAdapter.publish(acc, request(), cache);
		await vi.advanceTimersByTimeAsync(10_000);
		expect((await pending).kind).toBe("unknown");
	});
});

describe("regainAccessSeconds", () => {
	it("takes the longest estimate across headers, or null", () => {
		const headers = new Headers({
			"x-app-usage": JSON.stringify({ call_count: 10, total_cputime: 5, total_time: 5 }),
			"x-business-use-case-usage": JSON.stringify({
				"1": [
					{ type: "pages", estimated_time_to_regain_access: 0 },
					{ type: "pages", estimated_time_to_regain_access: 7 },
				],
			}),
		});
		expect(regainAccessSeconds(headers)).toBe(420);
		expect(regainAccessSeconds(new Headers({ "x-page-usage": "not json" }))).toBeNull();
	});
});

describe("Facebook findPublished", () => {
	const launch = { message: "Launch day!\n\nhttps://example.com/launch" };
	const posts = (data: object[], next?: string) => json({ data, paging: { cursors: { before: "QVFIUmx", after: "QVFIUkd" }, ...(next ? { next } : {}) } });
	const nextUrl = `https://graph.facebook.com/${graphVersion}/108765279/posts?fields=id%2Cmessage%2Ccreated_time%2Cpermalink_url&limit=10&access_token=EAAB-page-token&after=QVFIUkd`;

	it("reads the Page's recent posts and matches the message, with its permalink_url", async () => {
		const calls = stubFetch(
			posts([
				{ id: "108765279_2", message: "Other", created_time: "2026-11-26T10:05:00+0000", permalink_url: "https://www.facebook.com/108765279/posts/pfbid2" },
				{ id: "108765279_1", ...launch, created_time: "2026-11-26T10:00:02+0000", permalink_url: "https://www.facebook.com/108765279/posts/pfbid1" },
			]),
		);
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toEqual({
			networkPostId: "108765279_1",
			networkUrl: "https://www.facebook.com/108765279/posts/pfbid1",
		});
		expect(calls[0]!.method).toBe("GET");
		expect(calls[0]!.url).toBe(
			`https://graph.facebook.com/${graphVersion}/108765279/posts?fields=id%2Cmessage%2Ccreated_time%2Cpermalink_url&limit=10&access_token=EAAB-page-token`,
		);
	});

	it("a short page with paging.next is not the end: the next page is read and the post found there", async () => {
		const calls = stubFetch(
			posts([{ id: "108765279_3", message: "Newer", created_time: "2026-11-26T10:06:00+0000" }], nextUrl),
			posts([{ id: "108765279_1", ...launch, created_time: "2026-11-26T10:00:02+0000", permalink_url: "https://www.facebook.com/108765279/posts/pfbid1" }]),
		);
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toMatchObject({ networkPostId: "108765279_1" });
		expect(calls.map((c) => c.url)).toEqual([expect.any(String), nextUrl]);
	});

	it('a short page that still has a next, and whose next cannot be read, cannot tell: never "absent"', async () => {
		stubFetch(
			posts([{ id: "108765279_3", message: "Newer", created_time: "2026-11-26T10:06:00+0000" }], nextUrl),
			json(graphError(2, "Service temporarily unavailable", { is_transient: true }), 503),
		);
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toBeNull();
		// Only a list that ended (no next), or reached back before the request, says "absent".
		vi.restoreAllMocks();
		stubFetch(posts([{ id: "108765279_3", message: "Newer", created_time: "2026-11-26T10:06:00+0000" }]));
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toBe("absent");
		vi.restoreAllMocks();
		const calls = stubFetch(posts([{ id: "108765279_1", ...launch, created_time: "2026-10-01T10:00:00+0000" }], nextUrl));
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toBe("absent");
		expect(calls).toHaveLength(1);
	});

	it("cannot tell when the read fails", async () => {
		stubFetch(json(graphError(190, "Error validating access token"), 400));
		expect(await facebookAdapter.findPublished(acc, request(), cache)).toBeNull();
	});
});
