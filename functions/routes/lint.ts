import { Hono } from "hono";
import { z } from "zod";
import { getAccount } from "../../db/queries/accounts";
import type { AppEnv } from "../context";
import { invalidField } from "../errors";
import { loadLinter } from "../services/lint";
import { jsonBody } from "../validation";

const schema = z.object({
	accountId: z.string(),
	body: z.string().max(100_000),
	link: z
		.url({ protocol: /^https?$/, message: "An http(s) URL" })
		.max(2048)
		.nullable()
		.optional(),
});

/** The findings a draft would get, without saving anything: the drafting form calls it as you type. */
export const lintRoutes = new Hono<AppEnv>().post("/", jsonBody(schema), async (c) => {
	const { accountId, body, link } = c.req.valid("json");
	const actor = c.get("actor");
	const db = c.get("db");
	const acc = await getAccount(db, actor.workspaceId, accountId);
	if (!acc) throw invalidField(["accountId"], "No such account in this workspace", 422);
	const linter = await loadLinter(db, actor.workspaceId, [acc.id], c.get("now"));
	return c.json({ findings: linter.lint(acc, body, link, { accounts: [acc] }) });
});
