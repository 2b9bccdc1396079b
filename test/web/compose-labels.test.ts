// The compose form offers the workspace's campaigns and tags and saves them with the post; another
// workspace's ids are refused on the page with the field named, as the API refuses them.
import { describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

describe("campaign and tags from the compose form", () => {
	it("offers them, saves them, and refuses another workspace's tag", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const none = await page("GET", "/compose", { cookie });
		expect(none.html).not.toContain("Campaign and tags");

		const tag = await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "teal" } });
		const spring = await call("POST", "/campaigns", { token: ws.token, json: { name: "Spring", startDate: "2020-01-01", endDate: "2099-12-31" } });
		expect([tag.status, spring.status]).toEqual([201, 201]);
		const form = await page("GET", "/compose", { cookie });
		expect(form.html).toContain("Campaign and tags");
		expect(form.html).toContain(`value="${tag.body.id}"`);
		expect(form.html).toContain(`value="${spring.body.id}"`);

		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body: "Labelled", tagIds: tag.body.id, campaignId: spring.body.id, when: "draft", action: "draft" },
		});
		expect(res.status, res.html.slice(0, 300)).toBe(303);
		const list = await call("GET", "/posts?status=draft", { token: ws.token });
		const post = list.body.items.find((p: { body: string }) => p.body === "Labelled");
		expect(post.campaignId).toBe(spring.body.id);
		expect(post.tagIds).toEqual([tag.body.id]);

		const other = await signUp();
		const foreign = await call("POST", "/tags", { token: other.token, json: { name: "Theirs", colour: "red" } });
		const refused = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body: "Not theirs", tagIds: foreign.body.id, when: "draft", action: "draft" },
		});
		expect(refused.status).toBe(422);
		expect((await call("GET", "/posts?status=draft", { token: ws.token })).body.items.some((p: { body: string }) => p.body === "Not theirs")).toBe(false);
	});
});
