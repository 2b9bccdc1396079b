import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { accountView, getAccount, listAccounts } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { account, post } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { createAccount, createAccountSchema, patchAccountSchema, updateAccount } from "../services/accounts";
import { serviceContext } from "../services/context";
import { setAccountPaused } from "../services/pausing";
import { jsonBody } from "../validation";

export const accountRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const rows = await listAccounts(c.get("db"), c.get("actor").workspaceId);
		return c.json({ items: rows.map(accountView), next: null });
	})
	.get("/:id", async (c) => {
		const found = await getAccount(c.get("db"), c.get("actor").workspaceId, c.req.param("id"));
		if (!found) throw notFound("Account");
		return c.json(accountView(found));
	})
	.post("/", jsonBody(createAccountSchema), async (c) => c.json(accountView(await createAccount(serviceContext(c), c.req.valid("json"))), 201))
	.patch("/:id", jsonBody(patchAccountSchema), async (c) => c.json(accountView(await updateAccount(serviceContext(c), c.req.param("id"), c.req.valid("json")))))
	.post("/:id/pause", async (c) => c.json(accountView(await setAccountPaused(serviceContext(c), c.req.param("id"), true))))
	.post("/:id/resume", async (c) => c.json(accountView(await setAccountPaused(serviceContext(c), c.req.param("id"), false))))
	.delete("/:id", async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const db = c.get("db");
		const found = await getAccount(db, actor.workspaceId, c.req.param("id"));
		if (!found) throw notFound("Account");
		const active = await db
			.select({ id: post.id })
			.from(post)
			.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.accountId, found.id), inArray(post.status, ["pending_approval", "scheduled", "publishing"])))
			.limit(1);
		if (active.length) {
			throw new ApiError(409, "account_in_use", "This account still has scheduled or pending posts; cancel them first", { details: { postId: active[0]?.id } });
		}
		const followers = await db
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.parentId, found.id)))
			.limit(1);
		if (followers.length) {
			throw new ApiError(409, "account_in_use", "Other accounts follow this one as their main account; change their parentId first");
		}
		await db.batch([
			db.delete(post).where(and(eq(post.workspaceId, actor.workspaceId), eq(post.accountId, found.id))),
			db.delete(account).where(and(eq(account.workspaceId, actor.workspaceId), eq(account.id, found.id))),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "account.delete",
				subject: `account:${found.id}`,
				before: accountView(found),
				at: c.get("now"),
			}),
		]);
		return c.body(null, 204);
	});
