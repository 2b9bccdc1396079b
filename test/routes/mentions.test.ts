import { describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";

let n = 0;
const mentionOf = (accountId: string, text: string, extra: Record<string, unknown> = {}) => ({
	accountId,
	network: "sandbox",
	externalId: `m-${Date.now()}-${n++}`,
	author: { handle: `@user${n}`, name: "A User" },
	text,
	createdAt: "2026-03-02T10:00:00+01:00",
	...extra,
});

describe("POST /mentions classifies on ingest", () => {
	it("answers each item with sentiment, kind and topics, in request order, and stores them", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const items = [
			mentionOf(acc.id, "Thank you so much for the quick refund, great service!", { isFollower: true }),
			mentionOf(acc.id, "How do I change the email on my account?"),
			mentionOf(acc.id, "Great job losing my parcel again. Worst delivery ever 😡", { isFollower: false }),
			mentionOf(acc.id, "Reading the March newsletter on the train"),
		];
		const res = await call("POST", "/mentions", { token: ws.token, json: { items } });
		expect(res.status).toBe(201);
		const [praise, question, concern, other] = res.body.items;
		expect(praise).toMatchObject({ externalId: items[0]!.externalId, sentiment: { label: "positive" }, kind: "praise", duplicate: false });
		expect(praise.sentiment.score).toBeGreaterThan(0.3);
		expect(question).toMatchObject({ kind: "question", sentiment: { label: "neutral" } });
		expect(concern).toMatchObject({ kind: "concern", sentiment: { label: "negative" } });
		expect(concern.topics.length).toBeGreaterThan(0);
		expect(other.kind).toBe("other");

		const again = await call("POST", "/mentions", { token: ws.token, json: { items: [items[2]] } });
		expect(again.body.items[0]).toMatchObject({ id: concern.id, duplicate: true, kind: "concern", sentiment: concern.sentiment, topics: concern.topics });

		const concerns = await call("GET", `/mentions?kind=concern&accountId=${acc.id}`, { token: ws.token });
		expect(concerns.body.items.map((m: { id: string }) => m.id)).toEqual([concern.id]);
		expect(concerns.body.items[0]).toMatchObject({ isFollower: false, kind: "concern", sentiment: { label: "negative" } });
		const positive = await call("GET", "/mentions?sentiment=positive", { token: ws.token });
		expect(positive.body.items.map((m: { id: string }) => m.id)).toEqual([praise.id]);
	});

	it("rejects an unknown kind or sentiment filter naming the field, and hides other workspaces", async () => {
		const ws = await signUp();
		const bad = await call("GET", "/mentions?kind=rant", { token: ws.token });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues[0].path).toEqual(["kind"]);
		const other = await signUp();
		const foreign = await addAccount(other);
		await call("POST", "/mentions", { token: other.token, json: { items: [mentionOf(foreign.id, "Love it")] } });
		const mine = await call("GET", "/mentions?sentiment=positive", { token: ws.token });
		expect(mine.body.items).toEqual([]);
	});
});
