/**
 * Facebook Page replies are comments: POST /{object-id}/comments with { message } and the Page token
 * (developers.facebook.com/docs/graph-api/reference/object/comments, "Publishing"). The object is a
 * Page post (a first comment, an answer to a visitor's post or a tag) or a comment (a reply in its
 * thread). Graph answers 200 { id }; the comment's link is its permalink_url.
 * Read back after an unknown outcome: the object's comments, newest first, looking for the Page's own
 * comment with the same text.
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { publishOutcomeOf } from "./error-class";
import { classifyFacebook } from "./facebook-errors";
import { graphApi, graphOrigin, permalinkOf } from "./facebook-graph";
import { answerOf, outcomeForFailure, readJson, sendWithTimeout } from "./http";
import { normalizeText, notBefore } from "./match";
import type { AccountContext, FoundPost, PublishOutcome, PublishRequest } from "./types";

const createdComment = z.object({ id: z.string().min(1) });
const commentList = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.url().optional() }).optional() });
const listed = z.object({
	id: z.string(),
	message: z.string().optional(),
	created_time: z.string().optional(),
	from: z.object({ id: z.string() }).optional(),
	permalink_url: z.url().optional(),
});
const readBackLimit = 50;
const maxReadBackPages = 3;

const credentialsOf = (account: AccountContext) => {
	const creds = credentialSchemas.facebook.safeParse(account.credentials);
	return creds.success ? creds.data : null;
};

export async function publishComment(account: AccountContext, request: PublishRequest & { inReplyTo: string }): Promise<PublishOutcome> {
	const creds = credentialsOf(account);
	if (!creds) return { kind: "auth", answer: { status: null, summary: "Facebook credentials incomplete: reconnect the account" } };
	// A comment takes one photo by URL (attachment_url), not the unpublished uploads a post attaches.
	if (request.media?.length) return { kind: "rejected", answer: { status: null, summary: "Facebook comments from Chorus carry text only" } };
	const sent = await sendWithTimeout(guardedFetch, `${graphApi}/${encodeURIComponent(request.inReplyTo)}/comments`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		body: JSON.stringify({ message: request.text, access_token: creds.pageAccessToken }),
	});
	if (sent.kind !== "response") return outcomeForFailure(sent);
	if (sent.status === 200) {
		const made = readJson(sent.body, createdComment);
		if (!made) return { kind: "unknown", answer: answerOf(200, sent.body, "the comment id could not be read") };
		return {
			kind: "published",
			networkPostId: made.id,
			networkUrl: await permalinkOf(made.id, creds.pageAccessToken),
			answer: { status: 200, summary: `200: ${made.id}` },
		};
	}
	return publishOutcomeOf(classifyFacebook(sent), answerOf(sent.status, sent.body));
}

/** The Page's comment with this text on the answered object; "absent" once the list ended or reached back before the request. */
export async function findComment(account: AccountContext, request: PublishRequest & { inReplyTo: string }): Promise<FoundPost | "absent" | null> {
	const creds = credentialsOf(account);
	if (!creds) return null;
	const first = new URL(`${graphApi}/${encodeURIComponent(request.inReplyTo)}/comments`);
	first.searchParams.set("filter", "stream");
	first.searchParams.set("order", "reverse_chronological");
	first.searchParams.set("fields", "id,message,created_time,from,permalink_url");
	first.searchParams.set("limit", String(readBackLimit));
	first.searchParams.set("access_token", creds.pageAccessToken);
	const wanted = normalizeText(request.text);
	let next: string | undefined = first.toString();
	for (let pages = 0; next && pages < maxReadBackPages; pages++) {
		const sent = await sendWithTimeout(guardedFetch, next, { headers: { Accept: "application/json" } });
		const found = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, commentList) : null;
		if (!found) return null;
		for (const item of found.data) {
			const c = listed.safeParse(item);
			if (!c.success) continue;
			if (!notBefore(request.createdAt, c.data.created_time)) return "absent";
			if (c.data.from?.id === creds.pageId && normalizeText(c.data.message ?? "") === wanted)
				return { networkPostId: c.data.id, networkUrl: c.data.permalink_url ?? (await permalinkOf(c.data.id, creds.pageAccessToken)) };
		}
		const link = found.paging?.next;
		if (!link) return "absent";
		// The next link carries the Page token: followed only back to Graph.
		next = new URL(link).origin === graphOrigin ? link : undefined;
	}
	return null;
}
