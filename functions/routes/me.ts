import { Hono } from "hono";
import { getWorkspace } from "../../db/queries/workspaces";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { listMemberships } from "../services/memberships";
import { workspaceView } from "./workspaces";

/**
 * The caller's membership and workspace, and the memberships the caller may see: with a session every
 * membership of the person (the switcher's list); with an API token only its own, since a token may be
 * held by an integration of one workspace that has no business learning the person's other workspaces.
 */
export const meRoutes = new Hono<AppEnv>().get("/", async (c) => {
	const actor = c.get("actor");
	const db = c.get("db");
	const [ws, all] = await Promise.all([getWorkspace(db, actor.workspaceId), listMemberships(db, actor)]);
	const memberships = actor.via === "session" ? all : all.filter((m) => m.current);
	if (!ws) throw notFound("Workspace");
	const { id, name, email, role } = actor;
	return c.json({ member: { id, name, email, role }, workspace: workspaceView(ws), memberships, via: actor.via });
});
