// Thread contracts: a thread's parts go out through each adapter's ordinary publish, each with
// inReplyTo = the previous part's id, as queues/publish-parts.ts sends them. Request shapes as documented:
// - X: POST /2/tweets with reply.in_reply_to_tweet_id (docs.x.com/x-api/posts/create-post, "reply" object;
//   201 { data: { id, text, edit_history_tweet_ids } }).
// - Mastodon: POST /api/v1/statuses with in_reply_to_id and a distinct Idempotency-Key per part
//   (docs.joinmastodon.org/methods/statuses/#create).
import { afterEach, describe, expect, it, vi } from "vitest";
import { followingParts, partIdempotencyKey } from "../../domain/post-parts";
import { mastodonAdapter } from "../../functions/networks/mastodon";
import type { NetworkAdapter, PublishRequest } from "../../functions/networks/types";
import { xAdapter } from "../../functions/networks/x";
import { account, type Call, json, memoryCache, request, stubFetch } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const parts = ["Part two of the thread", "Part three of the thread"];

/** Publishes part 1 then each following part as a reply to the previous one; answers the ids in order. */
async function chain(adapter: NetworkAdapter, acc: ReturnType<typeof account>): Promise<string[]> {
	const ids: string[] = [];
	const first = await adapter.publish(acc, request({ text: "Part one of the thread", link: null }), memoryCache());
	if (first.kind !== "published") throw new Error(JSON.stringify(first));
	ids.push(first.networkPostId);
	for (const slot of followingParts(parts, null)) {
		const req: PublishRequest = request({
			text: slot.text,
			link: null,
			part: slot.name,
			idempotencyKey: partIdempotencyKey("post_1", slot.name),
			inReplyTo: ids.at(-1),
		});
		const outcome = await adapter.publish(acc, req, memoryCache());
		if (outcome.kind !== "published") throw new Error(JSON.stringify(outcome));
		ids.push(outcome.networkPostId);
	}
	return ids;
}

describe("a thread on X", () => {
	it("sends each part with reply.in_reply_to_tweet_id = the previous part's id", async () => {
		let n = 0;
		const calls: Call[] = stubFetch((call) => {
			n++;
			const id = `14458805484723281${90 + n}`;
			return json({ data: { id, text: (call.json as { text: string }).text, edit_history_tweet_ids: [id] } }, 201);
		});
		const ids = await chain(xAdapter, account("x", { accessToken: "oauth2-user-token" }));
		expect(calls.map((c) => c.url)).toEqual(Array(3).fill("https://api.x.com/2/tweets"));
		expect(calls.map((c) => c.json)).toEqual([
			{ text: "Part one of the thread" },
			{ text: "Part two of the thread", reply: { in_reply_to_tweet_id: ids[0] } },
			{ text: "Part three of the thread", reply: { in_reply_to_tweet_id: ids[1] } },
		]);
	});
});

describe("a thread on Mastodon", () => {
	it("sends each part with in_reply_to_id = the previous part's id and its own Idempotency-Key", async () => {
		let n = 0;
		const calls: Call[] = stubFetch((call) => {
			n++;
			const id = `10325496215527888${n}`;
			return json({
				id,
				created_at: "2026-11-26T10:00:01.196Z",
				visibility: "public",
				uri: `https://mastodon.example/users/chorus/statuses/${id}`,
				url: `https://mastodon.example/@chorus/${id}`,
				content: `<p>${(call.json as { status: string }).status}</p>`,
				account: { id: "109", username: "chorus", acct: "chorus" },
				media_attachments: [],
			});
		});
		const ids = await chain(mastodonAdapter, account("mastodon", { instanceUrl: "https://mastodon.example", accessToken: "tok-123" }));
		expect(calls.map((c) => (c.json as { in_reply_to_id?: string }).in_reply_to_id)).toEqual([undefined, ids[0], ids[1]]);
		expect(calls.map((c) => c.headers.get("idempotency-key"))).toEqual(["post_1", "post_1-2", "post_1-3"]);
	});
});
