/**
 * Browser sessions: a random 256-bit value in a `__Host-` cookie (Secure, Path=/, no Domain),
 * HttpOnly and SameSite=Lax; the database keeps only its SHA-256.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db } from "../../db/client";
import { session } from "../../db/schema";
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
