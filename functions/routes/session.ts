import { Hono } from "hono";
import { z } from "zod";
import { findPersonByEmail, membershipsOf, memberView } from "../../db/queries/members";
import { resolveActor } from "../auth/authenticate";
import { clientKey } from "../auth/client-key";
import { verifyPassword } from "../auth/crypto";
import { endSession, startSession } from "../auth/sessions";
import { assertSignInAllowed, clearSignInPair, recordSignInFailure } from "../auth/sign-in-limit";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { switchWorkspace } from "../services/memberships";
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

/**
 * Checks the person's password and second factor (rate limited) and starts a browser session in
 * their first membership (the oldest; the switcher moves it). A person without any membership left
 * cannot sign in, and is answered like a wrong password. Shared with the web sign-in form.
 */
export async function signIn(c: Parameters<typeof startSession>[0], email: string, password: string, proof: { code?: string; recoveryCode?: string } = {}) {
	const db = c.get("db");
	const now = c.get("now");
	const client = clientKey(c.env, c.req.raw.headers);
	await assertSignInAllowed(db, email, client, now);
	const found = await findPersonByEmail(db, email);
	const [first] = found ? await membershipsOf(db, found.id) : [];
	if (!found || !first || !(await verifyPassword(password, found.passwordHash))) {
		await recordSignInFailure(db, email, client, now);
		throw new ApiError(401, "unauthorized", "Wrong email or password");
	}
	const second = await checkSecondFactor(db, c.env.CREDENTIALS_KEY, found.id, proof, now);
	if (second === "missing")
		throw new ApiError(401, "second_factor_required", "Give the code from your authenticator app (code) or a recovery code (recoveryCode)");
	if (second === "wrong") {
		await recordSignInFailure(db, email, client, now);
		throw new ApiError(401, "unauthorized", "Wrong code");
	}
	await clearSignInPair(db, email, client);
	await startSession(c, first.member.id, first.workspace.id);
	return { member: memberView({ ...first.member, email: found.email }), workspace: workspaceView(first.workspace) };
}

export const sessionRoutes = new Hono<AppEnv>()
	.post("/", jsonBody(signInSchema), async (c) => {
		const { email, password, code, recoveryCode } = c.req.valid("json");
		return c.json(await signIn(c, email, password, { code, recoveryCode }));
	})
	// The workspace switcher: moves this browser session to the same person's membership in another workspace.
	.post("/switch", jsonBody(z.object({ workspaceId: z.string().min(1).max(64) })), async (c) => {
		const actor = await resolveActor(c);
		if (!actor) throw new ApiError(401, "unauthorized", "Sign in first");
		const moved = await switchWorkspace(c.get("db"), actor, c.req.valid("json").workspaceId);
		return c.json({ member: memberView({ ...moved.member, email: actor.email }), workspace: workspaceView(moved.workspace) });
	})
	.delete("/", async (c) => {
		const actor = await resolveActor(c);
		if (actor?.via === "session") await endSession(c, c.get("db"), actor.credentialId);
		return c.body(null, 204);
	});
