import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encryptCredentials } from "../../functions/auth/credentials";
import { hashPassword, sha256Hex } from "../../functions/auth/crypto";
import { hotp, newTotpSecret, stepAt } from "../../functions/auth/totp";
import { call } from "../helpers/api";

/**
 * Migration 0016 (people and memberships) on a database as it was at 0015: this file's storage is
 * its own, so it is emptied, migrated up to 0015, filled with rows the way the app wrote them until
 * now (members with passwords, a second factor sealed to the member, recovery codes, a session, API
 * and feed tokens, an audit history, a post, a pending reset link and invitation), then migrated to
 * the end. Everyone must still be signed in where they were, and sign in as before.
 */
const PEOPLE_MIGRATION = "0016_people_and_memberships.sql";
const PASSWORD = "correct horse battery";

async function emptyDatabase() {
	const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{
		name: string;
	}>();
	// Children before parents: the tables are empty, but D1 enforces the foreign keys on DROP.
	const order = (name: string) => (name === "workspace" ? 2 : name === "member" ? 1 : 0);
	for (const { name } of results.sort((x, y) => order(x.name) - order(y.name))) await env.DB.prepare(`DROP TABLE "${name}"`).run();
}

async function seedAt0015() {
	const now = Date.now();
	const ws = { id: "ws-old", name: "Old Agency" };
	const olive = { id: "m-olive", email: "olive@old.test", name: "Olive Owner" };
	const arto = { id: "m-arto", email: "arto@old.test", name: "Arto Author" };
	const secrets = { session: "old-session-secret", token: "chorus_old-api-token", feed: "old-feed-token", reset: "old-reset-link", invite: "old-invite-link" };
	const totp = newTotpSecret();
	// Sealed exactly as the 0015 code sealed it: bound to the workspace and to `totp:<member id>`.
	const sealed = await encryptCredentials(env.CREDENTIALS_KEY, ws.id, `totp:${olive.id}`, { secret: totp });
	const hash = await hashPassword(PASSWORD);
	const run = (sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args);
	await env.DB.batch([
		run("INSERT INTO workspace (id, name, timezone, created_at) VALUES (?, ?, 'Europe/Berlin', ?)", ws.id, ws.name, now - 86_400_000),
		run(
			"INSERT INTO member (id, workspace_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, 'owner', ?, ?)",
			olive.id,
			ws.id,
			olive.email,
			olive.name,
			hash,
			now - 86_400_000,
		),
		run(
			"INSERT INTO member (id, workspace_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, 'author', ?, ?)",
			arto.id,
			ws.id,
			arto.email,
			arto.name,
			hash,
			now - 3_600_000,
		),
		run(
			"INSERT INTO member_totp (member_id, workspace_id, secret, enabled_at, last_step, created_at) VALUES (?, ?, ?, ?, 0, ?)",
			olive.id,
			ws.id,
			sealed,
			now - 60_000,
			now - 60_000,
		),
		run("INSERT INTO recovery_code (id, member_id, code_hash) VALUES ('rc1', ?, ?)", olive.id, await sha256Hex("recovery-one")),
		run(
			"INSERT INTO session (id, workspace_id, member_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			await sha256Hex(secrets.session),
			ws.id,
			arto.id,
			now,
			now + 86_400_000,
		),
		run(
			"INSERT INTO api_token (id, workspace_id, member_id, name, token_hash, prefix, created_at) VALUES ('tok1', ?, ?, 'ci', ?, 'chorus_old-a', ?)",
			ws.id,
			olive.id,
			await sha256Hex(secrets.token),
			now,
		),
		run(
			"INSERT INTO feed_token (id, workspace_id, member_id, name, token_hash, prefix, created_at) VALUES ('feed1', ?, ?, 'phone', ?, 'old-feed', ?)",
			ws.id,
			arto.id,
			await sha256Hex(secrets.feed),
			now,
		),
		run("INSERT INTO account (id, workspace_id, network, handle, timezone) VALUES ('acc1', ?, 'sandbox', '@old', 'Europe/Berlin')", ws.id),
		run(
			"INSERT INTO post (id, workspace_id, group_id, account_id, body, status, timezone, author_id, updated_at) VALUES ('post1', ?, 'g1', 'acc1', 'written before people', 'draft', 'Europe/Berlin', ?, ?)",
			ws.id,
			arto.id,
			now,
		),
		run(
			"INSERT INTO audit_event (id, workspace_id, at, actor_id, action, subject, after) VALUES ('ev1', ?, ?, ?, 'member.add', ?, '{\"role\":\"author\"}')",
			ws.id,
			now - 3_600_000,
			olive.id,
			`member:${arto.id}`,
		),
		run(
			"INSERT INTO password_reset (id, workspace_id, member_id, token_hash, expires_at, created_at) VALUES ('pr1', ?, ?, ?, ?, ?)",
			ws.id,
			arto.id,
			await sha256Hex(secrets.reset),
			now + 3_600_000,
			now,
		),
		run(
			"INSERT INTO invitation (id, workspace_id, email, role, invited_by, token_hash, expires_at, created_at) VALUES ('inv1', ?, 'nia@old.test', 'analyst', ?, ?, ?, ?)",
			ws.id,
			olive.id,
			await sha256Hex(secrets.invite),
			now + 86_400_000,
			now,
		),
	]);
	return { ws, olive, arto, secrets, totp };
}

describe("migration 0016: members become people with memberships", { timeout: 60_000 }, () => {
	it("keeps sessions, API and feed tokens, the second factor, reset links, invitations and the audit history", async () => {
		const all = env.TEST_MIGRATIONS;
		const upTo0015 = all.slice(
			0,
			all.findIndex((m) => m.name === PEOPLE_MIGRATION),
		);
		expect(upTo0015.at(-1)?.name).toBe("0015_bell_and_feedback.sql");
		await emptyDatabase();
		await applyD1Migrations(env.DB, upTo0015);
		const { ws, olive, arto, secrets, totp } = await seedAt0015();
		await applyD1Migrations(env.DB, all);

		// One person per member, with the member's own id, email, name and password; the member is the membership.
		const people = await env.DB.prepare("SELECT id, email, name FROM person ORDER BY email").all();
		expect(people.results).toEqual([
			{ id: arto.id, email: arto.email, name: arto.name },
			{ id: olive.id, email: olive.email, name: olive.name },
		]);
		const memberships = await env.DB.prepare("SELECT id, person_id, workspace_id, role FROM member ORDER BY id").all();
		expect(memberships.results).toEqual([
			{ id: arto.id, person_id: arto.id, workspace_id: ws.id, role: "author" },
			{ id: olive.id, person_id: olive.id, workspace_id: ws.id, role: "owner" },
		]);

		// The session and the API token still act as their member, in their workspace.
		const bySession = await call("GET", "/me", { headers: { Cookie: `__Host-chorus_session=${secrets.session}` } });
		expect(bySession.status).toBe(200);
		expect(bySession.body).toMatchObject({ member: { id: arto.id, email: arto.email, role: "author" }, workspace: { id: ws.id } });
		expect(bySession.body.memberships).toEqual([{ memberId: arto.id, workspace: { id: ws.id, name: ws.name }, role: "author", current: true }]);
		const byToken = await call("GET", "/me", { token: secrets.token });
		expect(byToken.body).toMatchObject({ member: { id: olive.id, email: olive.email, role: "owner" }, workspace: { id: ws.id } });
		// The feed token still reads the calendar; the post still names its author.
		expect((await call("GET", `/calendar.ics?token=${secrets.feed}`)).status).toBe(200);
		const post = await call("GET", "/posts/post1", { token: secrets.token });
		expect(post.body.author).toEqual({ id: arto.id, name: arto.name });

		// The audit history is intact and still names its actors.
		const audit = await call("GET", `/audit?subject=member:${arto.id}`, { token: secrets.token });
		expect(audit.body.items).toEqual([expect.objectContaining({ id: "ev1", actor: olive.id, action: "member.add" })]);

		// Sign-in as before: Arto with his password; Olive's second factor, sealed to her member id, still opens.
		expect((await call("POST", "/session", { json: { email: arto.email, password: PASSWORD } })).status).toBe(200);
		const noCode = await call("POST", "/session", { json: { email: olive.email, password: PASSWORD } });
		expect(noCode.body.error.code).toBe("second_factor_required");
		const code = await hotp(totp, stepAt(Date.now()));
		const withCode = await call("POST", "/session", { json: { email: olive.email, password: PASSWORD, code } });
		expect(withCode.status).toBe(200);
		expect(withCode.body.member).toMatchObject({ id: olive.id, role: "owner" });
		expect((await call("POST", "/session", { json: { email: olive.email, password: PASSWORD, recoveryCode: "recovery-one" } })).status).toBe(200);

		// The pending invitation still works (a new person), and the pending reset link still resets Arto's password.
		const joined = await call("POST", "/invitations/accept", { json: { token: secrets.invite, name: "Nia", password: "a long new password" } });
		expect(joined.status).toBe(201);
		expect(joined.body.member).toMatchObject({ email: "nia@old.test", role: "analyst" });
		expect((await call("POST", "/password-resets/confirm", { json: { token: secrets.reset, password: "arto's new password" } })).status).toBe(204);
		expect((await call("GET", "/me", { headers: { Cookie: `__Host-chorus_session=${secrets.session}` } })).status).toBe(401);
		expect((await call("POST", "/session", { json: { email: arto.email, password: "arto's new password" } })).status).toBe(200);
		// The address is unique per person now, not per member.
		await expect(env.DB.prepare("INSERT INTO person (id, email, name) VALUES ('p-dup', ?, 'Dup')").bind(olive.email).run()).rejects.toThrow(/UNIQUE/);
	});
});
