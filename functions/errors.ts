import type { ContentfulStatusCode } from "hono/utils/http-status";

export type Issue = { path: (string | number)[]; message: string };

/**
 * Every error the API answers with: `{ error: { code, message, issues?, details? } }` (API.md, Errors).
 * Throw it from anywhere below a route; the app's error handler renders it.
 */
export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: string,
		message: string,
		readonly extra: { issues?: Issue[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
	) {
		super(message);
	}

	toJSON() {
		return { error: { code: this.code, message: this.message, issues: this.extra.issues, details: this.extra.details } };
	}
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);

export const forbidden = (message: string, details?: Record<string, unknown>) => new ApiError(403, "forbidden", message, { details });

/** A single wrong field, reported the same way zod reports a schema failure. */
export const invalidField = (path: (string | number)[], message: string, status: 400 | 422 = 400) =>
	new ApiError(status, "validation_failed", `${path.join(".")}: ${message}`, { issues: [{ path, message }] });
