import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, signUp, type Workspace } from "../helpers/api";

let n = 0;
const mention = (accountId: string, text: string, createdAt: string, isFollower: boolean | null, author = `@u${n}`) => ({
	accountId,
	network: "sandbox",
	externalId: `ins-${n++}`,
	author,
	text,
	createdAt,
	isFollower,
});

/** Inserted directly: a published post (or reply) with a fixed time, as the publish path leaves it. */
async function publishedPost(ws: Workspace, accountId: string, body: string, publishedAt: number, reply?: { conversationId: string }) {
	const id = crypto.randomUUID();
	await env.DB.prepare(
		`INSERT INTO post (id, workspace_id, group_id, account_id, body, status, timezone, author_id, published_at, calendar_at, network_post_id, kind, conversation_id, updated_at)
		 VALUES (?, ?, ?, ?, ?, 'published', 'Europe/Berlin', ?, ?, ?, ?, ?, ?, ?)`,
	)
		.bind(
			id,
			ws.id,
			id,
			accountId,
			body,
			ws.ownerId,
			publishedAt,
			publishedAt,
			`net-${id}`,
			reply ? "reply" : "post",
			reply?.conversationId ?? null,
			publishedAt,
		)
		.run();
	return id;
}

const FROM = "2026-03-01T00:00:00+01:00";
const TO = "2026-03-08T00:00:00+01:00";

async function seeded() {
	const ws = await signUp("Europe/Berlin");
	const a = await addAccount(ws);
	const b = await addAccount(ws);
	const items = [
		mention(a.id, "Love the new dashboard, thank you so much!", "2026-03-02T10:00:00+01:00", true),
		mention(a.id, "Love the new dashboard, thank you!", "2026-03-03T10:00:00+01:00", false),
		mention(b.id, "Love the new dashboard, great work!", "2026-03-04T10:00:00+01:00", false),
		mention(a.id, "The mobile app keeps crashing since the update", "2026-03-02T12:00:00+01:00", false),
		mention(a.id, "The mobile app keeps crashing again, worst update ever", "2026-03-05T12:00:00+01:00", false),
		mention(a.id, "How do I export my data to CSV?", "2026-03-02T09:00:00+01:00", true),
		mention(a.id, "How do I export my data to CSV?", "2026-03-03T09:00:00+01:00", true),
		mention(a.id, "How do I export my data to CSV?", "2026-03-04T09:00:00+01:00", null),
		// The previous week.
		mention(a.id, "The mobile app keeps crashing", "2026-02-25T12:00:00+01:00", true),
	];
	const res = await call("POST", "/mentions", { token: ws.token, json: { items } });
	expect(res.status).toBe(201);
	const byText = (i: number) => res.body.items[i];
	// Answered: the first question after 30 minutes, the second after 90.
	await publishedPost(ws, a.id, "Happy to help! Settings → Export.", Date.parse("2026-03-02T09:30:00+01:00"), { conversationId: byText(5).conversationId });
	await publishedPost(ws, a.id, "Settings → Export gives you a CSV.", Date.parse("2026-03-03T10:30:00+01:00"), { conversationId: byText(6).conversationId });

	const launch = await publishedPost(ws, a.id, "Our spring release is here", Date.parse("2026-02-27T10:00:00+01:00"));
	const metrics = await call("POST", "/metrics", {
		token: ws.token,
		json: {
			items: [
				{ accountId: a.id, date: "2026-02-28", followers: 100 },
				{ accountId: a.id, date: "2026-03-01", followers: 102 },
				{ accountId: a.id, date: "2026-03-07", followers: 110 },
			],
			posts: [
				{ postId: launch, date: "2026-02-28", likes: 5 },
				{ postId: launch, date: "2026-03-03", likes: 15, reposts: 2, impressions: 1000 },
				{ postId: launch, date: "2026-03-07", likes: 20, reposts: 4, quotes: 1, impressions: 1500 },
			],
		},
	});
	expect(metrics.status).toBe(201);
	return { ws, a, b, launch };
}

describe("GET /insights", () => {
	it("answers the questions on a seeded week: growth, engagement, top posts, topics with trends and examples, reach, learning", async () => {
		const { ws, a, launch } = await seeded();
		const res = await call("GET", `/insights?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`, { token: ws.token });
		expect(res.status).toBe(200);
		const body = res.body;
		const accA = body.accounts.find((x: { id: string }) => x.id === a.id);
		expect(accA.followers).toMatchObject({ start: 100, end: 110, change: 10 });
		expect(accA.followers.series.map((s: { date: string }) => s.date)).toEqual(["2026-03-01", "2026-03-07"]);
		expect(accA).toMatchObject({ engagements: 20, impressions: 1500, shares: 5, engagementRate: { rate: 0.0133, per: "impression" } });
		expect(body.topPosts[0]).toMatchObject({ id: launch, body: "Our spring release is here", engagements: 20 });
		expect(body.engagementSeries).toEqual([
			{ date: "2026-03-03", engagements: 12, impressions: 1000, shares: 2, clicks: 0 },
			{ date: "2026-03-07", engagements: 8, impressions: 500, shares: 3, clicks: 0 },
		]);

		expect(body.mentions).toMatchObject({ total: 8, byKind: { praise: 3, concern: 2, question: 3, other: 0 } });
		expect(body.mentions.bySentiment.positive).toBe(3);
		expect(body.praise[0]).toMatchObject({ count: 3, previous: 0, trend: "new" });
		expect(body.praise[0].examples).toHaveLength(3);
		const crashing = body.concerns.find((g: { topic: string }) => g.topic === "mobile app");
		expect(crashing).toMatchObject({ count: 2, previous: 1 });
		expect(crashing.examples[0].text).toMatch(/worst update ever/); // the most negative first
		const exportTopic = body.questions.find((g: { topic: string }) => g.topic === "export");
		expect(exportTopic).toMatchObject({ count: 3, trend: "new" });

		expect(body.reachBeyondFollowers).toMatchObject({ mentions: 8, byNonFollowers: 4, share: 0.5, nonFollowerAuthors: 4, followerStatusUnknown: 1 });
		expect(body.learning).toMatchObject({ questions: 3, answered: 2, answeredShare: 0.667, medianFirstReplyMinutes: 60 });
		expect(body.learning.repeatedQuestions).toContainEqual({ topic: "export", count: 3, coveredByPost: false });
	});

	it("filters by account; another workspace's account is 404; a bad range names the field", async () => {
		const { ws, b } = await seeded();
		const onlyB = await call("GET", `/insights?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&accountId=${b.id}`, { token: ws.token });
		expect(onlyB.body.mentions.total).toBe(1);
		expect(onlyB.body.accounts.map((x: { id: string }) => x.id)).toEqual([b.id]);
		const other = await signUp();
		const foreign = await call("GET", `/insights?accountId=${b.id}`, { token: other.token });
		expect(foreign.status).toBe(404);
		const empty = await call("GET", `/insights?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`, { token: other.token });
		expect(empty.body.mentions.total).toBe(0);
		const backwards = await call("GET", `/insights?from=${encodeURIComponent(TO)}&to=${encodeURIComponent(FROM)}`, { token: ws.token });
		expect(backwards.status).toBe(400);
		expect(backwards.body.error.issues[0].path).toEqual(["from"]);
		const garbage = await call("GET", `/insights?from=yesterday`, { token: ws.token });
		expect(garbage.body.error.issues[0].path).toEqual(["from"]);
	});
});

describe("topics quote each mention once", () => {
	it("a mention about two topics is an example under the first of them only", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const items = ["a", "b"].map((x, i) => mention(acc.id, `praise ${x}`, `2026-03-03T1${i}:00:00Z`, null));
		expect((await call("POST", "/mentions", { token: ws.token, json: { items } })).status).toBe(201);
		await env.DB.prepare("UPDATE mention SET kind = 'praise', sentiment_label = 'positive', topics = ? WHERE workspace_id = ?")
			.bind(JSON.stringify(["checkout page", "delivery"]), ws.id)
			.run();
		const body = (await call("GET", "/insights?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z", { token: ws.token })).body;
		expect(body.praise.map((g: { topic: string }) => g.topic)).toEqual(["checkout page", "delivery"]);
		const quotedIds = body.praise.flatMap((g: { examples: { id: string }[] }) => g.examples.map((e) => e.id));
		expect(quotedIds).toHaveLength(2);
		expect(new Set(quotedIds).size).toBe(2);
		expect(body.praise[1].examples).toEqual([]);
	});
});
