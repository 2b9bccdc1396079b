/**
 * LinkedIn replies are comments (Comments API,
 * learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api):
 * - on a post (urn:li:share, urn:li:ugcPost, urn:li:activity): POST /rest/socialActions/{post}/comments
 *   with { actor, object: post, message: { text } };
 * - on a comment (urn:li:comment:(urn:li:activity:…,id)): POST /rest/socialActions/{comment}/comments
 *   with parentComment = that comment and object = its post. LinkedIn nests one level only, so an
 *   answer to a reply goes under the reply's own parent, which is read first (GET …/comments/{id}).
 * The 201 carries the new comment (commentUrn, or $URN), its id also in x-restli-id.
 * Read back after an unknown outcome: our actor's comment with the same text in that list.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf } from "./error-class";
import { answerOf, clip, outcomeForFailure, readJson, retractOutcome, sendWithTimeout } from "./http";
import { commentParts, commentUrl, linkedinApi, linkedinHeaders } from "./linkedin-api";
import { classifyLinkedIn } from "./linkedin-errors";
import { normalizeText, notBefore } from "./match";
import type { AccountContext, FoundPost, PublishOutcome, PublishRequest, RetractOutcome } from "./types";

const created = z.object({ commentUrn: z.string().optional(), $URN: z.string().optional(), object: z.string().optional() });
const parentOf = z.object({ parentComment: z.string().optional() });
const commentList = z.object({ elements: z.array(z.unknown()) });
const listed = z.object({
	commentUrn: z.string().optional(),
	$URN: z.string().optional(),
	actor: z.string().optional(),
	message: z.object({ text: z.string() }).optional(),
	created: z.object({ time: z.number() }).optional(),
});
/** Comments read back when looking for ours: a longer list without it cannot prove it absent. */
const readBack = 100;

type Credentials = z.infer<typeof credentialSchemas.linkedin>;
/** Where a comment goes: the list it joins (`target`), the post it belongs to, and the parent comment if any. */
type Placement = { target: string; post: string; parentComment: string | null };

const credentialsOf = (account: AccountContext) => {
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	return creds.success ? creds.data : null;
};

/** Where an answer to `inReplyTo` goes, or the outcome that stops it (nothing was sent yet, so a retry is safe). */
async function placementOf(creds: Credentials, inReplyTo: string): Promise<Placement | PublishOutcome> {
	const parts = commentParts(inReplyTo);
	if (!parts) {
		if (!/^urn:li:(share|ugcPost|activity):\S+$/.test(inReplyTo))
			return { kind: "rejected", answer: { status: null, summary: clip(`LinkedIn: cannot comment on ${inReplyTo}: not a post or comment URN`) } };
		return { target: inReplyTo, post: inReplyTo, parentComment: null };
	}
	const sent = await sendWithTimeout(guardedFetch, `${linkedinApi}/socialActions/${encodeURIComponent(parts.post)}/comments/${encodeURIComponent(parts.id)}`, {
		headers: linkedinHeaders(creds.accessToken),
	});
	if (sent.kind !== "response")
		return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`LinkedIn comment look-up: ${sent.reason}`) } };
	let parent = inReplyTo;
	if (sent.status === 200) parent = readJson(sent.body, parentOf)?.parentComment ?? inReplyTo;
	else {
		const outcome = publishOutcomeOf(classifyLinkedIn(sent), answerOf(sent.status, sent.body, "LinkedIn comment look-up"));
		// Only a read failed: an "unknown" read is simply read again. A look-up LinkedIn refuses (a target
		// it does not serve this way) does not stop the answer: it goes under the answered comment itself,
		// and LinkedIn's answer to the comment decides.
		if (outcome.kind === "unknown") return { kind: "retry", retryAfterSeconds: null, answer: outcome.answer };
		if (outcome.kind !== "rejected") return outcome;
	}
	return { target: parent, post: parts.post, parentComment: parent };
}

export async function publishComment(account: AccountContext, request: PublishRequest & { inReplyTo: string }): Promise<PublishOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return { kind: "auth", answer: { status: null, summary: "LinkedIn credentials incomplete: reconnect the account" } };
	if (request.media?.length) return { kind: "rejected", answer: { status: null, summary: "LinkedIn comments from Chorus carry text only" } };
	const place = await placementOf(creds, request.inReplyTo);
	if ("kind" in place) return place;
	const sent = await sendWithTimeout(guardedFetch, `${linkedinApi}/socialActions/${encodeURIComponent(place.target)}/comments`, {
		method: "POST",
		headers: { ...linkedinHeaders(creds.accessToken), "Content-Type": "application/json" },
		body: JSON.stringify({
			actor: creds.authorUrn,
			object: place.post,
			message: { text: request.text },
			...(place.parentComment ? { parentComment: place.parentComment } : {}),
		}),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);
	if (sent.status === 201 || sent.status === 200) {
		const body = readJson(sent.body, created);
		const header = sent.headers.get("x-restli-id")?.trim() ?? "";
		const urn = body?.commentUrn ?? body?.$URN ?? (header.startsWith("urn:li:comment:") ? header : null);
		if (!urn) return { kind: "unknown", answer: answerOf(sent.status, sent.body, "comment made, its URN unreadable") };
		return {
			kind: "published",
			networkPostId: urn,
			networkUrl: commentUrl(commentParts(urn)?.post ?? place.post, urn),
			answer: { status: sent.status, summary: clip(`${sent.status}: ${urn}`) },
		};
	}
	return publishOutcomeOf(classifyLinkedIn(sent), answerOf(sent.status, sent.body));
}

/** Our comment with this text under the answered post or comment, "absent" when the whole list was read without it. */
export async function findComment(account: AccountContext, request: PublishRequest & { inReplyTo: string }): Promise<FoundPost | "absent" | null> {
	const creds = credentialsOf(account);
	if (!creds) return null;
	const place = await placementOf(creds, request.inReplyTo);
	if ("kind" in place) return null;
	const url = `${linkedinApi}/socialActions/${encodeURIComponent(place.target)}/comments?start=0&count=${readBack}`;
	const sent = await sendWithTimeout(guardedFetch, url, { headers: linkedinHeaders(creds.accessToken) });
	const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, commentList) : null;
	if (!found) return null;
	const wanted = normalizeText(request.text);
	for (const item of found.elements) {
		const c = listed.safeParse(item);
		const urn = c.success ? (c.data.commentUrn ?? c.data.$URN) : undefined;
		if (!c.success || !urn || c.data.actor !== creds.authorUrn || !notBefore(request.createdAt, c.data.created?.time)) continue;
		if (normalizeText(c.data.message?.text ?? "") === wanted) return { networkPostId: urn, networkUrl: commentUrl(commentParts(urn)?.post ?? place.post, urn) };
	}
	return found.elements.length < readBack ? "absent" : null;
}

/** DELETE /rest/socialActions/{post}/comments/{id}?actor=… answers 204. */
export async function retractComment(account: AccountContext, commentUrn: string): Promise<RetractOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return { kind: "auth", answer: { status: null, summary: "LinkedIn credentials incomplete: reconnect the account" } };
	const parts = commentParts(commentUrn);
	if (!parts) return { kind: "failed", answer: { status: null, summary: clip(`not a LinkedIn comment URN: ${commentUrn}`) } };
	const url = `${linkedinApi}/socialActions/${encodeURIComponent(parts.post)}/comments/${encodeURIComponent(parts.id)}?actor=${encodeURIComponent(creds.authorUrn)}`;
	const sent = await sendWithTimeout(guardedFetch, url, { method: "DELETE", headers: { ...linkedinHeaders(creds.accessToken), "X-RestLi-Method": "DELETE" } });
	return retractOutcome(sent, [204, 200]);
}
