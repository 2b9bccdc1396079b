import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { linkBase } from "../mail/send";
import { requestPasswordReset, resetPassword } from "../services/password-resets";
import { jsonBody } from "../validation";
import { passwordSchema } from "./workspaces";

export const resetConfirmSchema = z.object({ token: z.string().min(1).max(200), password: passwordSchema });

/** Open routes. Asking always answers 202, so the answer never tells who is a member. */
export const passwordResetRoutes = new Hono<AppEnv>()
	.post("/", jsonBody(z.object({ email: z.email().max(320) })), async (c) => {
		await requestPasswordReset(c.get("db"), c.env, c.req.valid("json").email, c.get("now"), linkBase(c.env));
		return c.json({ status: "sent_if_member" }, 202);
	})
	.post("/confirm", jsonBody(resetConfirmSchema), async (c) => {
		await resetPassword(c.get("db"), c.req.valid("json").token, c.req.valid("json").password, c.get("now"));
		return c.body(null, 204);
	});
