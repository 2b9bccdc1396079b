// The compose form writes a thread and a first comment without JavaScript: later parts in their own
// boxes (empty ones skipped), the comment below; a network that takes no first comment is refused on the
// page with the field named, and nothing is saved.
import { describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

describe("a thread and a first comment from the compose form", () => {
	it("offers the boxes, saves the parts in order with the comment, and skips empty boxes", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const blank = await page("GET", "/compose", { cookie });
		expect(blank.html).toContain("Thread or first comment");
		expect(blank.html).toContain('name="parts"');
		expect(blank.html).toContain('name="firstComment"');

		const res = await page("POST", "/compose", {
			cookie,
			form: {
				accountIds: acc.id,
				body: "A thread, 1/3",
				parts: ["Part two", "", "Part three"],
				firstComment: "Tickets: see the site",
				when: "draft",
				action: "draft",
			},
		});
		expect(res.status, res.html.slice(0, 400)).toBe(303);
		const list = await call("GET", "/posts?status=draft", { token: ws.token });
		const post = list.body.items.find((p: { body: string }) => p.body === "A thread, 1/3");
		const full = await call("GET", `/posts/${post.id}`, { token: ws.token });
		expect(full.body.parts).toEqual(["Part two", "Part three"]);
		expect(full.body.firstComment).toBe("Tickets: see the site");
	});

	it("refuses a first comment on a network that takes none, naming the field, and saves nothing", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const x = await addAccount(ws, { network: "x" });
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: x.id, body: "Hello", parts: [""], firstComment: "A comment", when: "draft", action: "draft" },
		});
		expect(res.status).toBe(422);
		expect(res.html).toContain("A comment");
		expect(res.html).toMatch(/first comment/i);
		const list = await call("GET", "/posts?status=draft", { token: ws.token });
		expect(list.body.items).toHaveLength(0);
	});
});
