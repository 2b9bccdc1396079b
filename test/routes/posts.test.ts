import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

describe("creating posts", () => {
	it("one compose to several accounts makes one post per account in one group", async () => {
		const ws = await signUp();
		const a = await addAccount(ws, { timezone: "Europe/Berlin" });
		const b = await addAccount(ws, { network: "x", timezone: "Asia/Tokyo" });
		const at = "2031-03-04T10:00:00+01:00";
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountIds: [a.id, b.id], body: "Launch day", link: "https://example.com/launch", scheduledAt: at },
		});
		expect(res.status).toBe(201);
		expect(res.body.posts).toHaveLength(2);
		const [pa, pb] = res.body.posts;
		expect(pa.groupId).toBe(res.body.groupId);
		expect(pb.groupId).toBe(res.body.groupId);
		expect(pa).toMatchObject({
			accountId: a.id,
			status: "scheduled",
			timezone: "Europe/Berlin",
			scheduledAt: "2031-03-04T10:00:00+01:00",
			revision: 1,
			lint: [],
		});
		// The same instant, shown in the Tokyo account's zone.
		expect(pb).toMatchObject({ accountId: b.id, scheduledAt: "2031-03-04T18:00:00+09:00", timezone: "Asia/Tokyo" });
		expect(pa.author).toEqual({ id: ws.ownerId, name: "Olive Owner" });
		const read = await call("GET", `/posts/${pa.id}`, { token: ws.token });
		expect(read.body).toEqual(pa);
	});

	it("no time and no slot means a draft, and draft wins over a time", async () => {
		const ws = await signUp();
		const a = await addAccount(ws);
		const noTime = await call("POST", "/posts", { token: ws.token, json: { accountId: a.id, body: "idea" } });
		expect(noTime.body.posts[0]).toMatchObject({ status: "draft", scheduledAt: null });
		const planned = await call("POST", "/posts", { token: ws.token, json: { accountId: a.id, body: "idea", scheduledAt: inHours(3), status: "draft" } });
		expect(planned.body.posts[0].status).toBe("draft");
		expect(planned.body.posts[0].scheduledAt).not.toBeNull();
	});

	it("validation errors name the field", async () => {
		const ws = await signUp();
		const a = await addAccount(ws);
		const cases: [unknown, string][] = [
			[{ body: "x" }, "accountIds"],
			[{ accountId: a.id, accountIds: [a.id], body: "x" }, "accountIds"],
			[{ accountId: a.id }, "body"],
			[{ accountId: a.id, body: "x", scheduledAt: "2031-03-04T10:00:00" }, "scheduledAt"],
			[{ accountId: a.id, body: "x", scheduledAt: "tomorrow" }, "scheduledAt"],
			[{ accountId: a.id, body: "x", link: "javascript:alert(1)" }, "link"],
			[{ accountId: a.id, body: "x", status: "published" }, "status"],
			[{ accountId: a.id, body: "x", slot: "next", scheduledAt: inHours(1) }, "slot"],
		];
		for (const [json, field] of cases) {
			const res = await call("POST", "/posts", { token: ws.token, json });
			expect(res.status, JSON.stringify(json)).toBe(400);
			expect(res.body.error.code).toBe("validation_failed");
			expect(
				res.body.error.issues.map((i: { path: string[] }) => i.path[0]),
				JSON.stringify(json),
			).toContain(field);
		}
	});

	it("business-rule errors are 422 naming the field, and nothing is saved", async () => {
		const ws = await signUp();
		const a = await addAccount(ws);
		const past = await call("POST", "/posts", { token: ws.token, json: { accountId: a.id, body: "x", scheduledAt: inHours(-1) } });
		expect(past.status).toBe(422);
		expect(past.body.error.issues[0].path).toEqual(["scheduledAt"]);
		const other = await call("POST", "/posts", { token: ws.token, json: { accountIds: [a.id, "nope"], body: "x", scheduledAt: inHours(1) } });
		expect(other.status).toBe(422);
		expect(other.body.error.issues[0].path).toEqual(["accountIds", 1]);
		const list = await call("GET", "/posts", { token: ws.token });
		expect(list.body.items).toEqual([]);
	});

	it("too long for one network blocks scheduling the whole compose (422 lint_failed), but a draft keeps its findings", async () => {
		const ws = await signUp();
		const mastodon = await addAccount(ws, { network: "mastodon" });
		const x = await addAccount(ws, { network: "x" });
		const body = "a".repeat(300); // fits Mastodon's 500, not X's 280
		const res = await call("POST", "/posts", { token: ws.token, json: { accountIds: [mastodon.id, x.id], body, scheduledAt: inHours(2) } });
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("lint_failed");
		expect(res.body.error.details.findings).toEqual([expect.objectContaining({ rule: "length", severity: "error", accountId: x.id })]);
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toEqual([]);

		const draft = await call("POST", "/posts", { token: ws.token, json: { accountIds: [mastodon.id, x.id], body } });
		expect(draft.status).toBe(201);
		expect(draft.body.posts[0].lint).toEqual([]);
		expect(draft.body.posts[1].lint[0]).toMatchObject({ rule: "length", severity: "error" });
	});
});

describe("approval", () => {
	it("an author's scheduled post waits for approval; authors cannot approve; a manager approves", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		const manager = await addMember(ws, "manager");
		const res = await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "from the author", scheduledAt: inHours(5) } });
		expect(res.status).toBe(201);
		const p = res.body.posts[0];
		expect(p.status).toBe("pending_approval");

		const selfApprove = await call("POST", `/posts/${p.id}/approve`, { token: author.token });
		expect(selfApprove.status).toBe(403);
		expect(selfApprove.body.error.code).toBe("forbidden");

		const approved = await call("POST", `/posts/${p.id}/approve`, { token: manager.token });
		expect(approved.status).toBe(200);
		expect(approved.body).toMatchObject({ status: "scheduled", approver: { id: manager.id, name: manager.name }, revision: 2 });

		const again = await call("POST", `/posts/${p.id}/approve`, { token: manager.token });
		expect(again.status).toBe(409);
	});

	it("reject sends it back to draft with the reason; rescheduling clears the reason", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		const p = (await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "v1", scheduledAt: inHours(5) } })).body.posts[0];
		const noReason = await call("POST", `/posts/${p.id}/reject`, { token: ws.token, json: {} });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.issues[0].path).toEqual(["reason"]);
		const rejected = await call("POST", `/posts/${p.id}/reject`, { token: ws.token, json: { reason: "Wrong date" } });
		expect(rejected.body).toMatchObject({ status: "draft", rejectionReason: "Wrong date" });
		const resubmitted = await call("PATCH", `/posts/${p.id}`, { token: author.token, json: { body: "v2", status: "scheduled" } });
		expect(resubmitted.status).toBe(200);
		expect(resubmitted.body).toMatchObject({ status: "pending_approval", body: "v2", rejectionReason: null });
	});

	it("editing an approved post's text sends it back for approval unless the editor may approve", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const author = await addMember(ws, "author");
		const p = (await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "v1", scheduledAt: inHours(5) } })).body.posts[0];
		await call("POST", `/posts/${p.id}/approve`, { token: ws.token });
		const byAuthor = await call("PATCH", `/posts/${p.id}`, { token: author.token, json: { body: "v1 edited" } });
		expect(byAuthor.body.status).toBe("pending_approval");
		await call("POST", `/posts/${p.id}/approve`, { token: ws.token });
		const byOwner = await call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { scheduledAt: inHours(6) } });
		expect(byOwner.body.status).toBe("scheduled");
	});

	it("analysts read but cannot draft; authors cannot touch others' posts", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const analyst = await addMember(ws, "analyst");
		const author = await addMember(ws, "author");
		const denied = await call("POST", "/posts", { token: analyst.token, json: { accountId: acc.id, body: "x" } });
		expect(denied.status).toBe(403);
		const owners = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "owner's" } })).body.posts[0];
		expect((await call("GET", `/posts/${owners.id}`, { token: analyst.token })).status).toBe(200);
		expect((await call("PATCH", `/posts/${owners.id}`, { token: author.token, json: { body: "mine now" } })).status).toBe(403);
		expect((await call("POST", `/posts/${owners.id}/cancel`, { token: author.token })).status).toBe(403);
	});
});

describe("editing, cancelling, deleting", () => {
	it("If-Match with a stale revision is 412; a stale body revision is 409 edit_conflict", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "v1" } })).body.posts[0];
		const ok = await call("PATCH", `/posts/${p.id}`, { token: ws.token, headers: { "If-Match": "1" }, json: { body: "v2" } });
		expect(ok.body).toMatchObject({ body: "v2", revision: 2 });
		const stale = await call("PATCH", `/posts/${p.id}`, { token: ws.token, headers: { "If-Match": "1" }, json: { body: "v3" } });
		expect(stale.status).toBe(412);
		expect(stale.body.error.code).toBe("precondition_failed");
		const staleBody = await call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { body: "v3", revision: 1 } });
		expect(staleBody.status).toBe(409);
		expect(staleBody.body.error.code).toBe("edit_conflict");
		expect((await call("GET", `/posts/${p.id}`, { token: ws.token })).body.body).toBe("v2");
	});

	it("cancel works from scheduled; a canceled post is not editable; delete only drafts and canceled", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const p = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", scheduledAt: inHours(2) } })).body.posts[0];
		const del = await call("DELETE", `/posts/${p.id}`, { token: ws.token });
		expect(del.status).toBe(409);
		expect((await call("POST", `/posts/${p.id}/cancel`, { token: ws.token })).body.status).toBe("canceled");
		const edit = await call("PATCH", `/posts/${p.id}`, { token: ws.token, json: { body: "y" } });
		expect(edit.status).toBe(409);
		expect(edit.body.error.code).toBe("not_editable");
		expect((await call("POST", `/posts/${p.id}/cancel`, { token: ws.token })).status).toBe(409);
		expect((await call("DELETE", `/posts/${p.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", `/posts/${p.id}`, { token: ws.token })).status).toBe(404);
	});
});

describe("listing", () => {
	it("filters by range, account and status, in calendar order, with a cursor", async () => {
		const ws = await signUp();
		const a = await addAccount(ws);
		const b = await addAccount(ws);
		const times = ["2031-05-01T09:00:00Z", "2031-05-02T09:00:00Z", "2031-05-03T09:00:00Z", "2031-06-01T09:00:00Z"];
		for (const t of times) await call("POST", "/posts", { token: ws.token, json: { accountIds: [a.id, b.id], body: `at ${t}`, scheduledAt: t } });
		await call("POST", "/posts", { token: ws.token, json: { accountId: a.id, body: "undated draft" } });

		const may = await call("GET", `/posts?from=2031-05-01T00:00:00Z&to=2031-06-01T00:00:00Z&accountId=${a.id}`, { token: ws.token });
		expect(may.body.items.map((p: { body: string }) => p.body)).toEqual(times.slice(0, 3).map((t) => `at ${t}`));

		const drafts = await call("GET", "/posts?status=draft", { token: ws.token });
		expect(drafts.body.items.map((p: { body: string }) => p.body)).toEqual(["undated draft"]);

		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const page: any = await call("GET", `/posts?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: ws.token });
			expect(page.status).toBe(200);
			seen.push(...page.body.items.map((p: { id: string }) => p.id));
			cursor = page.body.next;
		} while (cursor);
		expect(seen).toHaveLength(9);
		expect(new Set(seen).size).toBe(9);

		expect((await call("GET", "/posts?status=bogus", { token: ws.token })).status).toBe(400);
		expect((await call("GET", "/posts?cursor=garbage", { token: ws.token })).body.error.issues[0].path).toEqual(["cursor"]);
	});
});
