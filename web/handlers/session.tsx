import type { Context } from "hono";
import { Hono } from "hono";
import { resolveActor } from "../../functions/auth/authenticate";
import { endSession } from "../../functions/auth/sessions";
import type { AppEnv } from "../../functions/context";
import { ApiError } from "../../functions/errors";
import { signIn, signInSchema } from "../../functions/routes/session";
import { safeNext } from "../env";
import { field, readForm } from "../form";
import { SignInPage } from "../pages/sign-in";

export const sessionPages = new Hono<AppEnv>()
	.get("/sign-in", (c) => {
		const notice =
			c.req.query("signedOut") === "1" ? "You are signed out." : c.req.query("reset") === "1" ? "Your new password is set: sign in with it." : undefined;
		return c.html(<SignInPage next={safeNext(c.req.query("next"))} notice={notice} />);
	})
	.post("/sign-in", async (c) => {
		const form = await readForm(c.req);
		const next = safeNext(field(form, "next"));
		const input = { email: field(form, "email").trim(), password: field(form, "password") };
		const code = field(form, "code").trim();
		const again = (error: string, status: 400 | 401 | 429, askCode = !!code) =>
			c.html(<SignInPage next={next} email={input.email} error={error} askCode={askCode} />, status);
		if (!signInSchema.safeParse(input).success) return again("Enter a valid email address and your password.", 400);
		try {
			// Six digits are a code from the app; anything else in that field is a recovery code.
			await signIn(c, input.email, input.password, /^\d{6}$/.test(code) ? { code } : code ? { recoveryCode: code } : {});
		} catch (err) {
			if (!(err instanceof ApiError)) throw err;
			if (err.status === 429) {
				for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
				const seconds = Number(err.extra.details?.retryAfter ?? 0);
				const wait = seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
				return again(`Too many failed sign-ins. Try again in ${wait}.`, 429);
			}
			if (err.code === "second_factor_required") return again("Enter your password again with the code from your authenticator app.", 401, true);
			if (err.status === 401) return again(err.message === "Wrong code" ? "Wrong code" : "Wrong email or password", 401);
			throw err;
		}
		return c.redirect(next, 303);
	})
	.post("/sign-out", async (c: Context<AppEnv>) => {
		const actor = await resolveActor(c);
		if (actor?.via === "session") await endSession(c, c.get("db"), actor.credentialId);
		return c.redirect("/sign-in?signedOut=1", 303);
	});
