import { Hono } from "hono";
import { missionsFor } from "../../db/queries/missions";
import type { AppEnv } from "../context";
import { accountMission, accountMissionSchema, saveAccountMission, saveWorkspaceMission, workspaceMissionSchema } from "../services/missions";
import { jsonBody } from "../validation";

export const missionRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json((await missionsFor(c.get("db"), c.get("actor").workspaceId, [])).workspace))
	.put("/", jsonBody(workspaceMissionSchema), async (c) =>
		c.json(await saveWorkspaceMission({ db: c.get("db"), actor: c.get("actor"), now: c.get("now") }, c.req.valid("json"))),
	);

/** An account's mission: `override` is what it sets itself, `effective` what its drafts are linted against. */
export const accountMissionRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const { override, effective } = await accountMission({ db: c.get("db"), actor: c.get("actor") }, c.req.param("id") ?? "");
		return c.json({ override, effective });
	})
	.put("/", jsonBody(accountMissionSchema), async (c) =>
		c.json(await saveAccountMission({ db: c.get("db"), actor: c.get("actor"), now: c.get("now") }, c.req.param("id") ?? "", c.req.valid("json"))),
	);
