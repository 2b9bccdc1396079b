import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signInCookie, signUp } from "../helpers/api";
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
	const shift = await call("POST", "/shifts", { token: ws.token, json: { memberId: leaving.id, weekdays: [6, 7], start: "09:00", end: "17:00", timezone: "Europe/Berlin" } });
	expect(shift.status).toBe(201);
	const mention = await call("POST", "/mentions", { token: ws.token, json: { items: [{ accountId: acc.id, network: "sandbox", externalId: `m-${Date.now()}-${Math.random()}`, author: "@carol", text: "Where is my order?", createdAt: new Date().toISOString() }] } });
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
		expect(refused.body.error.message).toBe("Lea Leaving still has 1 account, 1 open conversation, 1 shift and 1 pending approval; reassign them first or pass reassignTo");
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
		expect(audit.body.items[0]).toMatchObject({ action: "member.remove", after: { reassignTo: staying.id, accounts: [acc.id], conversations: [conversationId], shifts: [shiftId], pendingApprovals: [postId] } });
		await notify.drain();
		expect((await notificationsOf(staying.token)).body.items.map((n: { kind: string }) => n.kind)).toContain("conversation_assigned");
	});

	it("an heir who may not approve leaves the pending approval to any manager; a bad heir is named", async () => {
		const { ws, leaving, author, postId } = await busyManager();
		const analyst = await addMember(ws, "analyst");
		expect((await call("DELETE", `/members/${leaving.id}`, { token: ws.token, json: { reassignTo: "nobody" } })).body.error.issues[0].path).toEqual(["reassignTo"]);
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
