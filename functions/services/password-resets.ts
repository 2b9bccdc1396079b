/**
 * Password reset by mail: a single-use link valid for PASSWORD_RESET_TTL_MS. Asking never says
 * whether the address is a member's. Setting the new password ends every session of the member and
 * revokes their API tokens, calendar feed tokens and pending invitations (access-revocation.ts).
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findMemberByEmail } from "../../db/queries/members";
import { member, passwordReset } from "../../db/schema";
import { linkState, PASSWORD_RESET_TTL_MS, unusableLink } from "../../domain/access-links";
import { hashPassword, randomSecret, sha256Hex } from "../auth/crypto";
import { clearSignInFailures } from "../auth/sign-in-limit";
import { ApiError, notFound } from "../errors";
import { sendMail } from "../mail/send";
import { heldAccess, revokeAccessStatements } from "./access-revocation";

const RESEND_AFTER_MS = 60_000;

export async function requestPasswordReset(db: Db, env: Parameters<typeof sendMail>[0], email: string, now: number, linkBase: string): Promise<void> {
	const found = await findMemberByEmail(db, email);
	if (!found) return;
	// At most one mail a minute per member: the form cannot be used to flood someone's inbox.
	const [latest] = await db
		.select({ at: passwordReset.createdAt })
		.from(passwordReset)
		.where(eq(passwordReset.memberId, found.member.id))
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
			.where(and(eq(passwordReset.memberId, found.member.id), isNull(passwordReset.usedAt))),
		db.insert(passwordReset).values({
			id,
			workspaceId: found.workspace.id,
			memberId: found.member.id,
			tokenHash: await sha256Hex(secret),
			expiresAt: now + PASSWORD_RESET_TTL_MS,
			createdAt: now,
		}),
		auditStatement(db, {
			workspaceId: found.workspace.id,
			actorId: found.member.id,
			action: "member.password_reset_requested",
			subject: `member:${found.member.id}`,
			at: now,
		}),
	]);
	await sendMail(
		env,
		db,
		{
			to: found.member.email,
			subject: "Reset your Chorus password",
			text: [
				`Someone (hopefully you) asked to reset the password of ${found.member.email} on Chorus.`,
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
	const target = await db.query.member.findFirst({ where: and(eq(member.id, found.memberId), eq(member.workspaceId, found.workspaceId)) });
	if (!target) throw notFound("Member");
	// Whoever knew the old password is shut out everywhere: not only its sessions, but the API and feed
	// tokens and the invitations that could have been made with it. The second factor stays: a reset by
	// mail must not also turn it off.
	const revoked = await heldAccess(db, target.workspaceId, target.id, now);
	await db.batch([
		db
			.update(member)
			.set({ passwordHash: await hashPassword(password) })
			.where(eq(member.id, target.id)),
		...revokeAccessStatements(db, target.workspaceId, target.id, now),
		auditStatement(db, {
			workspaceId: target.workspaceId,
			actorId: target.id,
			action: "member.password_reset",
			subject: `member:${target.id}`,
			after: { revoked },
			at: now,
		}),
	]);
	await clearSignInFailures(db, target.email);
	return { email: target.email };
}
