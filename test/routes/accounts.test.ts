import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

describe("accounts", () => {
	it("credentials are encrypted at rest and never returned", async () => {
		const ws = await signUp();
		const res = await call("POST", "/accounts", {
			token: ws.token,
			json: {
				network: "mastodon",
				handle: "@hq@social.example",
				timezone: "Europe/Berlin",
				credentials: { instanceUrl: "https://social.example", accessToken: "s3cret-token" },
			},
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ network: "mastodon", connected: true, needsReconnect: false, postingPolicy: "open", paused: false });
		expect(JSON.stringify(res.body)).not.toContain("s3cret-token");
		expect(JSON.stringify((await call("GET", `/accounts/${res.body.id}`, { token: ws.token })).body)).not.toContain("s3cret");
		const row = await env.DB.prepare("SELECT credentials FROM account WHERE id = ?").bind(res.body.id).first<{ credentials: string }>();
		expect(row?.credentials).toMatch(/^v1\./);
		expect(row?.credentials).not.toContain("s3cret");
	});

	it("credentials are checked per network and name the wrong field", async () => {
		const ws = await signUp();
		const res = await call("POST", "/accounts", {
			token: ws.token,
			json: { network: "mastodon", handle: "@a", timezone: "UTC", credentials: { instanceUrl: "not a url" } },
		});
		expect(res.status).toBe(400);
		expect(res.body.error.issues[0].path[0]).toBe("credentials");
		const noCreds = await call("POST", "/accounts", { token: ws.token, json: { network: "x", handle: "@a", timezone: "UTC" } });
		expect(noCreds.body.connected).toBe(false);
	});

	it("validates zone, owner and parent", async () => {
		const ws = await signUp();
		const other = await signUp();
		const stranger = (await call("GET", "/me", { token: other.token })).body.member.id;
		const badZone = await call("POST", "/accounts", { token: ws.token, json: { network: "sandbox", handle: "@a", timezone: "Berlin" } });
		expect(badZone.status).toBe(400);
		expect(badZone.body.error.issues[0].path).toEqual(["timezone"]);
		const badOwner = await call("POST", "/accounts", { token: ws.token, json: { network: "sandbox", handle: "@a", timezone: "UTC", ownerId: stranger } });
		expect(badOwner.status).toBe(422);
		expect(badOwner.body.error.issues[0].path).toEqual(["ownerId"]);
		const main = await addAccount(ws);
		const local = await addAccount(ws, { parentId: main.id });
		const chain = await call("POST", "/accounts", { token: ws.token, json: { network: "sandbox", handle: "@b", timezone: "UTC", parentId: local.id } });
		expect(chain.status).toBe(422);
		expect((await call("PATCH", `/accounts/${main.id}`, { token: ws.token, json: { parentId: main.id } })).status).toBe(422);
	});

	it("sandbox fail modes are set through PATCH; only sandboxes take them", async () => {
		const ws = await signUp();
		const sandbox = await addAccount(ws);
		const patched = await call("PATCH", `/accounts/${sandbox.id}`, { token: ws.token, json: { sandbox: { failMode: "rate_limit", failCount: 2 } } });
		expect(patched.body.sandbox).toEqual({ failMode: "rate_limit", failCount: 2 });
		const x = await addAccount(ws, { network: "x" });
		expect((await call("PATCH", `/accounts/${x.id}`, { token: ws.token, json: { sandbox: { failMode: "auth" } } })).status).toBe(400);
		expect((await call("PATCH", `/accounts/${sandbox.id}`, { token: ws.token, json: { sandbox: { failMode: "explode" } } })).status).toBe(400);
	});

	it("only owners and managers manage accounts; everyone reads them", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		expect((await call("GET", "/accounts", { token: author.token })).body.items).toHaveLength(1);
		expect((await call("PATCH", `/accounts/${acc.id}`, { token: author.token, json: { paused: true } })).status).toBe(403);
		expect((await call("DELETE", `/accounts/${acc.id}`, { token: author.token })).status).toBe(403);
	});

	it("an account with scheduled posts cannot be deleted until they are canceled", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", scheduledAt: inHours(1) } })).body.posts[0];
		const refused = await call("DELETE", `/accounts/${acc.id}`, { token: ws.token });
		expect(refused.status).toBe(409);
		expect(refused.body.error.details.postId).toBe(p.id);
		await call("POST", `/posts/${p.id}/cancel`, { token: ws.token });
		expect((await call("DELETE", `/accounts/${acc.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).status).toBe(404);
	});
});

describe("slots and the calendar", () => {
	it("slot: next takes the first free slot in the account's zone and skips taken ones", async () => {
		const ws = await signUp("America/New_York");
		const acc = await addAccount(ws, { timezone: "America/New_York" });
		const put = await call("PUT", `/accounts/${acc.id}/slots`, {
			token: ws.token,
			json: {
				slots: [
					{ weekday: 1, time: "09:00" },
					{ weekday: 1, time: "09:00" },
					{ weekday: 3, time: "15:30" },
				],
			},
		});
		expect(put.body.slots).toEqual([
			{ weekday: 1, time: "09:00" },
			{ weekday: 3, time: "15:30" },
		]);
		// Pin the clock: Friday 2026-10-30 12:00 New York. Next Monday 09:00 is after the DST change (Nov 1).
		const now = { "X-Chorus-Now": "2026-10-30T16:00:00Z" };
		const first = await call("POST", "/posts", { token: ws.token, headers: now, json: { accountId: acc.id, body: "one", slot: "next" } });
		expect(first.status).toBe(201);
		expect(first.body.posts[0].scheduledAt).toBe("2026-11-02T09:00:00-05:00");
		const second = await call("POST", "/posts", { token: ws.token, headers: now, json: { accountId: acc.id, body: "two", slot: "next" } });
		expect(second.body.posts[0].scheduledAt).toBe("2026-11-04T15:30:00-05:00");
		expect((await call("GET", `/accounts/${acc.id}/slots`, { token: ws.token })).body.timezone).toBe("America/New_York");
	});

	it("slot: next without slots is 422 naming slot; bad slots are 400", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", slot: "next" } });
		expect(res.status).toBe(422);
		expect(res.body.error.issues[0].path).toEqual(["slot"]);
		const bad = await call("PUT", `/accounts/${acc.id}/slots`, { token: ws.token, json: { slots: [{ weekday: 8, time: "25:00" }] } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
			["slots", 0, "weekday"],
			["slots", 0, "time"],
		]);
	});

	it("GET /calendar groups posts by day in the workspace zone, every day present", async () => {
		const ws = await signUp("Asia/Tokyo");
		const acc = await addAccount(ws);
		// 2031-01-05T23:30 UTC is Jan 6 in Tokyo.
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "late", scheduledAt: "2031-01-05T23:30:00Z" } });
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "early", scheduledAt: "2031-01-06T01:00:00+09:00" } });
		const res = await call("GET", "/calendar?from=2031-01-05&to=2031-01-07", { token: ws.token });
		expect(res.status).toBe(200);
		expect(res.body.timezone).toBe("Asia/Tokyo");
		expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(["2031-01-05", "2031-01-06", "2031-01-07"]);
		expect(res.body.days[1].posts.map((p: { body: string }) => p.body)).toEqual(["early", "late"]);
		expect(res.body.days[0].posts).toEqual([]);
		const tooLong = await call("GET", "/calendar?from=2031-01-01&to=2031-06-01", { token: ws.token });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.error.issues[0].path).toEqual(["to"]);
		const badDate = await call("GET", "/calendar?from=yesterday", { token: ws.token });
		expect(badDate.status).toBe(400);
	});
});
