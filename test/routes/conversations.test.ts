import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { captureQueue, deliver } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

let n = 0;
const mentionOf = (accountId: string, author: string, text: string, extra: Record<string, unknown> = {}) => ({
	accountId,
	network: "sandbox",
	externalId: `ext-${Date.now()}-${n++}`,
	author,
	text,
	createdAt: new Date().toISOString(),
	...extra,
});

async function inbox() {
	const ws = await signUp();
	const acc = await addAccount(ws);
	const res = await call("POST", "/mentions", { token: ws.token, json: { items: [mentionOf(acc.id, "@carol", "Is the app down? I can't log in")] } });
	expect(res.status).toBe(201);
	return { ws, acc, conversationId: res.body.items[0].conversationId as string, first: res.body.items[0] };
}

describe("mentions", () => {
	it("are stored once per externalId and threaded per account and user", async () => {
		const { ws, acc, conversationId, first } = await inbox();
		const again = await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [
					{ ...mentionOf(acc.id, "@carol", "x"), externalId: first.externalId },
					mentionOf(acc.id, "@carol", "Still can't log in"),
					mentionOf(acc.id, "@dave", "Love the new release!"),
				],
			},
		});
		expect(again.status).toBe(201);
		const [dup, follow, other] = again.body.items;
		expect(dup).toMatchObject({ id: first.id, duplicate: true, conversationId });
		expect(follow).toMatchObject({ duplicate: false, conversationId });
		expect(other.conversationId).not.toBe(conversationId);
		const convo = await call("GET", `/conversations/${conversationId}`, { token: ws.token });
		expect(convo.body.messages.map((m: { text: string }) => m.text)).toEqual(["Is the app down? I can't log in", "Still can't log in"]);
	});

	it("name the wrong item and field", async () => {
		const { ws, acc } = await inbox();
		const other = await signUp();
		const foreign = await addAccount(other);
		const res = await call("POST", "/mentions", {
			token: ws.token,
			json: { items: [mentionOf(acc.id, "@a", "ok"), mentionOf(foreign.id, "@b", "not yours")] },
		});
		expect(res.status).toBe(422);
		expect(res.body.error.issues[0].path).toEqual(["items", 1, "accountId"]);
		const wrongNet = await call("POST", "/mentions", { token: ws.token, json: { items: [{ ...mentionOf(acc.id, "@a", "x"), network: "x" }] } });
		expect(wrongNet.body.error.issues[0].path).toEqual(["items", 0, "network"]);
		const bad = await call("POST", "/mentions", { token: ws.token, json: { items: [{ accountId: acc.id }] } });
		expect(bad.status).toBe(400);
		// Nothing of the refused requests was stored.
		const list = await call("GET", `/mentions?accountId=${acc.id}`, { token: ws.token });
		expect(list.body.items).toHaveLength(1);
	});
});

describe("conversation owners", () => {
	it("claim, 409 for others naming the owner, hand-off with a note, release; all audited", async () => {
		const { ws, conversationId } = await inbox();
		const ann = await addMember(ws, "author", "Ann");
		const ben = await addMember(ws, "author", "Ben");
		expect((await call("POST", `/conversations/${conversationId}/claim`, { token: ann.token })).body.owner).toEqual({ id: ann.id, name: "Ann" });
		const taken = await call("POST", `/conversations/${conversationId}/claim`, { token: ben.token });
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: "conversation_owned", details: { owner: { id: ann.id, name: "Ann" } } });
		expect((await call("POST", `/conversations/${conversationId}/release`, { token: ben.token })).status).toBe(409);
		const handed = await call("POST", `/conversations/${conversationId}/handoff`, {
			token: ann.token,
			json: { memberId: ben.id, note: "Carol's login issue, see ticket 42" },
		});
		expect(handed.body).toMatchObject({ owner: { id: ben.id }, handoffNote: "Carol's login issue, see ticket 42" });
		expect((await call("GET", `/conversations?status=mine`, { token: ben.token })).body.items.map((c: { id: string }) => c.id)).toEqual([conversationId]);
		expect((await call("POST", `/conversations/${conversationId}/release`, { token: ben.token })).body.owner).toBeNull();
		expect((await call("GET", `/conversations?status=unowned`, { token: ws.token })).body.items.map((c: { id: string }) => c.id)).toContain(conversationId);
		const audit = await call("GET", `/audit?subject=conversation:${conversationId}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action).reverse()).toEqual(["conversation.claim", "conversation.handoff", "conversation.release"]);
	});

	it("two members replying at the same moment: one wins, one 409, one reply on the network", async () => {
		queue = captureQueue();
		const { ws, acc, conversationId, first } = await inbox();
		const ann = await addMember(ws, "author", "Ann");
		const ben = await addMember(ws, "author", "Ben");
		const results = await Promise.all(
			[ann, ben].map((m) => call("POST", `/conversations/${conversationId}/replies`, { token: m.token, json: { body: `Sorry about that, ${m.name} here` } })),
		);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
		const winner = results.find((r) => r.status === 201)!;
		expect(winner.body.inReplyTo).toBe(first.externalId);
		expect(queue.sent).toHaveLength(1);
		await deliver(queue.sent, Date.now());
		const feed = await call("GET", `/accounts/${acc.id}/feed`, { token: ws.token });
		expect(feed.body.items).toHaveLength(1);
		expect(feed.body.items[0]).toMatchObject({ inReplyTo: first.externalId });
		const convo = await call("GET", `/conversations/${conversationId}`, { token: ws.token });
		expect(convo.body.unanswered).toBe(false);
		expect(convo.body.messages.map((m: { direction: string; status: string | null }) => [m.direction, m.status])).toEqual([
			["in", null],
			["out", "published"],
		]);
		// Replies are not on the calendar.
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toEqual([]);
		// A user answering our reply stays in the same conversation.
		const replyPost = await env.DB.prepare("SELECT network_post_id AS id FROM post WHERE id = ?").bind(winner.body.id).first<{ id: string }>();
		const back = await call("POST", "/mentions", {
			token: ws.token,
			json: { items: [mentionOf(acc.id, "@carol-alt", "Works now, thanks", { inReplyTo: replyPost!.id })] },
		});
		expect(back.body.items[0].conversationId).toBe(conversationId);
	});

	it("flags conversations unanswered for too long", async () => {
		const { ws, conversationId } = await inbox();
		const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
		const list = await call("GET", "/conversations?status=unanswered", { token: ws.token, headers: { "X-Chorus-Now": later } });
		const found = list.body.items.find((c: { id: string }) => c.id === conversationId);
		expect(found).toMatchObject({ unanswered: true, flags: ["unanswered_too_long"] });
	});
});

describe("reply length", () => {
	it("a reply too long for the network is 422 and claims nothing", async () => {
		const { ws, conversationId } = await inbox();
		const res = await call("POST", `/conversations/${conversationId}/replies`, { token: ws.token, json: { body: "a".repeat(600) } });
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("lint_failed");
		expect((await call("GET", `/conversations/${conversationId}`, { token: ws.token })).body.owner).toBeNull();
	});

	it("a Mastodon reply is measured by the account's instance limit", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, { network: "mastodon", handle: "@hq@big.example", credentials: { instanceUrl: "https://big.example", accessToken: "t" } });
		// What the ingest run stores from GET /api/v2/instance (test/routes/mastodon-limits.test.ts).
		await env.DB.prepare("UPDATE account SET instance_limits = ? WHERE id = ?")
			.bind(JSON.stringify({ maxCharacters: 1000, charactersReservedPerUrl: 23, fetchedAt: Date.now() }), acc.id)
			.run();
		const res = await call("POST", "/mentions", {
			token: ws.token,
			json: { items: [{ ...mentionOf(acc.id, "@carol@elsewhere.example", "Tell me everything"), network: "mastodon" }] },
		});
		const conversationId = res.body.items[0].conversationId as string;
		const tooLong = await call("POST", `/conversations/${conversationId}/replies`, { token: ws.token, json: { body: "a".repeat(1001) } });
		expect(tooLong.status).toBe(422);
		expect(tooLong.body.error.message).toContain("1001/1000");
		queue = captureQueue();
		const fits = await call("POST", `/conversations/${conversationId}/replies`, { token: ws.token, json: { body: "a".repeat(600) } });
		expect(fits.status, JSON.stringify(fits.body)).toBeLessThan(300);
	});
});
