import { describe, expect, it } from "vitest";
import { addMember, call, signUp } from "../helpers/api";
import { lastMailTo, tokenFromMail } from "../helpers/mailbox";

let n = 0;
const fresh = () => `invitee-${Date.now().toString(36)}-${n++}@example.test`;
const at = (ms: number) => ({ "X-Chorus-Now": new Date(ms).toISOString() });

describe("invitations", { timeout: 20_000 }, () => {
	it("mails a single-use link that creates the member with the invited role and signs them in", async () => {
		const ws = await signUp();
		const email = fresh();
		const invited = await call("POST", "/invitations", { token: ws.token, json: { email, role: "manager" } });
		expect(invited.status).toBe(201);
		expect(invited.body).toMatchObject({ email, role: "manager", state: "pending" });
		expect(JSON.stringify(invited.body)).not.toMatch(/token/i);
		const mail = await lastMailTo(email);
		expect(mail?.subject).toContain("invited you");

		const token = await tokenFromMail(email, "/accept-invite");
		const preview = await call("GET", `/invitations/accept?token=${token}`);
		expect(preview.body).toMatchObject({ email, role: "manager" });

		const accepted = await call("POST", "/invitations/accept", { json: { token, name: "Nia New", password: "a long new password" } });
		expect(accepted.status).toBe(201);
		expect(accepted.body.member).toMatchObject({ email, name: "Nia New", role: "manager" });
		const cookie = (accepted.headers.get("Set-Cookie") ?? "").split(";")[0]!;
		expect((await call("GET", "/me", { headers: { Cookie: cookie } })).body.member.email).toBe(email);
		expect((await call("POST", "/session", { json: { email, password: "a long new password" } })).status).toBe(200);

		// Single use: the same link a second time is refused and makes nobody.
		const again = await call("POST", "/invitations/accept", { json: { token, name: "Again", password: "another long password" } });
		expect(again.status).toBe(410);
		expect(again.body.error.code).toBe("link_accepted");
		const members = await call("GET", "/members", { token: ws.token });
		expect(members.body.items.filter((m: { email: string }) => m.email === email)).toHaveLength(1);
		const listed = await call("GET", "/invitations", { token: ws.token });
		expect(listed.body.items[0]).toMatchObject({ state: "accepted", memberId: accepted.body.member.id });
	});

	it("expires: a link past its seven days is refused", async () => {
		const ws = await signUp();
		const email = fresh();
		const now = Date.now();
		await call("POST", "/invitations", { token: ws.token, json: { email, role: "author" }, headers: at(now) });
		const token = await tokenFromMail(email, "/accept-invite");
		const late = await call("POST", "/invitations/accept", {
			json: { token, name: "Late", password: "a long new password" },
			headers: at(now + 7 * 86_400_000 + 1000),
		});
		expect(late.status).toBe(410);
		expect(late.body.error.code).toBe("link_expired");
		// Just inside the window it still works.
		const inTime = await call("POST", "/invitations/accept", {
			json: { token, name: "In time", password: "a long new password" },
			headers: at(now + 7 * 86_400_000 - 1000),
		});
		expect(inTime.status).toBe(201);
	});

	it("a new invitation replaces the old link; withdrawn links and unknown tokens are refused", async () => {
		const ws = await signUp();
		const email = fresh();
		await call("POST", "/invitations", { token: ws.token, json: { email, role: "author" } });
		const first = await tokenFromMail(email, "/accept-invite");
		const second = await call("POST", "/invitations", { token: ws.token, json: { email, role: "analyst" } });
		const replaced = await call("POST", "/invitations/accept", { json: { token: first, name: "X", password: "a long new password" } });
		expect(replaced.status).toBe(410);
		expect(replaced.body.error.code).toBe("link_revoked");
		expect((await call("DELETE", `/invitations/${second.body.id}`, { token: ws.token })).status).toBe(204);
		const latest = await tokenFromMail(email, "/accept-invite");
		expect((await call("POST", "/invitations/accept", { json: { token: latest, name: "X", password: "a long new password" } })).status).toBe(410);
		expect((await call("POST", "/invitations/accept", { json: { token: "nope", name: "X", password: "a long new password" } })).status).toBe(404);
	});

	it("only owners and managers invite; only owners invite owners; bad input names the field", async () => {
		const ws = await signUp();
		const manager = await addMember(ws, "manager");
		const author = await addMember(ws, "author");
		expect((await call("POST", "/invitations", { token: author.token, json: { email: fresh(), role: "author" } })).status).toBe(403);
		expect((await call("POST", "/invitations", { token: manager.token, json: { email: fresh(), role: "owner" } })).status).toBe(403);
		expect((await call("POST", "/invitations", { token: manager.token, json: { email: fresh(), role: "author" } })).status).toBe(201);
		const bad = await call("POST", "/invitations", { token: ws.token, json: { email: "not-an-email", role: "chief" } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(["email", "role"]);
		const taken = await call("POST", "/invitations", { token: ws.token, json: { email: manager.email, role: "author" } });
		expect(taken.status).toBe(409);
		const short = await call("POST", "/invitations/accept", { json: { token: "x", name: "X", password: "short" } });
		expect(short.body.error.issues[0].path).toEqual(["password"]);
		// Another workspace's invitation is invisible.
		const other = await signUp();
		const mine = await call("POST", "/invitations", { token: ws.token, json: { email: fresh(), role: "author" } });
		expect((await call("DELETE", `/invitations/${mine.body.id}`, { token: other.token })).status).toBe(404);
	});
});

describe("password reset", { timeout: 20_000 }, () => {
	it("mails a single-use, expiring link; the new password works and old sessions end", async () => {
		const ws = await signUp();
		const member = await addMember(ws, "author");
		const session = (await call("POST", "/session", { json: { email: member.email, password: "correct horse battery" } })).headers
			.get("Set-Cookie")!
			.split(";")[0]!;
		const now = Date.now();
		const asked = await call("POST", "/password-resets", { json: { email: member.email }, headers: at(now) });
		expect(asked.status).toBe(202);
		// Unknown addresses get the same answer and no mail.
		const unknown = fresh();
		expect((await call("POST", "/password-resets", { json: { email: unknown } })).status).toBe(202);
		expect(await lastMailTo(unknown)).toBeNull();

		const token = await tokenFromMail(member.email, "/reset-password");
		const expired = await call("POST", "/password-resets/confirm", { json: { token, password: "a brand new password" }, headers: at(now + 61 * 60_000) });
		expect(expired.status).toBe(410);
		const done = await call("POST", "/password-resets/confirm", { json: { token, password: "a brand new password" }, headers: at(now + 60_000) });
		expect(done.status).toBe(204);
		expect((await call("GET", "/me", { headers: { Cookie: session } })).status).toBe(401);
		expect((await call("POST", "/session", { json: { email: member.email, password: "correct horse battery" } })).status).toBe(401);
		expect((await call("POST", "/session", { json: { email: member.email, password: "a brand new password" } })).status).toBe(200);
		const reused = await call("POST", "/password-resets/confirm", { json: { token, password: "yet another password" } });
		expect(reused.status).toBe(410);
	});
});

describe("mail when deployed", { timeout: 20_000 }, () => {
	it("an invitation whose mail fails is withdrawn and answered 502; with a key it goes to the HTTP mail API", async () => {
		const { env } = await import("cloudflare:workers");
		const { vi } = await import("vitest");
		const { createDb } = await import("../../db/client");
		const { createInvitation } = await import("../../functions/services/invitations");
		const ws = await signUp();
		const db = createDb(env.DB);
		const actor = {
			id: ws.ownerId,
			personId: String(await env.DB.prepare("SELECT person_id FROM member WHERE id = ?").bind(ws.ownerId).first("person_id")),
			name: "Olive Owner",
			email: ws.email,
			role: "owner" as const,
			workspaceId: ws.id,
			via: "token" as const,
			credentialId: "t",
		};
		const deployed = { CHORUS_ENV: "production", MAIL_FROM: "Chorus <chorus@example.org>", MAIL_API_URL: "https://mail.example/emails" };

		const unconfigured = createInvitation(
			db,
			{ ...deployed, MAIL_API_KEY: "" },
			actor,
			{ email: fresh(), role: "author" },
			Date.now(),
			"https://chorus.example",
		);
		await expect(unconfigured).rejects.toMatchObject({ status: 502, code: "mail_failed" });
		const listed = await call("GET", "/invitations", { token: ws.token });
		expect(listed.body.items[0].state).toBe("revoked");

		const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("{}", { status: 200 }));
		try {
			const email = fresh();
			await createInvitation(db, { ...deployed, MAIL_API_KEY: "secret-key" }, actor, { email, role: "author" }, Date.now(), "https://chorus.example");
			const [url, init] = fetchSpy.mock.calls[0]!;
			// Through the outbound guard, which hands fetch the parsed URL.
			expect(String(url)).toBe("https://mail.example/emails");
			expect((init!.headers as Record<string, string>).Authorization).toBe("Bearer secret-key");
			const sent = JSON.parse(String(init!.body));
			expect(sent).toMatchObject({ from: "Chorus <chorus@example.org>", to: [email] });
			expect(sent.text).toMatch(/https:\/\/chorus\.example\/accept-invite\?token=[\w-]{43}/);
			// Deployed mail does not land in the dev mailbox.
			expect(await lastMailTo(email)).toBeNull();
		} finally {
			fetchSpy.mockRestore();
		}
	});
});
