import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";

describe("members", () => {
	it("lists, adds, renames and changes roles within the rules", async () => {
		const ws = await signUp();
		const manager = await addMember(ws, "manager", "Mia");
		const list = await call("GET", "/members", { token: ws.token });
		expect(list.body.items.map((m: { name: string }) => m.name)).toEqual(["Olive Owner", "Mia"]);
		expect(Object.keys(list.body.items[0]).sort()).toEqual(["email", "id", "name", "role"]);

		// A manager adds authors but cannot make owners.
		const author = await call("POST", "/members", { token: manager.token, json: { email: "a@x.test", name: "Ari", role: "author" } });
		expect(author.status).toBe(201);
		const owner = await call("POST", "/members", { token: manager.token, json: { email: "o@x.test", name: "Oz", role: "owner" } });
		expect(owner.status).toBe(403);
		expect((await call("PATCH", `/members/${ws.ownerId}`, { token: manager.token, json: { role: "analyst" } })).status).toBe(403);

		const renamed = await call("PATCH", `/members/${author.body.id}`, { token: manager.token, json: { name: "Ari B.", role: "analyst" } });
		expect(renamed.body).toMatchObject({ name: "Ari B.", role: "analyst" });
		expect((await call("PATCH", `/members/${author.body.id}`, { token: manager.token, json: {} })).status).toBe(400);
		expect((await call("POST", "/members", { token: manager.token, json: { email: "a@x.test", name: "Dup", role: "author" } })).status).toBe(409);
	});

	it("authors and analysts cannot manage members", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const res = await call("POST", "/members", { token: author.token, json: { email: "z@x.test", name: "Z", role: "author" } });
		expect(res.status).toBe(403);
		expect(res.body.error.details).toMatchObject({ role: "author", needs: "manage_members" });
	});

	it("the last owner cannot be demoted or removed", async () => {
		const ws = await signUp();
		const demote = await call("PATCH", `/members/${ws.ownerId}`, { token: ws.token, json: { role: "manager" } });
		expect(demote.status).toBe(422);
		expect(demote.body.error.issues[0].path).toEqual(["role"]);
		expect((await call("DELETE", `/members/${ws.ownerId}`, { token: ws.token })).status).toBe(409);
	});

	it("removal is refused while the member owns accounts, unless reassigned; their access ends at once", async () => {
		const ws = await signUp();
		const leaving = await addMember(ws, "manager");
		const staying = await addMember(ws, "manager");
		const acc = await addAccount(ws, { ownerId: leaving.id, postingPolicy: "owner" });
		const cookie = await signInCookie(leaving.email, "correct horse battery");

		const refused = await call("DELETE", `/members/${leaving.id}`, { token: ws.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.details.accounts).toEqual([{ id: acc.id, handle: acc.handle }]);
		expect((await call("DELETE", `/members/${leaving.id}`, { token: ws.token, body: "{oops" })).status).toBe(400);
		expect((await call("DELETE", `/members/${leaving.id}?reassignTo=${leaving.id}`, { token: ws.token })).status).toBe(422);

		const done = await call("DELETE", `/members/${leaving.id}`, { token: ws.token, json: { reassignTo: staying.id } });
		expect(done.status).toBe(204);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body.ownerId).toBe(staying.id);
		expect((await call("GET", "/me", { token: leaving.token })).status).toBe(401);
		expect((await call("GET", "/me", { headers: { Cookie: cookie } })).status).toBe(401);
	});
});

describe("tokens", () => {
	it("shows a token once, lists it without the secret, and revokes it", async () => {
		const ws = await signUp();
		const created = await call("POST", "/tokens", { token: ws.token, json: { name: "zapier" } });
		expect(created.status).toBe(201);
		expect(created.body.token).toMatch(/^chorus_/);
		const list = await call("GET", "/tokens", { token: ws.token });
		const listed = list.body.items.find((t: { id: string }) => t.id === created.body.id);
		expect(listed).toMatchObject({ name: "zapier", prefix: created.body.token.slice(0, 12) });
		expect(JSON.stringify(list.body)).not.toContain(created.body.token);
		expect((await call("GET", "/me", { token: created.body.token })).status).toBe(200);
		expect((await call("DELETE", `/tokens/${created.body.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", "/me", { token: created.body.token })).status).toBe(401);
	});

	it("a token acts as its member: an analyst's token can read but not write", async () => {
		const ws = await signUp();
		const analyst = await addMember(ws, "analyst");
		expect((await call("GET", "/posts", { token: analyst.token })).status).toBe(200);
		expect((await call("POST", "/accounts", { token: analyst.token, json: { network: "sandbox", handle: "@a", timezone: "UTC" } })).status).toBe(403);
		// Members see only their own tokens; they cannot revoke someone else's.
		const ownerTokens = await call("GET", "/tokens", { token: ws.token });
		const ownersFirst = ownerTokens.body.items.find((t: { memberId: string }) => t.memberId === ws.ownerId);
		expect((await call("GET", "/tokens", { token: analyst.token })).body.items.every((t: { memberId: string }) => t.memberId === analyst.id)).toBe(true);
		expect((await call("DELETE", `/tokens/${ownersFirst.id}`, { token: analyst.token })).status).toBe(404);
	});
});
