import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { findPersonByEmail, getMember, listMembers, membershipIn, memberView } from "../../db/queries/members";
import { member, person } from "../../db/schema";
import { roles } from "../../domain/permissions";
import { requirePermission } from "../auth/authorize";
import { hashPassword } from "../auth/crypto";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { serviceContext } from "../services/context";
import { assertMayAssign, removeMember, updateMember } from "../services/members";
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
		// Someone already in this workspace is on the member list, so saying so reveals nothing. An address
		// known only elsewhere is never named: it gets a membership here, answered exactly like a new one;
		// its person keeps their own password (the one given here is not set: it would take their sign-in).
		const known = await findPersonByEmail(db, email);
		if (known && (await membershipIn(db, actor.workspaceId, known.id))) {
			throw new ApiError(409, "email_taken", "email: a member with this email already exists", { issues: [{ path: ["email"], message: "already in use" }] });
		}
		const now = c.get("now");
		const who = known ?? { id: newId(), email, name: input.name, passwordHash: input.password ? await hashPassword(input.password) : null, createdAt: now };
		const row = { id: newId(), workspaceId: actor.workspaceId, personId: who.id, name: input.name, role: input.role, createdAt: now, email };
		const { email: _email, ...membership } = row;
		await db.batch([
			// person first: the membership references it.
			known ? db.select({ id: person.id }).from(person).where(eq(person.id, who.id)) : db.insert(person).values(who),
			db.insert(member).values(membership),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "member.add",
				subject: `member:${row.id}`,
				after: memberView(row),
				at: now,
			}),
		]);
		return c.json(memberView(row), 201);
	})
	.patch("/:id", jsonBody(patchSchema), async (c) => c.json(await updateMember(serviceContext(c), c.req.param("id"), c.req.valid("json"))))
	.delete("/:id", async (c) => {
		const reassignTo = await readReassignTo(c.req.raw, c.req.query("reassignTo"));
		await removeMember(serviceContext(c), c.req.param("id"), reassignTo);
		return c.body(null, 204);
	});
