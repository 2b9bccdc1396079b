import { Hono } from "hono";
import { getWorkspace } from "../../db/queries/workspaces";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { workspaceView } from "./workspaces";

export const meRoutes = new Hono<AppEnv>().get("/", async (c) => {
	const actor = c.get("actor");
	const ws = await getWorkspace(c.get("db"), actor.workspaceId);
	if (!ws) throw notFound("Workspace");
	const { id, name, email, role } = actor;
	return c.json({ member: { id, name, email, role }, workspace: workspaceView(ws) });
});
