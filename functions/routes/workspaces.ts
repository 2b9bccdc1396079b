import { Hono } from "hono";
import { z } from "zod";
import { auditStatement } from "../../db/queries/audit";
import { findMemberByEmail, memberView } from "../../db/queries/members";
import type { WorkspaceRow } from "../../db/queries/workspaces";
import { newId } from "../../db/ids";
import { member, workspace } from "../../db/schema";
import { isValidTimeZone } from "../../domain/time";
import { hashPassword } from "../auth/crypto";
import { issueToken } from "../auth/tokens";
import type { AppEnv } from "../context";
import { ApiError, forbidden } from "../errors";
import { jsonBody } from "../validation";

export const timeZoneSchema = z.string().refine(isValidTimeZone, { message: "Not an IANA time zone (e.g. Europe/Berlin)" });
export const passwordSchema = z.string().min(10, { message: "At least 10 characters" }).max(1024);

const signUpSchema = z.object({
	name: z.string().trim().min(1).max(120),
	timezone: timeZoneSchema.default("UTC"),
	owner: z.object({
		email: z.email().max(320),
		name: z.string().trim().min(1).max(120),
		password: passwordSchema,
	}),
});

export const workspaceView = (w: WorkspaceRow) => ({
	id: w.id,
	name: w.name,
	timezone: w.timezone,
	paused: w.paused,
	pausedAt: w.pausedAt === null ? null : new Date(w.pausedAt).toISOString(),
});

export const workspaceRoutes = new Hono<AppEnv>().post("/", jsonBody(signUpSchema), async (c) => {
	if (c.env.ALLOW_SIGNUP !== "true") throw forbidden("Sign-up is closed on this Chorus (ALLOW_SIGNUP is not true)");
	const input = c.req.valid("json");
	const db = c.get("db");
	const now = c.get("now");
	const email = input.owner.email.toLowerCase();
	if (await findMemberByEmail(db, email)) {
		throw new ApiError(409, "email_taken", "owner.email: a member with this email already exists", {
			issues: [{ path: ["owner", "email"], message: "already in use" }],
		});
	}
	const ws: WorkspaceRow = { id: newId(), name: input.name, timezone: input.timezone, duplicateWindowHours: 72, paused: false, pausedAt: null, pausedById: null, createdAt: now };
	const owner = {
		id: newId(),
		workspaceId: ws.id,
		email,
		name: input.owner.name,
		role: "owner" as const,
		passwordHash: await hashPassword(input.owner.password),
		createdAt: now,
	};
	const token = await issueToken(owner.id, ws.id, "first token", now);
	await db.batch([
		db.insert(workspace).values(ws),
		db.insert(member).values(owner),
		token.insert(db),
		auditStatement(db, { workspaceId: ws.id, actorId: owner.id, action: "workspace.create", subject: `workspace:${ws.id}`, after: workspaceView(ws), at: now }),
	]);
	return c.json({ workspace: workspaceView(ws), member: memberView(owner), token: token.secret }, 201);
});
