import { and, eq, inArray } from "drizzle-orm";
import { defaultMission, type Mission, mergeMission, normalizeMission } from "../../domain/mission";
import type { Db } from "../client";
import { mission } from "../schema";

export const WORKSPACE_SCOPE = "workspace";

/** The workspace's mission and the overrides of the given accounts, in one query. */
export async function missionsFor(db: Db, workspaceId: string, accountIds: string[]) {
	const rows = await db
		.select()
		.from(mission)
		.where(and(eq(mission.workspaceId, workspaceId), inArray(mission.scope, [WORKSPACE_SCOPE, ...accountIds.slice(0, 90)])));
	const byScope = new Map(rows.map((r) => [r.scope, r.data]));
	const workspace = normalizeMission({ ...defaultMission, ...(byScope.get(WORKSPACE_SCOPE) as Partial<Mission> | undefined) });
	return {
		workspace,
		override: (accountId: string) => (byScope.get(accountId) as Partial<Mission> | undefined) ?? null,
		forAccount: (accountId: string): Mission => mergeMission(workspace, (byScope.get(accountId) as Partial<Mission> | undefined) ?? null),
	};
}

export function saveMission(db: Db, workspaceId: string, scope: string, data: Record<string, unknown>, by: string, now: number) {
	return db
		.insert(mission)
		.values({ workspaceId, scope, data, updatedAt: now, updatedBy: by })
		.onConflictDoUpdate({ target: [mission.workspaceId, mission.scope], set: { data, updatedAt: now, updatedBy: by } });
}
