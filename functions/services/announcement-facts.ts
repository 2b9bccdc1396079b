/** The unity rule: a local variant keeps every key fact of its announcement, or it cannot be scheduled. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { announcement } from "../../db/schema";
import { compareFacts, type Fact } from "../../domain/facts";

export type FactFinding = { rule: "fact_missing" | "fact_changed"; severity: "error"; message: string; fact: Fact; found?: Fact };

/** What a variant's text does to the announcement's facts: dropped or changed ones, as findings. */
export function factFindings(facts: Fact[], variantText: string): FactFinding[] {
	const { missing, changed } = compareFacts(facts, variantText);
	return [
		...changed.map(({ fact, found }) => ({
			rule: "fact_changed" as const,
			severity: "error" as const,
			message: `"${fact.text}" became "${found.text}": keep the main post's ${fact.kind}`,
			fact,
			found,
		})),
		...missing.map((fact) => ({
			rule: "fact_missing" as const,
			severity: "error" as const,
			message: `The ${fact.kind} "${fact.text}" of the main post is missing`,
			fact,
		})),
	];
}

/**
 * The findings of a variant's text against its announcement's facts (none for the main post itself).
 * The brand-voice policy refuses on them as 422 fact_changed, naming the first fact dropped or changed.
 */
export async function variantFactFindings(db: Db, p: { id: string; workspaceId: string; announcementId: string | null }, text: string): Promise<FactFinding[]> {
	if (!p.announcementId) return [];
	const a = await db.query.announcement.findFirst({ where: and(eq(announcement.workspaceId, p.workspaceId), eq(announcement.id, p.announcementId)) });
	if (!a || a.mainPostId === p.id) return [];
	return factFindings(a.facts as Fact[], text);
}
