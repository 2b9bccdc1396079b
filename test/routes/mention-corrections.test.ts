import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp } from "../helpers/api";

const mentionOf = (accountId: string, externalId: string, text: string) => ({
	accountId,
	network: "sandbox",
	externalId,
	author: "@someone",
	text,
	createdAt: new Date().toISOString(),
});

describe("PATCH /mentions/:id: the team corrects labels, and the workspace's classifier learns", () => {
	it("changes the labels at once, audits them, and moves the next similar mention's classification; another workspace is untouched", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const other = await signUp();
		const otherAcc = await addAccount(other);
		const texts = ["The Zorbo blender arrived today", "Zorbo blender on the counter now", "Got the Zorbo blender from the store"];
		const [first, ...more] = (await call("POST", "/mentions", { token: ws.token, json: { items: texts.map((t, i) => mentionOf(acc.id, `c${i}`, t)) } })).body
			.items;
		expect(first.kind).not.toBe("concern");

		const author = await addMember(ws, "author", "Ari Author");
		const corrected = await call("PATCH", `/mentions/${first.id}`, { token: author.token, json: { sentiment: "negative", kind: "concern" } });
		expect(corrected.status).toBe(200);
		expect(corrected.body).toMatchObject({ sentiment: { label: "negative" }, kind: "concern", corrected: { sentiment: true, kind: true } });
		// Insights and lists read the corrected labels at once.
		expect((await call("GET", "/mentions?kind=concern", { token: ws.token })).body.items.map((m: { id: string }) => m.id)).toContain(first.id);
		const audit = await call("GET", `/audit?subject=mention:${first.id}`, { token: ws.token });
		expect(audit.body.items[0]).toMatchObject({ action: "mention.correct", before: { kind: first.kind }, after: { sentiment: "negative", kind: "concern" } });

		for (const m of more)
			expect((await call("PATCH", `/mentions/${m.id}`, { token: author.token, json: { sentiment: "negative", kind: "concern" } })).status).toBe(200);

		// The next mention with the same words is read the team's way here, and as before elsewhere.
		const text = "Zorbo blender arrived this morning";
		const next = (await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(acc.id, "next", text)] } })).body.items[0];
		const elsewhere = (await call("POST", "/mentions", { token: other.token, json: { items: [mentionOf(otherAcc.id, "c2", text)] } })).body.items[0];
		expect(next).toMatchObject({ sentiment: { label: "negative" }, kind: "concern" });
		expect(elsewhere.kind).not.toBe("concern");
		expect(elsewhere.sentiment.label).not.toBe("negative");
	});

	it("refuses an empty correction, an unknown label, a reader, and another workspace's mention", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const m = (await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(acc.id, "r1", "hello")] } })).body.items[0];
		expect((await call("PATCH", `/mentions/${m.id}`, { token: ws.token, json: {} })).status).toBe(400);
		const bad = await call("PATCH", `/mentions/${m.id}`, { token: ws.token, json: { kind: "rant" } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues[0].path).toEqual(["kind"]);
		const analyst = await addMember(ws, "analyst", "Ana Analyst");
		expect((await call("PATCH", `/mentions/${m.id}`, { token: analyst.token, json: { kind: "praise" } })).status).toBe(403);
		const other = await signUp();
		expect((await call("PATCH", `/mentions/${m.id}`, { token: other.token, json: { kind: "praise" } })).status).toBe(404);
	});
});
