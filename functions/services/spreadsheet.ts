/**
 * Spreadsheet planning: GET /posts.csv and POST /posts/import (and the upload page). Every imported
 * row goes through planCompose, the same brand-voice policy as POST /posts (role, posting policy and
 * approval, mission lint), then the desks' double-post guard for all rows at once; the rows are written
 * in one D1 batch, so an import lands whole or not at all.
 */
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { newId } from "../../db/ids";
import type { AccountRow } from "../../db/queries/accounts";
import { bulkInsertStatements } from "../../db/queries/bulk";
import { listPosts, type PostRow } from "../../db/queries/posts";
import { account, auditEvent, post } from "../../db/schema";
import { type DateOrder, detectColumns, FORMULA_TRIGGER, MAX_IMPORT_ROWS, type RowProblem, readRow, rowInstant, type SheetRow } from "../../domain/spreadsheet";
import { isoWithOffset } from "../../domain/time";
import { ApiError, invalidField } from "../errors";
import { assertMay, guardEach, loadVoiceRules, type Spoken, type Utterance } from "./brand-voice";
import type { ServiceContext } from "./context";
import { planCompose, snapshot } from "./posts";
import { releaseAll } from "./scheduling";

type Ctx = ServiceContext;

const EXPORT_PAGE = 500;
const MAX_EXPORT_ROWS = 20_000;

/**
 * The calendar as CSV: Chorus's import columns first, then read-only ones (ignored on import). Cells
 * that a spreadsheet could run as a formula get a leading ' (CSV injection, domain/spreadsheet.ts's
 * FORMULA_TRIGGER: Papa's own default misses "=x\n" and "\n=x"); the import takes it off again.
 */
export async function exportCsv(ctx: Ctx, filter: { from?: number; to?: number; accountId?: string; status?: PostRow["status"][] }): Promise<string> {
	const accounts = await ctx.db.select().from(account).where(eq(account.workspaceId, ctx.actor.workspaceId));
	const handleCount = new Map<string, number>();
	for (const a of accounts) handleCount.set(a.handle.toLowerCase(), (handleCount.get(a.handle.toLowerCase()) ?? 0) + 1);
	// The handle reads best in a spreadsheet; the id only where two accounts share a handle.
	const label = new Map(accounts.map((a) => [a.id, handleCount.get(a.handle.toLowerCase())! > 1 ? a.id : a.handle]));
	const rows: (string | null)[][] = [];
	let after: { calendarAt: number | null; id: string } | undefined;
	while (rows.length < MAX_EXPORT_ROWS) {
		const page = await listPosts(ctx.db, ctx.actor.workspaceId, { ...filter, after, limit: EXPORT_PAGE });
		for (const p of page.slice(0, EXPORT_PAGE)) {
			const at = (ms: number | null) => (ms === null ? "" : isoWithOffset(ms, p.timezone));
			rows.push([
				label.get(p.accountId) ?? p.accountId,
				p.body,
				p.link ?? "",
				at(p.scheduledAt),
				p.status,
				p.id,
				p.accountId,
				at(p.publishedAt),
				p.networkUrl ?? "",
			]);
		}
		if (page.length <= EXPORT_PAGE) break;
		const last = page[EXPORT_PAGE - 1]!;
		after = { calendarAt: last.calendarAt, id: last.id };
	}
	return Papa.unparse(
		{ fields: ["account", "body", "link", "scheduledAt", "status", "id", "accountId", "publishedAt", "networkUrl"], data: rows },
		{ newline: "\r\n", escapeFormulae: FORMULA_TRIGGER },
	);
}

export type RowReport = {
	line: number;
	ok: boolean;
	accountId: string | null;
	status: PostRow["status"] | null;
	scheduledAt: string | null;
	postId: string | null;
	errors: RowProblem[];
	warnings: RowProblem[];
};

export type ImportOptions = { accountId?: string; dateOrder?: DateOrder; dryRun?: boolean };

/** Reads, judges and (unless a dry run, or any row is wrong) saves a CSV of posts. */
export async function importCsv(ctx: Ctx, text: string, options: ImportOptions = {}) {
	assertMay(ctx, "draft");
	const order = options.dateOrder ?? "mdy";
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
	const [header, ...rest] = parsed.data;
	if (!header) throw invalidField(["file"], "The file is empty");
	const columns = detectColumns(header, order);
	if ("error" in columns) throw invalidField(["file"], columns.error);
	const dataRows = columns.headerRow ? rest : parsed.data;
	const firstLine = columns.headerRow ? 2 : 1;
	if (dataRows.length === 0) throw invalidField(["file"], "No rows to import");
	if (dataRows.length > MAX_IMPORT_ROWS)
		throw invalidField(["rows"], `At most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows per import; this file has ${dataRows.length.toLocaleString("en")}`);

	const accounts = await ctx.db.select().from(account).where(eq(account.workspaceId, ctx.actor.workspaceId));
	const fallback = options.accountId ? accounts.find((a) => a.id === options.accountId) : undefined;
	if (options.accountId && !fallback) throw invalidField(["accountId"], `No account ${options.accountId} in this workspace`, 422);
	if (columns.format === "hootsuite" && !fallback)
		throw invalidField(["accountId"], "Hootsuite's columns name no account: give ?accountId= for the whole file");
	const byRef = indexAccounts(accounts);

	const sheet = dataRows.map((cells, i) => readRow(cells, columns.columns, columns.format, firstLine + i, order));
	// Rows papaparse could not read cleanly (an unclosed quote, say) are named too.
	for (const e of parsed.errors) {
		const row = sheet[(e.row ?? 0) - (columns.headerRow ? 1 : 0)];
		row?.problems.push({ field: "csv", message: e.message });
	}
	const resolved = sheet.map((row) => ({ row, acc: resolveAccount(row, byRef, fallback) }));
	const rules = await loadVoiceRules(ctx, [...new Set(resolved.flatMap((r) => (r.acc ? [r.acc.id] : [])))]);

	const reports: RowReport[] = [];
	const planned: { index: number; row: PostRow; acc: AccountRow; utterance: Utterance; spoken: Spoken }[] = [];
	for (const { row, acc } of resolved) {
		const report: RowReport = {
			line: row.line,
			ok: false,
			accountId: acc?.id ?? null,
			status: null,
			scheduledAt: null,
			postId: null,
			errors: [...row.problems],
			warnings: [],
		};
		reports.push(report);
		if (!acc)
			report.errors.push({
				field: "account",
				message: row.account ? `No account "${row.account}" (or more than one) in this workspace` : "Give the account (handle or id) or ?accountId=",
			});
		if (report.errors.length || !acc) continue;
		try {
			const at = rowInstant(row, acc.timezone);
			const plan = await planCompose(ctx, rules, [acc], {
				body: row.body,
				link: checkLink(row),
				when: at === null ? null : { scheduledAt: at },
				status: row.status,
			});
			const post = plan.rows[0]!;
			planned.push({ index: reports.length - 1, row: post, acc, utterance: plan.utterances[0]!, spoken: plan.spoken[0]! });
			Object.assign(report, {
				status: post.status,
				scheduledAt: post.scheduledAt === null ? null : isoWithOffset(post.scheduledAt, acc.timezone),
				postId: post.id,
			});
			report.warnings = post.lint.filter((f) => f.severity === "warning").map((f) => ({ field: fieldOfRule(f.rule, row), message: f.message }));
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			report.errors.push(...problemsOf(error, row));
		}
	}

	const failedRows = () => reports.filter((r) => r.errors.length > 0);
	if (failedRows().length === 0 && !options.dryRun) {
		// The brand-voice policy's last steps, for every row at once, each refusal named by its row.
		const { reservations: scheduling, refusals } = await guardEach(ctx, rules, planned);
		const reportOf = new Map(planned.map((p) => [p.row.id, reports[p.index]!]));
		for (const r of refusals) reportOf.get(scheduling[r.index]!.postId)!.errors.push({ field: fieldOf(columns.format, "body"), message: r.message });
		if (refusals.length === 0) {
			await save(
				ctx,
				planned.map((p) => p.row),
			).catch(async (error) => {
				await releaseAll(ctx.desks, scheduling);
				throw error;
			});
		}
	}
	const failed = failedRows();
	if (failed.length > 0) {
		for (const r of reports) Object.assign(r, { postId: null });
		throw new ApiError(
			422,
			"import_failed",
			`${failed.length} of ${reports.length} rows cannot be imported (first: line ${failed[0]!.line}, ${failed[0]!.errors[0]!.field}: ${failed[0]!.errors[0]!.message}); nothing was saved`,
			{
				issues: failed.flatMap((r) => r.errors.map((e) => ({ path: ["rows", r.line, e.field], message: e.message }))).slice(0, 500),
				details: { format: columns.format, rows: reports },
			},
		);
	}
	for (const r of reports) r.ok = true;
	if (options.dryRun) for (const r of reports) r.postId = null;
	return { format: columns.format, imported: options.dryRun ? 0 : reports.length, dryRun: options.dryRun ?? false, rows: reports };
}

/** Posts and their audit rows, in one batch: the import lands whole or not at all. */
async function save(ctx: Ctx, rows: PostRow[]) {
	const { db, actor } = ctx;
	const audits = rows.map((r) => ({
		id: newId(),
		workspaceId: actor.workspaceId,
		at: ctx.now,
		actorId: actor.id,
		action: `post.create.${r.status}`,
		subject: `post:${r.id}`,
		before: null,
		after: { ...snapshot(r), via: "import" },
	}));
	const [first, ...others] = [...bulkInsertStatements(db, post, rows), ...bulkInsertStatements(db, auditEvent, audits)];
	await db.batch([first!, ...others]);
}

function indexAccounts(accounts: AccountRow[]) {
	const map = new Map<string, AccountRow | null>();
	const add = (key: string, acc: AccountRow) => map.set(key, map.has(key) && map.get(key)?.id !== acc.id ? null : acc);
	for (const a of accounts) {
		add(a.id, a);
		const handle = a.handle.toLowerCase();
		add(handle, a);
		add(handle.replace(/^@/, ""), a);
	}
	return map;
}

function resolveAccount(row: SheetRow, byRef: Map<string, AccountRow | null>, fallback: AccountRow | undefined): AccountRow | null {
	if (!row.account) return fallback ?? null;
	return byRef.get(row.account) ?? byRef.get(row.account.toLowerCase()) ?? null;
}

/** The same rule as POST /posts: an http(s) URL of at most 2,048 characters. */
function checkLink(row: SheetRow): string | null {
	if (!row.link) return null;
	let ok = row.link.length <= 2048;
	try {
		ok &&= ["http:", "https:"].includes(new URL(row.link).protocol);
	} catch {
		ok = false;
	}
	if (!ok) throw invalidField(["link"], "An http(s) URL");
	return row.link;
}

const fieldOf = (format: SheetRow["format"], field: "body" | "scheduledAt" | "link") =>
	format === "hootsuite" ? ({ body: "message", scheduledAt: "date/time", link: "link" } as const)[field] : field;

const fieldOfRule = (rule: string, { format }: SheetRow) => {
	if (/link|domain/i.test(rule)) return fieldOf(format, "link");
	if (/duty|shift|rota|responsib|gap/i.test(rule)) return fieldOf(format, "scheduledAt");
	return fieldOf(format, "body");
};

/** What POST /posts would have answered, as row problems named by the sheet's own column. */
function problemsOf(error: ApiError, row: SheetRow): RowProblem[] {
	const { format } = row;
	if (error.code === "lint_failed") {
		const findings = (error.extra.details?.findings as { rule: string; severity: string; message: string }[] | undefined) ?? [];
		return findings.filter((f) => f.severity === "error").map((f) => ({ field: fieldOfRule(f.rule, row), message: f.message }));
	}
	const issue = error.extra.issues?.[0];
	const field = String(issue?.path[0] ?? "body");
	const known = field === "scheduledAt" || field === "link" || field === "body" ? fieldOf(format, field) : field;
	return [{ field: known, message: issue?.message ?? error.message }];
}
