import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { secretJson } from "../middleware/idempotency";
import { confirmEnrolment, disableSecondFactor, startEnrolment, totpEnabled } from "../services/second-factor";
import { jsonBody } from "../validation";

const code = z
	.string()
	.trim()
	.regex(/^\d{6}$/, { message: "Six digits" });

/** The caller's own second factor (owners and managers): enrol, confirm, turn off. */
export const secondFactorRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json({ enabled: await totpEnabled(c.get("db"), c.get("actor").personId) }))
	.post("/", async (c) => secretJson(c, await startEnrolment(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), c.get("now")), 201))
	.post("/confirm", jsonBody(z.object({ code })), async (c) =>
		secretJson(c, {
			enabled: true,
			recoveryCodes: await confirmEnrolment(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), c.req.valid("json").code, c.get("now")),
		}),
	)
	.delete("/", jsonBody(z.object({ code: code.optional(), recoveryCode: z.string().trim().min(1).max(40).optional() })), async (c) => {
		await disableSecondFactor(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), c.req.valid("json"), c.get("now"));
		return c.body(null, 204);
	});
