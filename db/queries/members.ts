import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { member, workspace } from "../schema";

export type MemberRow = typeof member.$inferSelect;

/** The public shape of a member (API.md: `{ id, name, email, role }`). */
export const memberView = (m: Pick<MemberRow, "id" | "name" | "email" | "role">) => ({
	id: m.id,
	name: m.name,
	email: m.email,
	role: m.role,
});

export async function findMemberByEmail(db: Db, email: string) {
	const rows = await db
		.select({ member, workspace })
		.from(member)
		.innerJoin(workspace, eq(workspace.id, member.workspaceId))
		.where(eq(member.email, email.toLowerCase()))
		.limit(1);
	return rows[0];
}

export async function getMember(db: Db, workspaceId: string, id: string) {
	return db.query.member.findFirst({ where: and(eq(member.workspaceId, workspaceId), eq(member.id, id)) });
}

export async function listMembers(db: Db, workspaceId: string) {
	return db.select().from(member).where(eq(member.workspaceId, workspaceId)).orderBy(asc(member.createdAt), asc(member.id));
}
