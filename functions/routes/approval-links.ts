import { Hono } from "hono";
import { z } from "zod";
import { getWorkspace } from "../../db/queries/workspaces";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { secretJson } from "../middleware/idempotency";
import { approvalLinkView, createApprovalLink, getApprovalLink, listApprovalLinks, revokeApprovalLink } from "../services/approval-links";
import { serviceContext } from "../services/context";
import { jsonBody, queryParams } from "../validation";

const createSchema = z.object({
	label: z.string().trim().min(1).max(120),
	expiresAt: z.iso.datetime({ offset: true, message: "ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00" }),
	postId: z.string().min(1).optional(),
	campaignId: z.string().min(1).optional(),
	countsAsApproval: z.boolean().default(false),
});

const listSchema = z.object({ postId: z.string().optional(), campaignId: z.string().optional() });

async function zoneOf(c: { get(k: "db"): Parameters<typeof getWorkspace>[0] }, workspaceId: string) {
	const ws = await getWorkspace(c.get("db"), workspaceId);
	if (!ws) throw notFound("Workspace");
	return ws.timezone;
}

/**
 * Client approval links (API.md, Approval links): the token is shown once, in `url`; only its SHA-256
 * is stored. Managers and owners create and revoke them; anyone in the workspace lists them.
 */
export const approvalLinkRoutes = new Hono<AppEnv>()
	.get("/", queryParams(listSchema), async (c) => {
		const ctx = serviceContext(c);
		const [rows, zone] = await Promise.all([listApprovalLinks(ctx, c.req.valid("query")), zoneOf(c, ctx.actor.workspaceId)]);
		return c.json({ items: rows.map((r) => approvalLinkView(r, ctx.now, zone)), next: null });
	})
	.post("/", jsonBody(createSchema), async (c) => {
		const v = c.req.valid("json");
		const ctx = serviceContext(c);
		const { row, path } = await createApprovalLink(ctx, { ...v, expiresAt: Date.parse(v.expiresAt) });
		const zone = await zoneOf(c, ctx.actor.workspaceId);
		return secretJson(c, { ...approvalLinkView(row, ctx.now, zone), url: new URL(path, c.req.url).toString() }, 201);
	})
	.get("/:id", async (c) => {
		const ctx = serviceContext(c);
		const row = await getApprovalLink(ctx, c.req.param("id"));
		return c.json(approvalLinkView(row, ctx.now, await zoneOf(c, ctx.actor.workspaceId)));
	})
	.delete("/:id", async (c) => {
		await revokeApprovalLink(serviceContext(c), c.req.param("id"));
		return c.body(null, 204);
	});
