import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, inHours, signUp } from "../helpers/api";

const auditFor = async (subject: string) =>
	(await env.DB.prepare("SELECT action, actor_id FROM audit_event WHERE subject = ? ORDER BY at, rowid").bind(subject).all<{ action: string; actor_id: string }>()).results;

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
		const results = await Promise.all(
			["left", "right"].map((body) => call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { body, revision: 1 } })),
		);
		expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
		const rows = await auditFor(`post:${p.id}`);
		expect(rows.map((r) => r.action)).toEqual(["post.create.draft", "post.edit"]);
	});
});
