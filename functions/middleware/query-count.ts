import type { MiddlewareHandler } from "hono";
import { countingD1, type QueryCounter } from "../../db/counting";
import type { AppEnv } from "../context";
import { benchEnabled } from "../routes/bench-hooks";

/**
 * Bench only (CHORUS_BENCH=true, never production): counts the request's D1 statements and round trips
 * and answers them in X-Chorus-D1-Statements / X-Chorus-D1-Roundtrips. Queries a Durable Object or a
 * queue consumer makes later are not the request's and are not counted.
 */
export const countQueries: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (!benchEnabled(c.env)) return next();
	const counter: QueryCounter = { statements: 0, roundtrips: 0 };
	c.env = { ...c.env, DB: countingD1(c.env.DB, counter) };
	await next();
	c.res.headers.set("X-Chorus-D1-Statements", String(counter.statements));
	c.res.headers.set("X-Chorus-D1-Roundtrips", String(counter.roundtrips));
};
