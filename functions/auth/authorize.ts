import { can, type Permission } from "../../domain/permissions";
import type { Actor } from "../context";
import { forbidden } from "../errors";

const described: Record<Permission, string> = {
	read: "read this workspace",
	draft: "write drafts",
	schedule: "schedule posts",
	approve: "approve posts",
	manage_accounts: "manage accounts",
	manage_members: "manage members",
	manage_owners: "grant or remove the owner role",
	manage_workspace: "manage the workspace",
};

/** The one permission check: every route and page calls this before acting. */
export function requirePermission(actor: Actor, permission: Permission): void {
	if (!can(actor.role, permission)) {
		const article = /^[aeiou]/.test(actor.role) ? "An" : "A";
		throw forbidden(`${article} ${actor.role} may not ${described[permission]}`, { role: actor.role, needs: permission });
	}
}
