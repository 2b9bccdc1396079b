/**
 * One person, several workspaces: the memberships a person holds (GET /me, the header's switcher),
 * moving a browser session from one to another, and a new workspace made by someone signed in.
 * A session switches; an API token never does: it stays bound to the membership that made it.
 */
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { membershipIn, membershipsOf } from "../../db/queries/members";
import { getWorkspace, type WorkspaceRow } from "../../db/queries/workspaces";
import { member, workspace } from "../../db/schema";
import { switchSession } from "../auth/sessions";
import type { Actor } from "../context";
import { ApiError, forbidden, notFound } from "../errors";

export type MembershipView = { memberId: string; workspace: { id: string; name: string }; role: Actor["role"]; current: boolean };

export async function listMemberships(db: Db, actor: Pick<Actor, "id" | "personId">): Promise<MembershipView[]> {
	const rows = await membershipsOf(db, actor.personId);
	return rows.map((r) => ({
		memberId: r.member.id,
		workspace: { id: r.workspace.id, name: r.workspace.name },
		role: r.member.role,
		current: r.member.id === actor.id,
	}));
}

/**
 * Moves the caller's session to their membership in `workspaceId`. Only a session switches (a token
 * is bound to one membership: 403); a workspace the person is not a member of is 404, like any other
 * workspace's id.
 */
export async function switchWorkspace(db: Db, actor: Actor, workspaceId: string) {
	if (actor.via !== "session") throw forbidden("An API token is bound to its workspace; sign in to switch workspaces");
	const target = await membershipIn(db, workspaceId, actor.personId);
	const ws = target ? await getWorkspace(db, workspaceId) : undefined;
	if (!target || !ws) throw notFound("Workspace");
	if (!(await switchSession(db, actor.credentialId, actor.personId, { memberId: target.id, workspaceId }))) throw notFound("Workspace");
	return { member: target, workspace: ws };
}

/**
 * A signed-in person makes another workspace and owns it; their session moves there. The same
 * person then holds one membership per workspace, each with its own role.
 */
export async function createWorkspaceFor(db: Db, actor: Actor, input: { name: string; timezone: string }, now: number) {
	if (actor.via !== "session") throw forbidden("Create a workspace signed in (a token is bound to its workspace)");
	const ws: WorkspaceRow = {
		id: newId(),
		name: input.name,
		timezone: input.timezone,
		duplicateWindowHours: 72,
		paused: false,
		pausedAt: null,
		pausedById: null,
		shortenLinks: false,
		createdAt: now,
	};
	const owner = { id: newId(), workspaceId: ws.id, personId: actor.personId, name: actor.name, role: "owner" as const, createdAt: now };
	await db.batch([
		db.insert(workspace).values(ws),
		db.insert(member).values(owner),
		auditStatement(db, { workspaceId: ws.id, actorId: owner.id, action: "workspace.create", subject: `workspace:${ws.id}`, after: { name: ws.name }, at: now }),
	]);
	if (!(await switchSession(db, actor.credentialId, actor.personId, { memberId: owner.id, workspaceId: ws.id }))) {
		throw new ApiError(409, "session_gone", "The session ended meanwhile; sign in again");
	}
	return { workspace: ws, member: { ...owner, email: actor.email } };
}
