// Every network refusal is one of four classes (functions/networks/error-class.ts): retry later,
// content refused (this post only), reconnect (the credentials only), unknown outcome. One test per
// class per network, over answers copied from each network's documentation (named at each stub).
import { describe, expect, it } from "vitest";
import { classifyByStatus, publishOutcomeOf } from "../../functions/networks/error-class";
import { classifyFacebook } from "../../functions/networks/facebook-errors";
import { classifyLinkedIn } from "../../functions/networks/linkedin-errors";
import { classifyX } from "../../functions/networks/x-errors";

const now = Date.parse("2026-11-26T10:00:00Z");
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
	status,
	headers: new Headers(headers),
	body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("the shared reading of a bare status", () => {
	it("429/408/5xx retry, 401 reconnects, 504/524 are unknown, other 4xx refuse the post", () => {
		expect(classifyByStatus(429, 30)).toEqual({ class: "retry-later", retryAfterSeconds: 30 });
		expect(classifyByStatus(408)).toMatchObject({ class: "retry-later" });
		expect(classifyByStatus(503, 5)).toEqual({ class: "retry-later", retryAfterSeconds: 5 });
		expect(classifyByStatus(401)).toEqual({ class: "reconnect" });
		expect(classifyByStatus(504)).toEqual({ class: "unknown-outcome" });
		expect(classifyByStatus(524)).toEqual({ class: "unknown-outcome" });
		// 403 by itself is not a credential error: each network says what its 403s mean.
		for (const status of [400, 403, 404, 413, 422]) expect(classifyByStatus(status)).toEqual({ class: "content-refused" });
	});

	it("a refusal's outcome keeps the network's reason after Chorus's label", () => {
		expect(
			publishOutcomeOf(
				{ class: "content-refused", label: "X refused: duplicate content" },
				{ status: 403, summary: "403: You are not allowed to create a Tweet with duplicate content." },
			),
		).toEqual({
			kind: "rejected",
			answer: { status: 403, summary: "X refused: duplicate content (403: You are not allowed to create a Tweet with duplicate content.)" },
		});
		expect(publishOutcomeOf({ class: "unknown-outcome" }, { status: 504, summary: "504" }).kind).toBe("unknown");
	});
});

describe("X", () => {
	// Problem details per docs.x.com/x-api/fundamentals/response-codes-and-errors; rate-limit headers per
	// docs.x.com/x-api/fundamentals/rate-limits.
	const forbidden = (detail: string, title = "Forbidden", type = "about:blank") => answer(403, { detail, title, type, status: 403 });

	it("retry later: 429 at x-rate-limit-reset, 503", () => {
		expect(
			classifyX(
				answer(
					429,
					{ title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
					{ "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(now / 1000 + 900) },
				),
				"post",
				now,
			),
		).toEqual({ class: "retry-later", retryAfterSeconds: 900 });
		expect(
			classifyX(answer(503, { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 }), "post", now),
		).toMatchObject({ class: "retry-later" });
	});

	it("content refused: duplicate, reply restriction, invalid request, any other 403", () => {
		expect(classifyX(forbidden("You are not allowed to create a Tweet with duplicate content."), "post")).toMatchObject({
			class: "content-refused",
			label: "X refused: duplicate content",
		});
		expect(
			classifyX(
				forbidden(
					"Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.",
				),
				"post",
			),
		).toMatchObject({ class: "content-refused" });
		expect(
			classifyX(
				answer(400, {
					errors: [{ message: "The `text` query parameter value is too long" }],
					title: "Invalid Request",
					detail: "One or more parameters to your request was invalid.",
					type: "https://api.twitter.com/2/problems/invalid-request",
				}),
				"post",
			),
		).toMatchObject({ class: "content-refused" });
		expect(classifyX(forbidden("You are not permitted to perform this action."), "post")).toMatchObject({ class: "content-refused" });
		// Media: a 403 upload (no media.write) refuses the post with media, not the account.
		expect(classifyX(forbidden("Forbidden"), "media")).toMatchObject({ class: "content-refused", label: expect.stringContaining("media.write") });
	});

	it("reconnect: 401, Unsupported Authentication, a missing scope on posting", () => {
		expect(classifyX(answer(401, { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }), "post")).toMatchObject({
			class: "reconnect",
		});
		// sferik/x-ruby#28
		const unsupported = forbidden(
			"Authenticating with OAuth 1.0a User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 User Context].",
			"Unsupported Authentication",
			"https://api.twitter.com/2/problems/unsupported-authentication",
		);
		expect(classifyX(unsupported, "post")).toMatchObject({ class: "reconnect" });
		expect(classifyX(unsupported, "media")).toMatchObject({ class: "reconnect" });
		expect(classifyX(forbidden("Your token is missing the required scope tweet.write."), "post")).toMatchObject({ class: "reconnect" });
	});

	it("unknown outcome: a gateway timeout after X had the request", () => {
		expect(classifyX(answer(504, "<html>504 Gateway Time-out</html>"), "post")).toEqual({ class: "unknown-outcome" });
	});
});

describe("LinkedIn", () => {
	// { status, serviceErrorCode, code, message }: learn.microsoft.com/linkedin/shared/api-guide/concepts/error-handling
	it("retry later: 429 (no reset headers), 500", () => {
		expect(
			classifyLinkedIn(answer(429, { status: 429, message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached." })),
		).toEqual({ class: "retry-later", retryAfterSeconds: null });
		expect(classifyLinkedIn(answer(500, { message: "Internal Server Error", status: 500 }))).toMatchObject({ class: "retry-later" });
	});

	it("content refused: the ShareCommentary 400, DUPLICATE_POST, a 403 not about permissions", () => {
		// As LinkedIn sends it (n8n-io/n8n#22899).
		const tooLong = {
			errorDetailType: "com.linkedin.common.error.BadRequest",
			message:
				"com.linkedin.content.common.exception.BadRequestResponseException: ShareCommentary text length (8694 characters) exceeded the maximum allowed (3000 characters)",
			errorDetails: { inputErrors: [{ description: "Size of array cannot be higher than the maxLength", input: {}, code: "FIELD_ARRAY_SIZE_TOO_HIGH" }] },
			status: 400,
		};
		expect(classifyLinkedIn(answer(400, tooLong))).toEqual({ class: "content-refused", label: "LinkedIn refused: the text is over 3,000 characters" });
		expect(
			classifyLinkedIn(
				answer(422, {
					message: "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808",
					errorDetails: { inputErrors: [{ code: "DUPLICATE_POST" }] },
					status: 422,
				}),
			),
		).toEqual({ class: "content-refused", label: "LinkedIn refused: duplicate content of urn:li:share:7141138937766391808" });
		expect(
			classifyLinkedIn(answer(403, { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Member is restricted from creating posts" })),
		).toMatchObject({ class: "content-refused" });
	});

	it("reconnect: a revoked token (401), a token without the posting permission (403 Not enough permissions)", () => {
		expect(
			classifyLinkedIn(
				answer(401, {
					status: 401,
					serviceErrorCode: 65601,
					code: "REVOKED_ACCESS_TOKEN",
					message: "The token used in the request has been revoked by the user",
				}),
			),
		).toMatchObject({ class: "reconnect" });
		expect(
			classifyLinkedIn(
				answer(403, {
					status: 403,
					serviceErrorCode: 100,
					code: "ACCESS_DENIED",
					message: "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260701",
				}),
			),
		).toMatchObject({ class: "reconnect" });
	});

	it("unknown outcome: 504", () => {
		expect(classifyLinkedIn(answer(504, "Gateway Timeout"))).toEqual({ class: "unknown-outcome" });
	});
});

describe("Facebook", () => {
	// { error: { message, type, code, error_subcode, is_transient, fbtrace_id } }:
	// developers.facebook.com/docs/graph-api/guides/error-handling
	const graph = (status: number, code: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
		answer(status, { error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf123", ...extra } }, headers);

	it("retry later: rate limits after the usage header's estimate (minutes), 2 and is_transient", () => {
		// developers.facebook.com/docs/graph-api/overview/rate-limiting
		expect(
			classifyFacebook(
				graph(
					400,
					32,
					"(#32) Page request limit reached",
					{},
					{ "X-Page-Usage": JSON.stringify({ call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: 12 }) },
				),
			),
		).toEqual({ class: "retry-later", retryAfterSeconds: 720 });
		expect(classifyFacebook(graph(500, 2, "An unexpected error has occurred. Please retry your request later.", { is_transient: true }))).toMatchObject({
			class: "retry-later",
		});
	});

	it("content refused: duplicate (506), blocked (368), invalid parameter (100)", () => {
		expect(classifyFacebook(graph(400, 506, "Duplicate status message", { error_subcode: 1455006 }))).toMatchObject({
			class: "content-refused",
			label: "Facebook refused: duplicate post",
		});
		expect(
			classifyFacebook(graph(400, 368, "The action attempted has been deemed abusive or is otherwise disallowed", { error_subcode: 1390008 })),
		).toMatchObject({ class: "content-refused" });
		expect(classifyFacebook(graph(400, 100, "(#100) Invalid parameter", { error_subcode: 1349125 }))).toMatchObject({ class: "content-refused" });
	});

	it("reconnect: an expired or revoked token (190), a missing permission (200)", () => {
		expect(classifyFacebook(graph(400, 190, "Error validating access token: Session has expired", { error_subcode: 463 }))).toEqual({ class: "reconnect" });
		expect(classifyFacebook(graph(403, 200, "(#200) The permission(s) pages_manage_posts are not available."))).toEqual({ class: "reconnect" });
	});

	it("unknown outcome: code 1 (may come after the post was made)", () => {
		expect(classifyFacebook(graph(500, 1, "An unknown error occurred", { error_subcode: 99 }))).toEqual({ class: "unknown-outcome" });
	});
});
