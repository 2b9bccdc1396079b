// Cancel asks first, on a page of its own that names the account, the network and the consequence.
import { describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { postRow } from "../helpers/publishing";
import { PASSWORD, page } from "./page";

describe("cancel on the post page", () => {
	it("shows what will happen, changes nothing until confirmed, then cancels", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const at = new Date(Date.now() + 86_400_000).toISOString();
		const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Bread at 8", scheduledAt: at } });
		const id = res.body.posts[0].id as string;

		const ask = await page("POST", `/posts/${id}/cancel`, { cookie, form: {} });
		expect(ask.status).toBe(200);
		expect(ask.html).toContain(`Cancel the post to ${acc.handle} on Sandbox`);
		expect(ask.html).toContain("(Europe/Berlin)");
		expect(ask.html).toContain("Bread at 8");
		expect(ask.html).toContain(`href="/posts/${id}"`);
		expect((await postRow(id))?.status).toBe("scheduled");

		const done = await page("POST", `/posts/${id}/cancel`, { cookie, form: { confirmed: "yes" } });
		expect(done.status).toBe(303);
		expect((await postRow(id))?.status).toBe("canceled");
		// Nothing left to cancel: the refusal, not a second confirmation.
		expect((await page("POST", `/posts/${id}/cancel`, { cookie, form: {} })).status).toBe(409);
	});

	it("answers 404 for another workspace's post without asking", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const res = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Mine" } });
		const other = await signUp();
		const cookie = await signInCookie(other.email, PASSWORD);
		expect((await page("POST", `/posts/${res.body.posts[0].id}/cancel`, { cookie, form: {} })).status).toBe(404);
	});
});
