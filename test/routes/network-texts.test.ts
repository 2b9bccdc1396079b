// One compose, a different text per network: each account gets its network's text, checked by that
// network's own rules.
import { describe, expect, it } from "vitest";
import { addAccount, call, inHours, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "../web/page";

const long = `Our spring programme is out. ${"Workshops, talks and open studios every weekend in April and May. ".repeat(6)}`;

describe("per-network text in one compose", () => {
	it("sends the short text to X and the long one to LinkedIn, each linted by its network", async () => {
		const ws = await signUp();
		const x = await addAccount(ws, { network: "x", credentials: { accessToken: "t" } });
		const li = await addAccount(ws, { network: "linkedin", credentials: { accessToken: "t", authorUrn: "urn:li:organization:1" } });
		expect(long.length).toBeGreaterThan(280);

		// The long text alone is too long for X: the whole compose is refused, naming X's account.
		const refused = await call("POST", "/posts", { token: ws.token, json: { accountIds: [x.id, li.id], body: long, scheduledAt: inHours(2) } });
		expect(refused.status).toBe(422);
		expect(refused.body.error.details.findings).toEqual([expect.objectContaining({ rule: "length", accountId: x.id })]);

		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountIds: [x.id, li.id], body: long, bodies: { x: "Our spring programme is out: workshops every weekend." }, scheduledAt: inHours(2) },
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const byAccount = new Map(res.body.posts.map((p: { accountId: string; body: string }) => [p.accountId, p.body]));
		expect(byAccount.get(x.id)).toBe("Our spring programme is out: workshops every weekend.");
		expect(byAccount.get(li.id)).toBe(long);
		expect(new Set(res.body.posts.map((p: { groupId: string }) => p.groupId)).size).toBe(1);
	});

	it("a text for a network none of the accounts is on, or of the wrong type, names the field", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const stray = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Hi", bodies: { x: "Hi X" } } });
		expect(stray.status).toBe(422);
		expect(stray.body.error.issues[0].path).toEqual(["bodies", "x"]);
		const unknown = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Hi", bodies: { myspace: "Hi" } } });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.issues[0].path[0]).toBe("bodies");
	});

	it("the drafting form takes a text per network", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const x = await addAccount(ws, { network: "x", credentials: { accessToken: "t" } });
		const sandbox = await addAccount(ws);
		const form = await page("GET", "/compose", { cookie });
		expect(form.html).toContain('name="body_x"');
		const saved = await page("POST", "/compose", {
			cookie,
			form: {
				accountIds: [x.id, sandbox.id],
				body: "Main text for everyone",
				body_x: "Short for X",
				when: "draft",
				date: "",
				time: "",
				link: "",
				action: "draft",
			},
		});
		expect(saved.status, saved.html).toBe(303);
		const posts = (await call("GET", "/posts?status=draft", { token: ws.token })).body.items;
		expect(posts.map((p: { accountId: string; body: string }) => [p.accountId, p.body]).sort()).toEqual(
			[
				[sandbox.id, "Main text for everyone"],
				[x.id, "Short for X"],
			].sort(),
		);
	});
});
