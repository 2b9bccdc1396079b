import { Hono } from "hono";
import { z } from "zod";
import { findMemberByEmail, memberView } from "../../db/queries/members";
import { resolveActor } from "../auth/authenticate";
import { clientKey } from "../auth/client-key";
import { verifyPassword } from "../auth/crypto";
import { endSession, startSession } from "../auth/sessions";
import { assertSignInAllowed, clearSignInPair, recordSignInFailure } from "../auth/sign-in-limit";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { checkSecondFactor } from "../services/second-factor";
import { jsonBody } from "../validation";
import { workspaceView } from "./workspaces";

export const signInSchema = z.object({
	email: z.email().max(320),
	password: z.string().min(1).max(1024),
	// The second factor, for members who turned it on: a current code or one recovery code.
	code: z.string().trim().max(12).optional(),
	recoveryCode: z.string().trim().max(40).optional(),
});

/** Checks the password (rate limited) and starts a browser session. Shared with the web sign-in form. */
export async function signIn(c: Parameters<typeof startSession>[0], email: string, password: string, proof: { code?: string; recoveryCode?: string } = {}) {
	const db = c.get("db");
	const now = c.get("now");
	const client = clientKey(c.env, c.req.raw.headers);
	await assertSignInAllowed(db, email, client, now);
	const found = await findMemberByEmail(db, email);
	if (!found || !(await verifyPassword(password, found.member.passwordHash))) {
		await recordSignInFailure(db, email, client, now);
		throw new ApiError(401, "unauthorized", "Wrong email or password");
	}
	const second = await checkSecondFactor(db, c.env.CREDENTIALS_KEY, found.member, proof, now);
	if (second === "missing")
		throw new ApiError(401, "second_factor_required", "Give the code from your authenticator app (code) or a recovery code (recoveryCode)");
	if (second === "wrong") {
		await recordSignInFailure(db, email, client, now);
		throw new ApiError(401, "unauthorized", "Wrong code");
	}
	await clearSignInPair(db, email, client);
	await startSession(c, found.member.id, found.workspace.id);
	return { member: memberView(found.member), workspace: workspaceView(found.workspace) };
}

export const sessionRoutes = new Hono<AppEnv>()
	.post("/", jsonBody(signInSchema), async (c) => {
		const { email, password, code, recoveryCode } = c.req.valid("json");
		return c.json(await signIn(c, email, password, { code, recoveryCode }));
	})
	.delete("/", async (c) => {
		const actor = await resolveActor(c);
		if (actor?.via === "session") await endSession(c, c.get("db"), actor.credentialId);
		return c.body(null, 204);
	});
