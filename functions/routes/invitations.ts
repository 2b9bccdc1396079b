import { Hono } from "hono";
import { z } from "zod";
import { roles } from "../../domain/permissions";
import { startSession } from "../auth/sessions";
import type { AppEnv } from "../context";
import { linkBase } from "../mail/send";
import { acceptInvitation, assertUsable, createInvitation, invitationByToken, listInvitations, revokeInvitation } from "../services/invitations";
import { jsonBody, queryParams } from "../validation";
import { passwordSchema, workspaceView } from "./workspaces";

const createSchema = z.object({ email: z.email().max(320), role: z.enum(roles) });
export const acceptSchema = z.object({
	token: z.string().min(1).max(200),
	name: z.string().trim().min(1).max(120),
	password: passwordSchema,
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

/** Open: whoever holds the link. Looking it up shows what it is for; accepting signs the new member in. */
export const invitationAcceptRoutes = new Hono<AppEnv>()
	.get("/", queryParams(z.object({ token: z.string().min(1).max(200) })), async (c) => {
		const { invitation, workspace } = await invitationByToken(c.get("db"), c.req.valid("query").token);
		assertUsable(invitation, c.get("now"));
		return c.json({
			email: invitation.email,
			role: invitation.role,
			workspace: workspaceView(workspace),
			expiresAt: new Date(invitation.expiresAt).toISOString(),
		});
	})
	.post("/", jsonBody(acceptSchema), async (c) => {
		const accepted = await acceptInvitation(c.get("db"), c.req.valid("json"), c.get("now"));
		await startSession(c, accepted.member.id, accepted.workspace.id);
		return c.json({ member: accepted.member, workspace: workspaceView(accepted.workspace) }, 201);
	});
