import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

const weekdays = [1, 2, 3, 4, 5];
const weekend = [6, 7];

/** A New York account on the shift policy, with a weekday and a weekend manager. */
async function shiftDesk() {
	const ws = await signUp("America/New_York");
	const weekdayPerson = await addMember(ws, "manager", "Wendy Weekday");
	const weekendPerson = await addMember(ws, "manager", "Bob Weekend");
	const acc = await addAccount(ws, { timezone: "America/New_York", postingPolicy: "shift" });
	for (const [m, days] of [
		[weekdayPerson, weekdays],
		[weekendPerson, weekend],
	] as const) {
		const res = await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: m.id, accountIds: [acc.id], weekdays: days, start: "09:00", end: "17:00", timezone: "America/New_York" },
		});
		expect(res.status).toBe(201);
	}
	return { ws, weekdayPerson, weekendPerson, acc };
}

describe("shifts and duty", () => {
	it("says who is on duty, across the DST change, and why", async () => {
		const { ws, weekdayPerson, weekendPerson, acc } = await shiftDesk();
		const duty = async (at: string) => (await call("GET", `/duty?accountId=${acc.id}&at=${encodeURIComponent(at)}`, { token: ws.token })).body;
		// Saturday 2031-11-01 12:00 EDT, Sunday 2031-11-02 12:00 EST (the change is that night), Monday 08:00 EST.
		expect(await duty("2031-11-01T12:00:00-04:00")).toMatchObject({ responsible: { id: weekendPerson.id, name: "Bob Weekend" }, reason: "shift" });
		expect(await duty("2031-11-02T12:00:00-05:00")).toMatchObject({ responsible: { id: weekendPerson.id }, reason: "shift" });
		expect(await duty("2031-11-03T10:00:00-05:00")).toMatchObject({ responsible: { id: weekdayPerson.id }, reason: "shift" });
		expect(await duty("2031-11-03T08:00:00-05:00")).toMatchObject({ responsible: null, reason: "gap" });
	});

	it("lists the gaps of shift accounts", async () => {
		const { ws, acc } = await shiftDesk();
		const res = await call("GET", `/duty/gaps?from=2031-11-03T00:00:00-05:00&to=2031-11-04T00:00:00-05:00&accountId=${acc.id}`, { token: ws.token });
		expect(res.status).toBe(200);
		expect(res.body.items).toEqual([
			{ accountId: acc.id, from: "2031-11-03T00:00:00-05:00", to: "2031-11-03T09:00:00-05:00" },
			{ accountId: acc.id, from: "2031-11-03T17:00:00-05:00", to: "2031-11-04T00:00:00-05:00" },
		]);
		expect((await call("GET", `/duty/gaps?from=2031-11-04T00:00:00Z&to=2031-11-03T00:00:00Z`, { token: ws.token })).status).toBe(400);
	});

	it("validates shifts and only lets managers change the rota", async () => {
		const { ws, acc } = await shiftDesk();
		const author = await addMember(ws, "author");
		const bad = await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: "nobody", weekdays: [8], start: "9:00", end: "17:00", timezone: "Nowhere" },
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(expect.arrayContaining(["weekdays.0", "start", "timezone"]));
		const stranger = await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: "nobody", accountIds: [acc.id], weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" },
		});
		expect(stranger.status).toBe(422);
		expect(stranger.body.error.issues[0].path).toEqual(["memberId"]);
		expect(
			(await call("POST", "/shifts", { token: author.token, json: { memberId: author.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } }))
				.status,
		).toBe(403);
	});
});

describe("responsibility is enforced", () => {
	it("a post into someone else's shift waits for that person's approval; nobody else but an owner may approve", async () => {
		const { ws, weekdayPerson, weekendPerson, acc } = await shiftDesk();
		const saturday = "2031-11-08T12:00:00-05:00";
		const res = await call("POST", "/posts", { token: weekdayPerson.token, json: { accountId: acc.id, body: "Weekend news", scheduledAt: saturday } });
		const p = res.body.posts[0];
		expect(p.status).toBe("pending_approval");
		const wrong = await call("POST", `/posts/${p.id}/approve`, { token: weekdayPerson.token });
		expect(wrong.status).toBe(403);
		expect(wrong.body.error.details.responsible).toEqual({ id: weekendPerson.id, name: "Bob Weekend" });
		const right = await call("POST", `/posts/${p.id}/approve`, { token: weekendPerson.token });
		expect(right.body).toMatchObject({ status: "scheduled", approver: { id: weekendPerson.id } });

		// Into their own shift: straight to scheduled.
		const own = await call("POST", "/posts", {
			token: weekendPerson.token,
			json: { accountId: acc.id, body: "Sunday hello", scheduledAt: "2031-11-09T10:00:00-05:00" },
		});
		expect(own.body.posts[0].status).toBe("scheduled");
		// Into a gap: allowed, with a warning.
		const gap = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Night owl", scheduledAt: "2031-11-10T03:00:00-05:00" } });
		expect(gap.body.posts[0].status).toBe("scheduled");
		expect(gap.body.posts[0].lint).toEqual([expect.objectContaining({ rule: "duty_gap", severity: "warning" })]);
	});

	it("an account with an owner: others' posts wait for the owner", async () => {
		const ws = await signUp();
		const owner = await addMember(ws, "manager", "Olga Owner");
		const other = await addMember(ws, "manager");
		const acc = await addAccount(ws, { postingPolicy: "owner", ownerId: owner.id });
		const res = await call("POST", "/posts", { token: other.token, json: { accountId: acc.id, body: "Not my account", scheduledAt: inHours(4) } });
		expect(res.body.posts[0].status).toBe("pending_approval");
		const now = await call("POST", `/posts/${res.body.posts[0].id}/publish-now`, { token: other.token });
		expect(now.status).toBe(403);
		expect(now.body.error.details.responsible).toEqual({ id: owner.id, name: "Olga Owner" });
		expect((await call("POST", `/posts/${res.body.posts[0].id}/approve`, { token: owner.token })).body.status).toBe("scheduled");
	});
});

describe("the double-post guard", () => {
	it("refuses a near-identical post to the same account within the window, naming the other", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const other = await addAccount(ws);
		const manager = await addMember(ws, "manager", "Mia");
		const first = await call("POST", "/posts", {
			token: manager.token,
			json: { accountId: acc.id, body: "Our spring sale starts Monday: 20% off everything!", scheduledAt: inHours(5) },
		});
		expect(first.status).toBe(201);
		const again = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "our spring sale starts monday — 20% off everything", scheduledAt: inHours(30) },
		});
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe("duplicate_post");
		expect(again.body.error.details).toMatchObject({ postId: first.body.posts[0].id, authorId: manager.id, authorName: "Mia" });
		expect(again.body.error.details.scheduledAt).toMatch(/T/);
		// Another account, or outside the window, is fine.
		expect(
			(
				await call("POST", "/posts", {
					token: ws.token,
					json: { accountId: other.id, body: "Our spring sale starts Monday: 20% off everything!", scheduledAt: inHours(5) },
				})
			).status,
		).toBe(201);
		expect(
			(
				await call("POST", "/posts", {
					token: ws.token,
					json: { accountId: acc.id, body: "Our spring sale starts Monday: 20% off everything!", scheduledAt: inHours(5 + 73) },
				})
			).status,
		).toBe(201);
	});

	it("a manager may override with allowDuplicate (audited); an author may not", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		const body = "Doors open at 9, see you there";
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body, scheduledAt: inHours(2) } });
		expect(
			(await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body, scheduledAt: inHours(3), allowDuplicate: true } })).status,
		).toBe(403);
		const ok = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body, scheduledAt: inHours(3), allowDuplicate: true } });
		expect(ok.status).toBe(201);
		const audit = await call("GET", `/audit?subject=post:${ok.body.posts[0].id}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("post.duplicate_allowed");
	});

	it("two members scheduling near-identical posts at the same moment: exactly one gets through", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const a = await addMember(ws, "manager");
		const b = await addMember(ws, "manager");
		const results = await Promise.all(
			[a, b].map((m, i) =>
				call("POST", "/posts", {
					token: m.token,
					json: { accountId: acc.id, body: `Big news: version 2.0 is out today${i ? "!" : "."}`, scheduledAt: inHours(6) },
				}),
			),
		);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toHaveLength(1);
	});

	it("a compose refused on one account reserves nothing on the others", async () => {
		const ws = await signUp();
		const busy = await addAccount(ws);
		const free = await addAccount(ws);
		const body = "Webinar tomorrow at 3pm: register now";
		await call("POST", "/posts", { token: ws.token, json: { accountId: busy.id, body, scheduledAt: inHours(2) } });
		const both = await call("POST", "/posts", { token: ws.token, json: { accountIds: [free.id, busy.id], body, scheduledAt: inHours(2) } });
		expect(both.status).toBe(409);
		expect(both.body.error.details.accountId).toBe(busy.id);
		// Had `free` kept its reservation, this would be refused.
		expect((await call("POST", "/posts", { token: ws.token, json: { accountId: free.id, body, scheduledAt: inHours(2) } })).status).toBe(201);
	});

	it("canceling a post frees its text, and drafts never block", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const body = "Maintenance tonight from 22:00 to 23:00";
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body, scheduledAt: inHours(2) } })).body.posts[0];
		expect((await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body } })).status).toBe(201);
		await call("POST", `/posts/${p.id}/cancel`, { token: ws.token });
		expect((await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body, scheduledAt: inHours(3) } })).status).toBe(201);
	});
});

describe("audit", () => {
	it("filters by actor and subject kind, newest first, with a cursor", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		for (let i = 0; i < 3; i++) await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: `draft ${i}` } });
		const posts = await call("GET", `/audit?subject=post&actor=${ws.ownerId}&limit=2`, { token: ws.token });
		expect(posts.body.items).toHaveLength(2);
		expect(posts.body.items.every((e: { subject: string }) => e.subject.startsWith("post:"))).toBe(true);
		const rest = await call("GET", `/audit?subject=post&limit=2&cursor=${posts.body.next}`, { token: ws.token });
		expect(rest.body.items).toHaveLength(1);
		expect(rest.body.next).toBeNull();
		const accounts = await call("GET", `/audit?subject=account:${acc.id}`, { token: ws.token });
		expect(accounts.body.items.map((e: { action: string }) => e.action)).toEqual(["account.create"]);
	});
});
