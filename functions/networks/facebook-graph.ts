/** What the Facebook adapter, its comments and its reader share: the Graph API version and how a node's link is read. */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { readJson, sendWithTimeout } from "./http";

/** Graph API version: v25.0 (February 2026) is served until July 2028. */
export const graphVersion = "v25.0";
export const graphOrigin = "https://graph.facebook.com";
export const graphApi = `${graphOrigin}/${graphVersion}`;

const permalink = z.object({ id: z.string(), permalink_url: z.url() });

/** Only when Graph does not say the node's permalink_url: the id as a facebook.com path, which Facebook redirects. */
export const builtUrl = (id: string) => `https://www.facebook.com/${id}`;

/**
 * A post's or comment's own link, as Graph gives it (the permalink_url field of the Post and Comment
 * nodes, developers.facebook.com/docs/graph-api/reference/post, …/reference/comment):
 * GET /{id}?fields=permalink_url. The node exists whatever this read answers, so a failed read falls
 * back to the built link.
 */
export async function permalinkOf(id: string, token: string): Promise<string> {
	const url = new URL(`${graphApi}/${encodeURIComponent(id)}`);
	url.searchParams.set("fields", "permalink_url");
	url.searchParams.set("access_token", token);
	const sent = await sendWithTimeout(guardedFetch, url.toString(), { headers: { Accept: "application/json" } });
	const read = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, permalink) : null;
	return read?.permalink_url ?? builtUrl(id);
}
