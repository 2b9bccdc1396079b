/**
 * What a member still answers for, and handing all of it to someone else when they leave: accounts
 * they own, open conversations they own, their shifts, and posts waiting for their approval.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { account, conversation, post, shift } from "../../db/schema";
import type { Role } from "../../domain/permissions";
import { can } from "../../domain/permissions";

export type Leftovers = {
	accounts: { id: string; handle: string }[];
	conversations: { id: string; accountId: string; author: string }[];
	shifts: { id: string; weekdays: number[]; start: string; end: string }[];
	pendingApprovals: { id: string; accountId: string }[];
};

export async function leftoversOf(db: Db, workspaceId: string, memberId: string): Promise<Leftovers> {
	const [accounts, conversations, shifts, pendingApprovals] = await Promise.all([
		db
			.select({ id: account.id, handle: account.handle })
			.from(account)
			.where(and(eq(account.workspaceId, workspaceId), eq(account.ownerId, memberId))),
		db
			.select({ id: conversation.id, accountId: conversation.accountId, author: conversation.authorHandle })
			.from(conversation)
			.where(and(eq(conversation.workspaceId, workspaceId), eq(conversation.ownerId, memberId), eq(conversation.status, "open"))),
		db
			.select({ id: shift.id, weekdays: shift.weekdays, start: shift.start, end: shift.end })
			.from(shift)
			.where(and(eq(shift.workspaceId, workspaceId), eq(shift.memberId, memberId))),
		db
			.select({ id: post.id, accountId: post.accountId })
			.from(post)
			.where(and(eq(post.workspaceId, workspaceId), eq(post.approvalFrom, memberId), eq(post.status, "pending_approval"))),
	]);
	return { accounts, conversations, shifts, pendingApprovals };
}

export const isEmpty = (l: Leftovers) => !l.accounts.length && !l.conversations.length && !l.shifts.length && !l.pendingApprovals.length;

/** "2 accounts, 1 open conversation and 3 shifts": what the 409 names. */
export function describeLeftovers(l: Leftovers): string {
	const parts = [
		[l.accounts.length, "account"],
		[l.conversations.length, "open conversation"],
		[l.shifts.length, "shift"],
		[l.pendingApprovals.length, "pending approval"],
	]
		.filter(([n]) => (n as number) > 0)
		.map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
	return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "nothing");
}

/**
 * The D1 statements that hand everything to `to` (the desks' conversation owners are moved by the
 * caller first). A post waiting for approval goes to `to` only if they may approve; otherwise to any manager.
 */
export function reassignStatements(db: Db, workspaceId: string, from: string, to: { id: string; role: Role }) {
	return [
		db
			.update(account)
			.set({ ownerId: to.id })
			.where(and(eq(account.workspaceId, workspaceId), eq(account.ownerId, from))),
		db
			.update(conversation)
			.set({ ownerId: to.id })
			.where(and(eq(conversation.workspaceId, workspaceId), eq(conversation.ownerId, from), eq(conversation.status, "open"))),
		db
			.update(shift)
			.set({ memberId: to.id })
			.where(and(eq(shift.workspaceId, workspaceId), eq(shift.memberId, from))),
		db
			.update(post)
			.set({ approvalFrom: can(to.role, "approve") ? to.id : null })
			.where(and(eq(post.workspaceId, workspaceId), eq(post.approvalFrom, from), eq(post.status, "pending_approval"))),
	];
}
