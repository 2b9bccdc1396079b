import { Hono } from "hono";
import { z } from "zod";
import { postStatuses } from "../../db/schema";
import type { AppEnv } from "../context";
import { ApiError, invalidField } from "../errors";
import { serviceContext } from "../services/context";
import { exportCsv, importCsv } from "../services/spreadsheet";
import { queryParams } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00" });

export const exportQuery = z.object({
	from: instant.optional(),
	to: instant.optional(),
	accountId: z.string().optional(),
	status: z
		.string()
		.transform((s) => s.split(","))
		.pipe(z.array(z.enum(postStatuses)))
		.optional(),
});

export const importQuery = z.object({
	/** The account for rows that name none (Hootsuite's columns never do). */
	accountId: z.string().optional(),
	/** How to read Hootsuite dates like 03/04/2026: month first (its default) or day first. */
	dateOrder: z.enum(["mdy", "dmy"]).default("mdy"),
	/** Check every row and answer the report without saving anything. */
	dryRun: z
		.enum(["true", "false"])
		.default("false")
		.transform((v) => v === "true"),
});

/** GET /posts.csv: the calendar as a spreadsheet, in the columns POST /posts/import reads back. */
export const postsCsvRoutes = new Hono<AppEnv>().get("/", queryParams(exportQuery), async (c) => {
	const q = c.req.valid("query");
	const csv = await exportCsv(serviceContext(c), {
		from: q.from ? Date.parse(q.from) : undefined,
		to: q.to ? Date.parse(q.to) : undefined,
		accountId: q.accountId,
		status: q.status,
	});
	return c.body(csv, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="chorus-posts.csv"' });
});

/** POST /posts/import: a CSV body (text/csv) or a form upload (field `file`); all rows or none. */
export const postsImportRoutes = new Hono<AppEnv>().post("/", queryParams(importQuery), async (c) => {
	const type = c.req.header("Content-Type") ?? "";
	let text: string;
	if (type.startsWith("multipart/form-data")) {
		// A multipart body that does not parse (no boundary, truncated) is the client's error, not ours.
		const form = await c.req.parseBody().catch(() => {
			throw new ApiError(400, "bad_form", "The form could not be read");
		});
		const file = form.file;
		if (!(file instanceof File)) throw invalidField(["file"], "Attach the CSV as the form field `file`");
		text = await file.text();
	} else {
		text = await c.req.text();
	}
	const result = await importCsv(serviceContext(c), text, c.req.valid("query"));
	return c.json(result, result.dryRun ? 200 : 201);
});
