/**
 * Who may read an audit entry's details (its before and after). The trail must not show what the
 * object's own route refuses: an author cannot list webhooks, so neither may they read a webhook's
 * URL in the trail. The fact that something happened, by whom and to which id stays visible to all.
 */
import { can, type Permission, type Role } from "./permissions";

/** Per subject kind, the permission that reading the object itself needs (the GET route's check). */
const detailsNeed: Record<string, Permission> = {
	// GET /webhooks: owners and managers (the URL may carry a secret path).
	webhook: "manage_accounts",
	// GET /invitations: owners and managers (invited addresses).
	invitation: "manage_members",
	// GET /tokens lists other members' tokens to owners only; a member reads their own.
	token: "manage_owners",
};

export type AuditReader = { id: string; role: Role };
export type AuditSubjectOf = { subject: string; actorId: string };

export function mayReadAuditDetails(reader: AuditReader, entry: AuditSubjectOf): boolean {
	const kind = entry.subject.split(":", 1)[0] ?? "";
	const needs = detailsNeed[kind];
	if (!needs || can(reader.role, needs)) return true;
	// A token's entry is its creator's own (tokens act as whoever made them).
	return kind === "token" && entry.actorId === reader.id;
}

/** The entry as this reader may see it: details blanked, and marked, where they may not. */
export function redactAuditEntry<E extends AuditSubjectOf & { before: unknown; after: unknown }>(reader: AuditReader, entry: E): E & { redacted: boolean } {
	return mayReadAuditDetails(reader, entry) ? { ...entry, redacted: false } : { ...entry, before: null, after: null, redacted: true };
}
