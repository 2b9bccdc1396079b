/**
 * Browser sessions: a random 256-bit value in a `__Host-` cookie (Secure, Path=/, no Domain),
 * HttpOnly and SameSite=Lax; the database keeps only its SHA-256. A session is a person's, and names
 * their current membership (member_id, workspace_id); switching workspace moves it to another of
 * the same person's memberships, and ending a membership ends the sessions standing in it.
 */
import { and, eq, exists, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db } from "../../db/client";
import { member, session } from "../../db/schema";
import type { AppEnv } from "../context";
import { randomSecret, sha256Hex } from "./crypto";

const COOKIE = "chorus_session";
const SESSION_DAYS = 14;

export async function startSession(c: Context<AppEnv>, memberId: string, workspaceId: string): Promise<void> {
	const secret = randomSecret();
	const now = c.get("now");
	const expiresAt = now + SESSION_DAYS * 86_400_000;
	const db = c.get("db");
	// Opportunistic clean-up of this member's expired sessions keeps the table small without a job.
	await db.batch([
		db.delete(session).where(and(eq(session.memberId, memberId), lt(session.expiresAt, now))),
		db.insert(session).values({ id: await sha256Hex(secret), memberId, workspaceId, createdAt: now, expiresAt }),
	]);
	setCookie(c, COOKIE, secret, {
		prefix: "host",
		httpOnly: true,
		sameSite: "Lax",
		secure: true,
		path: "/",
		maxAge: SESSION_DAYS * 86_400,
	});
}

export const sessionSecret = (c: Context<AppEnv>) => getCookie(c, COOKIE, "host");

export async function endSession(c: Context<AppEnv>, db: Db, sessionId: string): Promise<void> {
	await db.delete(session).where(eq(session.id, sessionId));
	deleteCookie(c, COOKIE, { prefix: "host", secure: true, path: "/" });
}

/**
 * Moves a session to another membership of the same person: the condition checks, in the one update,
 * that the target membership is in that workspace and belongs to the person the session stands for.
 */
export async function switchSession(db: Db, sessionId: string, personId: string, target: { memberId: string; workspaceId: string }): Promise<boolean> {
	const moved = await db
		.update(session)
		.set({ memberId: target.memberId, workspaceId: target.workspaceId })
		.where(
			and(
				eq(session.id, sessionId),
				exists(
					db
						.select({ one: sql`1` })
						.from(member)
						.where(and(eq(member.id, target.memberId), eq(member.workspaceId, target.workspaceId), eq(member.personId, personId))),
				),
			),
		)
		.returning({ id: session.id });
	return moved.length === 1;
}
