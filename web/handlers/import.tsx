/** The spreadsheet upload page: the same import as POST /api/v1/posts/import, with its row report as a table. */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { ApiError } from "../../functions/errors";
import { importCsv, type RowReport } from "../../functions/services/spreadsheet";
import { ctxOf, signedIn, viewerOf, type WebEnv } from "../env";
import { ImportPage } from "../pages/import";

export const importPages = new Hono<WebEnv>()
	.get("/import", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("workspace").id);
		return c.html(<ImportPage viewer={viewerOf(c)} accounts={accounts} />);
	})
	.post("/import", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("workspace").id);
		const form = await c.req.parseBody();
		const file = form.file;
		const page = (props: Partial<Parameters<typeof ImportPage>[0]>, status: 200 | 201 | 400 | 403 | 422 = 200) =>
			c.html(<ImportPage viewer={viewerOf(c)} accounts={accounts} {...props} />, status);
		if (!(file instanceof File) || file.size === 0) return page({ error: "Choose a CSV file to import." }, 400);
		const dryRun = form.dryRun === "true";
		try {
			const result = await importCsv(ctxOf(c), await file.text(), {
				accountId: typeof form.accountId === "string" && form.accountId ? form.accountId : undefined,
				dateOrder: form.dateOrder === "dmy" ? "dmy" : "mdy",
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
