import { describe, expect, it } from "vitest";
import { hotp, stepAt } from "../../functions/auth/totp";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { lastMailTo, tokenFromMail } from "../helpers/mailbox";

/**
 * One person in two workspaces (issue 23, people and memberships): one sign-in, a session that
 * switches between the person's memberships, tokens bound to the membership that made them, a role
 * per workspace, and each membership seeing only its own workspace.
 */
const PASSWORD = "correct horse battery";
const asCookie = (cookie: string) => ({ headers: { Cookie: cookie } });
const cookieOf = (res: { headers: Headers }) => (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";

/** Olive owns A; B's owner invites her as an author and she accepts signed in: one person, two memberships. */
async function onePersonTwoWorkspaces() {
	const a = await signUp();
	const b = await signUp();
	const invited = await call("POST", "/invitations", { token: b.token, json: { email: a.email, role: "author" } });
	expect(invited.status).toBe(201);
	const link = await tokenFromMail(a.email, "/accept-invite");
	const cookie = await signInCookie(a.email, PASSWORD);
	const accepted = await call("POST", "/invitations/accept", { json: { token: link }, ...asCookie(cookie) });
	expect(accepted.status).toBe(201);
	return { a, b, cookie, memberInB: accepted.body.member.id as string };
}

const me = (auth: { token?: string; headers?: Record<string, string> }) => call("GET", "/me", auth);

describe("one person, two workspaces", () => {
	it("an invitation to a known person is accepted signed in, with no new password, and moves the session to the new workspace", async () => {
		const a = await signUp();
		const b = await signUp();
		await call("POST", "/invitations", { token: b.token, json: { email: a.email, role: "manager" } });
		const link = await tokenFromMail(a.email, "/accept-invite");
		const preview = await call("GET", `/invitations/accept?token=${link}`);
		expect(preview.body).toMatchObject({ email: a.email, role: "manager", signInToAccept: true });

		// Not signed in: asked to sign in; the password given is never set.
		const anonymous = await call("POST", "/invitations/accept", { json: { token: link, name: "Mallory", password: "mallory's own password" } });
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe("sign_in_required");
		expect((await call("POST", "/session", { json: { email: a.email, password: "mallory's own password" } })).status).toBe(401);
		// Signed in as someone else: refused, the link stays usable.
		const other = await call("POST", "/invitations/accept", { json: { token: link }, ...asCookie(await signInCookie(b.email, PASSWORD)) });
		expect(other.status).toBe(403);
		// An API token of the right person does not accept either: acceptance is by a session.
		expect((await call("POST", "/invitations/accept", { json: { token: link }, token: a.token })).status).toBe(401);

		const cookie = await signInCookie(a.email, PASSWORD);
		const accepted = await call("POST", "/invitations/accept", { json: { token: link }, ...asCookie(cookie) });
		expect(accepted.status).toBe(201);
		expect(accepted.body.member).toMatchObject({ email: a.email, role: "manager", name: "Olive Owner" });
		expect(accepted.headers.get("Set-Cookie")).toBeNull();
		const now = await me(asCookie(cookie));
		expect(now.body.workspace.id).toBe(b.id);
		expect(now.body.member).toMatchObject({ id: accepted.body.member.id, role: "manager" });
		// The same password still signs in, and lands in the first workspace.
		const again = await call("POST", "/session", { json: { email: a.email, password: PASSWORD } });
		expect(again.body.workspace.id).toBe(a.id);
		expect((await call("POST", "/invitations/accept", { json: { token: link }, ...asCookie(cookie) })).status).toBe(410);
	});

	it("GET /me lists the memberships (a session sees all, a token only its own); switching moves the session, never a token", async () => {
		const { a, b, cookie, memberInB } = await onePersonTwoWorkspaces();
		const listed = await me(asCookie(cookie));
		expect(listed.body.memberships).toEqual([
			{ memberId: a.ownerId, workspace: { id: a.id, name: expect.any(String) }, role: "owner", current: false },
			{ memberId: memberInB, workspace: { id: b.id, name: expect.any(String) }, role: "author", current: true },
		]);
		const byToken = await me({ token: a.token });
		expect(byToken.body.memberships).toEqual([expect.objectContaining({ memberId: a.ownerId, current: true })]);

		const back = await call("POST", "/session/switch", { json: { workspaceId: a.id }, ...asCookie(cookie) });
		expect(back.status).toBe(200);
		expect(back.body).toMatchObject({ workspace: { id: a.id }, member: { id: a.ownerId, role: "owner" } });
		expect((await me(asCookie(cookie))).body.workspace.id).toBe(a.id);
		// A token never switches; a workspace the person is not in is 404 like any other's id.
		expect((await call("POST", "/session/switch", { json: { workspaceId: b.id }, token: a.token })).status).toBe(403);
		const stranger = await signUp();
		expect((await call("POST", "/session/switch", { json: { workspaceId: stranger.id }, ...asCookie(cookie) })).status).toBe(404);
		expect((await call("POST", "/session/switch", { json: { workspaceId: b.id } })).status).toBe(401);
		expect((await call("POST", "/session/switch", { json: {}, ...asCookie(cookie) })).body.error.issues[0].path).toEqual(["workspaceId"]);
	});

	it("each membership sees only its workspace, with its own role; a token made in one never reaches the other", async () => {
		const { a, b, cookie } = await onePersonTwoWorkspaces();
		const inA = await addAccount(a);
		const inB = await addAccount(b);
		const postA = (await call("POST", "/posts", { token: a.token, json: { accountId: inA.id, body: "only in A" } })).body.posts[0];
		const postB = (await call("POST", "/posts", { token: b.token, json: { accountId: inB.id, body: "only in B" } })).body.posts[0];

		// The session stands in B (the invitation moved it there): B's post, not A's; an author in B.
		const seenInB = await call("GET", "/posts", asCookie(cookie));
		expect(seenInB.body.items.map((p: { id: string }) => p.id)).toEqual([postB.id]);
		expect((await call("GET", `/posts/${postA.id}`, asCookie(cookie))).status).toBe(404);
		expect((await call("POST", "/accounts", { json: { network: "sandbox", handle: "@nope", timezone: "UTC" }, ...asCookie(cookie) })).status).toBe(403);
		const tokenInB = (await call("POST", "/tokens", { json: { name: "b only" }, ...asCookie(cookie) })).body.token as string;

		await call("POST", "/session/switch", { json: { workspaceId: a.id }, ...asCookie(cookie) });
		const seenInA = await call("GET", "/posts", asCookie(cookie));
		expect(seenInA.body.items.map((p: { id: string }) => p.id)).toEqual([postA.id]);
		expect((await call("GET", `/posts/${postB.id}`, asCookie(cookie))).status).toBe(404);
		// An owner in A.
		expect((await call("POST", "/accounts", { json: { network: "sandbox", handle: `@yes${Date.now()}`, timezone: "UTC" }, ...asCookie(cookie) })).status).toBe(
			201,
		);

		// The token made while in B stays in B, whatever the session does.
		expect((await me({ token: tokenInB })).body).toMatchObject({ workspace: { id: b.id }, member: { role: "author" } });
		expect((await call("GET", `/posts/${postA.id}`, { token: tokenInB })).status).toBe(404);
		expect((await call("GET", `/posts/${postB.id}`, { token: tokenInB })).status).toBe(200);
		expect((await call("GET", `/posts/${postB.id}`, { token: a.token })).status).toBe(404);
	});

	it("removal from one workspace ends only that membership's sessions, tokens, feed tokens and invitations", async () => {
		const { a, b, cookie, memberInB } = await onePersonTwoWorkspaces();
		const tokenInB = (await call("POST", "/tokens", { json: { name: "b" }, ...asCookie(cookie) })).body.token as string;
		const feedInB = (await call("POST", "/feed-tokens", { json: { name: "b feed" }, token: tokenInB })).body;
		// A second browser standing in A.
		const inA = await signInCookie(a.email, PASSWORD);
		expect((await call("GET", `/calendar.ics?token=${feedInB.token}`)).status).toBe(200);
		const removed = await call("DELETE", `/members/${memberInB}`, { token: b.token });
		expect(removed.status).toBe(204);
		expect((await me(asCookie(cookie))).status).toBe(401);
		expect((await me({ token: tokenInB })).status).toBe(401);
		expect((await call("GET", `/calendar.ics?token=${feedInB.token}`)).status).toBe(401);
		// A is untouched: its session, its token, and signing in again.
		expect((await me(asCookie(inA))).body.workspace.id).toBe(a.id);
		expect((await me({ token: a.token })).status).toBe(200);
		const back = await call("POST", "/session", { json: { email: a.email, password: PASSWORD } });
		expect(back.status).toBe(200);
		expect(back.body.workspace.id).toBe(a.id);
		expect((await me(asCookie(cookieOf(back)))).body.memberships).toHaveLength(1);
	});

	it("a password reset ends everything the person holds, in every workspace", async () => {
		const { a, b, cookie, memberInB } = await onePersonTwoWorkspaces();
		const tokenInB = (await call("POST", "/tokens", { json: { name: "b" }, ...asCookie(cookie) })).body.token as string;
		expect((await call("POST", "/password-resets", { json: { email: a.email } })).status).toBe(202);
		const link = await tokenFromMail(a.email, "/reset-password");
		expect((await call("POST", "/password-resets/confirm", { json: { token: link, password: "a brand new password" } })).status).toBe(204);
		for (const auth of [asCookie(cookie), { token: a.token }, { token: tokenInB }]) expect((await me(auth)).status).toBe(401);
		// B's other owner is untouched, and B's audit records the reset for its own member with what it revoked.
		const inB = await call("GET", `/audit?subject=member:${memberInB}`, { token: b.token });
		const resetInB = inB.body.items.find((e: { action: string }) => e.action === "member.password_reset");
		expect(resetInB.after.revoked).toMatchObject({ sessions: 1, apiTokens: 1 });
		const signedIn = await call("POST", "/session", { json: { email: a.email, password: "a brand new password" } });
		expect(signedIn.status).toBe(200);
		const inA = await call("GET", `/audit?subject=member:${a.ownerId}`, asCookie(cookieOf(signedIn)));
		expect(inA.body.items.find((e: { action: string }) => e.action === "member.password_reset").after.revoked).toMatchObject({ apiTokens: 1 });
	});

	it("POST /members with an address known elsewhere answers like a new member and never sets that person's password", async () => {
		const a = await signUp();
		const b = await signUp();
		const fresh = `new-${Date.now()}@example.test`;
		const add = (email: string) =>
			call("POST", "/members", { token: b.token, json: { email, name: "Given Name", role: "analyst", password: "the manager's pick" } });
		const known = await add(a.email);
		const unknown = await add(fresh);
		expect(known.status).toBe(201);
		expect(unknown.status).toBe(201);
		const shape = (x: Record<string, unknown>) => ({ ...x, id: typeof x.id, email: typeof x.email });
		expect(shape(known.body)).toEqual(shape(unknown.body));
		expect(known.body).toMatchObject({ email: a.email, name: "Given Name", role: "analyst" });
		// The person keeps their own password; the new address signs in with the one given.
		expect((await call("POST", "/session", { json: { email: a.email, password: "the manager's pick" } })).status).toBe(401);
		expect((await call("POST", "/session", { json: { email: a.email, password: PASSWORD } })).status).toBe(200);
		expect((await call("POST", "/session", { json: { email: fresh, password: "the manager's pick" } })).status).toBe(200);
		// Adding the same address twice to one workspace is named (it is on the member list).
		expect((await add(a.email)).body.error.code).toBe("email_taken");
	});

	it("a signed-in person creates another workspace from the switcher and owns it; public sign-up with the address still creates nothing", async () => {
		const a = await signUp();
		const cookie = await signInCookie(a.email, PASSWORD);
		const made = await call("POST", "/workspaces", { json: { name: "Second brand", timezone: "Europe/Paris" }, ...asCookie(cookie) });
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ workspace: { name: "Second brand", timezone: "Europe/Paris" }, member: { email: a.email, role: "owner" } });
		expect(made.body.token).toBeUndefined();
		const now = await me(asCookie(cookie));
		expect(now.body.workspace.id).toBe(made.body.workspace.id);
		expect(now.body.memberships).toHaveLength(2);
		// Without a session the owner is required; the known address is refused as before and told how.
		expect((await call("POST", "/workspaces", { json: { name: "X" } })).body.error.issues[0].path).toEqual(["owner"]);
		const publicTry = await call("POST", "/workspaces", { json: { name: "X", owner: { email: a.email, name: "Y", password: "some long password" } } });
		expect(publicTry.status).toBe(400);
		expect((await lastMailTo(a.email))?.text).toContain("sign in, and create the workspace from there");
	});

	it("the second factor is the person's: turned on from one workspace, asked at every sign-in whatever the workspace", async () => {
		const { a, cookie } = await onePersonTwoWorkspaces();
		// The session stands in B, where she is an author: the second factor is for owners and managers.
		expect((await call("POST", "/second-factor", asCookie(cookie))).status).toBe(403);
		// From A, where she is owner, she turns it on.
		const t0 = Date.now();
		const started = await call("POST", "/second-factor", { token: a.token, headers: { "X-Chorus-Now": new Date(t0).toISOString() } });
		expect(started.status).toBe(201);
		const code = await hotp(started.body.secret, stepAt(t0));
		const confirmed = await call("POST", "/second-factor/confirm", { token: a.token, json: { code }, headers: { "X-Chorus-Now": new Date(t0).toISOString() } });
		expect(confirmed.status).toBe(200);
		// The session in B sees it on too, and sign-in now asks for it.
		expect((await call("GET", "/second-factor", asCookie(cookie))).body.enabled).toBe(true);
		const without = await call("POST", "/session", { json: { email: a.email, password: PASSWORD } });
		expect(without.body.error.code).toBe("second_factor_required");
		const withRecovery = await call("POST", "/session", { json: { email: a.email, password: PASSWORD, recoveryCode: confirmed.body.recoveryCodes[0] } });
		expect(withRecovery.status).toBe(200);
	});
});
