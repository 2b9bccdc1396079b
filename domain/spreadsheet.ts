/**
 * Spreadsheet planning, pure: which columns a CSV has (Hootsuite's bulk composer or Chorus's own),
 * and each row read into a post request with the row's own problems named by field. The rules a
 * post must pass (length, mission, duplicates, duty) are not here: the import runs every row
 * through the same services as POST /posts.
 */
import { localToUtc } from "./time";

export const MAX_IMPORT_ROWS = 5_000;

/** Chorus's own columns, in the order GET /posts.csv writes them (it adds read-only ones after these). */
export const CHORUS_COLUMNS = ["account", "body", "link", "scheduledAt", "status"] as const;

export type SheetFormat = "chorus" | "hootsuite";
export type DateOrder = "mdy" | "dmy";

export type RowProblem = { field: string; message: string };

export type SheetRow = {
	format: SheetFormat;
	/** The line in the file (1 = the first line), as a spreadsheet shows it. */
	line: number;
	/** Handle or id as written; null means the import's default account. */
	account: string | null;
	body: string;
	link: string | null;
	/** An instant, or a wall-clock time to read in the account's zone (Hootsuite), or none (a draft). */
	when: { at: number } | { local: { date: string; time: string } } | null;
	status: "draft" | "scheduled";
	problems: RowProblem[];
};

const normal = (h: string) =>
	h
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, "");

const HOOTSUITE_HEADERS: Record<string, "date" | "message" | "link"> = {
	date: "date",
	"date/time": "date",
	datetime: "date",
	"date&time": "date",
	message: "message",
	text: "message",
	link: "link",
	url: "link",
};

const CHORUS_HEADERS: Record<string, (typeof CHORUS_COLUMNS)[number]> = {
	account: "account",
	accountid: "account",
	handle: "account",
	body: "body",
	link: "link",
	scheduledat: "scheduledAt",
	status: "status",
};

/** Hootsuite's date/time cell: "MM/DD/YYYY HH:mm" (or DD/MM), "YYYY-MM-DD HH:mm", optional seconds and AM/PM. */
export function parseLocalDateTime(text: string, order: DateOrder): { date: string; time: string } | null {
	const m = text.trim().match(/^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i);
	if (!m) return null;
	const [, a, b, c, hh, mm, , ampm] = m;
	let year: number, month: number, day: number;
	if (a!.length === 4) [year, month, day] = [+a!, +b!, +c!];
	else if (c!.length === 4) [year, month, day] = order === "mdy" ? [+c!, +a!, +b!] : [+c!, +b!, +a!];
	else return null;
	let hour = +hh!;
	if (ampm) {
		if (hour < 1 || hour > 12) return null;
		hour = (hour % 12) + (ampm.toLowerCase().startsWith("p") ? 12 : 0);
	}
	const probe = new Date(Date.UTC(year, month - 1, day));
	if (month < 1 || month > 12 || probe.getUTCDate() !== day || hour > 23 || +mm! > 59) return null;
	const pad = (n: number) => String(n).padStart(2, "0");
	return { date: `${year}-${pad(month)}-${pad(day)}`, time: `${pad(hour)}:${mm}` };
}

/**
 * A cell a spreadsheet could run as a formula (OWASP "CSV Injection", ASVS 1.2.10): one that starts
 * with a tab, CR, LF or NUL, or with = + - @ (or their full-width forms, which some spreadsheets fold)
 * after any leading whitespace. Leading quotes are looked through, so a cell that is already "'=x"
 * gets its own quote too and the import's unescape (one quote off) gives it back exactly.
 */
export const FORMULA_TRIGGER = /^'*(?:[\t\r\n\0]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** What the export writes for a text cell: a leading ' defuses a would-be formula. */
export const escapeFormula = (cell: string) => (FORMULA_TRIGGER.test(cell) ? `'${cell}` : cell);

/**
 * A cell as the import reads it: a cell escapeFormula wrote comes back exactly ("'@desk" was written
 * for "@desk", "'\n=x\n" for "\n=x\n"); any other cell is trimmed, and "'hello" stays as it is.
 */
export function unescapeFormula(raw: string): string {
	const cell = raw.trimStart();
	return cell.startsWith("'") && FORMULA_TRIGGER.test(cell.slice(1)) ? cell.slice(1) : raw.trim();
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Which format a sheet is in, and which column holds what. Hootsuite's own template has no header row. */
export function detectColumns(
	first: string[],
	order: DateOrder,
):
	| { format: "chorus"; columns: Map<number, (typeof CHORUS_COLUMNS)[number]>; headerRow: true }
	| { format: "hootsuite"; columns: Map<number, "date" | "message" | "link">; headerRow: boolean }
	| { error: string } {
	const names = first.map(normal);
	const chorus = new Map<number, (typeof CHORUS_COLUMNS)[number]>();
	names.forEach((n, i) => {
		if (CHORUS_HEADERS[n]) chorus.set(i, CHORUS_HEADERS[n]);
	});
	if ([...chorus.values()].includes("body")) return { format: "chorus", columns: chorus, headerRow: true };
	const hoot = new Map<number, "date" | "message" | "link">();
	first.forEach((h, i) => {
		const key = HOOTSUITE_HEADERS[h.trim().toLowerCase()] ?? HOOTSUITE_HEADERS[normal(h)];
		if (key) hoot.set(i, key);
	});
	if ([...hoot.values()].includes("message")) return { format: "hootsuite", columns: hoot, headerRow: true };
	// No header: Hootsuite's template is date/time, message, link.
	if (first.length >= 2 && parseLocalDateTime(first[0] ?? "", order)) {
		return {
			format: "hootsuite",
			columns: new Map([
				[0, "date"],
				[1, "message"],
				[2, "link"],
			] as const),
			headerRow: false,
		};
	}
	return { error: "Unknown columns: use Chorus's (account, body, link, scheduledAt, status) or Hootsuite's (date/time, message, link)" };
}

/** One data row, read; `line` is its 1-based line in the file. */
export function readRow(cells: string[], columns: Map<number, string>, format: SheetFormat, line: number, order: DateOrder): SheetRow {
	const get = (name: string) => {
		for (const [i, n] of columns) if (n === name) return unescapeFormula(cells[i] ?? "");
		return "";
	};
	const problems: RowProblem[] = [];
	const link = get("link") || null;
	if (format === "hootsuite") {
		const dateText = get("date");
		const local = dateText ? parseLocalDateTime(dateText, order) : null;
		if (!dateText) problems.push({ field: "date/time", message: "Give a date and time (Hootsuite rows are always scheduled)" });
		else if (!local)
			problems.push({ field: "date/time", message: `"${dateText}" is not a date and time like ${order === "mdy" ? "12/31/2026 14:30" : "31/12/2026 14:30"}` });
		const body = get("message");
		if (!body) problems.push({ field: "message", message: "The message is empty" });
		return { format, line, account: null, body, link, when: local ? { local } : null, status: "scheduled", problems };
	}
	const body = get("body");
	if (!body) problems.push({ field: "body", message: "The body is empty" });
	const at = get("scheduledAt");
	let when: SheetRow["when"] = null;
	if (at) {
		if (ISO_WITH_OFFSET.test(at) && !Number.isNaN(Date.parse(at))) when = { at: Date.parse(at) };
		else problems.push({ field: "scheduledAt", message: `"${at}" is not ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00` });
	}
	const statusText = get("status").toLowerCase();
	let status: SheetRow["status"] = when ? "scheduled" : "draft";
	if (statusText === "draft") status = "draft";
	else if (statusText === "scheduled" || statusText === "pending_approval") status = "scheduled";
	else if (statusText) problems.push({ field: "status", message: `A ${statusText} post cannot be imported; use draft or scheduled (or leave it empty)` });
	if (status === "scheduled" && !when && !problems.some((p) => p.field === "scheduledAt"))
		problems.push({ field: "scheduledAt", message: "Give scheduledAt to schedule" });
	return { format, line, account: get("account") || null, body, link, when, status, problems };
}

/** The instant a row is for, once its account (and so its zone) is known. */
export const rowInstant = (row: SheetRow, zone: string): number | null =>
	row.when === null ? null : "at" in row.when ? row.when.at : localToUtc(row.when.local.date, row.when.local.time, zone);
