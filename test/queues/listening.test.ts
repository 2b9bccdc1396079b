// LinkedIn and Facebook comments from the INGEST consumer into the Inbox, and answered from it through the
// publish queue, over a stubbed fetch shaped as the networks document (see test/networks/linkedin-reader.test.ts
// and facebook-reader.test.ts for the doc pages).
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { facebookAdapter } from "../../functions/networks/facebook";
import { linkedinAdapter } from "../../functions/networks/linkedin";
import { readerFor } from "../../functions/networks/readers";
import { overlapMs } from "../../functions/networks/time-cursor";
import { handleIngestBatch } from "../../queues/ingest";
import type { IngestMessage } from "../../queues/messages";
import { call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { json, stubFetch } from "../networks/helpers";
import { occurrences, PASSWORD, page } from "../web/page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
	vi.restoreAllMocks();
});

let seq = 0;
async function deliverIngest(bodies: IngestMessage[], now: number) {
	const batch = createMessageBatch<unknown>(
		"chorus-ingest",
		bodies.map((body) => ({ id: `l${seq++}`, timestamp: new Date(now), attempts: 1, body })),
	);
	const ctx = createExecutionContext();
	await handleIngestBatch(batch, env, { now: () => now, readerFor });
	const result = await getQueueResult(batch, ctx);
	return { acked: result.explicitAcks.length, retried: result.retryMessages.length };
}
const state = (accountId: string) =>
	env.DB.prepare("SELECT cursor, failures, last_error FROM ingest_state WHERE account_id = ? AND stream = 'mentions'")
		.bind(accountId)
		.first<{ cursor: string | null; failures: number; last_error: string | null }>();
const mentions = (accountId: string) =>
	createDb(env.DB).query.mention.findMany({ where: (m, { eq }) => eq(m.accountId, accountId), orderBy: (m, { asc }) => [asc(m.createdAt)] });

/** Answers by path prefix, longest first, so a test reads as the API's map. */
function routes(map: Record<string, () => Response>) {
	const prefixes = Object.keys(map).sort((a, b) => b.length - a.length);
	return stubFetch((c) => {
		const path = decodeURIComponent(new URL(c.url).pathname);
		const hit = prefixes.find((p) => path.startsWith(p));
		if (!hit) throw new Error(`unexpected ${c.method} ${c.url}`);
		return map[hit]!();
	});
}

const MINUTE = 60_000;

describe("LinkedIn comments in the Inbox", () => {
	const org = "urn:li:organization:2414183";
	const share = "urn:li:share:6844785523593134080";
	const activity = "urn:li:activity:6844785523593134080";
	const commentUrn = (id: string) => `urn:li:comment:(${activity},${id})`;
	const liComment = (id: string, actor: string, text: string, time: number, extra: Record<string, unknown> = {}) => ({
		actor,
		commentUrn: commentUrn(id),
		created: { actor, time },
		id,
		message: { attributes: [], text },
		object: share,
		...extra,
	});

	it("are read on schedule, threaded, kept on a throttled run, and answered as a nested comment from the conversation", async () => {
		const NOW = Date.now();
		queue = captureQueue();
		const ws = await signUp();
		const acc = await call("POST", "/accounts", {
			token: ws.token,
			json: { network: "linkedin", handle: "Chorus Inc", timezone: "UTC", credentials: { accessToken: "li", authorUrn: org } },
		});
		const accountId = acc.body.id as string;
		await runSweep(NOW);
		const jobs = queue.ingest.filter((m) => m.accountId === accountId);
		expect(jobs.map((j) => j.stream).sort()).toEqual(["mentions", "metrics"]);
		const job = jobs.find((j) => j.stream === "mentions")!;

		const ariAt = NOW - 60 * MINUTE;
		const boAt = NOW - 30 * MINUTE;
		routes({
			"/rest/posts": () => json({ paging: { start: 0, count: 20 }, elements: [{ id: share }] }),
			[`/rest/socialActions/${share}/comments`]: () =>
				json({
					paging: { start: 0, count: 100, total: 1 },
					elements: [liComment("100", "urn:li:person:ari", "Does checkout work on mobile?", ariAt, { commentsSummary: { totalFirstLevelComments: 1 } })],
				}),
			[`/rest/socialActions/${commentUrn("100")}/comments`]: () =>
				json({
					paging: { start: 0, count: 100, total: 1 },
					elements: [liComment("101", "urn:li:person:bo", "Same here, does it work on Android?", boAt, { parentComment: commentUrn("100") })],
				}),
			"/rest/organizationalEntityNotifications": () => json({ paging: { start: 0, count: 50 }, elements: [] }),
		});
		expect(await deliverIngest([job], NOW)).toEqual({ acked: 1, retried: 0 });
		const stored = await mentions(accountId);
		expect(stored.map((m) => [m.externalId, m.authorHandle, m.inReplyTo, m.kind])).toEqual([
			[commentUrn("100"), "urn:li:person:ari", share, "question"],
			[commentUrn("101"), "urn:li:person:bo", commentUrn("100"), "question"],
		]);
		// Bo answered Ari's comment: the same conversation, as replies to a known message are everywhere.
		// (The stored list is extended below as later runs add to the conversation.)
		expect(stored[1]!.conversationId).toBe(stored[0]!.conversationId);
		expect(stored[0]!.url).toBe(`https://www.linkedin.com/feed/update/${share}?commentUrn=${encodeURIComponent(commentUrn("100"))}`);
		const cursor = (await state(accountId))!.cursor;
		// Everything up to now was read: the cursor is the newest comment or now less the overlap, whichever is later.
		expect(JSON.parse(cursor!)).toEqual({ since: Math.max(boAt, NOW - overlapMs) });
		vi.restoreAllMocks();

		// Throttled: retried later, the cursor stays, the failure is counted.
		routes({ "/rest/posts": () => json({ status: 429, message: "Resource level throttle APPLICATION DAY limit reached" }, 429) });
		expect(await deliverIngest([job], NOW + 5 * MINUTE)).toEqual({ acked: 0, retried: 1 });
		expect(await state(accountId)).toMatchObject({ cursor, failures: 1 });
		expect((await state(accountId))!.last_error).toMatch(/429/);
		vi.restoreAllMocks();

		// The next run reads the overlap again with one new reply: stored once, nothing doubled, the cursor moves on.
		const kimAt = NOW + 8 * MINUTE;
		routes({
			"/rest/posts": () => json({ paging: { start: 0, count: 20 }, elements: [{ id: share }] }),
			[`/rest/socialActions/${share}/comments`]: () =>
				json({
					paging: { start: 0, count: 100, total: 1 },
					elements: [liComment("100", "urn:li:person:ari", "Does checkout work on mobile?", ariAt, { commentsSummary: { totalFirstLevelComments: 2 } })],
				}),
			[`/rest/socialActions/${commentUrn("100")}/comments`]: () =>
				json({
					paging: { start: 0, count: 100, total: 2 },
					elements: [
						liComment("101", "urn:li:person:bo", "Same here, does it work on Android?", boAt, { parentComment: commentUrn("100") }),
						liComment("103", "urn:li:person:kim", "And on tablets?", kimAt, { parentComment: commentUrn("100") }),
					],
				}),
			"/rest/organizationalEntityNotifications": () => json({ paging: { start: 0, count: 50 }, elements: [] }),
		});
		expect(await deliverIngest([job], NOW + 10 * MINUTE)).toEqual({ acked: 1, retried: 0 });
		expect((await mentions(accountId)).map((m) => m.externalId)).toEqual([commentUrn("100"), commentUrn("101"), commentUrn("103")]);
		expect(await state(accountId)).toMatchObject({ cursor: JSON.stringify({ since: kimAt }), failures: 0, last_error: null });
		vi.restoreAllMocks();
		stored.push((await mentions(accountId))[2]!);

		// The conversation shows each message's link on LinkedIn.
		const conversationId = stored[0]!.conversationId;
		const convo = await call("GET", `/conversations/${conversationId}`, { token: ws.token });
		expect(convo.body.messages.map((m: { url: string | null }) => m.url)).toEqual(stored.map((m) => m.url));
		const cookie = await signInCookie(ws.email, PASSWORD);
		const inbox = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(occurrences(inbox.html, "View on LinkedIn")).toBe(3);
		expect(inbox.html).toContain(`href="${stored[0]!.url!.replaceAll("&", "&amp;")}"`);

		// Answered from the Inbox: the reply goes through the publish queue as a comment under Ari's thread.
		queue = captureQueue();
		const reply = await call("POST", `/conversations/${conversationId}/replies`, { token: ws.token, json: { body: "Yes, since Monday's release" } });
		expect(reply.status).toBe(201);
		expect(reply.body).toMatchObject({ status: "publishing", inReplyTo: commentUrn("103") });
		const calls = stubFetch(
			json(liComment("103", "urn:li:person:kim", "And on tablets?", kimAt, { parentComment: commentUrn("100") })),
			new Response(JSON.stringify(liComment("102", org, "Yes, since Monday's release", NOW, { parentComment: commentUrn("100") })), {
				status: 201,
				headers: { "content-type": "application/json", "x-restli-id": "102" },
			}),
		);
		const sent = queue.sent.filter((m) => m.postId === reply.body.id);
		expect(await deliver(sent, Date.now(), { adapterFor: () => linkedinAdapter })).toMatchObject({ retried: [] });
		expect(calls[1]!.url).toBe(`https://api.linkedin.com/rest/socialActions/${encodeURIComponent(commentUrn("100"))}/comments`);
		expect(calls[1]!.json).toEqual({ actor: org, object: activity, message: { text: "Yes, since Monday's release" }, parentComment: commentUrn("100") });
		expect(await postRow(reply.body.id)).toMatchObject({ status: "published", networkPostId: commentUrn("102") });
	});
});

describe("Facebook Page comments in the Inbox", () => {
	const pageId = "108765279";
	const post = `${pageId}_1234567890`;
	const fbTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

	it("are read into a conversation with their permalink, and answered as a reply comment", async () => {
		const NOW = Date.now();
		queue = captureQueue();
		const ws = await signUp();
		const acc = await call("POST", "/accounts", {
			token: ws.token,
			json: { network: "facebook", handle: "Chorus", timezone: "UTC", credentials: { pageId, pageAccessToken: "EAAB-page" } },
		});
		const accountId = acc.body.id as string;
		const job: IngestMessage = { workspaceId: ws.id, accountId, stream: "mentions" };
		const permalink = `https://www.facebook.com/${pageId}/posts/1234567890?comment_id=901`;
		stubFetch(
			json({
				data: [
					{
						id: post,
						from: { id: pageId, name: "Chorus" },
						created_time: fbTime(NOW - 86_400_000),
						comments: {
							data: [
								{
									id: "1234567890_901",
									message: "Is the store open on Sunday?",
									from: { id: "654", name: "Ari Castro" },
									created_time: fbTime(NOW - 10 * MINUTE),
									permalink_url: permalink,
								},
							],
							paging: { cursors: { before: "a", after: "b" } },
						},
					},
				],
				paging: { cursors: { before: "a", after: "b" } },
			}),
			json({ data: [], paging: { cursors: { before: "a", after: "b" } } }),
		);
		expect(await deliverIngest([job], NOW)).toEqual({ acked: 1, retried: 0 });
		const [m] = await mentions(accountId);
		expect(m).toMatchObject({ externalId: "1234567890_901", authorHandle: "654", authorName: "Ari Castro", inReplyTo: post, url: permalink, kind: "question" });
		vi.restoreAllMocks();

		// A run that Graph throttles keeps the cursor.
		const cursor = (await state(accountId))!.cursor;
		stubFetch(json({ error: { message: "(#32) Page request limit reached", type: "OAuthException", code: 32 } }, 400));
		expect(await deliverIngest([job], NOW + 5 * MINUTE)).toEqual({ acked: 0, retried: 1 });
		expect((await state(accountId))!.cursor).toBe(cursor);
		vi.restoreAllMocks();

		// restoreAllMocks above took the queue capture off too.
		queue = captureQueue();
		const reply = await call("POST", `/conversations/${m!.conversationId}/replies`, { token: ws.token, json: { body: "Yes, 10:00 to 16:00" } });
		expect(reply.body).toMatchObject({ status: "publishing", inReplyTo: "1234567890_901" });
		const calls = stubFetch(json({ id: "1234567890_905" }), json({ id: "1234567890_905", permalink_url: `${permalink.slice(0, -3)}905` }));
		const result = await deliver(
			queue.sent.filter((s) => s.postId === reply.body.id),
			Date.now(),
			{ adapterFor: () => facebookAdapter },
		);
		expect(result.acked).toHaveLength(1);
		expect(calls[0]!.url).toMatch(/\/1234567890_901\/comments$/);
		expect(calls[0]!.json).toEqual({ message: "Yes, 10:00 to 16:00", access_token: "EAAB-page" });
		expect(await postRow(reply.body.id)).toMatchObject({ status: "published", networkPostId: "1234567890_905", networkUrl: `${permalink.slice(0, -3)}905` });
	});
});

describe("follower counts and per-post figures from X, LinkedIn and Facebook", () => {
	const cases = [
		{
			network: "x",
			credentials: { accessToken: "x-token", userId: "2244994945" },
			networkPostId: "1861000000000000001",
			answers: (id: string) => [
				json({
					data: {
						id: "2244994945",
						name: "Chorus",
						username: "chorus",
						public_metrics: { followers_count: 5120, following_count: 3, tweet_count: 400, listed_count: 9 },
					},
				}),
				json({
					data: [
						{
							id,
							text: "Launch",
							public_metrics: { retweet_count: 7, reply_count: 2, like_count: 40, quote_count: 1, bookmark_count: 3, impression_count: 3100 },
						},
					],
				}),
			],
			expected: { followers: 5120, likes: 40, reposts: 7, replies: 2, impressions: 3100 },
		},
		{
			network: "linkedin",
			credentials: { accessToken: "li", authorUrn: "urn:li:organization:2414183" },
			networkPostId: "urn:li:share:6844785523593134080",
			answers: (id: string) => [
				json({ firstDegreeSize: 18450 }),
				json({
					paging: { start: 0, count: 10 },
					elements: [
						{
							organizationalEntity: "urn:li:organization:2414183",
							share: id,
							totalShareStatistics: {
								uniqueImpressionsCount: 900,
								shareCount: 4,
								engagement: 0.05,
								clickCount: 31,
								likeCount: 40,
								impressionCount: 1200,
								commentCount: 6,
							},
						},
					],
				}),
			],
			expected: { followers: 18450, likes: 40, reposts: 4, replies: 6, impressions: 1200 },
		},
		{
			network: "facebook",
			credentials: { pageId: "108765279", pageAccessToken: "EAAB-page" },
			networkPostId: "108765279_1234567890",
			answers: (id: string) => [
				json({ followers_count: 930, id: "108765279" }),
				json({
					[id]: { reactions: { data: [], summary: { total_count: 12 } }, comments: { data: [], summary: { total_count: 3 } }, shares: { count: 2 }, id },
				}),
			],
			expected: { followers: 930, likes: 12, reposts: 2, replies: 3, impressions: null },
		},
	] as const;

	it.each(cases)(
		"$network: the hourly metrics run stores today's followers and each recent post's counts",
		async ({ network, credentials, networkPostId, answers, expected }) => {
			const NOW = Date.now();
			const ws = await signUp();
			const acc = await call("POST", "/accounts", { token: ws.token, json: { network, handle: `Chorus ${network}`, timezone: "UTC", credentials } });
			const created = await call("POST", "/posts", {
				token: ws.token,
				json: { accountId: acc.body.id, body: "Launch day", scheduledAt: new Date(NOW + 3_600_000).toISOString() },
			});
			const postId = created.body.posts[0].id as string;
			await env.DB.prepare("UPDATE post SET status = 'published', network_post_id = ?, published_at = ? WHERE id = ?")
				.bind(networkPostId, NOW - 86_400_000, postId)
				.run();
			stubFetch(...answers(networkPostId));
			expect(await deliverIngest([{ workspaceId: ws.id, accountId: acc.body.id, stream: "metrics" }], NOW)).toEqual({ acked: 1, retried: 0 });
			const day = await env.DB.prepare("SELECT followers FROM metric_day WHERE account_id = ?").bind(acc.body.id).first<{ followers: number }>();
			expect(day!.followers).toBe(expected.followers);
			const counts = await env.DB.prepare("SELECT likes, reposts, replies, impressions FROM post_metric WHERE post_id = ?").bind(postId).first();
			expect(counts).toEqual({ likes: expected.likes, reposts: expected.reposts, replies: expected.replies, impressions: expected.impressions });
		},
	);
});
