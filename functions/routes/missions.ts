import { Hono } from "hono";
import { z } from "zod";
import type { Db } from "../../db/client";
import { getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { missionsFor, saveMission, WORKSPACE_SCOPE } from "../../db/queries/missions";
import { normalizeMission, defaultMission } from "../../domain/mission";
import { requirePermission } from "../auth/authorize";
import type { Actor, AppEnv } from "../context";
import { notFound } from "../errors";
import { jsonBody } from "../validation";

const phrase = z.string().trim().min(1).max(200);
const fields = {
	purpose: z.string().max(2000),
	audience: z.string().max(2000),
	topics: z.array(phrase).max(100),
	voice: z.string().max(4000),
	bannedPhrases: z.array(phrase).max(500),
	allowedLinkDomains: z.array(z.string().trim().min(1).max(253)).max(200),
	maxBroadcastShare: z.number().min(0).max(1),
	maxHashtags: z.number().int().min(0).max(100).nullable(),
	maxMentions: z.number().int().min(0).max(100).nullable(),
};
/** The workspace mission is complete (missing fields take the permissive defaults); an override names only what it changes. */
const workspaceSchema = z.object(fields).partial();
const overrideSchema = z.object(fields).partial();

async function save(db: Db, actor: Actor, scope: string, data: Record<string, unknown>, now: number) {
	await db.batch([saveMission(db, actor.workspaceId, scope, data, actor.id, now), auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "mission.update", subject: `mission:${scope}`, after: data, at: now })]);
}

export const missionRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json((await missionsFor(c.get("db"), c.get("actor").workspaceId, [])).workspace))
	.put("/", jsonBody(workspaceSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const data = normalizeMission({ ...defaultMission, ...c.req.valid("json") });
		await save(c.get("db"), actor, WORKSPACE_SCOPE, data, c.get("now"));
		return c.json(data);
	});

/** An account's mission: `override` is what it sets itself, `effective` what its drafts are linted against. */
export const accountMissionRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const actor = c.get("actor");
		const acc = await getAccount(c.get("db"), actor.workspaceId, c.req.param("id") ?? "");
		if (!acc) throw notFound("Account");
		const missions = await missionsFor(c.get("db"), actor.workspaceId, [acc.id]);
		return c.json({ override: missions.override(acc.id) ?? {}, effective: missions.forAccount(acc.id) });
	})
	.put("/", jsonBody(overrideSchema), async (c) => {
		const actor = c.get("actor");
		requirePermission(actor, "manage_accounts");
		const db = c.get("db");
		const acc = await getAccount(db, actor.workspaceId, c.req.param("id") ?? "");
		if (!acc) throw notFound("Account");
		const override = c.req.valid("json");
		await save(db, actor, acc.id, override, c.get("now"));
		const missions = await missionsFor(db, actor.workspaceId, [acc.id]);
		return c.json({ override, effective: missions.forAccount(acc.id) });
	});
