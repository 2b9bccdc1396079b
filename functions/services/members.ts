/**
 * Members' use cases, shared by /api/v1/members and the team page: change a role (only owners make or
 * unmake owners; never the last owner) and remove a member, which is refused while they still answer
 * for anything unless it is all reassigned in the same request. Every change is audited.
 */
import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditStatement } from "../../db/queries/audit";
import { getMember, memberView } from "../../db/queries/members";
import { invitation, member, memberTotp, notificationPreference, passwordReset, person, post, recoveryCode } from "../../db/schema";
import type { NotifyEvent } from "../../domain/notifications";
import { can, type Role } from "../../domain/permissions";
import { dispatchSoon, eventStatement } from "../../queues/notify-events";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { ApiError, invalidField, notFound } from "../errors";
import { heldAccess, pendingInvitationsFrom, revokeAccessStatements } from "./access-revocation";
import type { ServiceContext } from "./context";
import { describeLeftovers, isEmpty, leftoversOf, reassignStatements } from "./offboarding";

/** Only owners make or unmake owners. */
export function assertMayAssign(actor: Actor, fromRole: string | undefined, toRole: string | undefined) {
	if (fromRole === "owner" || toRole === "owner") requirePermission(actor, "manage_owners");
}

async function ownerCount(db: Db, workspaceId: string) {
	const [row] = await db
		.select({ n: count() })
		.from(member)
		.where(and(eq(member.workspaceId, workspaceId), eq(member.role, "owner")));
	return row?.n ?? 0;
}

export async function updateMember(ctx: ServiceContext, id: string, input: { name?: string; role?: Role }) {
	const { db, actor } = ctx;
	requirePermission(actor, "manage_members");
	const target = await getMember(db, actor.workspaceId, id);
	if (!target) throw notFound("Member");
	assertMayAssign(actor, target.role, input.role);
	if (target.role === "owner" && input.role && input.role !== "owner" && (await ownerCount(db, actor.workspaceId)) <= 1) {
		throw invalidField(["role"], "The last owner cannot be demoted; make someone else owner first", 422);
	}
	const after = { ...target, ...input };
	// Someone who may no longer approve leaves the posts waiting for them to any manager.
	const losesApproval = input.role !== undefined && can(target.role, "approve") && !can(input.role, "approve");
	// The invitations they sent speak for them: those they could no longer send are withdrawn.
	const pending = pendingInvitationsFrom(actor.workspaceId, target.id, ctx.now);
	const withdraw =
		input.role === undefined
			? undefined
			: can(target.role, "manage_members") && !can(input.role, "manage_members")
				? pending
				: can(target.role, "manage_owners") && !can(input.role, "manage_owners")
					? and(pending, eq(invitation.role, "owner"))
					: undefined;
	await db.batch([
		db
			.update(member)
			.set(input)
			.where(and(eq(member.workspaceId, actor.workspaceId), eq(member.id, target.id))),
		...(losesApproval
			? [
					db
						.update(post)
						.set({ approvalFrom: null })
						.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.approvalFrom, target.id), eq(post.status, "pending_approval"))),
				]
			: []),
		...(withdraw ? [db.update(invitation).set({ revokedAt: ctx.now }).where(withdraw)] : []),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "member.update",
			subject: `member:${target.id}`,
			before: memberView(target),
			after: memberView(after),
			at: ctx.now,
		}),
	]);
	return memberView(after);
}

export async function removeMember(ctx: ServiceContext, id: string, reassignTo: string | undefined) {
	const { db, actor, now } = ctx;
	requirePermission(actor, "manage_members");
	const target = await getMember(db, actor.workspaceId, id);
	if (!target) throw notFound("Member");
	assertMayAssign(actor, target.role, undefined);
	if (target.role === "owner" && (await ownerCount(db, actor.workspaceId)) <= 1) {
		throw new ApiError(409, "last_owner", "The last owner cannot be removed");
	}
	const left = await leftoversOf(db, actor.workspaceId, target.id);
	if (!isEmpty(left) && !reassignTo) {
		throw new ApiError(409, "member_has_responsibilities", `${target.name} still has ${describeLeftovers(left)}; reassign them first or pass reassignTo`, {
			details: left,
		});
	}
	const heir = reassignTo ? await getMember(db, actor.workspaceId, reassignTo) : undefined;
	if (reassignTo && (reassignTo === target.id || !heir)) {
		throw invalidField(["reassignTo"], "Must be another member of this workspace", 422);
	}
	// The desks decide conversation owners: move them there first, then mirror it in D1 below.
	if (heir) {
		for (const conv of left.conversations) await ctx.desks.getByName(conv.accountId).handoffConversation(conv.id, actor.id, heir.id, true, now);
	}
	const handedOver: NotifyEvent[] = heir
		? left.conversations.map((conv) => ({ kind: "conversation_assigned", conversationId: conv.id, to: heir.id, by: actor.id, at: now }))
		: [];
	// Access through this membership ends at once, in the same batch as the membership: the sessions
	// standing in it, its API and feed tokens, and the invitations it sent (an invitation speaks for
	// whoever sent it; it must not outlive them). The person's other memberships keep theirs. A person
	// left with no membership at all is deleted with their second factor, so the address is free again.
	const revoked = await heldAccess(db, actor.workspaceId, target.id, now);
	const personId = target.personId ?? "";
	const [elsewhere] = await db
		.select({ n: count() })
		.from(member)
		.where(and(eq(member.personId, personId), ne(member.id, target.id)));
	const lastMembership = (elsewhere?.n ?? 0) === 0;
	await db.batch([
		...revokeAccessStatements(db, actor.workspaceId, target.id, now),
		...(heir ? reassignStatements(db, actor.workspaceId, target.id, heir) : []),
		db.delete(notificationPreference).where(eq(notificationPreference.memberId, target.id)),
		db.delete(member).where(and(eq(member.workspaceId, actor.workspaceId), eq(member.id, target.id))),
		...(lastMembership
			? [
					db.delete(memberTotp).where(eq(memberTotp.personId, personId)),
					db.delete(recoveryCode).where(eq(recoveryCode.personId, personId)),
					db.delete(passwordReset).where(eq(passwordReset.personId, personId)),
					db.delete(person).where(eq(person.id, personId)),
				]
			: []),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "member.remove",
			subject: `member:${target.id}`,
			before: memberView(target),
			after: {
				reassignTo: heir?.id ?? null,
				accounts: left.accounts.map((a) => a.id),
				conversations: left.conversations.map((x) => x.id),
				shifts: left.shifts.map((x) => x.id),
				pendingApprovals: left.pendingApprovals.map((x) => x.id),
				revoked,
			},
			at: now,
		}),
		...handedOver.map((e) => eventStatement(db, actor.workspaceId, e, now)),
	]);
	await dispatchSoon(db, ctx.notify, actor.workspaceId, handedOver, now);
}
