/**
 * Who is calling: an API token (`Authorization: Bearer …`) or the browser session cookie.
 * Either resolves to an Actor bound to exactly one workspace; every query below scopes by it.
 */
import { and, eq, gt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { apiToken, member, session } from "../../db/schema";
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
			.select({ member, tokenId: apiToken.id })
			.from(apiToken)
			.innerJoin(member, eq(member.id, apiToken.memberId))
			.where(eq(apiToken.tokenHash, hash))
			.limit(1);
		return row ? toActor(row.member, "token", row.tokenId) : null;
	}
	const secret = sessionSecret(c);
	if (!secret) return null;
	const id = await sha256Hex(secret);
	const [row] = await db
		.select({ member })
		.from(session)
		.innerJoin(member, eq(member.id, session.memberId))
		.where(and(eq(session.id, id), gt(session.expiresAt, c.get("now"))))
		.limit(1);
	return row ? toActor(row.member, "session", id) : null;
}

const toActor = (m: typeof member.$inferSelect, via: Actor["via"], credentialId: string): Actor => ({
	id: m.id,
	name: m.name,
	email: m.email,
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
