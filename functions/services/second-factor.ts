/**
 * The optional second factor for owners and managers: enrol (a secret and otpauth URI, confirmed by a
 * first code), ten one-time recovery codes (stored hashed), the check at sign-in, and turning it off.
 * It is the person's: one sign-in, so one second factor for all their workspaces (enrolling needs a
 * role that may approve in the workspace enrolled from; the audit entries go to that workspace).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { memberTotp, recoveryCode } from "../../db/schema";
import { can } from "../../domain/permissions";
import { decryptCredentials, encryptCredentials } from "../auth/credentials";
import { randomSecret, sha256Hex } from "../auth/crypto";
import { newTotpSecret, otpauthUri, verifyTotp } from "../auth/totp";
import type { Actor } from "../context";
import { ApiError, forbidden, invalidField } from "../errors";

const RECOVERY_CODES = 10;
type Who = Pick<Actor, "id" | "personId" | "workspaceId" | "email" | "role">;
type Sealing = { personId: string; workspaceId: string };

// The secret is sealed like account credentials, bound to the person and the workspace it was enrolled
// from (kept in the row's workspace_id) so it cannot be moved. Before people existed the person's id
// was the member's, so secrets sealed then still open.
const seal = (key: string | undefined, at: Sealing, secret: string) => encryptCredentials(key, at.workspaceId, `totp:${at.personId}`, { secret });
const unseal = async (key: string | undefined, at: Sealing, sealed: string) =>
	String((await decryptCredentials(key, at.workspaceId, `totp:${at.personId}`, sealed)).secret);

export async function totpEnabled(db: Db, personId: string): Promise<boolean> {
	const row = await db.query.memberTotp.findFirst({ where: eq(memberTotp.personId, personId) });
	return !!row?.enabledAt;
}

export async function startEnrolment(db: Db, key: string | undefined, who: Who, now: number) {
	if (!can(who.role, "approve")) throw forbidden("The second factor is for owners and managers");
	if (await totpEnabled(db, who.personId)) throw new ApiError(409, "already_enabled", "The second factor is already on; turn it off first to enrol again");
	const secret = newTotpSecret();
	const sealed = await seal(key, who, secret);
	await db
		.insert(memberTotp)
		.values({ personId: who.personId, workspaceId: who.workspaceId, secret: sealed, enabledAt: null, lastStep: 0, createdAt: now })
		.onConflictDoUpdate({ target: memberTotp.personId, set: { workspaceId: who.workspaceId, secret: sealed, enabledAt: null, lastStep: 0, createdAt: now } });
	return { secret, otpauthUri: otpauthUri(secret, who.email) };
}

/** An enrolment started but not yet confirmed: its secret again, so a mistyped first code can be retried. */
export async function pendingEnrolment(db: Db, key: string | undefined, who: Who) {
	const row = await db.query.memberTotp.findFirst({ where: eq(memberTotp.personId, who.personId) });
	if (!row || row.enabledAt) return undefined;
	const secret = await unseal(key, row, row.secret);
	return { secret, otpauthUri: otpauthUri(secret, who.email) };
}

/** The first valid code turns it on; the recovery codes are returned this once and stored hashed. */
export async function confirmEnrolment(db: Db, key: string | undefined, who: Who, code: string, now: number): Promise<string[]> {
	const row = await db.query.memberTotp.findFirst({ where: eq(memberTotp.personId, who.personId) });
	if (!row) throw new ApiError(409, "not_enrolling", "Start the enrolment first (POST /second-factor)");
	if (row.enabledAt) throw new ApiError(409, "already_enabled", "The second factor is already on");
	const step = await verifyTotp(await unseal(key, row, row.secret), code, now, row.lastStep);
	if (step === null) throw invalidField(["code"], "Not the current code of your authenticator app", 422);
	const codes = Array.from({ length: RECOVERY_CODES }, () => randomSecret(8).replace(/[-_]/g, "x").slice(0, 10).toLowerCase());
	const hashes = await Promise.all(codes.map((c) => sha256Hex(c)));
	await db.batch([
		db.update(memberTotp).set({ enabledAt: now, lastStep: step }).where(eq(memberTotp.personId, who.personId)),
		db.delete(recoveryCode).where(eq(recoveryCode.personId, who.personId)),
		db.insert(recoveryCode).values(hashes.map((codeHash) => ({ id: newId(), personId: who.personId, codeHash }))),
		auditStatement(db, { workspaceId: who.workspaceId, actorId: who.id, action: "member.second_factor_on", subject: `member:${who.id}`, at: now }),
	]);
	return codes;
}

/**
 * The sign-in check, after the password: nothing to do without a second factor; otherwise a current
 * code (never one already used) or an unused recovery code, which is then spent.
 */
export async function checkSecondFactor(
	db: Db,
	key: string | undefined,
	personId: string,
	proof: { code?: string; recoveryCode?: string },
	now: number,
): Promise<"none" | "ok" | "missing" | "wrong"> {
	const row = await db.query.memberTotp.findFirst({ where: eq(memberTotp.personId, personId) });
	if (!row?.enabledAt) return "none";
	if (proof.code) {
		const step = await verifyTotp(await unseal(key, row, row.secret), proof.code.trim(), now, row.lastStep);
		if (step === null) return "wrong";
		// Conditional: two sign-ins racing with the same code, one wins.
		const moved = await db
			.update(memberTotp)
			.set({ lastStep: step })
			.where(and(eq(memberTotp.personId, personId), eq(memberTotp.lastStep, row.lastStep)))
			.returning({ id: memberTotp.personId });
		return moved.length ? "ok" : "wrong";
	}
	if (proof.recoveryCode) {
		const hash = await sha256Hex(proof.recoveryCode.trim().toLowerCase());
		const spent = await db
			.update(recoveryCode)
			.set({ usedAt: now })
			.where(and(eq(recoveryCode.personId, personId), eq(recoveryCode.codeHash, hash), isNull(recoveryCode.usedAt)))
			.returning({ id: recoveryCode.id });
		return spent.length ? "ok" : "wrong";
	}
	return "missing";
}

export async function disableSecondFactor(db: Db, key: string | undefined, who: Who, proof: { code?: string; recoveryCode?: string }, now: number) {
	const result = await checkSecondFactor(db, key, who.personId, proof, now);
	if (result === "none") throw new ApiError(409, "not_enabled", "The second factor is not on");
	if (result !== "ok") throw invalidField([proof.recoveryCode ? "recoveryCode" : "code"], "Give a current code or an unused recovery code", 422);
	await db.batch([
		db.delete(memberTotp).where(eq(memberTotp.personId, who.personId)),
		db.delete(recoveryCode).where(eq(recoveryCode.personId, who.personId)),
		auditStatement(db, { workspaceId: who.workspaceId, actorId: who.id, action: "member.second_factor_off", subject: `member:${who.id}`, at: now }),
	]);
}
