/**
 * Roles and what each may do: the single permission check every route and page uses.
 * owner: everything. manager: publishes and approves, manages accounts and authors.
 * author: drafts; what they schedule needs approval. analyst: reads.
 */
export const roles = ["owner", "manager", "author", "analyst"] as const;
export type Role = (typeof roles)[number];

export type Permission =
	| "read"
	| "draft" // create and edit drafts
	| "schedule" // schedule without approval
	| "approve" // approve, reject, publish now
	| "manage_accounts"
	| "manage_members"
	| "manage_owners" // grant or take away the owner role
	| "manage_workspace";

const grants: Record<Role, readonly Permission[]> = {
	owner: ["read", "draft", "schedule", "approve", "manage_accounts", "manage_members", "manage_owners", "manage_workspace"],
	manager: ["read", "draft", "schedule", "approve", "manage_accounts", "manage_members"],
	author: ["read", "draft"],
	analyst: ["read"],
};

export function can(role: Role, permission: Permission): boolean {
	return grants[role].includes(permission);
}

/** Each permission in words, for refusals ("An author may not approve posts"). */
export const permissionWords: Record<Permission, string> = {
	read: "read this workspace",
	draft: "write drafts",
	schedule: "schedule posts",
	approve: "approve posts",
	manage_accounts: "manage accounts",
	manage_members: "manage members",
	manage_owners: "grant or remove the owner role",
	manage_workspace: "manage the workspace",
};
