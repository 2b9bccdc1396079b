import { describe, expect, it } from "vitest";
import { addMember, call, signUp } from "../helpers/api";

describe("/webhooks", () => {
	it("creates with the secret shown once, lists, edits, deletes; audited", async () => {
		const ws = await signUp();
		const created = await call("POST", "/webhooks", {
			token: ws.token,
			json: { url: "https://hooks.example.com/a", events: ["post.published", "post.published", "report.ready"] },
		});
		expect(created.status).toBe(201);
		expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
		expect(created.body).toMatchObject({ url: "https://hooks.example.com/a", events: ["post.published", "report.ready"], enabled: true, disabledReason: null });
		const list = await call("GET", "/webhooks", { token: ws.token });
		expect(list.body.items).toHaveLength(1);
		expect(list.body.items[0].secret).toBeUndefined();
		expect((await call("GET", `/webhooks/${created.body.id}`, { token: ws.token })).body.secret).toBeUndefined();
		const patched = await call("PATCH", `/webhooks/${created.body.id}`, { token: ws.token, json: { events: ["post.failed"], enabled: false } });
		expect(patched.body).toMatchObject({ events: ["post.failed"], enabled: false, disabledReason: "Paused by a member" });
		expect((await call("DELETE", `/webhooks/${created.body.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", `/webhooks/${created.body.id}`, { token: ws.token })).status).toBe(404);
		const audit = await call("GET", `/audit?subject=webhook:${created.body.id}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(["webhook.create", "webhook.delete", "webhook.update"]);
	});

	it("names the field for bad input", async () => {
		const ws = await signUp();
		const bad = async (json: unknown) => (await call("POST", "/webhooks", { token: ws.token, json })).body.error;
		expect(await bad({ url: "ftp://example.com/x", events: ["post.published"] })).toMatchObject({ code: "validation_failed", issues: [{ path: ["url"] }] });
		expect(await bad({ url: "https://user:pw@example.com/", events: ["post.published"] })).toMatchObject({ issues: [{ path: ["url"] }] });
		expect(await bad({ url: "https://example.com/", events: ["post.deleted"] })).toMatchObject({ issues: [{ path: ["events", 0] }] });
		expect(await bad({ url: "https://example.com/", events: [] })).toMatchObject({ issues: [{ path: ["events"] }] });
		expect(await bad({ events: ["post.published"] })).toMatchObject({ issues: [{ path: ["url"] }] });
	});

	it("allows a loopback receiver in test (local) mode", async () => {
		const ws = await signUp();
		expect((await call("POST", "/webhooks", { token: ws.token, json: { url: "http://127.0.0.1:9000/hook", events: ["post.failed"] } })).status).toBe(201);
	});

	it("is for owners and managers, and another workspace's webhook is 404", async () => {
		const ws = await signUp();
		const other = await signUp();
		const created = await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/a", events: ["post.failed"] } });
		const author = await addMember(ws, "author");
		expect((await call("GET", "/webhooks", { token: author.token })).status).toBe(403);
		const manager = await addMember(ws, "manager");
		expect((await call("GET", "/webhooks", { token: manager.token })).status).toBe(200);
		for (const [method, path] of [
			["GET", ""],
			["PATCH", ""],
			["DELETE", ""],
			["GET", "/deliveries"],
		] as const) {
			const res = await call(method, `/webhooks/${created.body.id}${path}`, { token: other.token, json: method === "PATCH" ? { enabled: true } : undefined });
			expect(res.status, `${method} ${path}`).toBe(404);
		}
		expect((await call("GET", "/webhooks", { token: other.token })).body.items).toEqual([]);
	});
});
