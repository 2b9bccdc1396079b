/** The workspace's own settings (PATCH /workspace): today, whether every post's links are shortened. */
import { eq } from "drizzle-orm";
import { auditStatement } from "../../db/queries/audit";
import { getWorkspace, type WorkspaceRow } from "../../db/queries/workspaces";
import { workspace } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import { notFound } from "../errors";
import type { ServiceContext } from "./context";

export async function updateWorkspaceSettings(ctx: ServiceContext, input: { shortenLinks?: boolean }): Promise<WorkspaceRow> {
	const { db, actor, now } = ctx;
	requirePermission(actor, "manage_workspace");
	const before = await getWorkspace(db, actor.workspaceId);
	if (!before) throw notFound("Workspace");
	const after = { ...before, shortenLinks: input.shortenLinks ?? before.shortenLinks };
	if (after.shortenLinks === before.shortenLinks) return before;
	await db.batch([
		db.update(workspace).set({ shortenLinks: after.shortenLinks }).where(eq(workspace.id, actor.workspaceId)),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "workspace.settings",
			subject: `workspace:${actor.workspaceId}`,
			before: { shortenLinks: before.shortenLinks },
			after: { shortenLinks: after.shortenLinks },
			at: now,
		}),
	]);
	return after;
}
