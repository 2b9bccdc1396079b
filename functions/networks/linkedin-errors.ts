/**
 * LinkedIn's refusals, classified (error-class.ts). Rest.li errors are
 * { status, serviceErrorCode, code, message } (learn.microsoft.com/linkedin/shared/api-guide/concepts/error-handling);
 * Posts API validation failures add errorDetailType / errorDetails.inputErrors. Documented shapes:
 * - 401 EXPIRED_ACCESS_TOKEN / REVOKED_ACCESS_TOKEN / INVALID_ACCESS_TOKEN: reconnect.
 * - 403 ACCESS_DENIED "Not enough permissions to access: partnerApiPostsExternal.CREATE…": the token
 *   lacks w_member_social (or w_organization_social): reconnect, which asks for it again. Any other
 *   403 refuses this post.
 * - 400 "ShareCommentary text length (N characters) exceeded the maximum allowed (3000 characters)"
 *   (inputErrors code FIELD_ARRAY_SIZE_TOO_HIGH; reported verbatim in n8n-io/n8n#22899): this post.
 * - 422 DUPLICATE_POST "Content is a duplicate of urn:li:share:…": this post.
 * - 426 NONEXISTENT_VERSION: the LinkedIn-Version header is retired: refused until the code is updated.
 * - 429: no rate-limit headers and no Retry-After; limits reset at midnight UTC
 *   (learn.microsoft.com/linkedin/shared/api-guide/concepts/rate-limits): retry with the backoff
 *   (waiting for midnight could exceed the queue's 12-hour delay limit).
 */
import { z } from "zod";
import { classifyByStatus, type ErrorClass, type ErrorResponse } from "./error-class";
import { parseRetryAfter, readJson } from "./http";

const errorBody = z.object({
	message: z.string().optional(),
	code: z.string().optional(),
	status: z.number().optional(),
	errorDetails: z
		.object({ inputErrors: z.array(z.object({ code: z.string().optional() }).passthrough()).optional() })
		.passthrough()
		.optional(),
});

export function classifyLinkedIn(response: ErrorResponse): ErrorClass {
	const { status } = response;
	const error = readJson(response.body, errorBody);
	const message = error?.message ?? "";
	const inputCodes = (error?.errorDetails?.inputErrors ?? []).map((e) => e.code ?? "");
	if (status === 403) {
		return /not enough permissions/i.test(message) ? { class: "reconnect", label: "LinkedIn refused the token's permissions" } : { class: "content-refused" };
	}
	if (/ShareCommentary text length/i.test(message)) return { class: "content-refused", label: "LinkedIn refused: the text is over 3,000 characters" };
	if (/duplicate/i.test(message) || inputCodes.includes("DUPLICATE_POST")) {
		const of = /urn:li:[A-Za-z]+:\d+/.exec(message)?.[0];
		return { class: "content-refused", label: `LinkedIn refused: duplicate content${of ? ` of ${of}` : ""}` };
	}
	if (status === 426) return { class: "content-refused", label: "LinkedIn-Version is no longer served: update linkedinVersion" };
	// LinkedIn itself sends no Retry-After, but a proxy's 503 may: honoured when present.
	return classifyByStatus(status, parseRetryAfter(response.headers));
}
