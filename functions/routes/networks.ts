import { Hono } from "hono";
import { capabilityList } from "../../domain/capabilities";
import { requirePermission } from "../auth/authorize";
import type { AppEnv } from "../context";

/**
 * What Chorus can do on each network and within which limits (domain/capabilities.ts): the same
 * table the drafting form, the scheduling checks and docs/networks.md read. Any member or token may read it.
 */
export const networkRoutes = new Hono<AppEnv>().get("/", (c) => {
	requirePermission(c.get("actor"), "read");
	return c.json({ items: capabilityList() });
});
