/**
 * Single-use, expiring links (invitations and password resets): how long they live and what state a
 * stored link is in. Pure: the routes and pages decide with these.
 */
export const INVITATION_TTL_MS = 7 * 86_400_000;
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;

export type LinkState = "pending" | "accepted" | "expired" | "revoked";

export function linkState(link: { expiresAt: number; acceptedAt?: number | null; usedAt?: number | null; revokedAt?: number | null }, now: number): LinkState {
	if (link.revokedAt) return "revoked";
	if (link.acceptedAt || link.usedAt) return "accepted";
	return link.expiresAt <= now ? "expired" : "pending";
}

/** What to tell someone holding a link that no longer works; the same words in the API and on the page. */
export const unusableLink: Record<Exclude<LinkState, "pending">, string> = {
	accepted: "This link has already been used",
	expired: "This link has expired; ask for a new one",
	revoked: "This link was withdrawn; ask for a new one",
};
