import { and, count, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditStatement } from "../../db/queries/audit";
import { findMemberByEmail, getMember, listMembers, memberView } from "../../db/queries/members";
import { newId } from "../../db/ids";
import { apiToken, member, memberTotp, notificationPreference, recoveryCode, session } from "../../db/schema";
import type { NotifyEvent } from "../../domain/notifications";
import { dispatchSoon, eventStatement } from "../../queues/notify-events";
import { describeLeftovers, isEmpty, leftoversOf, reassignStatements } from "../services/offboarding";
import { roles } from "../../domain/permissions";
import { hashPassword } from "../auth/crypto";
import { requirePermission } from "../auth/authorize";
import type { Actor, AppEnv } from "../context";
import { ApiError, invalidField, notFound } from "../errors";
import { jsonBody, validationFailed } from "../validation";
import { passwordSchema } from "./workspaces";

const createSchema = z.object({
	email: z.email().max(320),
	name: z.string().trim().min(1).max(120),
	role: z.enum(roles),
	password: passwordSchema.optional(),
});
const patchSchema = z
	.object({ name: z.string().trim().min(1).max(120).optional(), role: z.enum(roles).optional() })
	.refine((p) => p.name !== undefined || p.role !== undefined, { message: "Give name or role" });
const deleteSchema = z.object({ reassignTo: z.string().optional() });

/** `reassignTo` may come as a query parameter or a JSON body (some clients cannot send a DELETE body). */
async function readReassignTo(req: Request, fromQuery: string | undefined): Promise<string | undefined> {
	const text = await req.text();
	if (!text) return fromQuery;
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new ApiError(400, "bad_json", "The body is not valid JSON");
	}
	const parsed = deleteSchema.safeParse(json);
	if (!parsed.success) throw validationFailed(parsed.error);
	return parsed.data.reassignTo ?? fromQuery;
}

/** Only owners make or unmake owners. */
function assertMayAssign(actor: Actor, fromRole: string | undefined, toRole: string | undefined) {
	if (fromRole === "owner" || toRole === "owner") requirePermission(actor, "manage_owners");
}

async function ownerCount(c: { get: (k: "db") => import("../../db/client").Db }, workspaceId: string) {
	const [row] = await c.get("db").select({ n: count() }).from(member).where(and(eq(member.workspaceId, workspaceId), eq(member.role, "owner")));
	return row?.n ?? 0;
}

export const memberRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const rows = await listMembers(c.get("db"), c.get("actor").workspaceId);
		return c.json({ items: rows.map(memberView), next: null });
	})
	.get("/:id", async (c) => {
		const found = await getMember(c.get("db"), c.get("actor").workspaceId, c.req.param("id"));
		if (!found) throw notFound("Member");
		return c.json(memberView(found));
	})
	.post("/", jsonBody(createSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const input = c.req.valid("json");
		assertMayAssign(actor, undefined, input.role);
		const db = c.get("db");
		const email = input.email.toLowerCase();
		if (await findMemberByEmail(db, email)) {
			throw new ApiError(409, "email_taken", "email: a member with this email already exists", { issues: [{ path: ["email"], message: "already in use" }] });
		}
		const now = c.get("now");
		const row = {
			id: newId(),
			workspaceId: actor.workspaceId,
			email,
			name: input.name,
			role: input.role,
			passwordHash: input.password ? await hashPassword(input.password) : null,
			createdAt: now,
		};
		await db.batch([
			db.insert(member).values(row),
			auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "member.add", subject: `member:${row.id}`, after: memberView(row), at: now }),
		]);
		return c.json(memberView(row), 201);
	})
	.patch("/:id", jsonBody(patchSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const db = c.get("db");
		const target = await getMember(db, actor.workspaceId, c.req.param("id"));
		if (!target) throw notFound("Member");
		const input = c.req.valid("json");
		assertMayAssign(actor, target.role, input.role);
		if (target.role === "owner" && input.role && input.role !== "owner" && (await ownerCount(c, actor.workspaceId)) <= 1) {
			throw invalidField(["role"], "The last owner cannot be demoted; make someone else owner first", 422);
		}
		const after = { ...target, ...input };
		await db.batch([
			db.update(member).set(input).where(and(eq(member.workspaceId, actor.workspaceId), eq(member.id, target.id))),
			auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "member.update", subject: `member:${target.id}`, before: memberView(target), after: memberView(after), at: c.get("now") }),
		]);
		return c.json(memberView(after));
	})
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_members");
		const db = c.get("db");
		const now = c.get("now");
		const target = await getMember(db, actor.workspaceId, c.req.param("id"));
		if (!target) throw notFound("Member");
		assertMayAssign(actor, target.role, undefined);
		const reassignTo = await readReassignTo(c.req.raw, c.req.query("reassignTo"));
		if (target.role === "owner" && (await ownerCount(c, actor.workspaceId)) <= 1) {
			throw new ApiError(409, "last_owner", "The last owner cannot be removed");
		}
		const left = await leftoversOf(db, actor.workspaceId, target.id);
		if (!isEmpty(left) && !reassignTo) {
			throw new ApiError(409, "member_has_responsibilities", `${target.name} still has ${describeLeftovers(left)}; reassign them first or pass reassignTo`, {
				details: left,
			});
		}
		const heir = reassignTo ? await getMember(db, actor.workspaceId, reassignTo) : undefined;
		if (reassignTo && (reassignTo === target.id || !heir)) {
			throw invalidField(["reassignTo"], "Must be another member of this workspace", 422);
		}
		// The desks decide conversation owners: move them there first, then mirror it in D1 below.
		if (heir) {
			for (const conv of left.conversations) await c.env.ACCOUNT_DESK.getByName(conv.accountId).handoffConversation(conv.id, actor.id, heir.id, true, now);
		}
		const handedOver: NotifyEvent[] = heir ? left.conversations.map((conv) => ({ kind: "conversation_assigned", conversationId: conv.id, to: heir.id, by: actor.id, at: now })) : [];
		// Access ends at once: tokens and sessions go in the same batch as the member.
		await db.batch([
			db.delete(apiToken).where(eq(apiToken.memberId, target.id)),
			...(heir ? reassignStatements(db, actor.workspaceId, target.id, heir) : []),
			db.delete(session).where(eq(session.memberId, target.id)),
			db.delete(memberTotp).where(eq(memberTotp.memberId, target.id)),
			db.delete(recoveryCode).where(eq(recoveryCode.memberId, target.id)),
			db.delete(notificationPreference).where(eq(notificationPreference.memberId, target.id)),
			db.delete(member).where(and(eq(member.workspaceId, actor.workspaceId), eq(member.id, target.id))),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "member.remove",
				subject: `member:${target.id}`,
				before: memberView(target),
				after: {
					reassignTo: heir?.id ?? null,
					accounts: left.accounts.map((a) => a.id),
					conversations: left.conversations.map((x) => x.id),
					shifts: left.shifts.map((x) => x.id),
					pendingApprovals: left.pendingApprovals.map((x) => x.id),
				},
				at: now,
			}),
			...handedOver.map((e) => eventStatement(db, actor.workspaceId, e, now)),
		]);
		await dispatchSoon(db, c.env.NOTIFY, actor.workspaceId, handedOver, now);
		return c.body(null, 204);
	});
