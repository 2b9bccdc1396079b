/**
 * zod at the edge: a body or query that fails its schema is 400 `validation_failed` with the path of
 * every wrong field; malformed JSON is 400 `bad_json` (rendered by the app's error handler).
 */
import { zValidator } from "@hono/zod-validator";
import { resolver, uniqueSymbol } from "hono-openapi";
import type { z } from "zod";
import type { $ZodError } from "zod/v4/core";
import { ApiError, type Issue } from "./errors";

export function toIssues(error: $ZodError): Issue[] {
	return error.issues.map((issue) => ({
		path: issue.path.map((p) => (typeof p === "number" ? p : String(p))),
		message: issue.message,
	}));
}

export function validationFailed(error: $ZodError): ApiError {
	const issues = toIssues(error);
	const first = issues[0];
	const where = first?.path.length ? `${first.path.join(".")}: ` : "";
	return new ApiError(400, "validation_failed", `${where}${first?.message ?? "invalid input"}`, { issues });
}

/**
 * The schema also goes into GET /openapi.json: hono-openapi reads this mark off the middleware when
 * it walks the app's routes, so the spec is generated from exactly what the route validates with.
 */
const documented = <M extends object>(middleware: M, target: "json" | "query", schema: z.ZodType): M =>
	Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });

export const jsonBody = <T extends z.ZodType>(schema: T) =>
	documented(
		zValidator("json", schema, (result) => {
			if (!result.success) throw validationFailed(result.error);
		}),
		"json",
		schema,
	);

export const queryParams = <T extends z.ZodType>(schema: T) =>
	documented(
		zValidator("query", schema, (result) => {
			if (!result.success) throw validationFailed(result.error);
		}),
		"query",
		schema,
	);
