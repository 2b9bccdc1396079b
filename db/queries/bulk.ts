/**
 * Many rows into one table with few statements: each statement carries its rows as one JSON text
 * parameter and SQLite spreads it with json_each. D1 binds at most 100 parameters per statement, so
 * a row-per-VALUES insert of a 30-column table fits 3 rows; this fits hundreds.
 */
import { getTableColumns, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../client";

// Well under D1's 2 MB limit for one string value and its 100 KB limit for the SQL text (which stays small).
const MAX_JSON_BYTES = 512_000;

export function bulkInsertStatements<T extends SQLiteTable>(db: Db, table: T, rows: T["$inferInsert"][]) {
	const columns = Object.entries(getTableColumns(table));
	// The select list is in the table's column order: insert…select fills the columns positionally.
	const selectList = sql.raw(columns.map(([, c]) => `json_extract(value, '$."${c.name}"')`).join(", "));
	const chunks: string[] = [];
	let current: string[] = [];
	let bytes = 0;
	for (const row of rows) {
		const record: Record<string, unknown> = {};
		for (const [key, column] of columns) {
			const value = (row as Record<string, unknown>)[key];
			record[column.name] = value === undefined || value === null ? null : column.mapToDriverValue(value);
		}
		const json = JSON.stringify(record);
		if (current.length && bytes + json.length > MAX_JSON_BYTES) {
			chunks.push(`[${current.join(",")}]`);
			current = [];
			bytes = 0;
		}
		current.push(json);
		bytes += json.length + 1;
	}
	if (current.length) chunks.push(`[${current.join(",")}]`);
	// Drizzle's insert…select is typed for query builders; a raw SELECT is what SQLite needs here.
	// biome-ignore lint/suspicious/noExplicitAny: see above; the statement's result type is restored by the cast.
	return chunks.map((json) => (db.insert(table) as any).select(sql`SELECT ${selectList} FROM json_each(${json})`) as BatchItem<"sqlite">);
}
