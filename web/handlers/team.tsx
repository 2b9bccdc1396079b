/** The team page: members and their roles, invitations, removing someone with their work handed on. */
import { Hono } from "hono";
import { z } from "zod";
import { getMember, listMembers, memberView } from "../../db/queries/members";
import { can, roles } from "../../domain/permissions";
import { linkBase } from "../../functions/mail/send";
import { createInvitation, listInvitations, revokeInvitation } from "../../functions/services/invitations";
import { removeMember, updateMember } from "../../functions/services/members";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, invalidForm, readForm } from "../form";
import { ConfirmPage, confirmed } from "../pages/confirm";
import { TeamPage } from "../pages/team";

const notices: Record<string, string> = {
	invited: "Invitation sent.",
	withdrawn: "Invitation withdrawn.",
	role: "Role changed.",
	removed: "Member removed; their work is handed on and their access has ended.",
};

const inviteSchema = z.object({ email: z.email("Enter a valid email address").max(320), role: z.enum(roles) });

async function render(
	c: WebContext,
	extra: { notice?: string; errors?: FormErrors; refused?: { memberId: string; message: string }; inviteValues?: { email: string; role: string } } = {},
) {
	const ctx = ctxOf(c);
	const { actor } = ctx;
	const canManage = can(actor.role, "manage_members");
	const [members, invitations] = await Promise.all([listMembers(ctx.db, actor.workspaceId), canManage ? listInvitations(ctx.db, actor, ctx.now) : []]);
	const page = (
		<TeamPage
			viewer={viewerOf(c)}
			meId={actor.id}
			members={members.map(memberView)}
			invitations={invitations}
			canManage={canManage}
			canManageOwners={can(actor.role, "manage_owners")}
			{...extra}
		/>
	);
	return c.html(page, extra.errors?.status ?? 200);
}

export const teamPages = new Hono<WebEnv>()
	.get("/team", signedIn, (c) => render(c, { notice: notices[c.req.query("done") ?? ""] }))
	.post("/team/invite", signedIn, async (c) => {
		const form = await readForm(c.req);
		const values = { email: field(form, "email").trim(), role: field(form, "role") };
		const ctx = ctxOf(c);
		const result = await attempt(async () => {
			const parsed = inviteSchema.safeParse(values);
			if (!parsed.success) throw invalidForm(parsed.error);
			return createInvitation(ctx.db, c.env, ctx.actor, parsed.data, ctx.now, linkBase(c.env));
		}, ["email"]);
		if ("errors" in result) return render(c, { errors: result.errors, inviteValues: values });
		return c.redirect("/team?done=invited", 303);
	})
	.post("/team/invitations/:id/withdraw", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const result = await attempt(() => revokeInvitation(ctx.db, ctx.actor, c.req.param("id"), ctx.now));
		if ("errors" in result) return render(c, { errors: result.errors });
		return c.redirect("/team?done=withdrawn", 303);
	})
	.post("/team/:id/role", signedIn, async (c) => {
		const role = field(await readForm(c.req), "role");
		const result = await attempt(async () => {
			const parsed = z.enum(roles).safeParse(role);
			if (!parsed.success) throw invalidForm(parsed.error, "Choose a role");
			return updateMember(ctxOf(c), c.req.param("id"), { role: parsed.data });
		});
		if ("errors" in result) return render(c, { errors: result.errors });
		return c.redirect("/team?done=role", 303);
	})
	.post("/team/:id/remove", signedIn, async (c) => {
		const form = await readForm(c.req);
		const reassignTo = field(form, "reassignTo") || undefined;
		const id = c.req.param("id");
		if (!confirmed(form) && can(c.get("actor").role, "manage_members")) {
			const ctx = ctxOf(c);
			const [who, heir] = await Promise.all([
				getMember(ctx.db, ctx.actor.workspaceId, id),
				reassignTo ? getMember(ctx.db, ctx.actor.workspaceId, reassignTo) : undefined,
			]);
			// Another workspace's member, or one already gone: the service's 404 answers.
			if (who && (!reassignTo || heir))
				return c.html(
					<ConfirmPage
						viewer={viewerOf(c)}
						confirmation={{
							title: `Remove ${who.name}?`,
							consequence: (
								<p>
									<strong>
										Remove {who.name} ({who.email}) from {c.get("workspace").name}
									</strong>
									: they are signed out everywhere and their API tokens stop working.{" "}
									{heir
										? `Their drafts, shifts and open conversations go to ${heir.name}.`
										: "If they still own drafts, shifts or conversations, the removal is refused."}
								</p>
							),
							action: `/team/${encodeURIComponent(id)}/remove`,
							fields: reassignTo ? { reassignTo } : {},
							confirmLabel: `Yes, remove ${who.name}`,
							backLabel: "No, keep them",
							back: "/team",
						}}
					/>,
				);
		}
		const result = await attempt(() => removeMember(ctxOf(c), id, reassignTo));
		if ("errors" in result) {
			// A refusal that names what is left sits next to the member it is about.
			return result.errors.status === 409
				? render(c, { errors: result.errors, refused: { memberId: id, message: result.errors.message } })
				: render(c, { errors: result.errors });
		}
		return c.redirect("/team?done=removed", 303);
	});
