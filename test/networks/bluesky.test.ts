// Bluesky contract: XRPC shapes from the com.atproto lexicons, error bodies as the reference PDS sends
// them ({ error, message }; InvalidToken/ExpiredToken are 400), rate limits per @atproto/xrpc-server
// (429, RateLimit-Reset in epoch seconds). test/node/bluesky-pds.test.ts runs the same adapter against a real PDS.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { blueskyAdapter } from "../../functions/networks/bluesky";
import { account, type Call, createdAt, createdAtMs, json, memoryCache, request, stubFetch, stubSilentFetch } from "./helpers";

const service = "https://pds.example";
const acc = account("bluesky", { identifier: "chorus.example", appPassword: "abcd-efgh-ijkl-mnop", service });
const did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const rkey = "3mabcdefghij2";
const uri = `at://${did}/app.bsky.feed.post/${rkey}`;

const session = (n: number) => ({
	did,
	handle: "chorus.example",
	email: "team@example.com",
	accessJwt: `access-${n}`,
	refreshJwt: `refresh-${n}`,
	active: true,
});
const cachedSession = (n: number) => ({
	service,
	identifier: "chorus.example",
	did,
	handle: "chorus.example",
	accessJwt: `access-${n}`,
	refreshJwt: `refresh-${n}`,
});
const putOk = {
	uri,
	cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
	commit: { cid: "bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5b4shncavb6rmhu", rev: "3mabcdefgh222" },
	validationStatus: "valid",
};

beforeEach(() => {
	vi.useFakeTimers({ now: createdAtMs + 1_000 });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Bluesky publish", () => {
	it("signs in with the app password, then puts the post at its record key with link facets", async () => {
		const cache = memoryCache();
		const calls = stubFetch(json(session(1)), json(putOk));
		const outcome = await blueskyAdapter.publish(acc, request(), cache);

		expect(calls[0]!.method).toBe("POST");
		expect(calls[0]!.url).toBe("https://pds.example/xrpc/com.atproto.server.createSession");
		expect(calls[0]!.headers.get("authorization")).toBeNull();
		expect(calls[0]!.json).toEqual({ identifier: "chorus.example", password: "abcd-efgh-ijkl-mnop" });

		expect(calls[1]!.method).toBe("POST");
		expect(calls[1]!.url).toBe("https://pds.example/xrpc/com.atproto.repo.putRecord");
		expect(calls[1]!.headers.get("authorization")).toBe("Bearer access-1");
		expect(calls[1]!.headers.get("content-type")).toBe("application/json");
		expect(calls[1]!.json).toEqual({
			repo: did,
			collection: "app.bsky.feed.post",
			rkey,
			swapRecord: null,
			record: {
				$type: "app.bsky.feed.post",
				text: "Launch day!\n\nhttps://example.com/launch",
				createdAt,
				facets: [
					{
						$type: "app.bsky.richtext.facet",
						index: { byteStart: 13, byteEnd: 39 },
						features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/launch" }],
					},
				],
			},
		});
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: uri,
			networkUrl: `https://bsky.app/profile/${did}/post/${rkey}`,
			answer: { status: 200, summary: `200: ${uri}` },
		});
		expect(cache.value).toEqual(cachedSession(1));
		expect(blueskyAdapter.idempotent).toBe(true);
	});

	it("leaves facets out of a post without links", async () => {
		const calls = stubFetch(json(putOk));
		await blueskyAdapter.publish(acc, request({ text: "No links here" }), memoryCache(cachedSession(1)));
		expect((calls[0]!.json as { record: object }).record).toEqual({ $type: "app.bsky.feed.post", text: "No links here", createdAt });
	});

	it("reuses the cached session: no sign-in per post", async () => {
		const cache = memoryCache(cachedSession(7));
		const calls = stubFetch(json(putOk));
		expect((await blueskyAdapter.publish(acc, request(), cache)).kind).toBe("published");
		expect(calls.map((c) => c.url)).toEqual(["https://pds.example/xrpc/com.atproto.repo.putRecord"]);
		expect(calls[0]!.headers.get("authorization")).toBe("Bearer access-7");
		expect(cache.sets).toBe(0);
	});

	it("ignores a cached session for another login", async () => {
		const calls = stubFetch(json(session(2)), json(putOk));
		await blueskyAdapter.publish(acc, request(), memoryCache({ ...cachedSession(1), identifier: "someone.else" }));
		expect(calls[0]!.url).toBe("https://pds.example/xrpc/com.atproto.server.createSession");
	});

	it("on 400 ExpiredToken refreshes the session with the refresh token and sends the same record again", async () => {
		const cache = memoryCache(cachedSession(1));
		const calls = stubFetch(json({ error: "ExpiredToken", message: "Token has expired" }, 400), json(session(2)), json(putOk));
		expect((await blueskyAdapter.publish(acc, request(), cache)).kind).toBe("published");
		expect(calls[1]!.url).toBe("https://pds.example/xrpc/com.atproto.server.refreshSession");
		expect(calls[1]!.method).toBe("POST");
		expect(calls[1]!.headers.get("authorization")).toBe("Bearer refresh-1");
		expect(calls[2]!.headers.get("authorization")).toBe("Bearer access-2");
		expect(calls[2]!.body).toBe(calls[0]!.body);
		expect(cache.value).toEqual(cachedSession(2));
	});

	it("signs in again when the refresh token is refused too", async () => {
		const cache = memoryCache(cachedSession(1));
		const calls = stubFetch(
			json({ error: "InvalidToken", message: "Token could not be verified" }, 400),
			json({ error: "ExpiredToken", message: "Token has expired" }, 400),
			json(session(3)),
			json(putOk),
		);
		expect((await blueskyAdapter.publish(acc, request(), cache)).kind).toBe("published");
		expect(calls.map((c) => c.url.split("/xrpc/")[1])).toEqual([
			"com.atproto.repo.putRecord",
			"com.atproto.server.refreshSession",
			"com.atproto.server.createSession",
			"com.atproto.repo.putRecord",
		]);
		expect(cache.value).toEqual(cachedSession(3));
	});

	it("a token refused again after renewing is an auth problem, with no third try", async () => {
		const refused = () => json({ error: "InvalidToken", message: "Token could not be verified" }, 400);
		const calls = stubFetch(refused(), json(session(2)), refused());
		expect(await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).toEqual({
			kind: "auth",
			answer: { status: 400, summary: "Bluesky refused a renewed session (400: InvalidToken: Token could not be verified)" },
		});
		expect(calls).toHaveLength(3);
	});

	it("a wrong app password asks for a reconnect and forgets the session", async () => {
		const cache = memoryCache();
		stubFetch(json({ error: "AuthenticationRequired", message: "Invalid identifier or password" }, 401));
		expect(await blueskyAdapter.publish(acc, request(), cache)).toEqual({
			kind: "auth",
			answer: { status: 401, summary: "Bluesky sign-in failed (401: AuthenticationRequired: Invalid identifier or password)" },
		});
		expect(cache.value).toBeNull();
	});

	it("a token refused right after signing in is an auth problem, not a loop", async () => {
		const calls = stubFetch(json(session(1)), json({ error: "InvalidToken", message: "Bad token scope" }, 400));
		expect((await blueskyAdapter.publish(acc, request(), memoryCache())).kind).toBe("auth");
		expect(calls).toHaveLength(2);
	});

	it("same key, other content is 400 InvalidSwap: rejected, and the log says why", async () => {
		stubFetch(json({ error: "InvalidSwap", message: "Record was at bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm" }, 400));
		expect(await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).toEqual({
			kind: "rejected",
			answer: { status: 400, summary: `Bluesky refused: record key ${rkey} already holds a different post (InvalidSwap); the text changed between attempts?` },
		});
	});

	it("same key, same content answers 200 without a commit: published, nothing new written", async () => {
		const { commit: _commit, ...noCommit } = putOk;
		stubFetch(json(noCommit));
		expect(await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).toMatchObject({
			kind: "published",
			networkPostId: uri,
			answer: { status: 200, summary: `200: already there, nothing written (${uri})` },
		});
	});

	it("an invalid record (too long) is rejected", async () => {
		stubFetch(json({ error: "InvalidRecord", message: "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes" }, 400));
		expect((await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).kind).toBe("rejected");
	});

	it("429 retries at ratelimit-reset (epoch seconds)", async () => {
		const reset = Math.floor((createdAtMs + 1_000) / 1000) + 1_800;
		stubFetch(
			json({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, 429, {
				"ratelimit-limit": "5000",
				"ratelimit-remaining": "0",
				"ratelimit-reset": String(reset),
				"ratelimit-policy": "5000;w=3600",
			}),
		);
		expect(await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).toEqual({
			kind: "retry",
			retryAfterSeconds: 1_800,
			answer: { status: 429, summary: "429: RateLimitExceeded: Rate Limit Exceeded" },
		});
	});

	it("a rate-limited sign-in is a retry, not an auth problem", async () => {
		stubFetch(json({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, 429, { "ratelimit-reset": String(Math.floor(createdAtMs / 1000) + 301) }));
		expect(await blueskyAdapter.publish(acc, request(), memoryCache())).toMatchObject({ kind: "retry", retryAfterSeconds: 300 });
	});

	it("5xx is a retry; the same record key makes it safe", async () => {
		stubFetch(json({ error: "InternalServerError", message: "Internal Server Error" }, 500));
		expect(await blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)))).toMatchObject({ kind: "retry", retryAfterSeconds: null });
	});

	it("no answer within 10 s is unknown", async () => {
		stubSilentFetch();
		const pending = blueskyAdapter.publish(acc, request(), memoryCache(cachedSession(1)));
		await vi.advanceTimersByTimeAsync(10_000);
		expect(await pending).toEqual({ kind: "unknown", answer: { status: null, summary: "outcome unknown: no answer within 10 s" } });
	});
});

describe("Bluesky findPublished", () => {
	it("gets the record at the post's key", async () => {
		const calls = stubFetch(json({ uri, cid: putOk.cid, value: { $type: "app.bsky.feed.post", text: request().text, createdAt } }));
		expect(await blueskyAdapter.findPublished(acc, request(), memoryCache(cachedSession(1)))).toEqual({
			networkPostId: uri,
			networkUrl: `https://bsky.app/profile/${did}/post/${rkey}`,
		});
		expect(calls[0]!.method).toBe("GET");
		expect(calls[0]!.url).toBe(
			`https://pds.example/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.post&rkey=${rkey}`,
		);
	});

	it("400 RecordNotFound means absent", async () => {
		stubFetch(json({ error: "RecordNotFound", message: `Could not locate record: ${uri}` }, 400));
		expect(await blueskyAdapter.findPublished(acc, request(), memoryCache(cachedSession(1)))).toBe("absent");
	});

	it("cannot tell on other errors or other content", async () => {
		stubFetch(json({ error: "InternalServerError" }, 500), json({ uri, cid: "x", value: { text: "something else" } }));
		expect(await blueskyAdapter.findPublished(acc, request(), memoryCache(cachedSession(1)))).toBeNull();
		expect(await blueskyAdapter.findPublished(acc, request(), memoryCache(cachedSession(1)))).toBeNull();
	});
});

// com.atproto.identity.resolveHandle (lexicon): GET ?handle= → { did }; unknown handles are 400
// HandleNotFound on the PDS that hosts the domain, 400 InvalidRequest "Unable to resolve handle" elsewhere.
describe("Bluesky mentions and tags (prepare)", () => {
	const alice = "did:plc:alice7nxzyoun6zhxrhs64oi";
	const text = "日本語 🎉 Thanks @Alice.bsky.social and @ghost.bsky.social #ローンチ";
	const resolving = (c: Call) => {
		const handle = new URL(c.url).searchParams.get("handle");
		if (handle === "alice.bsky.social") return json({ did: alice });
		return json({ error: "HandleNotFound", message: "Unable to resolve handle" }, 400);
	};
	const slice = (t: string, i: { byteStart: number; byteEnd: number }) => new TextDecoder().decode(new TextEncoder().encode(t).slice(i.byteStart, i.byteEnd));

	it("resolves each @handle on the account's PDS and fixes mention and tag facets with byte offsets", async () => {
		const calls = stubFetch(resolving);
		const prepared = await blueskyAdapter.prepare!(acc, request({ text }), memoryCache());
		expect(calls.map((c) => [c.method, c.url, c.headers.get("authorization")])).toEqual([
			["GET", "https://pds.example/xrpc/com.atproto.identity.resolveHandle?handle=alice.bsky.social", null],
			["GET", "https://pds.example/xrpc/com.atproto.identity.resolveHandle?handle=ghost.bsky.social", null],
		]);
		if (prepared.kind !== "ready") throw new Error(`not ready: ${prepared.kind}`);
		const facets = prepared.request.facets as { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
		expect(facets).toEqual([
			{ $type: "app.bsky.richtext.facet", index: { byteStart: 22, byteEnd: 40 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: alice }] },
			{ $type: "app.bsky.richtext.facet", index: { byteStart: 64, byteEnd: 77 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "ローンチ" }] },
		]);
		expect(facets.map((f) => slice(text, f.index))).toEqual(["@Alice.bsky.social", "#ローンチ"]);
		// The handle nobody has stays plain text, and the author hears of it.
		expect(prepared.warnings).toEqual([{ rule: "unresolved_mention", severity: "warning", message: expect.stringContaining("@ghost.bsky.social") }]);

		// publish sends the prepared facets, not a fresh detection.
		const put = stubFetch(json(putOk));
		vi.mocked(globalThis.fetch).mockClear();
		await blueskyAdapter.publish(acc, prepared.request, memoryCache(cachedSession(1)));
		expect((put[0]!.json as { record: { facets: unknown } }).record.facets).toEqual(facets);
	});

	it("no handle resolves: no mention facet, a warning per handle, and nothing looked up twice", async () => {
		const calls = stubFetch(json({ error: "InvalidRequest", message: "Unable to resolve handle" }, 400));
		const prepared = await blueskyAdapter.prepare!(acc, request({ text: "@nobody.bsky.social @Nobody.bsky.social hi" }), memoryCache());
		expect(calls).toHaveLength(1);
		expect(prepared).toEqual({
			kind: "ready",
			request: expect.objectContaining({ facets: [] }),
			warnings: [expect.objectContaining({ rule: "unresolved_mention" })],
		});
	});

	it("a PDS in trouble (5xx, 429, no answer) is a retry, never a post without its mentions", async () => {
		stubFetch(json({ error: "InternalServerError" }, 502));
		expect(await blueskyAdapter.prepare!(acc, request({ text: "Hi @alice.bsky.social" }), memoryCache())).toMatchObject({ kind: "retry" });
		vi.restoreAllMocks();
		stubFetch(json({ error: "RateLimitExceeded" }, 429, { "ratelimit-reset": String(Math.floor(createdAtMs / 1000) + 61) }));
		expect(await blueskyAdapter.prepare!(acc, request({ text: "Hi @alice.bsky.social" }), memoryCache())).toMatchObject({
			kind: "retry",
			retryAfterSeconds: 60,
		});
	});

	it("text without handles looks nothing up and keeps link facets", async () => {
		const calls = stubFetch();
		const prepared = await blueskyAdapter.prepare!(acc, request(), memoryCache());
		expect(calls).toHaveLength(0);
		expect(prepared).toMatchObject({
			kind: "ready",
			warnings: [],
			request: { facets: [expect.objectContaining({ features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/launch" }] })] },
		});
	});
});
