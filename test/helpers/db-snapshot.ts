import { env } from "cloudflare:workers";

/** The app's tables (migrations bookkeeping and SQLite/Cloudflare internals aside). */
export async function appTables(): Promise<string[]> {
	const { results } = await env.DB.prepare(
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name",
	).all<{ name: string }>();
	return results.map((r) => r.name);
}

/** Row count of every app table, in one batch. */
export async function rowCounts(): Promise<Record<string, number>> {
	const tables = await appTables();
	const answers = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT COUNT(*) AS n FROM "${t}"`)));
	return Object.fromEntries(tables.map((t, i) => [t, (answers[i]!.results[0] as { n: number }).n]));
}

/** Every row a workspace owns (tables with a workspace_id column), as comparable JSON. */
export async function workspaceRows(workspaceId: string): Promise<string> {
	const tables = await appTables();
	const owned: string[] = [];
	for (const t of tables) {
		const { results } = await env.DB.prepare(`SELECT name FROM pragma_table_info(?) WHERE name = 'workspace_id'`).bind(t).all();
		if (results.length) owned.push(t);
	}
	const answers = await env.DB.batch([
		env.DB.prepare(`SELECT * FROM workspace WHERE id = ?`).bind(workspaceId),
		...owned.map((t) => env.DB.prepare(`SELECT * FROM "${t}" WHERE workspace_id = ? ORDER BY rowid`).bind(workspaceId)),
	]);
	return JSON.stringify(Object.fromEntries(["workspace", ...owned].map((t, i) => [t, answers[i]!.results])));
}
