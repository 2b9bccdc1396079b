import { Hono } from "hono";
import { getAccount } from "../../db/queries/accounts";
import { listSandboxFeed } from "../../db/queries/sandbox-feed";
import { isoWithOffset } from "../../domain/time";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";

/** The sandbox network's feed for one account: what Chorus actually "published" there. */
export const accountFeedRoutes = new Hono<AppEnv>().get("/", async (c) => {
	const actor = c.get("actor");
	const db = c.get("db");
	const acc = await getAccount(db, actor.workspaceId, c.req.param("id") ?? "");
	if (!acc) throw notFound("Account");
	if (acc.network !== "sandbox") throw new ApiError(409, "not_sandbox", "Only sandbox accounts have a feed in Chorus; look on the network itself");
	const rows = await listSandboxFeed(db, actor.workspaceId, acc.id);
	return c.json({
		items: rows.map((r) => ({ id: r.id, text: r.text, postId: r.postId, inReplyTo: r.inReplyTo, createdAt: isoWithOffset(r.createdAt, acc.timezone) })),
		next: null,
	});
});
