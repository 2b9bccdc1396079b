/** /account/second-factor: enrol with an authenticator app, see the recovery codes once, turn it off. */
import { Hono } from "hono";
import { can } from "../../domain/permissions";
import { confirmEnrolment, disableSecondFactor, pendingEnrolment, startEnrolment, totpEnabled } from "../../functions/services/second-factor";
import { signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, field, readForm } from "../form";
import { SecondFactorPage } from "../pages/second-factor";

async function page(
	c: WebContext,
	extra: Omit<Parameters<typeof SecondFactorPage>[0], "viewer" | "enabled" | "may"> = {},
	status: 200 | 400 | 403 | 409 | 422 = 200,
) {
	const actor = c.get("actor");
	const enabled = await totpEnabled(c.get("db"), actor.personId);
	return c.html(<SecondFactorPage viewer={viewerOf(c)} enabled={enabled} may={can(actor.role, "approve")} {...extra} />, status);
}

export const secondFactorPages = new Hono<WebEnv>()
	.get("/account/second-factor", signedIn, (c) => page(c, { notice: c.req.query("off") ? "The second factor is off." : undefined }))
	.post("/account/second-factor/start", signedIn, async (c) => {
		const result = await attempt(() => startEnrolment(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), c.get("now")));
		if ("errors" in result) return page(c, { error: result.errors.message }, result.errors.status === 403 ? 403 : 409);
		return page(c, { enrolment: result.ok });
	})
	.post("/account/second-factor/confirm", signedIn, async (c) => {
		const code = field(await readForm(c.req), "code").trim();
		const result = await attempt(() => confirmEnrolment(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), code, c.get("now")), ["code"]);
		// The pending secret stays as it was: the user tries the next code against the same key.
		if ("errors" in result) {
			const enrolment = await pendingEnrolment(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"));
			return page(c, { enrolment, codeErrors: result.errors.fields.code ?? [result.errors.message] }, 422);
		}
		return page(c, { recoveryCodes: result.ok, notice: "The second factor is on." });
	})
	.post("/account/second-factor/disable", signedIn, async (c) => {
		const code = field(await readForm(c.req), "code").trim();
		const proof = /^\d{6}$/.test(code) ? { code } : { recoveryCode: code };
		const result = await attempt(() => disableSecondFactor(c.get("db"), c.env.CREDENTIALS_KEY, c.get("actor"), proof, c.get("now")), ["code", "recoveryCode"]);
		if ("errors" in result) return page(c, { codeErrors: [...(result.errors.fields.code ?? []), ...(result.errors.fields.recoveryCode ?? [])] }, 422);
		return c.redirect("/account/second-factor?off=1", 303);
	});
