// The Bluesky adapter against a real atproto PDS (test/peers/bluesky-pds via scripts/bluesky-pds.mjs):
// what the contract test assumes about putRecord, sessions and getRecord, checked on the reference server.
// The first run installs the PDS (~2 min of `npm ci`, cached in ~/.cache/chorus/bluesky-pds).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueskyAdapter } from "../../functions/networks/bluesky";
import { newTid } from "../../functions/networks/tid";
import type { AccountContext, PublishRequest, SessionCache } from "../../functions/networks/types";
import { configureOutbound } from "../../functions/outbound";

type Ready = { url: string; handle: string; password: string; did: string };

const script = path.resolve(import.meta.dirname, "../../scripts/bluesky-pds.mjs");
let pds: ChildProcess | undefined;
let ready: Ready;
let account: AccountContext;
const cache = (() => {
	let value: Record<string, unknown> | null = null;
	return {
		get: async () => value,
		set: async (next: Record<string, unknown> | null) => {
			value = next;
		},
	} satisfies SessionCache;
})();

function startPds(): Promise<Ready> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
		pds = child;
		const log: string[] = [];
		readline.createInterface({ input: child.stderr! }).on("line", (line) => log.push(line));
		readline.createInterface({ input: child.stdout! }).on("line", (line) => {
			if (line.startsWith("PDS_READY ")) resolve(JSON.parse(line.slice("PDS_READY ".length)) as Ready);
			else log.push(line);
		});
		child.once("exit", (code) => reject(new Error(`the PDS exited (${code}) before it was ready:\n${log.slice(-30).join("\n")}`)));
	});
}

async function stopPds(): Promise<void> {
	const child = pds;
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once("exit", resolve));
	child.kill("SIGTERM"); // start-pds.mjs closes its servers and deletes its data directory
	const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
	await exited;
	clearTimeout(timer);
}

async function xrpc(method: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
	const url = new URL(`/xrpc/${method}`, ready.url);
	for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
	const res = await fetch(url);
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function request(text: string, recordKey: string): PublishRequest {
	return { postId: "post_pds", text, link: null, idempotencyKey: "post_pds", recordKey, createdAt: new Date().toISOString() };
}

beforeAll(async () => {
	// The PDS listens on loopback over http: allowed by the outbound guard in test runs only.
	configureOutbound({ CHORUS_ENV: "test" });
	ready = await startPds();
	account = {
		accountId: "acc_pds",
		workspaceId: "ws_pds",
		handle: ready.handle,
		network: "bluesky",
		credentials: { identifier: ready.handle, appPassword: ready.password, service: ready.url },
	};
}, 240_000);

afterAll(stopPds, 30_000);

describe("Bluesky adapter on a real PDS", () => {
	const rkey = newTid(Date.now());
	// An emoji and CJK before the link: the facet's byte offsets only line up if they are UTF-8 bytes.
	const text = "🚀 発表です: https://example.com/launch?ref=chorus";
	const first = request(text, rkey);

	it("publishes at the chosen record key, with a link facet in UTF-8 bytes", async () => {
		const outcome = await blueskyAdapter.publish(account, first, cache);
		const uri = `at://${ready.did}/app.bsky.feed.post/${rkey}`;
		expect(outcome).toMatchObject({ kind: "published", networkPostId: uri, networkUrl: `https://bsky.app/profile/${ready.did}/post/${rkey}` });

		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey });
		expect(record.status).toBe(200);
		expect(record.body.uri).toBe(uri);
		const value = record.body.value as {
			text: string;
			createdAt: string;
			facets: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri: string }[] }[];
		};
		expect(value.text).toBe(text);
		expect(value.createdAt).toBe(first.createdAt);
		expect(value.facets).toHaveLength(1);
		const [facet] = value.facets;
		expect(facet!.features).toEqual([{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/launch?ref=chorus" }]);
		const covered = new TextDecoder().decode(new TextEncoder().encode(value.text).slice(facet!.index.byteStart, facet!.index.byteEnd));
		expect(covered).toBe("https://example.com/launch?ref=chorus");
	});

	it("sending the same request again (a retry after a lost answer) publishes nothing new", async () => {
		const again = await blueskyAdapter.publish(account, first, cache);
		expect(again).toMatchObject({ kind: "published", networkPostId: `at://${ready.did}/app.bsky.feed.post/${rkey}` });
		expect(again.answer.summary).toContain("already there");
		const list = await xrpc("com.atproto.repo.listRecords", { repo: ready.did, collection: "app.bsky.feed.post", limit: "100" });
		expect(list.status).toBe(200);
		expect((list.body.records as unknown[]).length).toBe(1);
	});

	it("findPublished finds it at its key, and reports another key as absent", async () => {
		expect(await blueskyAdapter.findPublished(account, first, cache)).toEqual({
			networkPostId: `at://${ready.did}/app.bsky.feed.post/${rkey}`,
			networkUrl: `https://bsky.app/profile/${ready.did}/post/${rkey}`,
		});
		expect(await blueskyAdapter.findPublished(account, request(text, newTid(Date.now())), cache)).toBe("absent");
	});

	it("other content at the same key is rejected (InvalidSwap), and the first post stays", async () => {
		const other = await blueskyAdapter.publish(account, { ...first, text: "Something else entirely" }, cache);
		expect(other.kind).toBe("rejected");
		expect(other.answer.summary).toContain("InvalidSwap");
		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey });
		expect((record.body.value as { text: string }).text).toBe(text);
	});

	it("renews a refused access token with the refresh token", async () => {
		const session = (await cache.get())!;
		await cache.set({ ...session, accessJwt: "not-a-valid-token" });
		const outcome = await blueskyAdapter.publish(account, request("Second post", newTid(Date.now())), cache);
		expect(outcome.kind).toBe("published");
		const renewed = (await cache.get())!;
		expect(renewed.accessJwt).not.toBe("not-a-valid-token");
		expect(renewed.refreshJwt).not.toBe(session.refreshJwt);
	});

	it("retract deletes the record with deleteRecord; a second retract finds it gone", async () => {
		const uri = `at://${ready.did}/app.bsky.feed.post/${rkey}`;
		expect(await blueskyAdapter.retract(account, uri, cache)).toMatchObject({ kind: "deleted" });
		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey });
		expect(record.status).toBe(400);
		expect(record.body.error).toBe("RecordNotFound");
		expect(await blueskyAdapter.retract(account, uri, cache)).toMatchObject({ kind: "gone" });
		expect(await blueskyAdapter.findPublished(account, first, cache)).toBe("absent");
	});

	it("publishes an image: uploadBlob, then an images embed the PDS keeps with its alt text", async () => {
		// A real 1×1 PNG: the PDS sniffs the bytes and records the blob's own MIME type.
		const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) =>
			c.charCodeAt(0),
		);
		const item = { mediaId: "m_pds", type: "image/png", size: png.byteLength, alt: "A single green pixel", width: 1, height: 1, bytes: png.buffer };
		const uploaded = await blueskyAdapter.uploadMedia(account, [item], cache);
		if (uploaded.kind !== "uploaded") throw new Error(`upload failed: ${JSON.stringify(uploaded)}`);
		const [media] = uploaded.media;
		expect(media!.blob).toMatchObject({ $type: "blob", mimeType: "image/png", size: png.byteLength });

		const key = newTid(Date.now());
		const outcome = await blueskyAdapter.publish(account, { ...request("With a picture", key), media: uploaded.media }, cache);
		expect(outcome.kind).toBe("published");
		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey: key });
		expect(record.status).toBe(200);
		const embed = (record.body.value as { embed: { $type: string; images: { alt: string; image: { ref: { $link: string } }; aspectRatio: unknown }[] } }).embed;
		expect(embed.$type).toBe("app.bsky.embed.images");
		expect(embed.images).toEqual([
			{ alt: "A single green pixel", image: expect.objectContaining({ ref: { $link: media!.networkMediaId } }), aspectRatio: { width: 1, height: 1 } },
		]);
		// The blob is kept by the repo now that a record cites it, and reads back byte for byte.
		const blob = await fetch(new URL(`/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(ready.did)}&cid=${media!.networkMediaId}`, ready.url));
		expect(blob.status).toBe(200);
		expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
	});

	it("publishes a video: uploadBlob with the MP4, then an app.bsky.embed.video the PDS validates and keeps", async () => {
		// The smallest bytes an MP4 is recognised by (an ftyp box), as the media upload tests use: the PDS
		// sniffs them as video/mp4, which app.bsky.embed.video's blob accepts.
		const mp4 = Uint8Array.from([
			0,
			0,
			0,
			0x18,
			...new TextEncoder().encode("ftypisom"),
			0,
			0,
			2,
			0,
			...new TextEncoder().encode("isomiso2"),
			0,
			0,
			0,
			8,
			...new TextEncoder().encode("free"),
		]);
		const item = { mediaId: "v_pds", type: "video/mp4", size: mp4.byteLength, alt: "Ten seconds of the launch", width: 16, height: 9, bytes: mp4.buffer };
		const uploaded = await blueskyAdapter.uploadMedia(account, [item], cache);
		if (uploaded.kind !== "uploaded") throw new Error(`upload failed: ${JSON.stringify(uploaded)}`);
		expect(uploaded.media[0]!.blob).toMatchObject({ $type: "blob", mimeType: "video/mp4", size: mp4.byteLength });

		const key = newTid(Date.now());
		const outcome = await blueskyAdapter.publish(account, { ...request("With a clip", key), media: uploaded.media }, cache);
		expect(outcome.kind, JSON.stringify(outcome)).toBe("published");
		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey: key });
		expect((record.body.value as { embed: unknown }).embed).toEqual({
			$type: "app.bsky.embed.video",
			video: expect.objectContaining({ ref: { $link: uploaded.media[0]!.networkMediaId }, mimeType: "video/mp4" }),
			alt: "Ten seconds of the launch",
			aspectRatio: { width: 16, height: 9 },
		});
	});

	it("mentions a second account by handle (resolved to its DID) and tags, read back with UTF-8 byte ranges", async () => {
		const created = await fetch(new URL("/xrpc/com.atproto.server.createAccount", ready.url), {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ handle: "bob.test", email: "bob@example.com", password: "bob-test-password" }),
		});
		expect(created.status).toBe(200);
		const bob = (await created.json()) as { did: string; handle: string };

		// Emoji and CJK before each facet, a handle in capitals, one nobody has, and a tag with punctuation after it.
		const key = newTid(Date.now());
		const text = "🚀 日本語 Thanks @Bob.test and @nobody.test! #ローンチ, #launch";
		const prepared = await blueskyAdapter.prepare!(account, request(text, key), cache);
		if (prepared.kind !== "ready") throw new Error(`not prepared: ${JSON.stringify(prepared)}`);
		expect(prepared.warnings).toEqual([expect.objectContaining({ rule: "unresolved_mention", message: expect.stringContaining("@nobody.test") })]);
		expect((await blueskyAdapter.publish(account, prepared.request, cache)).kind).toBe("published");

		const record = await xrpc("com.atproto.repo.getRecord", { repo: ready.did, collection: "app.bsky.feed.post", rkey: key });
		expect(record.status).toBe(200);
		const value = record.body.value as { text: string; facets: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[] };
		expect(value.text).toBe(text);
		const bytes = new TextEncoder().encode(value.text);
		const read = value.facets.map((f) => ({
			covered: new TextDecoder().decode(bytes.slice(f.index.byteStart, f.index.byteEnd)),
			index: f.index,
			features: f.features,
		}));
		// 🚀 is 4 bytes, 日本語 9: "@Bob.test" starts at byte 4+1+9+1+7 = 22.
		expect(read).toEqual([
			{ covered: "@Bob.test", index: { byteStart: 22, byteEnd: 31 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: bob.did }] },
			{ covered: "#ローンチ", index: { byteStart: 50, byteEnd: 63 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "ローンチ" }] },
			{ covered: "#launch", index: { byteStart: 65, byteEnd: 72 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "launch" }] },
		]);
		// The DID is the one the PDS gives for the handle.
		expect(await xrpc("com.atproto.identity.resolveHandle", { handle: "bob.test" })).toEqual({ status: 200, body: { did: bob.did } });
	});

	/** Publishes like the consumer does: prepare (facets, reply refs), then publish; answers the at-uri. */
	async function publishPrepared(text: string, inReplyTo?: string): Promise<{ uri: string; rkey: string }> {
		const rkey = newTid(Date.now());
		const prepared = await blueskyAdapter.prepare!(account, { ...request(text, rkey), inReplyTo }, cache);
		if (prepared.kind !== "ready") throw new Error(`not prepared: ${JSON.stringify(prepared)}`);
		const outcome = await blueskyAdapter.publish(account, prepared.request, cache);
		if (outcome.kind !== "published") throw new Error(`not published: ${JSON.stringify(outcome)}`);
		return { uri: outcome.networkPostId, rkey };
	}

	type Reply = { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
	async function readPost(uri: string): Promise<{ cid: string; value: { text: string; reply?: Reply } }> {
		const [, repo, collection, rkey] = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri)!;
		const got = await xrpc("com.atproto.repo.getRecord", { repo: repo!, collection: collection!, rkey: rkey! });
		expect(got.status).toBe(200);
		return got.body as { cid: string; value: { text: string; reply?: Reply } };
	}

	it("publishes a 3-part thread: each part a reply to the one before, all with part 1 as root", async () => {
		const one = await publishPrepared("Thread 1/3: what shipped this week");
		const two = await publishPrepared("Thread 2/3: the calendar got faster", one.uri);
		const three = await publishPrepared("Thread 3/3: and the inbox reads Bluesky", two.uri);
		const [p1, p2, p3] = [await readPost(one.uri), await readPost(two.uri), await readPost(three.uri)];
		expect(p1.value.reply).toBeUndefined();
		expect(p2.value.reply).toEqual({ root: { uri: one.uri, cid: p1.cid }, parent: { uri: one.uri, cid: p1.cid } });
		expect(p3.value.reply).toEqual({ root: { uri: one.uri, cid: p1.cid }, parent: { uri: two.uri, cid: p2.cid } });
		expect(p3.value.text).toBe("Thread 3/3: and the inbox reads Bluesky");
	});

	it("a part sent again after a lost answer (same fixed request, reply refs included) writes nothing new", async () => {
		const one = await publishPrepared("Thread again 1/2");
		const rkey = newTid(Date.now());
		const prepared = await blueskyAdapter.prepare!(account, { ...request("Thread again 2/2", rkey), inReplyTo: one.uri }, cache);
		if (prepared.kind !== "ready") throw new Error("not prepared");
		expect(prepared.request.replyRefs?.parent.uri).toBe(one.uri);
		const first = await blueskyAdapter.publish(account, prepared.request, cache);
		const again = await blueskyAdapter.publish(account, prepared.request, cache);
		expect(first.kind).toBe("published");
		expect(again).toMatchObject({ kind: "published", answer: { summary: expect.stringContaining("already there") } });
		expect(await blueskyAdapter.findPublished(account, prepared.request, cache)).toMatchObject({
			networkPostId: `at://${ready.did}/app.bsky.feed.post/${rkey}`,
		});
	});

	it("answers a mention from another account: the reply's parent and root are that post", async () => {
		const created = await fetch(new URL("/xrpc/com.atproto.server.createAccount", ready.url), {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ handle: "carol.test", email: "carol@example.com", password: "carol-test-password" }),
		});
		expect(created.status).toBe(200);
		const carol = (await created.json()) as { did: string; accessJwt: string };
		const mention = await fetch(new URL("/xrpc/com.atproto.repo.createRecord", ready.url), {
			method: "POST",
			headers: { "content-type": "application/json", authorization: `Bearer ${carol.accessJwt}` },
			body: JSON.stringify({
				repo: carol.did,
				collection: "app.bsky.feed.post",
				record: { $type: "app.bsky.feed.post", text: `@${ready.handle} is the export broken today?`, createdAt: new Date().toISOString() },
			}),
		});
		expect(mention.status).toBe(200);
		const asked = (await mention.json()) as { uri: string; cid: string };

		const answer = await publishPrepared("Not broken: a fix is rolling out, thanks for telling us", asked.uri);
		const read = await readPost(answer.uri);
		expect(read.value.reply).toEqual({ root: { uri: asked.uri, cid: asked.cid }, parent: { uri: asked.uri, cid: asked.cid } });

		// A reply to a post that is gone is refused for good (no retry can help), never posted top-level.
		const gone = asked.uri.replace(/[^/]+$/, newTid(Date.now()));
		const prepared = await blueskyAdapter.prepare!(account, { ...request("too late", newTid(Date.now())), inReplyTo: gone }, cache);
		if (prepared.kind !== "ready") throw new Error(`not prepared: ${JSON.stringify(prepared)}`);
		expect(await blueskyAdapter.publish(account, prepared.request, cache)).toMatchObject({
			kind: "rejected",
			answer: { summary: expect.stringContaining("no longer on Bluesky") },
		});
	});

	it("a wrong password is an auth outcome", async () => {
		const wrong = { ...account, credentials: { ...account.credentials, appPassword: "wrong-password" } };
		const empty: SessionCache = { get: async () => null, set: async () => {} };
		const outcome = await blueskyAdapter.publish(wrong, request("never", newTid(Date.now())), empty);
		expect(outcome).toMatchObject({ kind: "auth", answer: { status: 401 } });
	});
});
