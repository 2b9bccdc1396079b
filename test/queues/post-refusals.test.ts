// A network refusing one post, through the real consumer and the real X adapter over stubbed fetch:
// the post fails with the network's reason and the account keeps posting. Only a refusal of the
// credentials themselves holds the account. X's answers copy docs.x.com (problem details) and the
// messages X sends; see test/networks/x.test.ts for the pages.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { xAdapter } from "../../functions/networks/x";
import { call, signUp } from "../helpers/api";
import { upload } from "../helpers/media";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { type Call, json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

const MINUTE = 60_000;
const restricted =
	"Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.";

/** An X account (with the scopes it was granted) and its posts, each due a minute after the one before. */
async function xAccount(scopes: string[], posts: { body: string; image?: boolean }[]) {
	queue = captureQueue();
	const ws = await signUp();
	const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
	const acc = await call("POST", "/accounts", {
		token: ws.token,
		json: { network: "x", handle: "@chorus", timezone: "UTC", credentials: { accessToken: "x-token", userId: "2244994945", scopes } },
	});
	expect(acc.status, JSON.stringify(acc.body)).toBe(201);
	const ids: string[] = [];
	for (const [i, p] of posts.entries()) {
		const mediaIds = p.image ? [(await upload(ws.token, { alt: "The shop front" })).body.id] : [];
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.body.id, body: p.body, mediaIds, scheduledAt: new Date(dueAt + i * MINUTE).toISOString() },
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		ids.push(res.body.posts[0].id);
	}
	return { ws, accountId: acc.body.id as string, ids, dueAt };
}

/** Sweeps and delivers the post due at `at`, as the cron and the queue would. */
async function publishDue(at: number) {
	await runSweep(at);
	const messages = queue.sent.splice(0);
	for (const m of messages) await deliver([m], at, { adapterFor: () => xAdapter });
}

const needsReconnect = async (accountId: string) =>
	(await env.DB.prepare("SELECT needs_reconnect AS n FROM account WHERE id = ?").bind(accountId).first<{ n: number }>())?.n;

describe("a post the network refuses, and the account's other posts", () => {
	it("X's reply-restriction 403 fails that post with X's reason; the account is not frozen and its next post goes out", async () => {
		const { accountId, ids, dueAt } = await xAccount(
			["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
			[{ body: "Thanks for the shout-out!" }, { body: "Doors open at six" }, { body: "Last call" }, { body: "See you" }],
		);
		stubFetch((c: Call) => {
			if (c.url !== "https://api.x.com/2/tweets") throw new Error(`unexpected ${c.method} ${c.url}`);
			const text = (c.json as { text: string }).text;
			if (text.startsWith("Thanks")) return json({ detail: restricted, type: "about:blank", title: "Forbidden", status: 403 }, 403);
			if (text.startsWith("Last call")) return json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, 401);
			return json({ data: { id: "1445880548472328192", text, edit_history_tweet_ids: ["1445880548472328192"] } }, 201);
		});

		await publishDue(dueAt);
		const refused = await postRow(ids[0]!);
		expect(refused?.status).toBe("failed");
		expect(refused?.failureReason).toContain("Reply to this conversation is not allowed");
		expect(await needsReconnect(accountId)).toBe(0);

		await publishDue(dueAt + MINUTE);
		expect((await postRow(ids[1]!))?.status).toBe("published");

		// Whereas a real credential refusal (401) holds the account and what comes after it.
		await publishDue(dueAt + 2 * MINUTE);
		expect((await postRow(ids[2]!))?.status).toBe("failed");
		expect(await needsReconnect(accountId)).toBe(1);
		await publishDue(dueAt + 3 * MINUTE);
		expect((await postRow(ids[3]!))?.holdReason).toBe("needs_reconnect");
	});

	it("an account connected without media.write is told to reconnect on its image post only; its text posts still go out", async () => {
		const { accountId, ids, dueAt } = await xAccount(
			["tweet.read", "tweet.write", "users.read", "offline.access"],
			[{ body: "Our new shop front", image: true }, { body: "Open until eight tonight" }],
		);
		const calls = stubFetch((c: Call) => {
			// What X answers an upload without media.write.
			if (c.url.startsWith("https://api.x.com/2/media/")) return json({ title: "Forbidden", detail: "Forbidden", type: "about:blank", status: 403 }, 403);
			if (c.url === "https://api.x.com/2/tweets") return json({ data: { id: "1445880548472328193", text: (c.json as { text: string }).text } }, 201);
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});

		await publishDue(dueAt);
		const refused = await postRow(ids[0]!);
		expect(refused?.status).toBe("failed");
		expect(refused?.failureReason).toMatch(/media\.write.*reconnect/i);
		expect(await needsReconnect(accountId)).toBe(0);

		await publishDue(dueAt + MINUTE);
		expect((await postRow(ids[1]!))?.status).toBe("published");
		expect(calls.filter((c) => c.url === "https://api.x.com/2/tweets")).toHaveLength(1);
	});
});
