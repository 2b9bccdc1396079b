import { can, type Permission, permissionWords } from "../../domain/permissions";
import type { Actor } from "../context";
import { forbidden } from "../errors";

/** The one permission check: every route and page calls this before acting. */
export function requirePermission(actor: Actor, permission: Permission): void {
	if (!can(actor.role, permission)) {
		const article = /^[aeiou]/.test(actor.role) ? "An" : "A";
		throw forbidden(`${article} ${actor.role} may not ${permissionWords[permission]}`, { role: actor.role, needs: permission });
	}
}
