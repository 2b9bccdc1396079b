/**
 * Accepting an invitation and resetting a password in the browser: the same services as
 * /api/v1/invitations/accept and /api/v1/password-resets, with the link's token in the form.
 */
import { Hono } from "hono";
import { z } from "zod";
import { findPersonByEmail } from "../../db/queries/members";
import { resolveActor } from "../../functions/auth/authenticate";
import { startSession, switchSession } from "../../functions/auth/sessions";
import type { Actor, AppEnv } from "../../functions/context";
import { ApiError } from "../../functions/errors";
import { linkBase } from "../../functions/mail/send";
import { acceptSchema } from "../../functions/routes/invitations";
import { resetConfirmSchema } from "../../functions/routes/password-resets";
import { acceptInvitation, assertUsable, invitationByToken } from "../../functions/services/invitations";
import { requestPasswordReset, resetPassword } from "../../functions/services/password-resets";
import { attempt, field, invalidForm, readForm } from "../form";
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from "../pages/access";

/** What the link is for, and for an address that signs in already, whether the right person is signed in. */
async function inviteFor(db: AppEnv["Variables"]["db"], token: string, now: number, viewer: Actor | null) {
	const { invitation, workspace } = await invitationByToken(db, token);
	assertUsable(invitation, now);
	const known = await findPersonByEmail(db, invitation.email);
	const signIn = !known?.passwordHash ? undefined : viewer?.via !== "session" ? "needed" : viewer.personId === known.id ? "ready" : "wrong";
	return { email: invitation.email, role: invitation.role, workspace: workspace.name, signIn } as const;
}

export const accessPages = new Hono<AppEnv>()
	.get("/accept-invite", async (c) => {
		const token = c.req.query("token") ?? "";
		const found = await attempt(async () => inviteFor(c.get("db"), token, c.get("now"), await resolveActor(c)));
		if ("errors" in found)
			return c.html(
				<AcceptInvitePage token={token} errors={{ message: found.errors.status === 404 ? "This invitation link is not valid." : found.errors.message }} />,
				found.errors.status,
			);
		return c.html(<AcceptInvitePage token={token} invite={found.ok} />);
	})
	.post("/accept-invite", async (c) => {
		const form = await readForm(c.req);
		const input = { token: field(form, "token"), name: field(form, "name").trim() || undefined, password: field(form, "password") || undefined };
		const db = c.get("db");
		const viewer = await resolveActor(c);
		const result = await attempt(async () => {
			const parsed = acceptSchema.safeParse(input);
			if (!parsed.success) throw invalidForm(parsed.error);
			return acceptInvitation(db, parsed.data, c.get("now"), viewer);
		}, ["name", "password"]);
		if ("errors" in result) {
			const invite = await attempt(() => inviteFor(db, input.token, c.get("now"), viewer));
			return c.html(
				<AcceptInvitePage token={input.token} invite={"ok" in invite ? invite.ok : undefined} values={{ name: input.name }} errors={result.errors} />,
				result.errors.status,
			);
		}
		// A person who was signed in moves their session to the workspace they joined; a new person is signed in.
		if (result.ok.joined && viewer)
			await switchSession(db, viewer.credentialId, viewer.personId, { memberId: result.ok.member.id, workspaceId: result.ok.workspace.id });
		else await startSession(c, result.ok.member.id, result.ok.workspace.id);
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
