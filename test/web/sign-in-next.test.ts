import { beforeAll, describe, expect, it } from "vitest";
import { safeNext } from "../../web/env";
import { signUp, type Workspace } from "../helpers/api";
import { PASSWORD, page } from "./page";

// Known open-redirect payloads for a "next" parameter, as the route sees them (decoded): each would
// send the browser to another origin if used as a Location.
const OFF_SITE = [
	"https://evil.example/",
	"http:evil.example",
	"//evil.example/path",
	"/\t/evil.example/path",
	"/\n/evil.example/path",
	"/\r/evil.example/path",
	"\t//evil.example/path",
	"/\u0000/evil.example",
	"/\\evil.example",
	"\\/evil.example",
	"/\\/evil.example",
	"\\\\evil.example",
	" //evil.example",
	"/.//evil.example",
	"/./\t/evil.example",
	"/x/..//evil.example",
	"javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"%2F%2Fevil.example",
	"",
];

const ON_SITE: [string, string][] = [
	["/compose", "/compose"],
	["/compose?x=1", "/compose?x=1"],
	["/posts/abc#review", "/posts/abc#review"],
	["/", "/"],
	["/inbox?view=mine&\tq=1", "/inbox?view=mine&q=1"],
	["/caf\u00e9", "/caf%C3%A9"],
];

describe("sign-in's next is a path on this origin", () => {
	let ws: Workspace;
	beforeAll(async () => {
		ws = await signUp();
	});

	it.each(OFF_SITE)("safeNext(%j) falls back to the calendar", (next) => {
		expect(safeNext(next)).toBe("/calendar");
	});

	it.each(ON_SITE)("safeNext(%j) keeps the path as %j", (next, kept) => {
		expect(safeNext(next)).toBe(kept);
	});

	it.each(OFF_SITE)("signing in with next=%j goes to the calendar", async (next) => {
		const res = await page("POST", "/sign-in", { form: { email: ws.email, password: PASSWORD, next } });
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/calendar");
	});

	it("the form never carries an off-site next: /sign-in?next=/%09/evil.example/path", async () => {
		const res = await page("GET", "/sign-in?next=/%09/evil.example/path");
		expect(res.status).toBe(200);
		expect(res.html).toContain('name="next" value="/calendar"');
	});
});
