/**
 * The mission lint for the drafting form: each selected account's findings, as the page shows them on
 * render and POST /compose/count sends them as you type. One loadLinter per request, whatever the
 * number of accounts, and the same linter scheduling uses, so the hints say what scheduling will check.
 */
import type { Db } from "../db/client";
import type { AccountRow } from "../db/queries/accounts";
import type { Finding } from "../domain/findings";
import { networkNames } from "../domain/networks";
import { loadLinter } from "../functions/services/lint";

/** A piece of the text around a finding's span: `match` is what the rule is about. */
export type Excerpt = { before: string; match: string; after: string };

export type LintItem = { rule: string; severity: Finding["severity"]; message: string; excerpt?: Excerpt };

export type AccountLint = { accountId: string; handle: string; label: string; findings: LintItem[] };

const CONTEXT = 24;

const isLow = (s: string, i: number) => {
	const c = s.charCodeAt(i);
	return c >= 0xdc00 && c <= 0xdfff;
};

/** Up to CONTEXT characters either side of the span, never cutting a surrogate pair; "…" where cut. */
export function excerptOf(body: string, span: [number, number]): Excerpt | undefined {
	const [start, end] = span;
	if (!(start >= 0 && end > start && end <= body.length)) return undefined;
	let from = Math.max(0, start - CONTEXT);
	if (from > 0 && isLow(body, from)) from--;
	let to = Math.min(body.length, end + CONTEXT);
	if (to < body.length && isLow(body, to)) to++;
	const flat = (s: string) => s.replace(/\s+/g, " ");
	return {
		before: `${from > 0 ? "…" : ""}${flat(body.slice(from, start))}`,
		match: body.slice(start, end),
		after: `${flat(body.slice(end, to))}${to < body.length ? "…" : ""}`,
	};
}

function item(body: string, f: Finding): LintItem {
	const excerpt = f.span ? excerptOf(body, f.span) : undefined;
	return { rule: f.rule, severity: f.severity, message: f.message, ...(excerpt ? { excerpt } : {}) };
}

/**
 * Findings per selected account (in the given order), errors first. Nothing while the text and the
 * link are both empty: an empty form is not a mistake yet.
 */
export async function lintFor(
	db: Db,
	workspaceId: string,
	selected: AccountRow[],
	body: string,
	link: string | null | undefined,
	now: number,
): Promise<AccountLint[]> {
	if (selected.length === 0 || (body.trim() === "" && !link?.trim())) return [];
	const linter = await loadLinter(
		db,
		workspaceId,
		selected.map((a) => a.id),
		now,
	);
	return selected.map((acc) => {
		const findings = linter.lint(acc, body, link?.trim() || null, { accounts: selected });
		const ordered = [...findings.filter((f) => f.severity === "error"), ...findings.filter((f) => f.severity !== "error")];
		return { accountId: acc.id, handle: acc.handle, label: `${networkNames[acc.network]} ${acc.handle}`, findings: ordered.map((f) => item(body, f)) };
	});
}
