import { and, asc, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "../client";
import { member, person, workspace } from "../schema";

export type MemberRow = typeof member.$inferSelect;
export type PersonRow = typeof person.$inferSelect;
/** A membership with its person's address: what the API shows as a member. */
export type MemberWithEmail = MemberRow & { email: string };

/** The public shape of a member (API.md: `{ id, name, email, role }`). */
export const memberView = (m: Pick<MemberWithEmail, "id" | "name" | "email" | "role">) => ({
	id: m.id,
	name: m.name,
	email: m.email,
	role: m.role,
});

const withEmail = { ...getTableColumns(member), email: person.email };

export async function findPersonByEmail(db: Db, email: string): Promise<PersonRow | undefined> {
	return db.query.person.findFirst({ where: eq(person.email, email.toLowerCase()) });
}

/** A person's memberships with their workspaces, oldest first (sign-in lands in the first). */
export async function membershipsOf(db: Db, personId: string) {
	return db
		.select({ member, workspace })
		.from(member)
		.innerJoin(workspace, eq(workspace.id, member.workspaceId))
		.where(eq(member.personId, personId))
		.orderBy(asc(member.createdAt), asc(member.id));
}

/** The membership of a person in one workspace, if any. */
export async function membershipIn(db: Db, workspaceId: string, personId: string) {
	return db.query.member.findFirst({ where: and(eq(member.workspaceId, workspaceId), eq(member.personId, personId)) });
}

export async function getMember(db: Db, workspaceId: string, id: string): Promise<MemberWithEmail | undefined> {
	const [row] = await db
		.select(withEmail)
		.from(member)
		.innerJoin(person, eq(person.id, member.personId))
		.where(and(eq(member.workspaceId, workspaceId), eq(member.id, id)))
		.limit(1);
	return row;
}

export async function listMembers(db: Db, workspaceId: string): Promise<MemberWithEmail[]> {
	return db
		.select(withEmail)
		.from(member)
		.innerJoin(person, eq(person.id, member.personId))
		.where(eq(member.workspaceId, workspaceId))
		.orderBy(asc(member.createdAt), asc(member.id));
}
