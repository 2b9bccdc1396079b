/**
 * X's refusals, classified (error-class.ts). X answers errors as RFC 7807 problems
 * { title, detail, type, status } (docs.x.com/x-api/fundamentals/response-codes-and-errors) and uses
 * 403 for very different things:
 * - "You are not allowed to create a Tweet with duplicate content." (plhery/node-twitter-api-v2#469):
 *   this post only.
 * - "Reply to this conversation is not allowed because you have not been mentioned or otherwise
 *   engaged by the author of the post you are replying to.": the author restricted replies; this
 *   reply only.
 * - title "Unsupported Authentication" / type …/problems/unsupported-authentication
 *   (sferik/x-ruby#28): the token is not a user token X takes here: reconnect.
 * - a detail naming a missing scope: the token lacks tweet.write (posting) or media.write (uploads).
 *   For posting that is the account's credentials; for media only the post with media is affected,
 *   so it is refused with a hint to reconnect instead of holding every text post.
 * Anything else 403 is read as a refusal of this post, never as a bad token: X says why in the
 * detail, and that reason is shown on the post.
 * 429 carries x-rate-limit-reset and the daily x-user-limit-24hour-* / x-app-limit-24hour-* headers,
 * no Retry-After (docs.x.com/x-api/fundamentals/rate-limits).
 */
import { z } from "zod";
import { classifyByStatus, type ErrorClass, type ErrorResponse } from "./error-class";
import { parseRetryAfter, readJson, resetHeaderSeconds } from "./http";

const problem = z.object({
	title: z.string().optional(),
	detail: z.string().optional(),
	type: z.string().optional(),
	reason: z.string().optional(),
	errors: z.array(z.object({ message: z.string().optional(), detail: z.string().optional() }).passthrough()).optional(),
});

/** The latest reset among the windows that are used up: waiting for the 15-minute one is useless when the daily cap is hit. */
export function xRetryAfter(h: Headers, now: number = Date.now()): number | null {
	let wait = parseRetryAfter(h, now);
	for (const prefix of ["x-user-limit-24hour", "x-app-limit-24hour"]) {
		if (h.get(`${prefix}-remaining`)?.trim() !== "0") continue;
		const seconds = resetHeaderSeconds(h.get(`${prefix}-reset`), now);
		if (seconds !== null) wait = Math.max(wait ?? 0, seconds);
	}
	return wait;
}

/** What the call was: posting (POST /2/tweets) or uploading media (the /2/media/upload family). */
export type XCall = "post" | "media";

export function classifyX(response: ErrorResponse, call: XCall, now: number = Date.now()): ErrorClass {
	const { status } = response;
	if (status === 429) return { class: "retry-later", retryAfterSeconds: xRetryAfter(response.headers, now) };
	if (status !== 403) return classifyByStatus(status, status >= 500 ? parseRetryAfter(response.headers, now) : null);

	const body = readJson(response.body, problem);
	const text = [body?.title, body?.detail, body?.type, ...(body?.errors ?? []).flatMap((e) => [e.message, e.detail])].filter(Boolean).join(" ");
	if (/duplicate content/i.test(text)) return { class: "content-refused", label: "X refused: duplicate content" };
	if (/reply to this conversation is not allowed/i.test(text))
		return { class: "content-refused", label: "X refused the reply: the author limits who may reply" };
	if (/unsupported[ -]authentication/i.test(text)) return { class: "reconnect", label: "X refused the token's kind" };
	if (call === "media") {
		// Without media.write X refuses the upload; the account can still post text, so only this post fails.
		return { class: "content-refused", label: "X refused the media upload: reconnect the account to grant media.write" };
	}
	if (/\bscopes?\b/i.test(text)) return { class: "reconnect", label: "X refused the token's scopes" };
	return { class: "content-refused", label: "X refused this post" };
}
