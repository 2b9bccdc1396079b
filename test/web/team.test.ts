// The team's pages through the real Worker: invite and join by the mailed link, the bell and the
// notifications page, preferences, removal refused and then done with the work handed on, and the
// review loop on the post page.
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signInCookie, signUp } from "../helpers/api";
import { lastMailTo, tokenFromMail } from "../helpers/mailbox";
import { captureNotify } from "../helpers/notify";
import { PASSWORD, page } from "./page";

let notify: ReturnType<typeof captureNotify> | undefined;
afterEach(() => {
	notify?.restore();
	notify = undefined;
});

const cookieOf = (res: { headers: Headers }) => (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
let n = 0;
const fresh = () => `web-${Date.now().toString(36)}-${n++}@example.test`;

describe("team pages", { timeout: 20_000 }, () => {
	it("invites from the team page; the mailed link shows in the dev mailbox and joins the workspace", async () => {
		const ws = await signUp();
		const owner = await signInCookie(ws.email, PASSWORD);
		const email = fresh();
		const bad = await page("POST", "/team/invite", { cookie: owner, form: { email: "nope", role: "author" } });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("Enter a valid email address");
		const sent = await page("POST", "/team/invite", { cookie: owner, form: { email, role: "manager" } });
		expect(sent.status).toBe(303);
		const team = await page("GET", "/team?done=invited", { cookie: owner });
		expect(team.html).toContain("Invitation sent.");
		expect(team.html).toContain(email);

		const mailbox = await page("GET", `/dev/mailbox?to=${encodeURIComponent(email)}`);
		expect(mailbox.status).toBe(200);
		const token = await tokenFromMail(email, "/accept-invite");
		expect(mailbox.html).toContain(`/accept-invite?token=${token}</a>`);

		const form = await page("GET", `/accept-invite?token=${token}`);
		expect(form.html).toContain("You are invited as <strong>manager</strong>");
		const short = await page("POST", "/accept-invite", { form: { token, name: "Nia", password: "short" } });
		expect(short.status).toBe(400);
		expect(short.html).toContain("At least 10 characters");
		const joined = await page("POST", "/accept-invite", { form: { token, name: "Nia New", password: "a long new password" } });
		expect(joined.status).toBe(303);
		expect(joined.headers.get("Location")).toBe("/calendar");
		const calendar = await page("GET", "/calendar", { cookie: cookieOf(joined) });
		expect(calendar.status).toBe(200);
		expect(calendar.html).toContain("Nia New");
		const reused = await page("GET", `/accept-invite?token=${token}`);
		expect(reused.status).toBe(410);
		expect(reused.html).toContain("already been used");
	});

	it("the bell counts unread notifications; the page lists them and marks them read; settings save", async () => {
		notify = captureNotify();
		const ws = await signUp();
		const author = await addMember(ws, "author", "Ari Author");
		const manager = await addMember(ws, "manager", "Mia Manager");
		const cookie = await signInCookie(manager.email, PASSWORD);
		const acc = await addAccount(ws);
		expect((await page("GET", "/calendar", { cookie })).html).toContain('aria-label="Notifications, 0 unread"');
		await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Please approve me", scheduledAt: inHours(20) } });
		await notify.drain();
		const calendar = await page("GET", "/calendar", { cookie });
		expect(calendar.html).toContain('aria-label="Notifications, 1 unread"');
		expect(calendar.html).toContain('<span class="unread-count">1</span>');
		const list = await page("GET", "/notifications", { cookie });
		expect(list.html).toContain("Waiting for your approval");
		expect(list.html).toContain("“Please approve me” by Ari Author waits for your approval.");
		const id = list.html.match(/action="\/notifications\/([\w-]+)\/read"/)![1];
		expect((await page("POST", `/notifications/${id}/read`, { cookie, form: {} })).status).toBe(303);
		expect((await page("GET", "/notifications", { cookie })).html).toContain('aria-label="Notifications, 0 unread"');

		expect(
			(await page("POST", "/notifications/settings", { cookie, form: { inApp: ["approval_needed", "post_failed"], email: ["approval_needed"] } })).status,
		).toBe(303);
		const prefs = await call("GET", "/notifications/preferences", { token: manager.token });
		const byKind = Object.fromEntries(prefs.body.items.map((p: { kind: string; inApp: boolean; email: boolean }) => [p.kind, [p.inApp, p.email]]));
		expect(byKind).toMatchObject({ approval_needed: [true, true], post_failed: [true, false], duty_gap: [false, false] });
		const settings = await page("GET", "/notifications/settings", { cookie });
		expect(settings.html).toContain("Second factor");
	});

	it("removal from the team page is refused next to the member, naming what is left, then done with an heir", async () => {
		const ws = await signUp();
		const owner = await signInCookie(ws.email, PASSWORD);
		const leaving = await addMember(ws, "manager", "Lea Leaving");
		const staying = await addMember(ws, "manager", "Sam Staying");
		await addAccount(ws, { ownerId: leaving.id, postingPolicy: "owner" });
		const ask = await page("POST", `/team/${leaving.id}/remove`, { cookie: owner, form: { reassignTo: staying.id } });
		expect(ask.status).toBe(200);
		expect(ask.html).toContain("Their drafts, shifts and open conversations go to Sam Staying.");
		expect(ask.html).toContain(`<input type="hidden" name="reassignTo" value="${staying.id}"/>`);
		const refused = await page("POST", `/team/${leaving.id}/remove`, { cookie: owner, form: { reassignTo: "", confirmed: "yes" } });
		expect(refused.status).toBe(409);
		expect(refused.html).toContain("Lea Leaving still has 1 account; reassign them first or pass reassignTo");
		const done = await page("POST", `/team/${leaving.id}/remove`, { cookie: owner, form: { reassignTo: staying.id, confirmed: "yes" } });
		expect(done.status).toBe(303);
		expect((await page("GET", "/team?done=removed", { cookie: owner })).html).not.toContain("Lea Leaving");
		expect((await call("GET", "/me", { token: leaving.token })).status).toBe(401);
	});

	it("request changes on the post page: the author sees the reason and the history", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author", "Ari Author");
		const acc = await addAccount(ws);
		const owner = await signInCookie(ws.email, PASSWORD);
		const created = await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Draft one", scheduledAt: inHours(20) } });
		const id = created.body.posts[0].id;
		const view = await page("GET", `/posts/${id}`, { cookie: owner });
		expect(view.html).toContain(`formaction="/posts/${id}/request-changes"`);
		const asked = await page("POST", `/posts/${id}/request-changes`, { cookie: owner, form: { reason: "Say which day" } });
		expect(asked.status).toBe(303);
		const authorView = await page("GET", `/posts/${id}`, { cookie: await signInCookie(author.email, PASSWORD) });
		expect(authorView.html).toContain("Changes asked for");
		expect(authorView.html).toContain("Say which day");
		expect(authorView.html).toContain("Review history");
		expect(authorView.html).toContain("Olive Owner asked for changes");
		expect(authorView.html).toContain("Ari Author submitted for approval");
	});

	it("forgot password by the form: the mailed link sets a new password", async () => {
		const ws = await signUp();
		const member = await addMember(ws, "author");
		expect((await page("POST", "/forgot-password", { form: { email: member.email } })).html).toContain("a link is on its way");
		expect((await lastMailTo(member.email))?.subject).toBe("Reset your Chorus password");
		const token = await tokenFromMail(member.email, "/reset-password");
		const set = await page("POST", "/reset-password", { form: { token, password: "a brand new password" } });
		expect(set.status).toBe(303);
		expect((await call("POST", "/session", { json: { email: member.email, password: "a brand new password" } })).status).toBe(200);
		const again = await page("POST", "/reset-password", { form: { token, password: "a brand new password" } });
		expect(again.status).toBe(410);
	});
});

describe("second factor pages", { timeout: 20_000 }, () => {
	it("enrols on the page, then the sign-in form asks for the code", async () => {
		const { hotp, stepAt } = await import("../../functions/auth/totp");
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const started = await page("POST", "/account/second-factor/start", { cookie, form: {} });
		const secret = started.html.match(/<code class="totp-secret">([A-Z2-7]+)<\/code>/)![1]!;
		expect(started.html).toContain("otpauth://totp/");
		// A wrong first code keeps the same key on the page to try again.
		const wrong = await page("POST", "/account/second-factor/confirm", { cookie, form: { code: "12345" } });
		expect(wrong.status).toBe(422);
		expect(wrong.html).toContain(secret);
		const on = await page("POST", "/account/second-factor/confirm", { cookie, form: { code: await hotp(secret, stepAt(Date.now())) } });
		expect(on.html).toContain("Recovery codes");
		const codes = [...on.html.matchAll(/<li>([a-z0-9x]{10})<\/li>/g)].map((m) => m[1]!);
		expect(codes).toHaveLength(10);

		const asked = await page("POST", "/sign-in", { form: { email: ws.email, password: PASSWORD, next: "/team" } });
		expect(asked.status).toBe(401);
		expect(asked.html).toContain('name="code"');
		const signedIn = await page("POST", "/sign-in", { form: { email: ws.email, password: PASSWORD, code: codes[0]!, next: "/team" } });
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.get("Location")).toBe("/team");
	});
});
