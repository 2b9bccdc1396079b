/**
 * The caller's own workspace (`/workspace`, singular; `POST /workspaces` is sign-up): read it, and
 * the emergency stop. `pause` stops every publish of the workspace at once; `resume` sends what
 * waited, once, oldest first.
 */
import { Hono } from "hono";
import { z } from "zod";
import { getWorkspace } from "../../db/queries/workspaces";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { serviceContext } from "../services/context";
import { setWorkspacePaused } from "../services/pausing";
import { updateWorkspaceSettings } from "../services/workspace-settings";
import { jsonBody } from "../validation";
import { workspaceView } from "./workspaces";

export const currentWorkspaceRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const ws = await getWorkspace(c.get("db"), c.get("actor").workspaceId);
		if (!ws) throw notFound("Workspace");
		return c.json(workspaceView(ws));
	})
	// Settings: `shortenLinks` sends every post's links as first-party short links (/l/:code).
	.patch("/", jsonBody(z.object({ shortenLinks: z.boolean().optional() }).strict()), async (c) =>
		c.json(workspaceView(await updateWorkspaceSettings(serviceContext(c), c.req.valid("json")))),
	)
	.post("/pause", async (c) => c.json(workspaceView(await setWorkspacePaused(serviceContext(c), true))))
	.post("/resume", async (c) => c.json(workspaceView(await setWorkspacePaused(serviceContext(c), false))));
