/**
 * zod at the edge: a body or query that fails its schema is 400 `validation_failed` with the path of
 * every wrong field; malformed JSON is 400 `bad_json` (rendered by the app's error handler).
 */
import { zValidator } from "@hono/zod-validator";
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
	const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
	return new ApiError(400, "validation_failed", `${where}${first?.message ?? "invalid input"}`, { issues });
}

export const jsonBody = <T extends z.ZodType>(schema: T) =>
	zValidator("json", schema, (result) => {
		if (!result.success) throw validationFailed(result.error);
	});

export const queryParams = <T extends z.ZodType>(schema: T) =>
	zValidator("query", schema, (result) => {
		if (!result.success) throw validationFailed(result.error);
	});
