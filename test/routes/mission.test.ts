import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

describe("mission", () => {
	it("the workspace mission and an account override combine into what drafts are linted against", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		expect((await call("GET", "/mission", { token: ws.token })).body).toMatchObject({ topics: [], maxBroadcastShare: 1 });
		const put = await call("PUT", "/mission", {
			token: ws.token,
			json: {
				purpose: "Help gardeners",
				audience: "home gardeners",
				topics: ["gardening", "compost"],
				bannedPhrases: ["guaranteed"],
				allowedLinkDomains: ["example.com"],
				maxBroadcastShare: 0.5,
				maxHashtags: 2,
			},
		});
		expect(put.status).toBe(200);
		const override = await call("PUT", `/accounts/${acc.id}/mission`, { token: ws.token, json: { bannedPhrases: ["cheap"] } });
		expect(override.body.override).toEqual({ bannedPhrases: ["cheap"] });
		expect(override.body.effective).toMatchObject({ topics: ["gardening", "compost"], bannedPhrases: ["cheap"], maxHashtags: 2 });
		expect((await call("GET", `/accounts/${acc.id}/mission`, { token: ws.token })).body.effective.bannedPhrases).toEqual(["cheap"]);
	});

	it("validates the mission and only managers change it", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const bad = await call("PUT", "/mission", { token: ws.token, json: { maxBroadcastShare: 2, topics: "gardening" } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(["maxBroadcastShare", "topics"]);
		expect((await call("PUT", "/mission", { token: author.token, json: { topics: [] } })).status).toBe(403);
	});
});

describe("lint", () => {
	it("POST /lint returns findings without saving; errors block scheduling, warnings do not", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		await call("PUT", "/mission", { token: ws.token, json: { topics: ["gardening"], bannedPhrases: ["guaranteed"], allowedLinkDomains: ["example.com"] } });
		const lint = await call("POST", "/lint", {
			token: ws.token,
			json: { accountId: acc.id, body: "Results guaranteed! Read more", link: "https://spam.test/x" },
		});
		expect(lint.status).toBe(200);
		const rules = lint.body.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`);
		expect(rules).toEqual(expect.arrayContaining(["banned_phrase:error", "link_domain:error", "off_topic:warning"]));
		const banned = lint.body.findings.find((f: { rule: string }) => f.rule === "banned_phrase");
		expect(banned.span).toEqual([8, 18]);
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toEqual([]);

		const blocked = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Results guaranteed!", scheduledAt: inHours(2) } });
		expect(blocked.status).toBe(422);
		expect(blocked.body.error.code).toBe("lint_failed");
		expect(blocked.body.error.details.findings[0]).toMatchObject({ rule: "banned_phrase", accountId: acc.id });
		const warned = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "A quiet afternoon at the office", scheduledAt: inHours(2) },
		});
		expect(warned.status).toBe(201);
		expect(warned.body.posts[0].lint).toEqual([expect.objectContaining({ rule: "off_topic", severity: "warning" })]);
		expect((await call("POST", "/lint", { token: ws.token, json: { accountId: "nope", body: "x" } })).body.error.issues[0].path).toEqual(["accountId"]);
	});

	it("one compose with the same text to more than 3 accounts of a network is refused as bot-like", async () => {
		const ws = await signUp();
		const accounts = [];
		for (let i = 0; i < 4; i++) accounts.push(await addAccount(ws));
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountIds: accounts.map((a) => a.id), body: "Same words everywhere", scheduledAt: inHours(2) },
		});
		expect(res.status).toBe(422);
		expect(res.body.error.details.findings.map((f: { rule: string }) => f.rule)).toContain("compose_fanout");
		expect(
			(
				await call("POST", "/posts", {
					token: ws.token,
					json: { accountIds: accounts.slice(0, 3).map((a) => a.id), body: "Same words everywhere", scheduledAt: inHours(2) },
				})
			).status,
		).toBe(201);
	});
});
