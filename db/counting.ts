/**
 * A D1 binding that counts what goes through it: every statement run (alone or in a batch) and every
 * round trip (a batch is one). Used by `npm run bench -- queries` and the query-count test to show each
 * route's D1 cost, and that it does not grow with the data.
 */
export type QueryCounter = { statements: number; roundtrips: number };

export function countingD1(db: D1Database, counter: QueryCounter): D1Database {
	// Wrapped statements stand in for the real ones; batch() needs the originals back.
	const originals = new WeakMap<object, D1PreparedStatement>();
	const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
		const counted = (run: () => Promise<unknown>) => {
			counter.statements++;
			counter.roundtrips++;
			return run();
		};
		const wrapped = {
			bind: (...values: unknown[]) => wrap(stmt.bind(...values)),
			first: (column?: string) => counted(() => (column === undefined ? stmt.first() : stmt.first(column))),
			all: () => counted(() => stmt.all()),
			run: () => counted(() => stmt.run()),
			raw: (options?: { columnNames?: boolean }) => counted(() => stmt.raw(options as { columnNames: true })),
		} as unknown as D1PreparedStatement;
		originals.set(wrapped, stmt);
		return wrapped;
	};
	return {
		prepare: (sql: string) => wrap(db.prepare(sql)),
		batch: (statements: D1PreparedStatement[]) => {
			counter.statements += statements.length;
			counter.roundtrips++;
			return db.batch(statements.map((s) => originals.get(s) ?? s));
		},
		exec: (sql: string) => {
			counter.statements += sql.split(";").filter((s) => s.trim()).length;
			counter.roundtrips++;
			return db.exec(sql);
		},
		withSession: (constraint?: string) => db.withSession(constraint as D1SessionConstraint),
		dump: () => db.dump(),
	} as D1Database;
}
