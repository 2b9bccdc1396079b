// Accounts in the browser: add a sandbox account, rename it, set its zone and posting policy.
import { describe, expect, it } from "vitest";
import { addMember, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

describe("account forms", () => {
	it("adds a sandbox account and edits its handle, zone and posting policy", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const view = await page("GET", "/accounts", { cookie });
		expect(view.html).toContain('action="/accounts/new"');
		const bad = await page("POST", "/accounts/new", { cookie, form: { handle: "@x", timezone: "Mars/Olympus", postingPolicy: "open" } });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("timezone:");
		const added = await page("POST", "/accounts/new", { cookie, form: { handle: "@our_bakery", timezone: "Europe/Berlin", postingPolicy: "open" } });
		expect(added.status).toBe(303);
		const [acc] = (await call("GET", "/accounts", { token: ws.token })).body.items;
		expect(acc).toMatchObject({ network: "sandbox", handle: "@our_bakery", timezone: "Europe/Berlin", postingPolicy: "open" });

		const edited = await page("POST", `/accounts/${acc.id}/edit`, {
			cookie,
			form: { handle: "@bakery_hq", displayName: "Bakery HQ", timezone: "America/New_York", postingPolicy: "owner" },
		});
		expect(edited.status).toBe(303);
		expect((await call("GET", `/accounts/${acc.id}`, { token: ws.token })).body).toMatchObject({
			handle: "@bakery_hq",
			displayName: "Bakery HQ",
			timezone: "America/New_York",
			postingPolicy: "owner",
		});
		expect((await page("GET", "/accounts?done=edited", { cookie })).html).toContain("Account saved.");
	});

	it("refuses an author and another workspace's account", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const cookie = await signInCookie(author.email, PASSWORD);
		expect((await page("GET", "/accounts", { cookie })).html).not.toContain('action="/accounts/new"');
		expect((await page("POST", "/accounts/new", { cookie, form: { handle: "@x", timezone: "UTC" } })).status).toBe(403);
		const other = await signUp();
		const theirs = (await call("POST", "/accounts", { token: other.token, json: { network: "sandbox", handle: "@theirs", timezone: "UTC" } })).body;
		const owner = await signInCookie(ws.email, PASSWORD);
		expect((await page("POST", `/accounts/${theirs.id}/edit`, { cookie: owner, form: { handle: "@mine", timezone: "UTC" } })).status).toBe(404);
	});
});
