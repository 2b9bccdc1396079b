// Bluesky mentions through the real consumer: handles are resolved once, before the first lease, and the
// facets are fixed in the AccountDesk with the rest of the request, so a retry sends exactly the same
// record (putRecord at the same key refuses any other) even if a handle moved in between. A handle that
// resolves to nothing goes out as plain text and leaves a warning on the post.
import { afterEach, describe, expect, it, vi } from "vitest";
import { blueskyAdapter } from "../../functions/networks/bluesky";
import { call, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { type Call, json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

const service = "https://pds.example";
const me = "did:plc:chorusxzyoun6zhxrhs64oiz";

async function blueskyPost(body: string) {
	queue = captureQueue();
	const ws = await signUp();
	const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
	const acc = await call("POST", "/accounts", {
		token: ws.token,
		json: {
			network: "bluesky",
			handle: "chorus.example.com",
			timezone: "UTC",
			credentials: { identifier: "chorus.example.com", appPassword: "abcd-efgh-ijkl-mnop", service },
		},
	});
	expect(acc.status).toBe(201);
	const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.body.id, body, scheduledAt: new Date(dueAt).toISOString() } });
	expect(res.status).toBe(201);
	await runSweep(dueAt);
	return { ws, id: res.body.posts[0].id as string, dueAt, messages: queue.sent.splice(0) };
}

/** A PDS: handles resolve through `dids` (changeable between deliveries), putRecord answers `put` in turn. */
function stubPds(dids: Map<string, string>, put: Response[]) {
	return stubFetch((c: Call) => {
		const method = new URL(c.url).pathname.replace("/xrpc/", "");
		if (method === "com.atproto.server.createSession") return json({ did: me, handle: "chorus.example.com", accessJwt: "a1", refreshJwt: "r1" });
		if (method === "com.atproto.identity.resolveHandle") {
			const did = dids.get(new URL(c.url).searchParams.get("handle") ?? "");
			return did ? json({ did }) : json({ error: "HandleNotFound", message: "Unable to resolve handle" }, 400);
		}
		if (method === "com.atproto.repo.putRecord") return put.shift() ?? json({ error: "unexpected" }, 500);
		throw new Error(`unexpected ${c.method} ${c.url}`);
	});
}

describe("Bluesky mention facets in the publish ledger", () => {
	it("a retry after a 503 sends the same facets, without resolving again", async () => {
		const { id, dueAt, messages } = await blueskyPost("Welcome @alice.bsky.social to the team! #hiring");
		const dids = new Map([["alice.bsky.social", "did:plc:alice-first"]]);
		const uri = (rkey: string) => `at://${me}/app.bsky.feed.post/${rkey}`;
		const calls = stubPds(dids, [json({ error: "InternalServerError" }, 503)]);
		const first = await deliver(messages, dueAt, { adapterFor: () => blueskyAdapter });
		expect(first.retried).toHaveLength(1);

		// The handle moved to another account meanwhile: the post still goes out as first prepared.
		dids.set("alice.bsky.social", "did:plc:alice-second");
		const puts = () => calls.filter((c) => c.url.endsWith("com.atproto.repo.putRecord"));
		const rkey = (puts()[0]!.json as { rkey: string }).rkey;
		calls.length = 0;
		vi.restoreAllMocks();
		const again = stubPds(dids, [json({ uri: uri(rkey), cid: "bafy", commit: { cid: "bafyc", rev: "3m" } })]);
		await deliver(messages, dueAt + 120_000, { adapterFor: () => blueskyAdapter });

		expect(again.filter((c) => c.url.includes("resolveHandle"))).toHaveLength(0);
		const sent = again.find((c) => c.url.endsWith("com.atproto.repo.putRecord"))!.json as { rkey: string; record: { facets: unknown[] } };
		expect(sent.rkey).toBe(rkey);
		expect(sent.record.facets).toEqual([
			{
				$type: "app.bsky.richtext.facet",
				index: { byteStart: 8, byteEnd: 26 },
				features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:alice-first" }],
			},
			{ $type: "app.bsky.richtext.facet", index: { byteStart: 40, byteEnd: 47 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "hiring" }] },
		]);
		expect((await postRow(id))?.status).toBe("published");
	});

	it("an unknown handle goes out as plain text, with a warning on the post", async () => {
		const { ws, id, dueAt, messages } = await blueskyPost("Thanks @ghost.bsky.social!");
		const calls = stubPds(new Map(), [json({ uri: `at://${me}/app.bsky.feed.post/x`, cid: "bafy", commit: { cid: "bafyc", rev: "3m" } })]);
		await deliver(messages, dueAt, { adapterFor: () => blueskyAdapter });
		const put = calls.find((c) => c.url.endsWith("com.atproto.repo.putRecord"))!.json as { record: Record<string, unknown> };
		expect(put.record.text).toBe("Thanks @ghost.bsky.social!");
		expect(put.record.facets).toBeUndefined();
		expect((await postRow(id))?.status).toBe("published");
		const shown = await call("GET", `/posts/${id}`, { token: ws.token });
		expect(shown.body.lint).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ rule: "unresolved_mention", severity: "warning", message: expect.stringContaining("@ghost.bsky.social") }),
			]),
		);
	});
});
