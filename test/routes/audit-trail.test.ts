import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

const auditFor = async (subject: string) =>
	(
		await env.DB.prepare("SELECT action, actor_id FROM audit_event WHERE subject = ? ORDER BY at, rowid")
			.bind(subject)
			.all<{ action: string; actor_id: string }>()
	).results;

describe("audit trail", () => {
	it("records every change to a post, with the actor", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "v1" } })).body.posts[0];
		await call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { body: "v2", scheduledAt: inHours(3) } });
		await call("POST", `/posts/${p.id}/cancel`, { token: ws.token });
		await call("DELETE", `/posts/${p.id}`, { token: ws.token });
		const rows = await auditFor(`post:${p.id}`);
		expect(rows.map((r) => r.action)).toEqual(["post.create.draft", "post.edit", "post.cancel", "post.delete"]);
		expect(rows.every((r) => r.actor_id === ws.ownerId)).toBe(true);
	});

	it("of two concurrent edits from the same revision exactly one wins, and only it is audited", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "v1" } })).body.posts[0];
		const results = await Promise.all(["left", "right"].map((body) => call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { body, revision: 1 } })));
		expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
		const rows = await auditFor(`post:${p.id}`);
		expect(rows.map((r) => r.action)).toEqual(["post.create.draft", "post.edit"]);
	});
});

describe("audit entries as the reader may see them", { timeout: 30_000 }, () => {
	const hook = "https://hooks.example.com/secret-path-4711";

	it("an author reads that a webhook was set up, but not its URL, as GET /webhooks refuses them; a manager reads it", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const manager = await addMember(ws, "manager");
		expect((await call("GET", "/webhooks", { token: author.token })).status).toBe(403);
		const created = await call("POST", "/webhooks", { token: ws.token, json: { url: hook, events: ["post.published"] } });
		expect(created.status).toBe(201);
		await call("PATCH", `/webhooks/${created.body.id}`, { token: ws.token, json: { url: `${hook}-2` } });

		const asAuthor = await call("GET", "/audit?subject=webhook", { token: author.token });
		expect(asAuthor.body.items.map((e: { action: string }) => e.action)).toEqual(["webhook.update", "webhook.create"]);
		for (const e of asAuthor.body.items) expect(e).toMatchObject({ before: null, after: null, redacted: true, subject: `webhook:${created.body.id}` });
		expect(JSON.stringify(asAuthor.body)).not.toContain("secret-path-4711");

		const asManager = await call("GET", "/audit?subject=webhook", { token: manager.token });
		expect(asManager.body.items[1]).toMatchObject({ redacted: false, after: { url: hook } });
	});

	it("invited addresses are for those who may invite; token names for owners and the token's maker", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const invited = `invitee-${Date.now()}@example.test`;
		expect((await call("POST", "/invitations", { token: ws.token, json: { email: invited, role: "author" } })).status).toBe(201);
		await call("POST", "/tokens", { token: ws.token, json: { name: "owner's deploy bot" } });
		await call("POST", "/tokens", { token: author.token, json: { name: "author's own script" } });

		const asAuthor = await call("GET", "/audit", { token: author.token });
		const text = JSON.stringify(asAuthor.body);
		expect(text).not.toContain(invited);
		expect(text).not.toContain("owner's deploy bot");
		expect(text).toContain("author's own script");
		const asOwner = JSON.stringify((await call("GET", "/audit", { token: ws.token })).body);
		expect(asOwner).toContain(invited);
		expect(asOwner).toContain("owner's deploy bot");
	});
});
