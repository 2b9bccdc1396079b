import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";

const row = (accountId: string, date: string) =>
	env.DB.prepare("SELECT followers, impressions, clicks, shares FROM metric_day WHERE account_id = ? AND date = ?").bind(accountId, date).first();

describe("POST /metrics", () => {
	it("upserts per account and date, keeping the figures a later item leaves out", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const first = await call("POST", "/metrics", {
			token: ws.token,
			json: { items: [{ accountId: acc.id, date: "2026-03-01", followers: 100, impressions: 900 }] },
		});
		expect(first.status).toBe(201);
		expect(first.body).toEqual({ accounts: 1, posts: 0 });
		await call("POST", "/metrics", {
			token: ws.token,
			json: {
				items: [
					{ accountId: acc.id, date: "2026-03-01", followers: 104, clicks: 7 },
					{ accountId: acc.id, date: "2026-03-02", shares: 3 },
				],
			},
		});
		expect(await row(acc.id, "2026-03-01")).toEqual({ followers: 104, impressions: 900, clicks: 7, shares: null });
		expect(await row(acc.id, "2026-03-02")).toEqual({ followers: null, impressions: null, clicks: null, shares: 3 });
	});

	it("names the bad field; another workspace's account or post is 422 and nothing is written", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const badDate = await call("POST", "/metrics", { token: ws.token, json: { items: [{ accountId: acc.id, date: "March 1st", followers: 1 }] } });
		expect(badDate.status).toBe(400);
		expect(badDate.body.error.issues[0].path).toEqual(["items", 0, "date"]);
		const negative = await call("POST", "/metrics", { token: ws.token, json: { items: [{ accountId: acc.id, date: "2026-03-01", followers: -5 }] } });
		expect(negative.body.error.issues[0].path).toEqual(["items", 0, "followers"]);
		const empty = await call("POST", "/metrics", { token: ws.token, json: {} });
		expect(empty.status).toBe(400);

		const other = await signUp();
		const foreign = await addAccount(other);
		const res = await call("POST", "/metrics", {
			token: ws.token,
			json: {
				items: [
					{ accountId: acc.id, date: "2026-03-05", followers: 1 },
					{ accountId: foreign.id, date: "2026-03-05", followers: 2 },
				],
			},
		});
		expect(res.status).toBe(422);
		expect(res.body.error.issues[0].path).toEqual(["items", 1, "accountId"]);
		expect(await row(acc.id, "2026-03-05")).toBeNull();
		const post = await call("POST", "/metrics", { token: ws.token, json: { posts: [{ postId: "nope", date: "2026-03-05", likes: 1 }] } });
		expect(post.status).toBe(422);
		expect(post.body.error.issues[0].path).toEqual(["posts", 0, "postId"]);
	});
});
