/**
 * Facebook Graph's refusals, classified (error-class.ts). Graph answers
 * { error: { message, type, code, error_subcode, is_transient } } and the code matters more than the
 * HTTP status (developers.facebook.com/docs/graph-api/guides/error-handling):
 * - 190 (token expired, revoked or invalid; subcodes 458/460/463/467), 102 (session): reconnect.
 * - 10 and 200–299 (a permission the token lacks, e.g. pages_manage_posts): reconnect, which asks
 *   for the permissions again; every post of the Page would fail without them.
 * - 4, 17, 32, 341, 613, 80001–80014: rate limits; retry after estimated_time_to_regain_access
 *   (minutes) from X-Business-Use-Case-Usage / X-Page-Usage / X-App-Usage
 *   (developers.facebook.com/docs/graph-api/overview/rate-limiting).
 * - 506 duplicate post, 368 blocked for policy, 100 invalid parameter (and everything else 4xx):
 *   this post only. 368 is "temporary" to Meta, but re-sending flagged content risks the Page.
 * - 1 "unknown error" may come after the post was made: unknown outcome. 2 and is_transient: retry.
 */
import { z } from "zod";
import { classifyByStatus, type ErrorClass, type ErrorResponse } from "./error-class";
import { parseJson, parseRetryAfter, readJson } from "./http";

const graphError = z.object({
	error: z.object({
		message: z.string().optional(),
		code: z.number().optional(),
		error_subcode: z.number().optional(),
		is_transient: z.boolean().optional(),
	}),
});

const rateLimitCodes = new Set([4, 17, 32, 341, 613]);

/**
 * The longest estimated_time_to_regain_access (minutes) in Meta's usage headers, in seconds.
 * X-Page-Usage / X-App-Usage are one object; X-Business-Use-Case-Usage maps ids to arrays of objects.
 */
export function regainAccessSeconds(headers: Headers): number | null {
	let minutes: number | null = null;
	const visit = (value: unknown, depth: number) => {
		if (depth > 3 || value === null || typeof value !== "object") return;
		if (Array.isArray(value)) {
			for (const item of value) visit(item, depth + 1);
			return;
		}
		for (const [key, field] of Object.entries(value)) {
			if (key === "estimated_time_to_regain_access" && typeof field === "number" && field > 0) minutes = Math.max(minutes ?? 0, field);
			else visit(field, depth + 1);
		}
	};
	for (const name of ["x-business-use-case-usage", "x-page-usage", "x-app-usage"]) {
		const header = headers.get(name);
		if (header) visit(parseJson(header), 0);
	}
	return minutes === null ? null : Math.ceil(minutes * 60);
}

/** The Graph error code and subcode of an answer, when it has them. */
export function graphErrorOf(body: string) {
	return readJson(body, graphError)?.error;
}

export function classifyFacebook(response: ErrorResponse): ErrorClass {
	const error = graphErrorOf(response.body);
	const code = error?.code;
	if (code === undefined) return classifyByStatus(response.status, parseRetryAfter(response.headers));
	if (code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299)) return { class: "reconnect" };
	if (code === 506) return { class: "content-refused", label: "Facebook refused: duplicate post" };
	if (rateLimitCodes.has(code) || (code >= 80001 && code <= 80014)) {
		return { class: "retry-later", retryAfterSeconds: regainAccessSeconds(response.headers) ?? parseRetryAfter(response.headers) };
	}
	if (code === 368) return { class: "content-refused", label: "Facebook blocked this post" };
	if (code === 1) return { class: "unknown-outcome" };
	if (code === 2 || error?.is_transient === true) return { class: "retry-later", retryAfterSeconds: parseRetryAfter(response.headers) };
	// Graph reports most errors as 400 whatever they are; a 5xx without a known code is still a retry.
	return classifyByStatus(response.status, parseRetryAfter(response.headers));
}
