/**
 * Saving missions: the validation and the use cases shared by the JSON API (functions/routes/missions.ts)
 * and the mission editor (web/handlers/mission.tsx), so a mission saved either way follows the same rules.
 */
import { z } from "zod";
import { getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { missionsFor, saveMission, WORKSPACE_SCOPE } from "../../db/queries/missions";
import { defaultMission, type Mission, normalizeMission } from "../../domain/mission";
import { requirePermission } from "../auth/authorize";
import { notFound } from "../errors";
import type { ServiceContext } from "./context";

const phrase = z.string().trim().min(1, "An entry cannot be empty").max(200, "At most 200 characters per entry");
export const missionFields = {
	purpose: z.string().max(2000, "At most 2,000 characters"),
	audience: z.string().max(2000, "At most 2,000 characters"),
	topics: z.array(phrase).max(100, "At most 100 topics"),
	voice: z.string().max(4000, "At most 4,000 characters"),
	bannedPhrases: z.array(phrase).max(500, "At most 500 phrases"),
	allowedLinkDomains: z
		.array(z.string().trim().min(1, "A domain cannot be empty").max(253, "At most 253 characters per domain"))
		.max(200, "At most 200 domains"),
	maxBroadcastShare: z.number().min(0, "At least 0").max(1, "At most 1 (100%)"),
	maxHashtags: z.number().int("A whole number").min(0, "At least 0").max(100, "At most 100").nullable(),
	maxMentions: z.number().int("A whole number").min(0, "At least 0").max(100, "At most 100").nullable(),
};

/** The workspace mission is complete (missing fields take the permissive defaults); an override names only what it changes. */
export const workspaceMissionSchema = z.object(missionFields).partial();
export const accountMissionSchema = z.object(missionFields).partial();

export type WorkspaceMissionInput = z.infer<typeof workspaceMissionSchema>;
export type AccountMissionInput = z.infer<typeof accountMissionSchema>;

type Ctx = Pick<ServiceContext, "db" | "actor" | "now">;

async function save(ctx: Ctx, scope: string, data: Record<string, unknown>) {
	const { db, actor, now } = ctx;
	await db.batch([
		saveMission(db, actor.workspaceId, scope, data, actor.id, now),
		auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "mission.update", subject: `mission:${scope}`, after: data, at: now }),
	]);
}

/** Replaces the workspace mission; fields left out take the permissive defaults. */
export async function saveWorkspaceMission(ctx: Ctx, input: WorkspaceMissionInput): Promise<Mission> {
	requirePermission(ctx.actor, "manage_accounts");
	const data = normalizeMission({ ...defaultMission, ...input });
	await save(ctx, WORKSPACE_SCOPE, data);
	return data;
}

/** An account's mission: `override` is what it sets itself, `effective` what its drafts are linted against. */
export async function accountMission(ctx: Pick<Ctx, "db" | "actor">, accountId: string) {
	const acc = await getAccount(ctx.db, ctx.actor.workspaceId, accountId);
	if (!acc) throw notFound("Account");
	const missions = await missionsFor(ctx.db, ctx.actor.workspaceId, [acc.id]);
	return {
		account: acc,
		workspace: missions.workspace,
		override: (missions.override(acc.id) ?? {}) as AccountMissionInput,
		effective: missions.forAccount(acc.id),
	};
}

/** Replaces an account's override: the fields it names replace the workspace's, the others follow it. */
export async function saveAccountMission(ctx: Ctx, accountId: string, override: AccountMissionInput) {
	requirePermission(ctx.actor, "manage_accounts");
	const acc = await getAccount(ctx.db, ctx.actor.workspaceId, accountId);
	if (!acc) throw notFound("Account");
	await save(ctx, acc.id, override);
	const missions = await missionsFor(ctx.db, ctx.actor.workspaceId, [acc.id]);
	return { override, effective: missions.forAccount(acc.id) };
}
