import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { localToUtc } from "../../domain/time";
import { addAccount, call, signInCookie, signUp, type Workspace } from "../helpers/api";
import { BASE, PASSWORD, page } from "./page";

/** A date two days from now: 10:00 on it is in the future in every zone. */
const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

async function desk(timezone?: string) {
	const ws = await signUp(timezone);
	const cookie = await signInCookie(ws.email, PASSWORD);
	return { ws, cookie };
}

async function posts(ws: Workspace) {
	const res = await call("GET", "/posts", { token: ws.token });
	return res.body.items as { id: string; body: string; status: string; scheduledAt: string | null }[];
}

describe("sign-in", () => {
	it("renders the form", async () => {
		const res = await page("GET", "/sign-in");
		expect(res.status).toBe(200);
		expect(res.headers.get("Content-Type")).toContain("text/html");
		expect(res.html).toMatch(/^<!doctype html>/i);
		expect(res.html).toContain('name="email"');
		expect(res.html).toContain('name="password"');
	});

	it("shows a wrong password inline with 401", async () => {
		const ws = await signUp();
		const res = await page("POST", "/sign-in", { form: { email: ws.email, password: "not the password" } });
		expect(res.status).toBe(401);
		expect(res.html).toContain("Wrong email or password");
		expect(res.html).toContain(`value="${ws.email}"`);
	});

	it("says so when sign-ins are rate limited", async () => {
		const ws = await signUp();
		const headers = { "X-Chorus-Client": `pages-${ws.email}` };
		for (let i = 0; i < 5; i++) await page("POST", "/sign-in", { headers, form: { email: ws.email, password: "guess" } });
		const res = await page("POST", "/sign-in", { headers, form: { email: ws.email, password: PASSWORD } });
		expect(res.status).toBe(429);
		expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
		expect(res.html).toContain("Too many failed sign-ins. Try again in 15 minutes.");
	});

	it("signs in, sets the session cookie and goes to the safe next page", async () => {
		const ws = await signUp();
		const res = await page("POST", "/sign-in", { form: { email: ws.email, password: PASSWORD, next: "https://evil.test/" } });
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/calendar");
		expect(res.headers.get("Set-Cookie")).toContain("__Host-chorus_session=");
	});

	it("redirects pages to sign-in when signed out", async () => {
		const res = await page("GET", "/compose?x=1");
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/sign-in?next=${encodeURIComponent("/compose?x=1")}`);
		expect((await page("GET", "/")).headers.get("Location")).toBe("/calendar");
	});

	it("signs out", async () => {
		const { cookie } = await desk();
		const res = await page("POST", "/sign-out", { cookie, form: {} });
		expect(res.status).toBe(303);
		expect((await page("GET", "/calendar", { cookie })).status).toBe(303);
	});
});

describe("compose", () => {
	it("shows the form with each account's network, handle and zone", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws, { timezone: "America/New_York" });
		const res = await page("GET", "/compose", { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain(acc.handle);
		expect(res.html).toContain("America/New_York");
		expect(res.html).toContain('src="/compose.js"');
	});

	it("schedules a post and redirects to its week with a confirmation", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws, { timezone: "America/New_York" });
		const date = inTwoDays();
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body: "Launch day", link: "", when: "at", date, time: "10:00", action: "schedule" },
		});
		expect(res.status, res.html).toBe(303);
		const location = new URL(res.headers.get("Location") ?? "", BASE);
		expect(location.pathname).toBe("/calendar");
		const [saved] = await posts(ws);
		expect(saved?.status).toBe("scheduled");
		// Read in the account's zone, not the workspace's (Europe/Berlin).
		expect(Date.parse(saved?.scheduledAt ?? "")).toBe(localToUtc(date, "10:00", "America/New_York"));
		const cal = await page("GET", location.pathname + location.search, { cookie });
		expect(cal.html).toContain("Scheduled 1 post");
		expect(cal.html).toContain("Launch day");
	});

	it("re-renders a too-long X post with the finding inline, 422, nothing saved, input kept", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws, { network: "x", handle: "@chorus_x", credentials: { accessToken: "t" } });
		const body = "a".repeat(300);
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body, link: "https://example.com/x", when: "at", date: inTwoDays(), time: "10:00", action: "schedule" },
		});
		expect(res.status).toBe(422);
		expect(res.html).toContain("Too long for X");
		expect(res.html).toContain("@chorus_x");
		expect(res.html).toContain(body);
		expect(res.html).toContain('value="https://example.com/x"');
		expect(res.html).toMatch(/class="counter over"[^>]*>X: 325\/280/);
		expect(await posts(ws)).toEqual([]);
	});

	it("asks for a time when Schedule is pressed without one", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const res = await page("POST", "/compose", { cookie, form: { accountIds: acc.id, body: "Hi", when: "draft", action: "schedule" } });
		expect(res.status).toBe(400);
		expect(res.html).toContain("to schedule");
		expect(await posts(ws)).toEqual([]);
	});

	it("saves a draft and says so", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const res = await page("POST", "/compose", { cookie, form: { accountIds: acc.id, body: "Idea", when: "draft", action: "draft" } });
		expect(res.status).toBe(303);
		const cal = await page("GET", res.headers.get("Location") ?? "", { cookie });
		expect(cal.html).toContain("Saved draft");
		expect(cal.html).toMatch(/<section class="drafts">[\s\S]*Idea/);
	});

	it("refuses a cross-site form post with 403", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body: "forged", when: "draft", action: "draft" },
			headers: { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" },
		});
		expect(res.status).toBe(403);
		expect(await posts(ws)).toEqual([]);
	});

	it("counts live with the same rules, and only for a signed-in member", async () => {
		const { cookie } = await desk();
		const json = (headers: Record<string, string>) =>
			exports.default.fetch(
				new Request(`${BASE}/compose/count`, {
					method: "POST",
					headers: { "Content-Type": "application/json", ...headers },
					body: JSON.stringify({ body: "héllo 👋🏽", networks: ["x", "bluesky", "sandbox"], zones: ["Europe/Berlin", "Asia/Tokyo"] }),
				}),
			);
		expect((await json({})).status).toBe(401);
		const res = await json({ Cookie: cookie });
		expect(res.status).toBe(200);
		const data = (await res.json()) as { counts: { network: string; text: string; used: number; ok: boolean }[]; zoneNote: string };
		expect(data.counts.map((c) => c.text)).toEqual(["X: 8/280", "Bluesky: 7/300 graphemes (15/3000 bytes)", "Sandbox: 7/500"]);
		expect(data.zoneNote).toContain("Europe/Berlin");
	});
});

describe("calendar", () => {
	it("shows posts in the week and month views, with the account filter", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const other = await addAccount(ws);
		const date = inTwoDays();
		for (const [a, body] of [
			[acc, "First account post"],
			[other, "Second account post"],
		] as const) {
			const res = await page("POST", "/compose", { cookie, form: { accountIds: a.id, body, when: "at", date, time: "10:00", action: "schedule" } });
			expect(res.status).toBe(303);
		}
		const week = await page("GET", `/calendar?date=${date}`, { cookie });
		expect(week.status).toBe(200);
		expect(week.html).toContain("First account post");
		expect(week.html).toContain(">10:00<");
		const month = await page("GET", `/calendar?view=month&date=${date}`, { cookie });
		expect(month.html).toContain("Second account post");
		const filtered = await page("GET", `/calendar?date=${date}&accountId=${acc.id}`, { cookie });
		expect(filtered.html).toContain("First account post");
		expect(filtered.html).not.toContain("Second account post");
	});
});

describe("post page", () => {
	async function scheduled(body: string) {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body, when: "at", date: inTwoDays(), time: "10:00", action: "schedule" },
		});
		expect(res.status).toBe(303);
		const [p] = await posts(ws);
		return { ws, cookie, acc, post: p! };
	}

	it("is 404 for another workspace's post", async () => {
		const { post } = await scheduled("Mine");
		const stranger = await desk();
		const res = await page("GET", `/posts/${post.id}`, { cookie: stranger.cookie });
		expect(res.status).toBe(404);
		expect(res.html).toContain("Not found");
		expect(res.html).not.toContain("Mine");
	});

	it("escapes the body on the post page and the calendar", async () => {
		const { cookie, post } = await scheduled("<script>alert(1)</script> & more");
		const view = await page("GET", `/posts/${post.id}`, { cookie });
		expect(view.status).toBe(200);
		expect(view.html).not.toContain("<script>alert(1)</script>");
		expect(view.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
		const cal = await page("GET", `/calendar?date=${inTwoDays()}`, { cookie });
		expect(cal.html).not.toContain("<script>alert(1)");
		expect(cal.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
	});

	it("edits with the revision, and reports a stale revision inline", async () => {
		const { ws, cookie, post } = await scheduled("Before");
		const view = await page("GET", `/posts/${post.id}`, { cookie });
		const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(view.html)?.[1] ?? "";
		const form = {
			body: "After",
			link: "",
			date: hidden("shownDate"),
			time: hidden("shownTime"),
			shownDate: hidden("shownDate"),
			shownTime: hidden("shownTime"),
			revision: hidden("revision"),
			action: "save",
		};
		const ok = await page("POST", `/posts/${post.id}/edit`, { cookie, form });
		expect(ok.status, ok.html).toBe(303);
		expect((await posts(ws))[0]?.body).toBe("After");
		const stale = await page("POST", `/posts/${post.id}/edit`, { cookie, form: { ...form, body: "Lost?" } });
		expect(stale.status).toBe(409);
		expect(stale.html).toContain("changed since revision");
		expect(stale.html).toContain("Lost?");
	});

	it("lets an author send for approval and a manager approve or reject", async () => {
		const { ws, cookie } = await desk();
		const acc = await addAccount(ws);
		const authorEmail = `author-${Date.now()}@example.test`;
		await call("POST", "/members", { token: ws.token, json: { email: authorEmail, name: "Ada Author", role: "author", password: PASSWORD } });
		const authorCookie = await signInCookie(authorEmail, PASSWORD);
		const compose = await page("GET", "/compose", { cookie: authorCookie });
		expect(compose.html).toContain("Send for approval");
		const sent = await page("POST", "/compose", {
			cookie: authorCookie,
			form: { accountIds: acc.id, body: "Please check", when: "at", date: inTwoDays(), time: "10:00", action: "schedule" },
		});
		const cal = await page("GET", sent.headers.get("Location") ?? "", { cookie: authorCookie });
		expect(cal.html).toContain("Sent 1 post for approval");
		const [p] = await posts(ws);
		expect((await page("GET", `/posts/${p!.id}`, { cookie: authorCookie })).html).not.toContain("/approve");
		const asOwner = await page("GET", `/posts/${p!.id}`, { cookie });
		expect(asOwner.html).toContain(`action="/posts/${p!.id}/approve"`);
		const noReason = await page("POST", `/posts/${p!.id}/reject`, { cookie, form: { reason: " " } });
		expect(noReason.status).toBe(400);
		expect(noReason.html).toContain("Say why");
		const approved = await page("POST", `/posts/${p!.id}/approve`, { cookie, form: {} });
		expect(approved.status).toBe(303);
		expect((await posts(ws))[0]?.status).toBe("scheduled");
		const again = await page("POST", `/posts/${p!.id}/approve`, { cookie, form: {} });
		expect(again.status).toBe(409);
		expect(again.html).toContain("Only a post waiting for approval");
	});
});
