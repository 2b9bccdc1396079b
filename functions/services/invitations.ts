/**
 * Invitations: an owner or manager invites an email with a role; the mailed link (only its hash is
 * stored) works once and for INVITATION_TTL_MS. Accepting sets a password and makes the member, or
 * gives a member added without a password their password. Shared by the API and the web pages.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findMemberByEmail, getMember, memberView } from "../../db/queries/members";
import { getWorkspace } from "../../db/queries/workspaces";
import { invitation, member } from "../../db/schema";
import { INVITATION_TTL_MS, linkState, unusableLink } from "../../domain/access-links";
import { can, type Role } from "../../domain/permissions";
import { requirePermission } from "../auth/authorize";
import { hashPassword, randomSecret, sha256Hex } from "../auth/crypto";
import { assertInvitationAllowed } from "../auth/invitation-limit";
import type { Actor } from "../context";
import { ApiError, notFound } from "../errors";
import { type Mail, MailError, sendMail } from "../mail/send";

type InvitationRow = typeof invitation.$inferSelect;
type MailEnv = Parameters<typeof sendMail>[0];

export const invitationView = (i: InvitationRow, now: number) => ({
	id: i.id,
	email: i.email,
	role: i.role,
	invitedBy: i.invitedBy,
	state: linkState(i, now),
	expiresAt: new Date(i.expiresAt).toISOString(),
	acceptedAt: i.acceptedAt ? new Date(i.acceptedAt).toISOString() : null,
	memberId: i.acceptedMemberId,
});

const emailTaken = () =>
	new ApiError(409, "email_taken", "email: a member with this email already exists", { issues: [{ path: ["email"], message: "already in use" }] });

export function invitationMail(to: string, inviter: string, workspaceName: string, role: Role, link: string): Mail {
	return {
		to,
		subject: `${inviter} invited you to ${workspaceName} on Chorus`,
		text: [
			`${inviter} invited you to join ${workspaceName} on Chorus as ${role === "analyst" || role === "author" ? "an" : "a"} ${role}.`,
			"",
			`Accept and choose your password: ${link}`,
			"",
			`The link works once and expires in ${INVITATION_TTL_MS / 86_400_000} days.`,
		].join("\n"),
	};
}

/**
 * What an address that already belongs to another workspace gets instead of a link: one address is in
 * one workspace for now (memberships across workspaces come later), and the inviter must not learn
 * that the address is known, so the invitation is made and answered exactly like any other.
 */
export function alreadyRegisteredMail(to: string, inviter: string, workspaceName: string, linkBase: string): Mail {
	return {
		to,
		subject: `${inviter} invited you to ${workspaceName} on Chorus`,
		text: [
			`${inviter} invited you to join ${workspaceName} on Chorus.`,
			"",
			"Your address already belongs to a Chorus workspace, and for now one address can be in one workspace,",
			`so this invitation cannot be accepted. To join ${workspaceName}, ask ${inviter} to invite another address of yours.`,
			"",
			`Sign in to your workspace: ${linkBase}/sign-in`,
			`Forgot your password? ${linkBase}/forgot-password`,
		].join("\n"),
	};
}

export async function createInvitation(db: Db, env: MailEnv, actor: Actor, input: { email: string; role: Role }, now: number, linkBase: string) {
	requirePermission(actor, "manage_members");
	if (input.role === "owner") requirePermission(actor, "manage_owners");
	const email = input.email.toLowerCase();
	const existing = await findMemberByEmail(db, email);
	// A member of this workspace with a password already has a way in, and the inviter sees them on
	// the member list, so saying so tells nothing new. Someone added without a password may be
	// invited to set one. An address of another workspace is never named (alreadyRegisteredMail).
	const knownElsewhere = existing !== undefined && existing.workspace.id !== actor.workspaceId;
	if (existing && !knownElsewhere && existing.member.passwordHash !== null) throw emailTaken();
	await assertInvitationAllowed(db, actor.workspaceId, email, now);
	const ws = await getWorkspace(db, actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	const secret = randomSecret();
	const row: InvitationRow = {
		id: newId(),
		workspaceId: actor.workspaceId,
		email,
		role: input.role,
		invitedBy: actor.id,
		tokenHash: await sha256Hex(secret),
		expiresAt: now + INVITATION_TTL_MS,
		acceptedAt: null,
		acceptedMemberId: null,
		revokedAt: null,
		createdAt: now,
	};
	const pendingForEmail = and(
		eq(invitation.workspaceId, actor.workspaceId),
		eq(invitation.email, email),
		isNull(invitation.acceptedAt),
		isNull(invitation.revokedAt),
	);
	await db.batch([
		// A new invitation replaces any earlier one to the same address: only the latest link works.
		db.update(invitation).set({ revokedAt: now }).where(pendingForEmail),
		db.insert(invitation).values(row),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "invitation.create",
			subject: `invitation:${row.id}`,
			after: { email, role: input.role },
			at: now,
		}),
	]);
	try {
		const mail = knownElsewhere
			? alreadyRegisteredMail(email, actor.name, ws.name, linkBase)
			: invitationMail(email, actor.name, ws.name, input.role, `${linkBase}/accept-invite?token=${secret}`);
		await sendMail(env, db, mail, now);
	} catch (error) {
		if (!(error instanceof MailError)) throw error;
		// An invitation nobody received is withdrawn, so the inviter can simply try again.
		await db.update(invitation).set({ revokedAt: now }).where(eq(invitation.id, row.id));
		throw new ApiError(502, "mail_failed", `The invitation could not be mailed: ${error.message}`);
	}
	return invitationView(row, now);
}

export async function listInvitations(db: Db, actor: Actor, now: number) {
	requirePermission(actor, "manage_members");
	const rows = await db.select().from(invitation).where(eq(invitation.workspaceId, actor.workspaceId)).orderBy(desc(invitation.createdAt)).limit(200);
	return rows.map((r) => invitationView(r, now));
}

export async function revokeInvitation(db: Db, actor: Actor, id: string, now: number) {
	requirePermission(actor, "manage_members");
	const found = await db.query.invitation.findFirst({ where: and(eq(invitation.workspaceId, actor.workspaceId), eq(invitation.id, id)) });
	if (!found) throw notFound("Invitation");
	if (found.role === "owner") requirePermission(actor, "manage_owners");
	if (linkState(found, now) !== "pending") throw new ApiError(409, "not_pending", `This invitation is ${linkState(found, now)}`);
	await db.batch([
		db.update(invitation).set({ revokedAt: now }).where(eq(invitation.id, id)),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "invitation.revoke",
			subject: `invitation:${id}`,
			before: { email: found.email, role: found.role },
			at: now,
		}),
	]);
}

/**
 * The invitation a link names, usable or not; 404 when the link is not one of ours. An invitation
 * speaks for whoever sent it: once they have left, or may no longer invite to its role, it reads as
 * withdrawn (removal withdraws them too; this covers invitations sent before that rule existed).
 */
export async function invitationByToken(db: Db, token: string) {
	const found = await db.query.invitation.findFirst({ where: eq(invitation.tokenHash, await sha256Hex(token)) });
	if (!found) throw notFound("Invitation");
	const [ws, inviter] = await Promise.all([getWorkspace(db, found.workspaceId), getMember(db, found.workspaceId, found.invitedBy)]);
	if (!ws) throw notFound("Invitation");
	const inviterMay = !!inviter && can(inviter.role, "manage_members") && (found.role !== "owner" || can(inviter.role, "manage_owners"));
	const withdrawn = !inviterMay && !found.acceptedAt && !found.revokedAt;
	return { invitation: withdrawn ? { ...found, revokedAt: found.createdAt } : found, workspace: ws };
}

export function assertUsable(link: Parameters<typeof linkState>[0], now: number) {
	const state = linkState(link, now);
	if (state !== "pending") throw new ApiError(410, `link_${state}`, unusableLink[state], { details: { state } });
}

/** Accepts once: the claim is a conditional update, so two clicks racing make one member. */
export async function acceptInvitation(db: Db, input: { token: string; name: string; password: string }, now: number) {
	const { invitation: inv, workspace: ws } = await invitationByToken(db, input.token);
	assertUsable(inv, now);
	const existing = await findMemberByEmail(db, inv.email);
	if (existing && (existing.workspace.id !== inv.workspaceId || existing.member.passwordHash !== null)) throw emailTaken();
	const memberId = existing?.member.id ?? newId();
	const claimed = await db
		.update(invitation)
		.set({ acceptedAt: now, acceptedMemberId: memberId })
		.where(and(eq(invitation.id, inv.id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, now)))
		.returning({ id: invitation.id });
	if (claimed.length === 0) throw new ApiError(410, "link_accepted", unusableLink.accepted, { details: { state: "accepted" } });
	const passwordHash = await hashPassword(input.password);
	const row = {
		id: memberId,
		workspaceId: inv.workspaceId,
		email: inv.email,
		name: input.name,
		role: inv.role,
		passwordHash,
		createdAt: existing?.member.createdAt ?? now,
	};
	try {
		await db.batch([
			existing ? db.update(member).set({ name: input.name, role: inv.role, passwordHash }).where(eq(member.id, memberId)) : db.insert(member).values(row),
			auditStatement(db, {
				workspaceId: inv.workspaceId,
				actorId: memberId,
				action: "invitation.accept",
				subject: `member:${memberId}`,
				before: existing ? memberView(existing.member) : undefined,
				after: { ...memberView(row), invitation: inv.id, invitedBy: inv.invitedBy },
				at: now,
			}),
		]);
	} catch (error) {
		// The member could not be written (the email was taken a moment ago): the link stays usable.
		await db.update(invitation).set({ acceptedAt: null, acceptedMemberId: null }).where(eq(invitation.id, inv.id));
		throw error;
	}
	return { member: memberView(row), workspace: ws };
}
