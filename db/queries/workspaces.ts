import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { workspace } from "../schema";

export type WorkspaceRow = typeof workspace.$inferSelect;

export const getWorkspace = (db: Db, id: string) => db.query.workspace.findFirst({ where: eq(workspace.id, id) });
