import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/app";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { upload } from "../helpers/media";

/**
 * Every id-taking API route, enumerated from the app itself (so new routes are covered without
 * touching this file), tried with an id from another workspace: always 404, never data.
 */
describe("tenant isolation", () => {
	it("another workspace's ids are 404 on every id-taking route", async () => {
		const mine = await signUp();
		const theirs = await signUp();
		const acc = await addAccount(theirs);
		const member = await addMember(theirs, "author");
		const post = (await call("POST", "/posts", { token: theirs.token, json: { accountId: acc.id, body: "private" } })).body.posts[0];
		const token = (await call("POST", "/tokens", { token: theirs.token, json: { name: "theirs" } })).body;
		const shift = (
			await call("POST", "/shifts", { token: theirs.token, json: { memberId: member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } })
		).body;
		const mention = (
			await call("POST", "/mentions", {
				token: theirs.token,
				json: { items: [{ accountId: acc.id, network: "sandbox", externalId: "e1", author: "@x", text: "private", createdAt: new Date().toISOString() }] },
			})
		).body.items[0];
		const local = await addAccount(theirs, { parentId: acc.id });
		const announcement = (
			await call("POST", "/announcements", {
				token: theirs.token,
				json: { mainAccountId: acc.id, localAccountIds: [local.id], body: "private launch", scheduledAt: new Date(Date.now() + 7_200_000).toISOString() },
			})
		).body;
		const report = (await call("POST", "/reports", { token: theirs.token, json: { name: "private report" } })).body;
		const run = (await call("POST", `/reports/${report.id}/run`, { token: theirs.token })).body;
		const webhook = (await call("POST", "/webhooks", { token: theirs.token, json: { url: "https://hooks.example.com/private", events: ["post.published"] } }))
			.body;
		const feedToken = (await call("POST", "/feed-tokens", { token: theirs.token, json: { name: "private" } })).body;
		const invitation = (await call("POST", "/invitations", { token: theirs.token, json: { email: `private-${Date.now()}@example.test`, role: "author" } }))
			.body;
		const notificationId = crypto.randomUUID();
		await env.DB.prepare(
			"INSERT INTO notification (id, workspace_id, member_id, event_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, 'report_ready', 'private', 'private', NULL, 0)",
		)
			.bind(notificationId, theirs.id, theirs.ownerId, crypto.randomUUID())
			.run();
		const media = (await upload(theirs.token)).body;
		const tag = (await call("POST", "/tags", { token: theirs.token, json: { name: "private tag", colour: "red" } })).body;
		const campaign = (
			await call("POST", "/campaigns", { token: theirs.token, json: { name: "private campaign", startDate: "2026-01-01", endDate: "2026-01-31" } })
		).body;
		const approvalLink = (
			await call("POST", "/approval-links", {
				token: theirs.token,
				json: { label: "private link", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), postId: post.id },
			})
		).body;
		// A reply waiting for approval: their author's reply on an account their owner answers for.
		const owned = await addAccount(theirs, { postingPolicy: "owner", ownerId: theirs.ownerId });
		const ownedMention = (
			await call("POST", "/mentions", {
				token: theirs.token,
				json: {
					items: [{ accountId: owned.id, network: "sandbox", externalId: "e2", author: "@y", text: "private question", createdAt: new Date().toISOString() }],
				},
			})
		).body.items[0];
		const reply = (await call("POST", `/conversations/${ownedMention.conversationId}/replies`, { token: member.token, json: { body: "private reply" } })).body;
		expect(reply.status).toBe("pending_approval");
		const idFor: Record<string, string> = {
			media: media.id,
			announcements: announcement.id,
			accounts: acc.id,
			members: member.id,
			posts: post.id,
			tokens: token.id,
			shifts: shift.id,
			mentions: mention.id,
			conversations: mention.conversationId,
			reports: report.id,
			"report-runs": run.id,
			webhooks: webhook.id,
			"feed-tokens": feedToken.id,
			invitations: invitation.id,
			notifications: notificationId,
			replies: reply.id,
			tags: tag.id,
			campaigns: campaign.id,
			"approval-links": approvalLink.id,
		};

		const routes = createApp()
			.routes.filter((r) => r.path.startsWith("/api/v1/") && r.path.includes("/:id") && r.method !== "ALL")
			.map((r) => ({ method: r.method, path: r.path }));
		const unique = [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()];
		expect(unique.length).toBeGreaterThanOrEqual(12);

		for (const route of unique) {
			const resource = route.path.split("/")[3]!;
			const id = idFor[resource];
			expect(id, `no test id for ${route.path}: add one to idFor`).toBeDefined();
			const path = route.path.replace("/api/v1", "").replace(":id", id!);
			// A body valid for any of the routes, so the answer is about the id, not the input.
			const json =
				route.method === "GET" || route.method === "DELETE"
					? undefined
					: { name: "x", body: "x", reason: "x", handle: "x", slots: [], start: "10:00", memberId: "x", target: "x", text: "x", sentiment: "negative" };
			const res = await call(route.method, path, { token: mine.token, json });
			expect(res.status, `${route.method} ${route.path}`).toBe(404);
			expect(JSON.stringify(res.body)).not.toContain("private");
		}

		// And nothing of theirs leaks into lists.
		for (const path of [
			"/posts",
			"/accounts",
			"/members",
			"/tokens",
			"/calendar",
			"/mentions",
			"/conversations",
			"/shifts",
			"/audit",
			"/reports",
			"/invitations",
			"/notifications",
			"/insights",
			"/tags",
			"/campaigns",
			"/approval-links",
			`/approval-links?postId=${post.id}`,
			`/posts?tagId=${tag.id}`,
			`/posts?campaignId=${campaign.id}`,
		]) {
			const res = await call("GET", path, { token: mine.token });
			expect(JSON.stringify(res.body), path).not.toContain(theirs.id);
			expect(JSON.stringify(res.body), path).not.toContain(acc.id);
		}
		// Their objects are intact.
		expect((await call("GET", `/posts/${post.id}`, { token: theirs.token })).body.body).toBe("private");
		// Some 30 routes, each a real request: more than the default 5 s on a busy machine.
	}, 30_000);
});
