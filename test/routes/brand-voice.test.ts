import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";
import { captureNotify, notificationsOf } from "../helpers/notify";
import { captureQueue, deliver } from "../helpers/publishing";
import { ownedConversation } from "../helpers/replies";

/**
 * The findings of issue 16 about acting as the brand, one test each: a reply skipped the mission lint
 * and the account's posting policy, and publish-now skipped "waits for X's approval".
 */

let queue: ReturnType<typeof captureQueue>;
let notify: ReturnType<typeof captureNotify>;
beforeEach(() => {
	queue = captureQueue();
	notify = captureNotify();
});
afterEach(() => {
	queue.restore();
	notify.restore();
});

/** Mona's account and Carol's conversation, with "free money" banned by the workspace's mission. */
async function ownedDesk() {
	const world = await ownedConversation();
	expect((await call("PUT", "/mission", { token: world.ws.token, json: { bannedPhrases: ["free money"] } })).status).toBe(200);
	return world;
}

const feed = async (token: string, accountId: string) => (await call("GET", `/accounts/${accountId}/feed`, { token })).body.items as { text: string }[];

describe("replies follow the brand-voice policy", () => {
	it("a reply with a banned phrase is refused 422 naming the rule, and nothing is claimed or sent", async () => {
		const { ws, mona, conversationId, acc } = await ownedDesk();
		const res = await call("POST", `/conversations/${conversationId}/replies`, { token: mona.token, json: { body: "Get free money now at our store" } });
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("lint_failed");
		expect(res.body.error.details.findings).toContainEqual(expect.objectContaining({ rule: "banned_phrase", severity: "error", accountId: acc.id }));
		expect(queue.sent).toHaveLength(0);
		const convo = await call("GET", `/conversations/${conversationId}`, { token: ws.token });
		expect(convo.body.owner).toBeNull();
		expect(convo.body.messages.filter((m: { direction: string }) => m.direction === "out")).toEqual([]);
	});

	it("a reply by an author on an account another member owns waits for that member, then goes out on their approval", async () => {
		const { ws, mona, max, ari, acc, conversationId } = await ownedDesk();
		const res = await call("POST", `/conversations/${conversationId}/replies`, { token: ari.token, json: { body: "Sorry about that, we are on it" } });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ status: "pending_approval", approvalFrom: { id: mona.id, name: "Mona Manager" }, owner: { id: ari.id } });
		// Never a silent send: nothing queued, nothing on the network, the conversation still unanswered.
		expect(queue.sent).toHaveLength(0);
		expect(await feed(ws.token, acc.id)).toEqual([]);
		expect((await call("GET", `/conversations/${conversationId}`, { token: ws.token })).body.unanswered).toBe(true);

		// Mona hears it in the bell, pointing at the Inbox; Max (not responsible) does not.
		await notify.drain();
		const bell = await notificationsOf(mona.token);
		expect(bell.body.items).toContainEqual(expect.objectContaining({ kind: "approval_needed", link: `/inbox/${conversationId}` }));
		expect((await notificationsOf(max.token)).body.items).toEqual([]);

		const pending = await call("GET", "/replies/pending", { token: mona.token });
		expect(pending.body.items).toEqual([
			expect.objectContaining({ id: res.body.id, conversationId, status: "pending_approval", author: { id: ari.id, name: "Ari Author" } }),
		]);

		// The author cannot send it themselves, by any route; another manager may not approve it.
		expect((await call("POST", `/replies/${res.body.id}/approve`, { token: ari.token })).status).toBe(403);
		expect((await call("POST", `/posts/${res.body.id}/publish-now`, { token: ari.token })).status).toBe(403);
		const other = await call("POST", `/replies/${res.body.id}/approve`, { token: max.token });
		expect(other.status).toBe(403);
		expect(other.body.error.message).toContain("Mona Manager");
		expect(queue.sent).toHaveLength(0);

		const approved = await call("POST", `/replies/${res.body.id}/approve`, { token: mona.token });
		expect(approved.status).toBe(202);
		expect(approved.body).toMatchObject({ status: "publishing", approver: { id: mona.id } });
		expect(queue.sent).toHaveLength(1);
		await deliver(queue.sent, Date.now());
		expect((await feed(ws.token, acc.id)).map((i) => i.text)).toEqual(["Sorry about that, we are on it"]);
		const audit = await call("GET", `/audit?subject=conversation:${conversationId}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
			expect.arrayContaining(["conversation.reply_pending", "conversation.reply_approve"]),
		);
		expect((await call("GET", "/replies/pending", { token: mona.token })).body.items).toEqual([]);
	});

	it("a waiting reply that is rejected is never sent, and its author is told why", async () => {
		const { ws, mona, ari, acc, conversationId } = await ownedDesk();
		const res = await call("POST", `/conversations/${conversationId}/replies`, { token: ari.token, json: { body: "We will refund everyone" } });
		expect(res.body.status).toBe("pending_approval");
		const bad = await call("POST", `/replies/${res.body.id}/reject`, { token: mona.token, json: { reason: " " } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues[0].path).toEqual(["reason"]);
		const rejected = await call("POST", `/replies/${res.body.id}/reject`, { token: mona.token, json: { reason: "We do not promise refunds" } });
		expect(rejected.status).toBe(200);
		expect(rejected.body).toMatchObject({ status: "canceled", rejectionReason: "We do not promise refunds" });
		expect((await call("POST", `/replies/${res.body.id}/approve`, { token: mona.token })).status).toBe(409);
		expect(queue.sent).toHaveLength(0);
		expect(await feed(ws.token, acc.id)).toEqual([]);
		await notify.drain();
		const bell = await notificationsOf(ari.token);
		expect(bell.body.items).toContainEqual(expect.objectContaining({ kind: "post_rejected", link: `/inbox/${conversationId}` }));
		const audit = await call("GET", `/audit?subject=conversation:${conversationId}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("conversation.reply_reject");
	});

	it("the responsible member's own reply goes out at once, but not while the workspace is stopped", async () => {
		const { mona, conversationId } = await ownedDesk();
		expect((await call("POST", "/workspace/pause", { token: mona.token })).status).toBe(200);
		const stopped = await call("POST", `/conversations/${conversationId}/replies`, { token: mona.token, json: { body: "Looking into it" } });
		expect(stopped.status).toBe(409);
		expect(stopped.body.error.code).toBe("workspace_paused");
		expect(queue.sent).toHaveLength(0);
		expect((await call("POST", "/workspace/resume", { token: mona.token })).status).toBe(200);
		const sent = await call("POST", `/conversations/${conversationId}/replies`, { token: mona.token, json: { body: "Looking into it" } });
		expect(sent.status).toBe(201);
		expect(sent.body.status).toBe("publishing");
		expect(queue.sent).toHaveLength(1);
	});
});

describe("publish-now follows the brand-voice policy", () => {
	it("a post waiting for one member's approval cannot be published now by another manager (403 naming them)", async () => {
		const ws = await signUp("UTC");
		const wendy = await addMember(ws, "manager", "Wendy Weekday");
		const max = await addMember(ws, "manager", "Max Manager");
		const ari = await addMember(ws, "author", "Ari Author");
		// Wendy's shift starts in an hour: nobody is on duty now, so "responsible now" lets anyone through.
		const acc = await addAccount(ws, { postingPolicy: "shift", timezone: "UTC" });
		const start = new Date(Date.now() + 3_600_000);
		const hhmm = (d: Date) => d.toISOString().slice(11, 16);
		const end = new Date(start.getTime() + 6 * 3_600_000);
		expect(
			(
				await call("POST", "/shifts", {
					token: ws.token,
					json: { memberId: wendy.id, accountIds: [acc.id], weekdays: [1, 2, 3, 4, 5, 6, 7], start: hhmm(start), end: hhmm(end), timezone: "UTC" },
				})
			).status,
		).toBe(201);
		const created = await call("POST", "/posts", { token: ari.token, json: { accountId: acc.id, body: "Our new opening hours", scheduledAt: inHours(3) } });
		expect(created.body.posts[0]).toMatchObject({ status: "pending_approval" });
		const id = created.body.posts[0].id as string;
		expect(await env.DB.prepare("SELECT approval_from AS who FROM post WHERE id = ?").bind(id).first("who")).toBe(wendy.id);

		const res = await call("POST", `/posts/${id}/publish-now`, { token: max.token });
		expect(res.status).toBe(403);
		expect(res.body.error.message).toBe("This post waits for Wendy Weekday's approval");
		expect(res.body.error.details.responsible).toEqual({ id: wendy.id, name: "Wendy Weekday" });
		expect(queue.sent).toHaveLength(0);
		const row = await env.DB.prepare("SELECT status, published_by_id AS by FROM post WHERE id = ?").bind(id).first<{ status: string; by: string | null }>();
		expect(row).toEqual({ status: "pending_approval", by: null });
		// The same rule as /approve: Max may not approve it either.
		expect((await call("POST", `/posts/${id}/approve`, { token: max.token })).status).toBe(403);
	});
});
