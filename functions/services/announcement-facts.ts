/** The unity rule: a local variant keeps every key fact of its announcement, or it cannot be scheduled. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { announcement } from "../../db/schema";
import { compareFacts, type Fact } from "../../domain/facts";
import { ApiError } from "../errors";

export type FactFinding = { rule: "fact_missing" | "fact_changed"; severity: "error"; message: string; fact: Fact; found?: Fact };

/** What a variant's text does to the announcement's facts: dropped or changed ones, as findings. */
export function factFindings(facts: Fact[], variantText: string): FactFinding[] {
	const { missing, changed } = compareFacts(facts, variantText);
	return [
		...changed.map(({ fact, found }) => ({ rule: "fact_changed" as const, severity: "error" as const, message: `"${fact.text}" became "${found.text}": keep the main post's ${fact.kind}`, fact, found })),
		...missing.map((fact) => ({ rule: "fact_missing" as const, severity: "error" as const, message: `The ${fact.kind} "${fact.text}" of the main post is missing`, fact })),
	];
}

/** Throws 422 fact_changed naming the first fact a variant drops or changes. The main post itself is exempt. */
export async function assertFactsKept(db: Db, p: { id: string; workspaceId: string; announcementId: string | null }, text: string): Promise<void> {
	if (!p.announcementId) return;
	const a = await db.query.announcement.findFirst({ where: and(eq(announcement.workspaceId, p.workspaceId), eq(announcement.id, p.announcementId)) });
	if (!a || a.mainPostId === p.id) return;
	const findings = factFindings(a.facts as Fact[], text);
	const first = findings[0];
	if (first) throw new ApiError(422, "fact_changed", first.message, { details: { fact: first.fact, found: first.found ?? null, findings } });
}
