/**
 * Accepting an invitation and resetting a password in the browser: the same services as
 * /api/v1/invitations/accept and /api/v1/password-resets, with the link's token in the form.
 */
import { Hono } from "hono";
import { z } from "zod";
import { startSession } from "../../functions/auth/sessions";
import type { AppEnv } from "../../functions/context";
import { ApiError } from "../../functions/errors";
import { linkBase } from "../../functions/mail/send";
import { acceptSchema } from "../../functions/routes/invitations";
import { resetConfirmSchema } from "../../functions/routes/password-resets";
import { acceptInvitation, assertUsable, invitationByToken } from "../../functions/services/invitations";
import { requestPasswordReset, resetPassword } from "../../functions/services/password-resets";
import { attempt, field, invalidForm, readForm } from "../form";
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from "../pages/access";

async function inviteFor(db: AppEnv["Variables"]["db"], token: string, now: number) {
	const { invitation, workspace } = await invitationByToken(db, token);
	assertUsable(invitation, now);
	return { email: invitation.email, role: invitation.role, workspace: workspace.name };
}

export const accessPages = new Hono<AppEnv>()
	.get("/accept-invite", async (c) => {
		const token = c.req.query("token") ?? "";
		const found = await attempt(() => inviteFor(c.get("db"), token, c.get("now")));
		if ("errors" in found)
			return c.html(
				<AcceptInvitePage token={token} errors={{ message: found.errors.status === 404 ? "This invitation link is not valid." : found.errors.message }} />,
				found.errors.status,
			);
		return c.html(<AcceptInvitePage token={token} invite={found.ok} />);
	})
	.post("/accept-invite", async (c) => {
		const form = await readForm(c.req);
		const input = { token: field(form, "token"), name: field(form, "name").trim(), password: field(form, "password") };
		const db = c.get("db");
		const result = await attempt(async () => {
			const parsed = acceptSchema.safeParse(input);
			if (!parsed.success) throw invalidForm(parsed.error);
			return acceptInvitation(db, parsed.data, c.get("now"));
		}, ["name", "password"]);
		if ("errors" in result) {
			const invite = await attempt(() => inviteFor(db, input.token, c.get("now")));
			return c.html(
				<AcceptInvitePage token={input.token} invite={"ok" in invite ? invite.ok : undefined} values={{ name: input.name }} errors={result.errors} />,
				result.errors.status,
			);
		}
		await startSession(c, result.ok.member.id, result.ok.workspace.id);
		return c.redirect("/calendar", 303);
	})
	.get("/forgot-password", (c) => c.html(<ForgotPasswordPage />))
	.post("/forgot-password", async (c) => {
		const email = field(await readForm(c.req), "email").trim();
		if (!z.email().safeParse(email).success) return c.html(<ForgotPasswordPage email={email} error="Enter a valid email address." />, 400);
		try {
			await requestPasswordReset(c.get("db"), c.env, email, c.get("now"), linkBase(c.env));
		} catch (error) {
			// Deployed without PUBLIC_URL no link can be mailed (linkBase logged it): say so, for every address alike.
			if (error instanceof ApiError && error.code === "public_url_missing") {
				return c.html(<ForgotPasswordPage email={email} error="This Chorus cannot mail links yet: ask whoever runs it to set its PUBLIC_URL." />, 503);
			}
			console.error("reset mail failed", error);
			return c.html(<ForgotPasswordPage email={email} error="The mail could not be sent. Please try again later." />, 502);
		}
		return c.html(<ForgotPasswordPage notice="If that address belongs to a member, a link is on its way. It works once, for an hour." />);
	})
	.get("/reset-password", (c) => c.html(<ResetPasswordPage token={c.req.query("token") ?? ""} />))
	.post("/reset-password", async (c) => {
		const form = await readForm(c.req);
		const input = { token: field(form, "token"), password: field(form, "password") };
		const result = await attempt(async () => {
			const parsed = resetConfirmSchema.safeParse(input);
			if (!parsed.success) throw invalidForm(parsed.error);
			return resetPassword(c.get("db"), parsed.data.token, parsed.data.password, c.get("now"));
		}, ["password"]);
		if ("errors" in result) {
			const gone = result.errors.status === 404 || result.errors.status === 410;
			return c.html(
				<ResetPasswordPage
					token={input.token}
					usable={!gone}
					errors={{ ...result.errors, message: result.errors.status === 404 ? "This link is not valid." : result.errors.message }}
				/>,
				result.errors.status,
			);
		}
		return c.redirect("/sign-in?reset=1", 303);
	});
