import { Hono } from "hono";
import { z } from "zod";
import { findPersonByEmail } from "../../db/queries/members";
import { roles } from "../../domain/permissions";
import { resolveActor } from "../auth/authenticate";
import { startSession, switchSession } from "../auth/sessions";
import type { AppEnv } from "../context";
import { linkBase } from "../mail/send";
import { acceptInvitation, assertUsable, createInvitation, invitationByToken, listInvitations, revokeInvitation } from "../services/invitations";
import { jsonBody, queryParams } from "../validation";
import { passwordSchema, workspaceView } from "./workspaces";

const createSchema = z.object({ email: z.email().max(320), role: z.enum(roles) });
/** name and password for a new person; someone who already has a sign-in sends only the token, signed in. */
export const acceptSchema = z.object({
	token: z.string().min(1).max(200),
	name: z.string().trim().min(1).max(120).optional(),
	password: passwordSchema.optional(),
});

/** Inviting, listing and withdrawing invitations: owners and managers. */
export const invitationRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json({ items: await listInvitations(c.get("db"), c.get("actor"), c.get("now")), next: null }))
	.post("/", jsonBody(createSchema), async (c) => {
		const invited = await createInvitation(c.get("db"), c.env, c.get("actor"), c.req.valid("json"), c.get("now"), linkBase(c.env));
		return c.json(invited, 201);
	})
	.delete("/:id", async (c) => {
		await revokeInvitation(c.get("db"), c.get("actor"), c.req.param("id"), c.get("now"));
		return c.body(null, 204);
	});

/**
 * Open: whoever holds the link. Looking it up shows what it is for (and whether its address signs in
 * already: only the link's holder, the address's own mailbox, learns that). Accepting signs a new
 * person in; a person who has a sign-in accepts signed in, and their session moves to the new workspace.
 */
export const invitationAcceptRoutes = new Hono<AppEnv>()
	.get("/", queryParams(z.object({ token: z.string().min(1).max(200) })), async (c) => {
		const { invitation, workspace } = await invitationByToken(c.get("db"), c.req.valid("query").token);
		assertUsable(invitation, c.get("now"));
		const known = await findPersonByEmail(c.get("db"), invitation.email);
		return c.json({
			email: invitation.email,
			role: invitation.role,
			workspace: workspaceView(workspace),
			expiresAt: new Date(invitation.expiresAt).toISOString(),
			signInToAccept: !!known?.passwordHash,
		});
	})
	.post("/", jsonBody(acceptSchema), async (c) => {
		const signedIn = await resolveActor(c);
		const accepted = await acceptInvitation(c.get("db"), c.req.valid("json"), c.get("now"), signedIn);
		if (accepted.joined && signedIn)
			await switchSession(c.get("db"), signedIn.credentialId, signedIn.personId, { memberId: accepted.member.id, workspaceId: accepted.workspace.id });
		else await startSession(c, accepted.member.id, accepted.workspace.id);
		return c.json({ member: accepted.member, workspace: workspaceView(accepted.workspace) }, 201);
	});
