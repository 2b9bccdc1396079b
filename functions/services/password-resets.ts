/**
 * Password reset by mail: a single-use link valid for PASSWORD_RESET_TTL_MS. Asking never says
 * whether the address is a person's. The password is the person's, so setting a new one ends
 * everything the person holds in every workspace: sessions, API tokens, calendar feed tokens and
 * pending invitations of each membership (access-revocation.ts), audited in each workspace.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findPersonByEmail, membershipsOf } from "../../db/queries/members";
import { passwordReset, person } from "../../db/schema";
import { linkState, PASSWORD_RESET_TTL_MS, unusableLink } from "../../domain/access-links";
import { hashPassword, randomSecret, sha256Hex } from "../auth/crypto";
import { clearSignInFailures } from "../auth/sign-in-limit";
import { ApiError, notFound } from "../errors";
import { sendMail } from "../mail/send";
import { heldAccess, revokeAccessStatements } from "./access-revocation";

const RESEND_AFTER_MS = 60_000;

export async function requestPasswordReset(db: Db, env: Parameters<typeof sendMail>[0], email: string, now: number, linkBase: string): Promise<void> {
	const found = await findPersonByEmail(db, email);
	if (!found) return;
	const memberships = await membershipsOf(db, found.id);
	// At most one mail a minute per person: the form cannot be used to flood someone's inbox.
	const [latest] = await db
		.select({ at: passwordReset.createdAt })
		.from(passwordReset)
		.where(eq(passwordReset.personId, found.id))
		.orderBy(desc(passwordReset.createdAt))
		.limit(1);
	if (latest && now - latest.at < RESEND_AFTER_MS) return;
	const secret = randomSecret();
	const id = newId();
	await db.batch([
		// Only the newest link works: asking again retires the earlier ones.
		db
			.update(passwordReset)
			.set({ usedAt: now })
			.where(and(eq(passwordReset.personId, found.id), isNull(passwordReset.usedAt))),
		db.insert(passwordReset).values({
			id,
			personId: found.id,
			tokenHash: await sha256Hex(secret),
			expiresAt: now + PASSWORD_RESET_TTL_MS,
			createdAt: now,
		}),
		...memberships.map((m) =>
			auditStatement(db, {
				workspaceId: m.workspace.id,
				actorId: m.member.id,
				action: "member.password_reset_requested",
				subject: `member:${m.member.id}`,
				at: now,
			}),
		),
	]);
	await sendMail(
		env,
		db,
		{
			to: found.email,
			subject: "Reset your Chorus password",
			text: [
				`Someone (hopefully you) asked to reset the password of ${found.email} on Chorus.`,
				"",
				`Choose a new password: ${linkBase}/reset-password?token=${secret}`,
				"",
				`The link works once and expires in ${PASSWORD_RESET_TTL_MS / 60_000} minutes. If you did not ask, ignore this mail.`,
			].join("\n"),
		},
		now,
	);
}

export async function resetPassword(db: Db, token: string, password: string, now: number): Promise<{ email: string }> {
	const found = await db.query.passwordReset.findFirst({ where: eq(passwordReset.tokenHash, await sha256Hex(token)) });
	if (!found) throw notFound("Reset link");
	const state = linkState(found, now);
	if (state !== "pending") throw new ApiError(410, `link_${state}`, unusableLink[state], { details: { state } });
	const claimed = await db
		.update(passwordReset)
		.set({ usedAt: now })
		.where(and(eq(passwordReset.id, found.id), isNull(passwordReset.usedAt), gt(passwordReset.expiresAt, now)))
		.returning({ id: passwordReset.id });
	if (claimed.length === 0) throw new ApiError(410, "link_accepted", unusableLink.accepted, { details: { state: "accepted" } });
	const target = await db.query.person.findFirst({ where: eq(person.id, found.personId) });
	if (!target) throw notFound("Member");
	// Whoever knew the old password is shut out everywhere, in every workspace of the person: not only
	// the sessions, but the API and feed tokens and the invitations that could have been made with it.
	// The second factor stays: a reset by mail must not also turn it off.
	const memberships = await membershipsOf(db, target.id);
	const revoked = await Promise.all(memberships.map((m) => heldAccess(db, m.workspace.id, m.member.id, now)));
	await db.batch([
		db
			.update(person)
			.set({ passwordHash: await hashPassword(password) })
			.where(eq(person.id, target.id)),
		...memberships.flatMap((m, i) => [
			...revokeAccessStatements(db, m.workspace.id, m.member.id, now),
			auditStatement(db, {
				workspaceId: m.workspace.id,
				actorId: m.member.id,
				action: "member.password_reset",
				subject: `member:${m.member.id}`,
				after: { revoked: revoked[i] },
				at: now,
			}),
		]),
	]);
	await clearSignInFailures(db, target.email);
	return { email: target.email };
}
