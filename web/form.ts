/**
 * Form posts: reading fields, and turning a service's ApiError into messages placed on the form,
 * so a page shows what went wrong next to what the user typed instead of the API's JSON.
 */
import type { z } from "zod";
import { ApiError } from "../functions/errors";
import { toIssues } from "../functions/validation";

export type FormFields = Record<string, string | File | (string | File)[]>;

/** The posted form; a body that does not parse as its Content-Type claims (a multipart without its boundary, say) is a 400, not a crash. */
export async function readForm(req: { parseBody: (o: { all: true }) => Promise<FormFields> }): Promise<FormFields> {
	try {
		return await req.parseBody({ all: true });
	} catch {
		throw new ApiError(400, "bad_form", "The form could not be read");
	}
}

/** One text field; a repeated or file field counts as its first text value. */
export function field(form: FormFields, name: string): string {
	const v = form[name];
	const first = Array.isArray(v) ? v[0] : v;
	return typeof first === "string" ? first : "";
}

export function fields(form: FormFields, name: string): string[] {
	const v = form[name];
	return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

export type FormErrors = {
	status: 400 | 401 | 403 | 404 | 409 | 410 | 422 | 429;
	message: string;
	/** Messages per form field name. */
	fields: Record<string, string[]>;
	/** Lint findings, each with the account it is about. */
	findings: { where: string; message: string }[];
};

// The services name API fields; the forms name theirs after what the user sees.
const fieldAliases: Record<string, string> = {
	scheduledAt: "when",
	slot: "when",
	accountId: "accountIds",
	// The compose form's one media field: the upload's own fields and the post's mediaIds.
	mediaIds: "media",
	alt: "media",
	file: "media",
	type: "media",
};

const pageStatuses = new Set([400, 401, 403, 404, 409, 410, 422, 429]);

/**
 * `shown` names the fields the form can mark; an issue about any other field, and an error with no
 * issues at all, goes into the message at the top instead, so nothing is said twice or lost.
 */
export function formErrors(err: ApiError, shown: readonly string[], accountNames: Map<string, string> = new Map()): FormErrors {
	const fieldsOut: Record<string, string[]> = {};
	const elsewhere: string[] = [];
	for (const issue of err.extra.issues ?? []) {
		const key = String(issue.path[0] ?? "");
		const name = fieldAliases[key] ?? key;
		if (shown.includes(name)) fieldsOut[name] = [...(fieldsOut[name] ?? []), issue.message];
		else elsewhere.push(issue.message);
	}
	const raw = err.extra.details?.findings;
	const findings = Array.isArray(raw)
		? raw.map((f: { accountId?: string; message?: string }) => ({
				where: (f.accountId && accountNames.get(f.accountId)) || "",
				message: String(f.message ?? ""),
			}))
		: [];
	const marked = findings.length > 0 || Object.keys(fieldsOut).length > 0;
	const message = marked ? ["Nothing was saved: please fix what is marked below.", ...elsewhere].join(" ") : err.message;
	const status = (pageStatuses.has(err.status) ? err.status : 400) as FormErrors["status"];
	return { status, message, fields: fieldsOut, findings };
}

/** A zod failure on a form, as the same ApiError the JSON API would raise. */
export function invalidForm(error: z.ZodError, message = "Please correct the marked fields"): ApiError {
	return new ApiError(400, "validation_failed", message, { issues: toIssues(error) });
}

/** Runs a service call; an ApiError becomes form errors, anything else stays an error. */
export async function attempt<T>(
	run: () => Promise<T>,
	shown: readonly string[] = [],
	accountNames?: Map<string, string>,
): Promise<{ ok: T } | { errors: FormErrors }> {
	try {
		return { ok: await run() };
	} catch (err) {
		if (err instanceof ApiError) return { errors: formErrors(err, shown, accountNames) };
		throw err;
	}
}
