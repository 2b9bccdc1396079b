import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findPersonByEmail, memberView } from "../../db/queries/members";
import type { WorkspaceRow } from "../../db/queries/workspaces";
import { member, person, workspace } from "../../db/schema";
import { isValidTimeZone } from "../../domain/time";
import { resolveActor } from "../auth/authenticate";
import { clientKey } from "../auth/client-key";
import { hashPassword } from "../auth/crypto";
import { assertUnderLimits, countAttempt, countStatements, fullLimit, type Limit } from "../auth/rate-window";
import { issueToken } from "../auth/tokens";
import type { Actor, AppEnv } from "../context";
import { ApiError, forbidden, invalidField } from "../errors";
import { logError } from "../log";
import { publicUrl, sendMail } from "../mail/send";
import { createWorkspaceFor } from "../services/memberships";
import { jsonBody } from "../validation";

export const timeZoneSchema = z.string().refine(isValidTimeZone, { message: "Not an IANA time zone (e.g. Europe/Berlin)" });
export const passwordSchema = z.string().min(10, { message: "At least 10 characters" }).max(1024);

const signUpSchema = z.object({
	name: z.string().trim().min(1).max(120),
	timezone: timeZoneSchema.default("UTC"),
	// Required unless signed in: a signed-in person owns the new workspace themselves.
	owner: z
		.object({
			email: z.email().max(320),
			name: z.string().trim().min(1).max(120),
			password: passwordSchema,
		})
		.optional(),
});

export const workspaceView = (w: WorkspaceRow) => ({
	id: w.id,
	name: w.name,
	timezone: w.timezone,
	paused: w.paused,
	pausedAt: w.pausedAt === null ? null : new Date(w.pausedAt).toISOString(),
	shortenLinks: w.shortenLinks,
});

/**
 * Sign-up and addresses that are already registered. Sign-up answers with the new workspace's token,
 * so it cannot pretend to succeed; it refuses instead, in the shape of any invalid field (400
 * validation_failed on owner.email, "sign in, or use another address"), with no code of its own, and
 * every attempt, made or refused, counts against the client's sign-ups (SIGN_UPS_PER_CLIENT an
 * hour), so probing addresses is slow. The holder of the address is told (at most once an hour),
 * and told how to make the workspace: sign in, then create it from the workspace switcher (a POST
 * here with the session, which makes the signed-in person its owner).
 */
export const SIGN_UP_WINDOW_MS = 60 * 60_000;
export const SIGN_UPS_PER_CLIENT = 10;
const NOTICE_WINDOW_MS = 60 * 60_000;

const signUpLimits = (client: string): Limit[] => [
	{
		key: `signup:client:${client}`,
		name: "sign_ups_per_client",
		max: SIGN_UPS_PER_CLIENT,
		windowMs: SIGN_UP_WINDOW_MS,
		message: `At most ${SIGN_UPS_PER_CLIENT} sign-ups an hour from here`,
	},
];

const addressRefused = () =>
	new ApiError(400, "validation_failed", "owner.email: sign in, or use another address", {
		issues: [{ path: ["owner", "email"], message: "Sign in, or use another address" }],
	});

async function noticeToHolder(db: Db, env: AppEnv["Bindings"], email: string, now: number): Promise<void> {
	const notice: Limit = { key: `signup:notice:${email}`, name: "sign_up_notices", max: 1, windowMs: NOTICE_WINDOW_MS, message: "Notified already" };
	if (await fullLimit(db, [notice], now)) return;
	await countAttempt(db, [notice], now);
	const base = publicUrl(env);
	const mail = {
		to: email,
		subject: "Someone tried to sign up to Chorus with your address",
		text: [
			`Someone (perhaps you) tried to create a new Chorus workspace with ${email}, which already has a Chorus sign-in.`,
			"Nothing was created. If it was you: sign in, and create the workspace from there (the workspace menu at the top, New workspace).",
			...(base ? ["", `Sign in: ${base}/sign-in`, `Forgot your password? ${base}/forgot-password`] : []),
		].join("\n"),
	};
	// The answer must not depend on the mail: a failure is logged, never shown.
	await sendMail(env, db, mail, now).catch((error) => logError("sign-up notice mail failed", error));
}

/**
 * A workspace made by a signed-in person (this route with a session, and the header's New workspace
 * form): closed like sign-up when ALLOW_SIGNUP is not true, and counted against the client's sign-ups.
 */
export async function createSignedInWorkspace(c: Context<AppEnv>, actor: Actor, input: { name: string; timezone: string }) {
	if (c.env.ALLOW_SIGNUP !== "true") throw forbidden("New workspaces are closed on this Chorus (ALLOW_SIGNUP is not true)");
	const db = c.get("db");
	const now = c.get("now");
	const attempt = signUpLimits(clientKey(c.env, c.req.raw.headers));
	await assertUnderLimits(db, attempt, now);
	const made = await createWorkspaceFor(db, actor, input, now);
	await countAttempt(db, attempt, now);
	return made;
}

export const workspaceRoutes = new Hono<AppEnv>().post("/", jsonBody(signUpSchema), async (c) => {
	if (c.env.ALLOW_SIGNUP !== "true") throw forbidden("Sign-up is closed on this Chorus (ALLOW_SIGNUP is not true)");
	const input = c.req.valid("json");
	const db = c.get("db");
	const now = c.get("now");
	const attempt = signUpLimits(clientKey(c.env, c.req.raw.headers));
	const signedIn = await resolveActor(c);
	if (signedIn?.via === "session") {
		const made = await createSignedInWorkspace(c, signedIn, input);
		return c.json({ workspace: workspaceView(made.workspace), member: memberView(made.member) }, 201);
	}
	if (!input.owner) throw invalidField(["owner"], "Required unless signed in");
	const email = input.owner.email.toLowerCase();
	await assertUnderLimits(db, attempt, now);
	if (await findPersonByEmail(db, email)) {
		await countAttempt(db, attempt, now);
		await noticeToHolder(db, c.env, email, now);
		throw addressRefused();
	}
	const ws: WorkspaceRow = {
		id: newId(),
		name: input.name,
		timezone: input.timezone,
		duplicateWindowHours: 72,
		paused: false,
		pausedAt: null,
		pausedById: null,
		shortenLinks: false,
		createdAt: now,
	};
	const who = { id: newId(), email, name: input.owner.name, passwordHash: await hashPassword(input.owner.password), createdAt: now };
	const owner = { id: newId(), workspaceId: ws.id, personId: who.id, name: who.name, role: "owner" as const, createdAt: now };
	const token = await issueToken(owner.id, ws.id, "first token", now);
	await db.batch([
		db.insert(workspace).values(ws),
		db.insert(person).values(who),
		db.insert(member).values(owner),
		token.insert(db),
		auditStatement(db, { workspaceId: ws.id, actorId: owner.id, action: "workspace.create", subject: `workspace:${ws.id}`, after: workspaceView(ws), at: now }),
		...countStatements(db, attempt, now),
	]);
	return c.json({ workspace: workspaceView(ws), member: memberView({ ...owner, email }), token: token.secret }, 201);
});
