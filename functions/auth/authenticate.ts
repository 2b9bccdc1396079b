/**
 * Who is calling: an API token (`Authorization: Bearer …`) or the browser session cookie.
 * Either resolves to an Actor bound to exactly one membership, so one workspace; every query below
 * scopes by it. A token belongs to the membership that made it and never reaches another workspace;
 * a session belongs to a person and names their current membership (switched by POST /session/switch).
 */
import { and, eq, gt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { apiToken, member, person, session } from "../../db/schema";
import type { Actor, AppEnv } from "../context";
import { ApiError } from "../errors";
import { sha256Hex } from "./crypto";
import { sessionSecret } from "./sessions";

export async function resolveActor(c: Context<AppEnv>): Promise<Actor | null> {
	const db = c.get("db");
	const header = c.req.header("Authorization");
	if (header?.startsWith("Bearer ")) {
		const hash = await sha256Hex(header.slice("Bearer ".length).trim());
		const [row] = await db
			.select({ member, person, tokenId: apiToken.id })
			.from(apiToken)
			.innerJoin(member, and(eq(member.id, apiToken.memberId), eq(member.workspaceId, apiToken.workspaceId)))
			.innerJoin(person, eq(person.id, member.personId))
			.where(eq(apiToken.tokenHash, hash))
			.limit(1);
		return row ? toActor(row.member, row.person, "token", row.tokenId) : null;
	}
	const secret = sessionSecret(c);
	if (!secret) return null;
	const id = await sha256Hex(secret);
	const [row] = await db
		.select({ member, person })
		.from(session)
		.innerJoin(member, and(eq(member.id, session.memberId), eq(member.workspaceId, session.workspaceId)))
		.innerJoin(person, eq(person.id, member.personId))
		.where(and(eq(session.id, id), gt(session.expiresAt, c.get("now"))))
		.limit(1);
	return row ? toActor(row.member, row.person, "session", id) : null;
}

const toActor = (m: typeof member.$inferSelect, p: typeof person.$inferSelect, via: Actor["via"], credentialId: string): Actor => ({
	id: m.id,
	personId: p.id,
	name: m.name,
	email: p.email,
	role: m.role,
	workspaceId: m.workspaceId,
	via,
	credentialId,
});

/** API guard: 401 unless signed in. */
export const requireActor: MiddlewareHandler<AppEnv> = async (c, next) => {
	const actor = await resolveActor(c);
	if (!actor) throw new ApiError(401, "unauthorized", "Sign in or send an API token (Authorization: Bearer …)");
	c.set("actor", actor);
	await next();
};
