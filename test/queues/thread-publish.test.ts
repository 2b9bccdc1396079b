/**
 * Threads and first comments through the real publish consumer and account desk: each part a reply to
 * the one before, the comment a reply to part 1; a thread that fails half way resumes from the last
 * published part and never sends one twice, whether the failure is a retry or a lost answer.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { createSandboxAdapter } from "../../functions/networks/sandbox";
import type { NetworkAdapter } from "../../functions/networks/types";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { PASSWORD, page } from "../web/page";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

const HOUR = 3_600_000;

type FeedRow = { id: string; part: string; text: string; in_reply_to: string | null };

async function feedOf(postId: string): Promise<FeedRow[]> {
	const rows = await env.DB.prepare("SELECT id, part, text, in_reply_to FROM sandbox_feed_item WHERE post_id = ? ORDER BY created_at, rowid")
		.bind(postId)
		.all<FeedRow>();
	return rows.results;
}

/** One sandbox account and a thread (or a post with a first comment) due an hour from now. */
async function dueThread(json: Record<string, unknown>) {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws);
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, scheduledAt: new Date(dueAt).toISOString(), ...json } });
	expect(res.status).toBe(201);
	return { ws, acc, post: res.body.posts[0] as { id: string }, dueAt };
}

const threeParts = { body: "A thread on our spring release, part one", parts: ["Part two: the new calendar view", "Part three: what comes next"] };

/** The sandbox, with `wrap` deciding what one part's send does instead (once). */
function faulty(wrap: (part: string, send: () => ReturnType<NetworkAdapter["publish"]>) => ReturnType<NetworkAdapter["publish"]> | null) {
	const sandbox = createSandboxAdapter(createDb(env.DB));
	const calls: string[] = [];
	const adapter: NetworkAdapter = {
		...sandbox,
		async publish(account, request, cache) {
			const part = request.part ?? "1";
			calls.push(part);
			return wrap(part, () => sandbox.publish(account, request, cache)) ?? sandbox.publish(account, request, cache);
		},
	};
	return { adapter, calls };
}

describe("a thread", () => {
	it("goes out part by part, each a reply to the one before, and the post shows every part's link", async () => {
		const { ws, post, dueAt } = await dueThread(threeParts);
		await runSweep(dueAt);
		const result = await deliver(queue.sent, dueAt);
		expect(result.acked).toHaveLength(1);

		const feed = await feedOf(post.id);
		expect(feed.map((f) => [f.part, f.text])).toEqual([
			["1", threeParts.body],
			["2", threeParts.parts[0]],
			["3", threeParts.parts[1]],
		]);
		expect(feed[0]!.in_reply_to).toBeNull();
		expect(feed[1]!.in_reply_to).toBe(feed[0]!.id);
		expect(feed[2]!.in_reply_to).toBe(feed[1]!.id);

		const view = (await call("GET", `/posts/${post.id}`, { token: ws.token })).body;
		expect(view).toMatchObject({ status: "published", networkPostId: feed[0]!.id, parts: threeParts.parts, firstComment: null, failureReason: null });
		expect(view.partsOnNetwork).toEqual([
			{ networkPostId: feed[1]!.id, networkUrl: expect.stringContaining(feed[1]!.id) },
			{ networkPostId: feed[2]!.id, networkUrl: expect.stringContaining(feed[2]!.id) },
		]);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts.map((a: { part: string; outcome: string }) => [a.part, a.outcome]).sort()).toEqual([
			["1", "published"],
			["2", "published"],
			["3", "published"],
		]);
	});

	it("whose third part fails once is retried from that part and ends with every part exactly once", async () => {
		const { post, dueAt } = await dueThread(threeParts);
		let failed = false;
		const { adapter, calls } = faulty((part) => {
			if (part !== "3" || failed) return null;
			failed = true;
			return Promise.resolve({ kind: "retry", retryAfterSeconds: null, answer: { status: 503, summary: "503 Service Unavailable" } });
		});
		await runSweep(dueAt);
		const first = await deliver(queue.sent, dueAt, { adapterFor: () => adapter });
		expect(first.retried).toHaveLength(1);
		expect((await postRow(post.id))?.status).toBe("publishing");
		expect((await feedOf(post.id)).map((f) => f.part)).toEqual(["1", "2"]);

		// The redelivery, twice over (at-least-once delivery): parts 1 and 2 are "done" in the ledger.
		const again = await deliver([queue.sent[0]!, queue.sent[0]!], dueAt + 60_000, { adapterFor: () => adapter });
		expect(again.acked).toHaveLength(2);
		expect(calls).toEqual(["1", "2", "3", "3"]);
		const feed = await feedOf(post.id);
		expect(feed.map((f) => f.part)).toEqual(["1", "2", "3"]);
		expect(feed[2]!.in_reply_to).toBe(feed[1]!.id);
		const row = await postRow(post.id);
		expect(row).toMatchObject({ status: "published", networkPostId: feed[0]!.id, failureReason: null });
		expect(row?.partResults.map((r) => r.networkPostId)).toEqual([feed[1]!.id, feed[2]!.id]);
	});

	it("whose answer to part 2 is lost reconciles it on the network (findPublished) and never sends it again", async () => {
		const { ws, post, dueAt } = await dueThread(threeParts);
		let lost = false;
		const { adapter, calls } = faulty((part, send) => {
			if (part !== "2" || lost) return null;
			lost = true;
			// Sent and stored on the network, but the answer never came back.
			return send().then(() => ({ kind: "unknown", answer: { status: null, summary: "timed out waiting for the sandbox after sending" } }));
		});
		await runSweep(dueAt);
		expect((await deliver(queue.sent, dueAt, { adapterFor: () => adapter })).retried).toHaveLength(1);
		expect((await feedOf(post.id)).map((f) => f.part)).toEqual(["1", "2"]);

		expect((await deliver([queue.sent[0]!], dueAt + 30_000, { adapterFor: () => adapter })).acked).toHaveLength(1);
		// Part 2 was looked up, not resent; part 3 answers the part 2 that was found.
		expect(calls).toEqual(["1", "2", "3"]);
		const feed = await feedOf(post.id);
		expect(feed.map((f) => f.part)).toEqual(["1", "2", "3"]);
		expect(feed[2]!.in_reply_to).toBe(feed[1]!.id);
		expect((await postRow(post.id))?.status).toBe("published");
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts).toContainEqual(expect.objectContaining({ part: "2", outcome: "unknown" }));
		expect(attempts).toContainEqual(expect.objectContaining({ part: "2", outcome: "reconciled" }));
	});

	it("a part the network refuses for good ends the thread there: the post is out, with the reason and the parts that made it", async () => {
		const { post, dueAt } = await dueThread(threeParts);
		const { adapter } = faulty((part) =>
			part === "3" ? Promise.resolve({ kind: "rejected", answer: { status: 422, summary: "422 Validation failed: text is a duplicate" } }) : null,
		);
		await runSweep(dueAt);
		expect((await deliver(queue.sent, dueAt, { adapterFor: () => adapter })).acked).toHaveLength(1);
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.failureReason).toContain("Part 3 of 3 was not published: the network refused it: 422 Validation failed");
		expect(row?.partResults.map((r) => r.name)).toEqual(["2"]);
		// Delivered again: nothing more is sent.
		await deliver([queue.sent[0]!], dueAt + 60_000, { adapterFor: () => adapter });
		expect((await feedOf(post.id)).map((f) => f.part)).toEqual(["1", "2"]);
	});

	it("is retracted whole: every part is deleted from the network", async () => {
		const { ws, post, dueAt } = await dueThread({ ...threeParts, firstComment: "Questions? Ask below." });
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		expect(await feedOf(post.id)).toHaveLength(4);
		const res = await call("POST", `/posts/${post.id}/retract`, { token: ws.token, json: { reason: "Wrong date in part two" } });
		expect(res.status).toBe(200);
		expect(await feedOf(post.id)).toEqual([]);
	});
});

describe("the pages", () => {
	it("the post page shows every part with its network link, and the sandbox feed shows them as replies", async () => {
		const { ws, acc, post, dueAt } = await dueThread({ ...threeParts, firstComment: "Questions? Ask below." });
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		const feed = await feedOf(post.id);
		const cookie = await signInCookie(ws.email, PASSWORD);
		const postPage = await page("GET", `/posts/${post.id}`, { cookie });
		expect(postPage.html).toContain("Part 3 of 3, a reply to part 2");
		expect(postPage.html).toContain("First comment");
		expect(postPage.html).toContain(`href="/sandbox/${acc.id}#${feed[2]!.id}"`);
		const feedPage = await page("GET", `/sandbox/${acc.id}`, { cookie });
		expect(feedPage.html).toContain(`Thread part 3, in reply to <a href="#${feed[1]!.id}">`);
		expect(feedPage.html).toContain(`First comment on <a href="#${feed[0]!.id}">`);
	});
});

describe("a first comment", () => {
	it("goes out after the post, as a reply to it", async () => {
		const { ws, post, dueAt } = await dueThread({ body: "Our spring release is out today", firstComment: "Release notes: see our blog" });
		await runSweep(dueAt);
		await deliver(queue.sent, dueAt);
		const feed = await feedOf(post.id);
		expect(feed.map((f) => [f.part, f.text, f.in_reply_to])).toEqual([
			["1", "Our spring release is out today", null],
			["comment", "Release notes: see our blog", feed[0]!.id],
		]);
		const view = (await call("GET", `/posts/${post.id}`, { token: ws.token })).body;
		expect(view.firstComment).toBe("Release notes: see our blog");
		expect(view.firstCommentOnNetwork).toEqual({ networkPostId: feed[1]!.id, networkUrl: expect.any(String) });
	});
});
