// Deleting a published post, per network: the request each API documents for it, and how the
// answers read (deleted, already gone, credentials refused, still there).
import { afterEach, describe, expect, it, vi } from "vitest";
import { blueskyAdapter } from "../../functions/networks/bluesky";
import { facebookAdapter } from "../../functions/networks/facebook";
import { linkedinAdapter } from "../../functions/networks/linkedin";
import { mastodonAdapter } from "../../functions/networks/mastodon";
import { xAdapter } from "../../functions/networks/x";
import { account, json, memoryCache, stubFetch, stubSilentFetch } from "./helpers";

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Mastodon retract", () => {
	const acc = account("mastodon", { instanceUrl: "https://mastodon.example", accessToken: "tok-123" });

	it("DELETEs /api/v1/statuses/:id with the bearer token", async () => {
		const calls = stubFetch(json({ id: "1032", text: "Launch day!" }));
		const outcome = await mastodonAdapter.retract(acc, "1032", memoryCache());
		expect(outcome.kind).toBe("deleted");
		expect(calls[0]).toMatchObject({ method: "DELETE", url: "https://mastodon.example/api/v1/statuses/1032" });
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer tok-123");
	});

	it("404 is already gone, 401 is credentials, 500 is still there", async () => {
		stubFetch(json({ error: "Record not found" }, 404), json({ error: "The access token is invalid" }, 401), json({ error: "oops" }, 500));
		expect((await mastodonAdapter.retract(acc, "1", memoryCache())).kind).toBe("gone");
		expect((await mastodonAdapter.retract(acc, "1", memoryCache())).kind).toBe("auth");
		expect((await mastodonAdapter.retract(acc, "1", memoryCache())).kind).toBe("failed");
	});

	it("no answer is still there (failed), never deleted", async () => {
		vi.useFakeTimers();
		stubSilentFetch();
		const pending = mastodonAdapter.retract(acc, "1", memoryCache());
		await vi.advanceTimersByTimeAsync(11_000);
		expect((await pending).kind).toBe("failed");
	});
});

describe("X retract", () => {
	const acc = account("x", { accessToken: "x-token" });

	it("DELETEs /2/tweets/:id and needs deleted: true", async () => {
		const calls = stubFetch(json({ data: { deleted: true } }), json({ data: { deleted: false } }));
		expect((await xAdapter.retract(acc, "1460323737035677698", memoryCache())).kind).toBe("deleted");
		expect(calls[0]).toMatchObject({ method: "DELETE", url: "https://api.x.com/2/tweets/1460323737035677698" });
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer x-token");
		expect((await xAdapter.retract(acc, "1460323737035677698", memoryCache())).kind).toBe("failed");
	});
});

describe("LinkedIn retract", () => {
	it("DELETEs /rest/posts/{encoded urn} with the versioned headers; 204 is deleted", async () => {
		const acc = account("linkedin", { accessToken: "li-token", authorUrn: "urn:li:organization:5515715" });
		const calls = stubFetch(new Response(null, { status: 204 }), json({ status: 404, message: "Not found" }, 404));
		expect((await linkedinAdapter.retract(acc, "urn:li:share:6844785523593134080", memoryCache())).kind).toBe("deleted");
		expect(calls[0]).toMatchObject({ method: "DELETE", url: "https://api.linkedin.com/rest/posts/urn%3Ali%3Ashare%3A6844785523593134080" });
		expect(calls[0]!.headers.get("linkedin-version")).toMatch(/^\d{6}$/);
		expect(calls[0]!.headers.get("x-restli-method")).toBe("DELETE");
		expect((await linkedinAdapter.retract(acc, "urn:li:share:1", memoryCache())).kind).toBe("gone");
	});
});

describe("Facebook retract", () => {
	const acc = account("facebook", { pageId: "1234", pageAccessToken: "page-token" });

	it("DELETEs /{post-id} with the Page token; success: true is deleted", async () => {
		const calls = stubFetch(json({ success: true }));
		expect((await facebookAdapter.retract(acc, "1234_5678", memoryCache())).kind).toBe("deleted");
		const url = new URL(calls[0]!.url);
		expect(calls[0]!.method).toBe("DELETE");
		expect(url.pathname).toMatch(/^\/v\d+\.\d+\/1234_5678$/);
		expect(url.searchParams.get("access_token")).toBe("page-token");
	});

	it("Graph's 100/33 (no such object) is gone; 190 is credentials", async () => {
		stubFetch(
			json({ error: { message: "Unsupported delete request. Object with ID '1234_5678' does not exist", code: 100, error_subcode: 33 } }, 400),
			json({ error: { message: "Error validating access token", code: 190, error_subcode: 463 } }, 400),
		);
		expect((await facebookAdapter.retract(acc, "1234_5678", memoryCache())).kind).toBe("gone");
		expect((await facebookAdapter.retract(acc, "1234_5678", memoryCache())).kind).toBe("auth");
	});
});

describe("Bluesky retract", () => {
	const acc = account("bluesky", { identifier: "chorus.test", appPassword: "app-pass", service: "https://pds.example" });
	const session = {
		service: "https://pds.example",
		identifier: "chorus.test",
		did: "did:plc:abc",
		handle: "chorus.test",
		accessJwt: "access",
		refreshJwt: "refresh",
	};

	it("deleteRecord at the post's key in its repo, with the cached session", async () => {
		const calls = stubFetch(json({ commit: { cid: "bafy", rev: "3l" } }), json({}));
		const uri = "at://did:plc:abc/app.bsky.feed.post/3mabcdefghij2";
		expect((await blueskyAdapter.retract(acc, uri, memoryCache(session))).kind).toBe("deleted");
		expect(calls[0]).toMatchObject({ method: "POST", url: "https://pds.example/xrpc/com.atproto.repo.deleteRecord" });
		expect(calls[0]!.json).toEqual({ repo: "did:plc:abc", collection: "app.bsky.feed.post", rkey: "3mabcdefghij2" });
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer access");
		// Nothing at the key any more: no commit.
		expect((await blueskyAdapter.retract(acc, uri, memoryCache(session))).kind).toBe("gone");
	});

	it("refuses a URI that is not a post, without calling the PDS", async () => {
		const calls = stubFetch();
		expect((await blueskyAdapter.retract(acc, "at://did:plc:abc/app.bsky.actor.profile/self", memoryCache(session))).kind).toBe("failed");
		expect(calls).toHaveLength(0);
	});
});
