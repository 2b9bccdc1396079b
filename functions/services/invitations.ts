/**
 * Invitations: an owner or manager invites an email with a role; the mailed link (only its hash is
 * stored) works once and for INVITATION_TTL_MS. The inviter is answered the same whether or not the
 * address has a Chorus sign-in (only a member of this very workspace, on its member list anyway, is
 * refused). Accepting adds a membership: a new person chooses a name and password; a person who has a
 * password already accepts signed in as themselves (their password is never set through a link);
 * someone added without a password sets it here. Shared by the API and the web pages.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findPersonByEmail, getMember, membershipIn, memberView } from "../../db/queries/members";
import { getWorkspace } from "../../db/queries/workspaces";
import { invitation, member, person } from "../../db/schema";
import { INVITATION_TTL_MS, linkState, unusableLink } from "../../domain/access-links";
import { can, type Role } from "../../domain/permissions";
import { requirePermission } from "../auth/authorize";
import { hashPassword, randomSecret, sha256Hex } from "../auth/crypto";
import { assertInvitationAllowed } from "../auth/invitation-limit";
import type { Actor } from "../context";
import { ApiError, forbidden, invalidField, notFound } from "../errors";
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

/** What a person who already has a Chorus sign-in gets: the same link, accepted signed in, no new password. */
export function existingPersonMail(to: string, inviter: string, workspaceName: string, role: Role, link: string): Mail {
	return {
		to,
		subject: `${inviter} invited you to ${workspaceName} on Chorus`,
		text: [
			`${inviter} invited you to join ${workspaceName} on Chorus as ${role === "analyst" || role === "author" ? "an" : "a"} ${role}.`,
			"",
			`You already have a Chorus sign-in with ${to}: open the link, sign in as usual, and accept. Your password stays as it is.`,
			link,
			"",
			`The link works once and expires in ${INVITATION_TTL_MS / 86_400_000} days. ${workspaceName} then appears in the workspace menu at the top.`,
		].join("\n"),
	};
}

export async function createInvitation(db: Db, env: MailEnv, actor: Actor, input: { email: string; role: Role }, now: number, linkBase: string) {
	requirePermission(actor, "manage_members");
	if (input.role === "owner") requirePermission(actor, "manage_owners");
	const email = input.email.toLowerCase();
	const existing = await findPersonByEmail(db, email);
	// A member of this workspace with a password already has a way in, and the inviter sees them on
	// the member list, so saying so tells nothing new. Someone added without a password may be
	// invited to set one. A person known only elsewhere is never named: same answer, another mail.
	const here = existing ? await membershipIn(db, actor.workspaceId, existing.id) : undefined;
	if (existing && here && existing.passwordHash !== null) throw emailTaken();
	const signsIn = existing !== undefined && existing.passwordHash !== null;
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
		const link = `${linkBase}/accept-invite?token=${secret}`;
		const mail = signsIn ? existingPersonMail(email, actor.name, ws.name, input.role, link) : invitationMail(email, actor.name, ws.name, input.role, link);
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

export type AcceptInput = { token: string; name?: string; password?: string };

/**
 * Who may accept: an address with a password belongs to a person who must be signed in as
 * themselves (`signedIn`, a session); anyone else proves the address by holding the link and
 * chooses a name and a password. Never sets the password of someone who has one.
 */
export async function acceptanceFor(db: Db, email: string, signedIn: Pick<Actor, "personId" | "via"> | null) {
	const existing = await findPersonByEmail(db, email);
	if (existing?.passwordHash) {
		if (signedIn?.via !== "session") {
			throw new ApiError(401, "sign_in_required", `You already have a Chorus sign-in: sign in as ${email}, then accept (your password stays as it is)`);
		}
		if (signedIn.personId !== existing.id) throw forbidden(`This invitation is for ${email}: sign out, then sign in as that address to accept`);
		return { existing, signedIn: true as const };
	}
	return { existing, signedIn: false as const };
}

/** Accepts once: the claim is a conditional update, so two clicks racing make one membership. */
export async function acceptInvitation(db: Db, input: AcceptInput, now: number, signedIn: Pick<Actor, "personId" | "via"> | null = null) {
	const { invitation: inv, workspace: ws } = await invitationByToken(db, input.token);
	assertUsable(inv, now);
	const { existing, signedIn: asPerson } = await acceptanceFor(db, inv.email, signedIn);
	if (!asPerson && !input.name) throw invalidField(["name"], "Required");
	if (!asPerson && !input.password) throw invalidField(["password"], "Required");
	const personId = existing?.id ?? newId();
	const membership = existing ? await membershipIn(db, inv.workspaceId, existing.id) : undefined;
	const memberId = membership?.id ?? newId();
	const claimed = await db
		.update(invitation)
		.set({ acceptedAt: now, acceptedMemberId: memberId })
		.where(and(eq(invitation.id, inv.id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, now)))
		.returning({ id: invitation.id });
	if (claimed.length === 0) throw new ApiError(410, "link_accepted", unusableLink.accepted, { details: { state: "accepted" } });
	const name = asPerson ? (existing?.name ?? "") : (input.name ?? "");
	const passwordHash = asPerson ? undefined : await hashPassword(input.password ?? "");
	const row = { id: memberId, workspaceId: inv.workspaceId, personId, name, role: inv.role, createdAt: membership?.createdAt ?? now };
	const before = membership ? memberView({ ...membership, email: inv.email }) : undefined;
	try {
		await db.batch([
			// The person first (the membership references them): a new one, or a password for one who had none.
			existing
				? db
						.update(person)
						.set(passwordHash ? { passwordHash, name } : { name: existing.name })
						.where(eq(person.id, personId))
				: db.insert(person).values({ id: personId, email: inv.email, name, passwordHash: passwordHash ?? null, createdAt: now }),
			membership
				? db
						.update(member)
						.set({ name: asPerson ? membership.name : name, role: inv.role })
						.where(eq(member.id, memberId))
				: db.insert(member).values(row),
			auditStatement(db, {
				workspaceId: inv.workspaceId,
				actorId: memberId,
				action: "invitation.accept",
				subject: `member:${memberId}`,
				before,
				after: { ...memberView({ ...row, email: inv.email }), invitation: inv.id, invitedBy: inv.invitedBy },
				at: now,
			}),
		]);
	} catch (error) {
		// The person could not be written (the email was taken a moment ago): the link stays usable.
		await db.update(invitation).set({ acceptedAt: null, acceptedMemberId: null }).where(eq(invitation.id, inv.id));
		throw error;
	}
	return { member: memberView({ ...row, name: membership && asPerson ? membership.name : name, email: inv.email }), workspace: ws, joined: asPerson };
}
