/** The spreadsheet upload page: the same import as POST /api/v1/posts/import, with its row report as a table. */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { ApiError } from "../../functions/errors";
import { importCsv, type RowReport } from "../../functions/services/spreadsheet";
import { ctxOf, signedIn, viewerOf, type WebEnv } from "../env";
import { field, readForm } from "../form";
import { ImportPage } from "../pages/import";

export const importPages = new Hono<WebEnv>()
	.get("/import", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("workspace").id);
		return c.html(<ImportPage viewer={viewerOf(c)} accounts={accounts} />);
	})
	.post("/import", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("workspace").id);
		const page = (props: Partial<Parameters<typeof ImportPage>[0]>, status: 200 | 201 | 400 | 403 | 422 = 200) =>
			c.html(<ImportPage viewer={viewerOf(c)} accounts={accounts} {...props} />, status);
		// A body that is not the multipart it claims to be (no boundary, truncated) is the user's 400, not a crash.
		const form = await readForm(c.req).catch(() => null);
		if (!form) return page({ error: "The upload could not be read: choose the CSV file and send the form again." }, 400);
		const upload = form.file;
		const file = Array.isArray(upload) ? upload[0] : upload;
		if (!(file instanceof File) || file.size === 0) return page({ error: "Choose a CSV file to import." }, 400);
		const dryRun = field(form, "dryRun") === "true";
		try {
			const result = await importCsv(ctxOf(c), await file.text(), {
				accountId: field(form, "accountId") || undefined,
				dateOrder: field(form, "dateOrder") === "dmy" ? "dmy" : "mdy",
				dryRun,
			});
			const n = result.rows.length;
			const message = dryRun ? `All ${n} rows can be imported; nothing was saved.` : `Imported ${n} ${n === 1 ? "post" : "posts"}.`;
			return page({ outcome: { kind: dryRun ? "checked" : "saved", message, rows: result.rows } }, dryRun ? 200 : 201);
		} catch (error) {
			if (!(error instanceof ApiError) || error.status >= 500) throw error;
			const rows = error.extra.details?.rows as RowReport[] | undefined;
			if (rows) return page({ outcome: { kind: "refused", message: error.message, rows } }, 422);
			return page({ error: error.message }, error.status === 403 ? 403 : error.status === 422 ? 422 : 400);
		}
	});
