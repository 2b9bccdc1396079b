// DELETE /media/:id: the row and the R2 bytes go together, never while a post may still send them,
// authors only their own uploads, audited, and another workspace's id is a 404.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";
import { upload } from "../helpers/media";

const auditOf = async (workspaceId: string, mediaId: string) =>
	(
		await env.DB.prepare("SELECT action, actor_id AS actorId FROM audit_event WHERE workspace_id = ? AND subject = ?")
			.bind(workspaceId, `media:${mediaId}`)
			.all()
	).results;

describe("DELETE /media/:id", () => {
	it("is refused with 409 naming the post while a scheduled post uses it; once canceled the row and bytes go, audited", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const media = (await upload(ws.token)).body;
		const created = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "With a picture", mediaIds: [media.id], scheduledAt: inHours(2) },
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const postId = created.body.posts[0].id;

		const refused = await call("DELETE", `/media/${media.id}`, { token: ws.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe("media_in_use");
		expect(refused.body.error.message).toContain(postId);
		expect(refused.body.error.details.posts).toEqual([{ id: postId, status: "scheduled" }]);
		expect(await env.MEDIA.get(`${ws.id}/${media.id}`)).not.toBeNull();
		expect(await auditOf(ws.id, media.id)).toEqual([]);

		expect((await call("POST", `/posts/${postId}/cancel`, { token: ws.token })).status).toBe(200);
		const deleted = await call("DELETE", `/media/${media.id}`, { token: ws.token });
		expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
		expect((await call("GET", `/media/${media.id}`, { token: ws.token })).status).toBe(404);
		expect(await env.MEDIA.get(`${ws.id}/${media.id}`)).toBeNull();
		expect(await auditOf(ws.id, media.id)).toEqual([{ action: "media.delete", actorId: ws.ownerId }]);
		// A second delete finds nothing.
		expect((await call("DELETE", `/media/${media.id}`, { token: ws.token })).status).toBe(404);
	});

	it("a post waiting for approval holds its media; a draft does not", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		const held = (await upload(author.token)).body;
		const pending = await call("POST", "/posts", {
			token: author.token,
			json: { accountId: acc.id, body: "Please approve", mediaIds: [held.id], scheduledAt: inHours(3) },
		});
		expect(pending.body.posts[0].status).toBe("pending_approval");
		const refused = await call("DELETE", `/media/${held.id}`, { token: author.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.details.posts).toEqual([{ id: pending.body.posts[0].id, status: "pending_approval" }]);

		const drafted = (await upload(author.token)).body;
		const draft = await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Later", mediaIds: [drafted.id] } });
		expect(draft.body.posts[0].status).toBe("draft");
		expect((await call("DELETE", `/media/${drafted.id}`, { token: author.token })).status).toBe(204);
	});

	it("authors delete only their own uploads, managers and owners anyone's, analysts nothing", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const otherAuthor = await addMember(ws, "author");
		const manager = await addMember(ws, "manager");
		const analyst = await addMember(ws, "analyst");
		const first = (await upload(author.token)).body;
		const second = (await upload(author.token)).body;
		const owners = (await upload(ws.token)).body;

		const notTheirs = await call("DELETE", `/media/${first.id}`, { token: otherAuthor.token });
		expect(notTheirs.status).toBe(403);
		expect((await call("DELETE", `/media/${owners.id}`, { token: author.token })).status).toBe(403);
		expect((await call("DELETE", `/media/${first.id}`, { token: analyst.token })).status).toBe(403);
		expect((await call("DELETE", `/media/${first.id}`, { token: author.token })).status).toBe(204);
		expect((await call("DELETE", `/media/${second.id}`, { token: manager.token })).status).toBe(204);
		expect((await call("DELETE", `/media/${owners.id}`, { token: ws.token })).status).toBe(204);
		expect(await auditOf(ws.id, second.id)).toEqual([{ action: "media.delete", actorId: manager.id }]);
	});

	it("another workspace's upload is a 404 and stays", async () => {
		const ws = await signUp();
		const other = await signUp();
		const theirs = (await upload(other.token)).body;
		expect((await call("DELETE", `/media/${theirs.id}`, { token: ws.token })).status).toBe(404);
		expect((await call("GET", `/media/${theirs.id}`, { token: other.token })).status).toBe(200);
		expect(await env.MEDIA.get(`${other.id}/${theirs.id}`)).not.toBeNull();
	});
});
