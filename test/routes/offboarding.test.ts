import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signInCookie, signUp } from "../helpers/api";
import { tokenFromMail } from "../helpers/mailbox";
import { captureNotify, notificationsOf } from "../helpers/notify";
import { captureQueue } from "../helpers/publishing";

let notify: ReturnType<typeof captureNotify>;
let publish: ReturnType<typeof captureQueue>;
afterEach(() => {
	notify?.restore();
	publish?.restore();
});

/** A manager who owns an account, an open conversation, a shift and a post waiting for their approval. */
async function busyManager() {
	notify = captureNotify();
	publish = captureQueue();
	const ws = await signUp();
	const leaving = await addMember(ws, "manager", "Lea Leaving");
	const staying = await addMember(ws, "manager", "Sam Staying");
	const author = await addMember(ws, "author", "Ari Author");
	const acc = await addAccount(ws, { ownerId: leaving.id, postingPolicy: "owner" });
	const shift = await call("POST", "/shifts", {
		token: ws.token,
		json: { memberId: leaving.id, weekdays: [6, 7], start: "09:00", end: "17:00", timezone: "Europe/Berlin" },
	});
	expect(shift.status).toBe(201);
	const mention = await call("POST", "/mentions", {
		token: ws.token,
		json: {
			items: [
				{
					accountId: acc.id,
					network: "sandbox",
					externalId: `m-${Date.now()}-${Math.random()}`,
					author: "@carol",
					text: "Where is my order?",
					createdAt: new Date().toISOString(),
				},
			],
		},
	});
	const conversationId = mention.body.items[0].conversationId as string;
	expect((await call("POST", `/conversations/${conversationId}/claim`, { token: leaving.token })).status).toBe(200);
	const pending = await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Weekend opening hours", scheduledAt: inHours(30) } });
	expect(pending.body.posts[0].status).toBe("pending_approval");
	return { ws, leaving, staying, author, acc, shiftId: shift.body.id as string, conversationId, postId: pending.body.posts[0].id as string };
}

describe("offboarding", { timeout: 20_000 }, () => {
	it("refuses to remove a member until everything is reassigned, and names exactly what is left", async () => {
		const { ws, leaving, acc, shiftId, conversationId, postId } = await busyManager();
		const refused = await call("DELETE", `/members/${leaving.id}`, { token: ws.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe("member_has_responsibilities");
		expect(refused.body.error.message).toBe(
			"Lea Leaving still has 1 account, 1 open conversation, 1 shift and 1 pending approval; reassign them first or pass reassignTo",
		);
		expect(refused.body.error.details).toEqual({
			accounts: [{ id: acc.id, handle: acc.handle }],
			conversations: [{ id: conversationId, accountId: acc.id, author: "@carol" }],
			shifts: [{ id: shiftId, weekdays: [6, 7], start: "09:00", end: "17:00" }],
			pendingApprovals: [{ id: postId, accountId: acc.id }],
		});
		// Nothing changed, and the member still works.
		expect((await call("GET", "/me", { token: leaving.token })).status).toBe(200);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.ownerId).toBe(leaving.id);
	});

	it("reassigns accounts, conversations (in the desk too), shifts and approvals in the same request; access ends on the next request", async () => {
		const { ws, leaving, staying, acc, shiftId, conversationId, postId } = await busyManager();
		const cookie = await signInCookie(leaving.email, "correct horse battery");
		expect((await call("GET", "/me", { headers: { Cookie: cookie } })).status).toBe(200);

		const done = await call("DELETE", `/members/${leaving.id}?reassignTo=${staying.id}`, { token: ws.token });
		expect(done.status).toBe(204);
		// Revocation is immediate: the very next request with either credential fails.
		expect((await call("GET", "/me", { token: leaving.token })).status).toBe(401);
		expect((await call("GET", "/me", { headers: { Cookie: cookie } })).status).toBe(401);
		expect((await call("POST", "/posts", { token: leaving.token, json: { accountId: acc.id, body: "x" } })).status).toBe(401);

		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.ownerId).toBe(staying.id);
		expect((await call("GET", `/shifts`, { token: ws.token })).body.items.find((s: { id: string }) => s.id === shiftId).memberId).toBe(staying.id);
		expect((await call("GET", `/conversations/${conversationId}`, { token: ws.token })).body.owner).toEqual({ id: staying.id, name: "Sam Staying" });
		// The desk agrees: the heir may reply, the owner of the workspace is told who owns it.
		const other = await call("POST", `/conversations/${conversationId}/replies`, { token: (await addMember(ws, "author")).token, json: { body: "Hi" } });
		expect(other.status).toBe(409);
		expect(other.body.error.details.owner.id).toBe(staying.id);
		expect((await call("POST", `/conversations/${conversationId}/replies`, { token: staying.token, json: { body: "On its way!" } })).status).toBe(201);
		// The approval now waits for the heir, who can give it.
		expect((await call("POST", `/posts/${postId}/approve`, { token: staying.token })).body.status).toBe("scheduled");

		const audit = await call("GET", `/audit?subject=member:${leaving.id}`, { token: ws.token });
		expect(audit.body.items[0]).toMatchObject({
			action: "member.remove",
			after: { reassignTo: staying.id, accounts: [acc.id], conversations: [conversationId], shifts: [shiftId], pendingApprovals: [postId] },
		});
		await notify.drain();
		expect((await notificationsOf(staying.token)).body.items.map((n: { kind: string }) => n.kind)).toContain("conversation_assigned");
	});

	it("an heir who may not approve leaves the pending approval to any manager; a bad heir is named", async () => {
		const { ws, leaving, author, postId } = await busyManager();
		const analyst = await addMember(ws, "analyst");
		expect((await call("DELETE", `/members/${leaving.id}`, { token: ws.token, json: { reassignTo: "nobody" } })).body.error.issues[0].path).toEqual([
			"reassignTo",
		]);
		expect((await call("DELETE", `/members/${leaving.id}`, { token: author.token, json: { reassignTo: analyst.id } })).status).toBe(403);
		expect((await call("DELETE", `/members/${leaving.id}`, { token: ws.token, json: { reassignTo: analyst.id } })).status).toBe(204);
		const row = await env.DB.prepare("SELECT approval_from FROM post WHERE id = ?").bind(postId).first<{ approval_from: string | null }>();
		expect(row?.approval_from).toBeNull();
		const other = await addMember(ws, "manager");
		expect((await call("POST", `/posts/${postId}/approve`, { token: other.token })).status).toBe(200);
	});

	it("changes a member's role, audited; the new role applies on their next request", async () => {
		const { ws, staying } = await busyManager();
		const demoted = await call("PATCH", `/members/${staying.id}`, { token: ws.token, json: { role: "analyst" } });
		expect(demoted.body.role).toBe("analyst");
		expect((await call("POST", "/invitations", { token: staying.token, json: { email: "x@example.test", role: "author" } })).status).toBe(403);
		const audit = await call("GET", `/audit?subject=member:${staying.id}`, { token: ws.token });
		expect(audit.body.items[0]).toMatchObject({ action: "member.update", before: { role: "manager" }, after: { role: "analyst" } });
	});
});

describe("leaving means leaving", { timeout: 30_000 }, () => {
	const fresh = () => `new-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.test`;

	/** A manager holding one of everything: a session, an API token, a feed token and a pending invitation. */
	async function holdingManager() {
		const ws = await signUp();
		const manager = await addMember(ws, "manager", "Mo Manager");
		await addAccount(ws);
		await call("POST", "/posts", { token: ws.token, json: { accountId: (await addAccount(ws)).id, body: "Launch on Friday", scheduledAt: inHours(5) } });
		const cookie = await signInCookie(manager.email, "correct horse battery");
		const feed = await call("POST", "/feed-tokens", { token: manager.token, json: { name: "phone" } });
		expect(feed.status).toBe(201);
		const invitedEmail = fresh();
		const invited = await call("POST", "/invitations", { token: manager.token, json: { email: invitedEmail, role: "manager" } });
		expect(invited.status).toBe(201);
		const invitationToken = await tokenFromMail(invitedEmail, "/accept-invite");
		expect((await call("GET", `/calendar.ics?token=${feed.body.token}`)).status).toBe(200);
		return { ws, manager, cookie, feedToken: feed.body.token as string, invitationId: invited.body.id as string, invitationToken };
	}

	async function expectShutOut(h: Awaited<ReturnType<typeof holdingManager>>) {
		expect((await call("GET", "/me", { token: h.manager.token })).status).toBe(401);
		expect((await call("GET", "/me", { headers: { Cookie: h.cookie } })).status).toBe(401);
		expect((await call("GET", `/calendar.ics?token=${h.feedToken}`)).status).toBe(401);
		const accept = await call("POST", "/invitations/accept", { json: { token: h.invitationToken, name: "Late Joiner", password: "correct horse battery" } });
		expect(accept.status).toBe(410);
		expect(accept.body.error.code).toBe("link_revoked");
		const listed = await call("GET", "/invitations", { token: h.ws.token });
		expect(listed.body.items.find((i: { id: string }) => i.id === h.invitationId).state).toBe("revoked");
	}

	it("removing a member revokes their sessions, API and feed tokens and the invitations they sent; the audit counts them", async () => {
		const h = await holdingManager();
		expect((await call("DELETE", `/members/${h.manager.id}`, { token: h.ws.token })).status).toBe(204);
		await expectShutOut(h);
		const audit = await call("GET", `/audit?subject=member:${h.manager.id}`, { token: h.ws.token });
		const removal = audit.body.items.find((e: { action: string }) => e.action === "member.remove");
		// Two sessions: addMember signed in once to make the API token, and this test once more.
		expect(removal.after.revoked).toEqual({ sessions: 2, apiTokens: 1, feedTokens: 1, invitations: 1 });
	});

	it("a password reset revokes the same: sessions, API tokens, feed tokens and pending invitations", async () => {
		const h = await holdingManager();
		expect((await call("POST", "/password-resets", { json: { email: h.manager.email } })).status).toBe(202);
		const token = await tokenFromMail(h.manager.email, "/reset-password");
		expect((await call("POST", "/password-resets/confirm", { json: { token, password: "a brand new password" } })).status).toBe(204);
		await expectShutOut(h);
		const audit = await call("GET", `/audit?subject=member:${h.manager.id}`, { token: h.ws.token });
		const reset = audit.body.items.find((e: { action: string }) => e.action === "member.password_reset");
		expect(reset.after.revoked).toEqual({ sessions: 2, apiTokens: 1, feedTokens: 1, invitations: 1 });
		// The member themselves is not removed: the new password signs them in again.
		expect((await call("POST", "/session", { json: { email: h.manager.email, password: "a brand new password" } })).status).toBe(200);
	});

	it("an invitation or a feed token left behind by someone already gone opens nothing", async () => {
		const h = await holdingManager();
		// As data written before removal revoked anything: the member row goes, their links stay.
		await env.DB.batch([
			env.DB.prepare("DELETE FROM api_token WHERE member_id = ?").bind(h.manager.id),
			env.DB.prepare("DELETE FROM session WHERE member_id = ?").bind(h.manager.id),
			env.DB.prepare("DELETE FROM member WHERE id = ?").bind(h.manager.id),
		]);
		expect((await call("GET", `/calendar.ics?token=${h.feedToken}`)).status).toBe(401);
		const preview = await call("GET", `/invitations/accept?token=${h.invitationToken}`);
		expect(preview.status).toBe(410);
		const accept = await call("POST", "/invitations/accept", { json: { token: h.invitationToken, name: "Late Joiner", password: "correct horse battery" } });
		expect(accept.body.error.code).toBe("link_revoked");
		expect((await call("GET", "/members", { token: h.ws.token })).body.items.map((m: { name: string }) => m.name)).not.toContain("Late Joiner");
	});

	it("an invitation to manage is withdrawn when its sender may no longer invite", async () => {
		const h = await holdingManager();
		expect((await call("PATCH", `/members/${h.manager.id}`, { token: h.ws.token, json: { role: "author" } })).status).toBe(200);
		const accept = await call("POST", "/invitations/accept", { json: { token: h.invitationToken, name: "Late Joiner", password: "correct horse battery" } });
		expect(accept.status).toBe(410);
		expect(accept.body.error.code).toBe("link_revoked");
		const listed = await call("GET", "/invitations", { token: h.ws.token });
		expect(listed.body.items.find((i: { id: string }) => i.id === h.invitationId).state).toBe("revoked");
	});
});
