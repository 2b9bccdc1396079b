/**
 * The public review page of an approval link (/review/<token>). Not a member page: the token is the
 * only credential, it reaches only the posts the link covers, and every answer says noindex, no-store
 * and no-referrer (the token is in the URL). Decisions need the form token bound to the link and the
 * post, pass the global Origin check, and are rate limited per client and per link.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { clientKey } from "../../functions/auth/client-key";
import { ApiError } from "../../functions/errors";
import {
	type ApprovalLinkRow,
	assertLinkOpen,
	checkFormToken,
	countReviewRequest,
	decide,
	formToken,
	LinkGone,
	linkForToken,
	reviewLimits,
	reviewMedia,
	reviewPosts,
} from "../../functions/services/approval-links";
import type { WebEnv } from "../env";
import { field, readForm } from "../form";
import { ReviewGonePage, ReviewPage } from "../pages/review";

function privateHeaders(c: Context<WebEnv>) {
	c.header("X-Robots-Tag", "noindex, nofollow, noarchive");
	c.header("Cache-Control", "no-store");
	c.header("Referrer-Policy", "no-referrer");
}

const decisionSchema = z.object({
	postId: z.string().min(1).max(100),
	decision: z.enum(["approve", "changes"]),
	comment: z.string().trim().max(2000),
	form: z.string().min(1).max(200),
});

const outcomeWords = {
	approved: "Thank you: the post is approved.",
	recorded: "Thank you: your decision is recorded.",
	changes: "Thank you: the post goes back for changes.",
};

async function renderReview(
	c: Context<WebEnv>,
	token: string,
	link: ApprovalLinkRow,
	extra: { banner?: string; error?: { postId: string; message: string } },
	status: 200 | 400 | 404 | 409 | 422 | 429 = 200,
) {
	const posts = await reviewPosts(c.get("db"), link);
	const withForms = await Promise.all(posts.map(async (p) => ({ ...p, formToken: await formToken(token, link.id, p.id) })));
	return c.html(<ReviewPage label={link.label} token={token} posts={withForms} countsAsApproval={link.countsAsApproval} {...extra} />, status);
}

/** Unknown links are 404, revoked and expired ones 410: a page either way, never the API's JSON. */
function gone(c: Context<WebEnv>, error: unknown) {
	if (error instanceof LinkGone) return c.html(<ReviewGonePage message={error.message} />, 410);
	if (error instanceof ApiError && error.status === 404) return c.html(<ReviewGonePage message="This review link is not known." />, 404);
	if (error instanceof ApiError && error.status === 429) {
		for (const [k, v] of Object.entries(error.extra.headers ?? {})) c.header(k, v);
		return c.html(<ReviewGonePage message={error.message} />, 429);
	}
	throw error;
}

export const reviewPages = new Hono<WebEnv>()
	.get("/review/:token", async (c) => {
		privateHeaders(c);
		const token = c.req.param("token");
		const db = c.get("db");
		try {
			const link = await linkForToken(db, token);
			await countReviewRequest(db, reviewLimits(link.id, clientKey(c.env, c.req.raw.headers), "view"), c.get("now"));
			await assertLinkOpen(db, link, c.get("now"));
			const outcome = c.req.query("outcome") as keyof typeof outcomeWords | undefined;
			return await renderReview(c, token, link, { banner: outcome ? outcomeWords[outcome] : undefined });
		} catch (error) {
			return gone(c, error);
		}
	})
	.post("/review/:token", async (c) => {
		privateHeaders(c);
		const token = c.req.param("token");
		const db = c.get("db");
		const now = c.get("now");
		let link: ApprovalLinkRow;
		try {
			link = await linkForToken(db, token);
			await countReviewRequest(db, reviewLimits(link.id, clientKey(c.env, c.req.raw.headers), "decide"), now);
			await assertLinkOpen(db, link, now);
		} catch (error) {
			return gone(c, error);
		}
		const form = await readForm(c.req);
		const parsed = decisionSchema.safeParse({
			postId: field(form, "postId"),
			decision: field(form, "decision"),
			comment: field(form, "comment"),
			form: field(form, "form"),
		});
		if (!parsed.success) return renderReview(c, token, link, { banner: "The form was incomplete; please try again." }, 400);
		const v = parsed.data;
		if (!(await checkFormToken(token, link.id, v.postId, v.form)))
			return renderReview(c, token, link, { banner: "The form has expired; please try again." }, 400);
		if (v.decision === "changes" && !v.comment) {
			return renderReview(c, token, link, { error: { postId: v.postId, message: "Say what should change in the comment." } }, 422);
		}
		try {
			// The services' context without a member: decide() acts for the link's creator, audited as the link.
			const base = { db, now, desks: c.env.ACCOUNT_DESK, queue: c.env.PUBLISH, env: c.env, webhooks: c.env.WEBHOOKS, notify: c.env.NOTIFY };
			const outcome = await decide(base, link, v);
			const word = outcome.decision === "changes" && outcome.counted ? "changes" : outcome.counted ? "approved" : "recorded";
			return c.redirect(`/review/${token}?outcome=${word}#post-${encodeURIComponent(v.postId)}`, 303);
		} catch (error) {
			if (error instanceof LinkGone) return gone(c, error);
			if (error instanceof ApiError && error.status < 500)
				return renderReview(c, token, link, { error: { postId: v.postId, message: error.message } }, error.status === 404 ? 404 : 409);
			throw error;
		}
	})
	.get("/review/:token/media/:id", async (c) => {
		privateHeaders(c);
		const db = c.get("db");
		try {
			const link = await linkForToken(db, c.req.param("token"));
			await assertLinkOpen(db, link, c.get("now"));
			const row = await reviewMedia(db, link, c.req.param("id"));
			const object = await c.env.MEDIA.get(row.key);
			if (!object) return c.body(null, 404);
			return c.body(object.body, 200, { "Content-Type": row.type, "Content-Length": String(row.size), "X-Content-Type-Options": "nosniff" });
		} catch (error) {
			if (error instanceof ApiError && (error.status === 404 || error.status === 410)) return c.body(null, error.status);
			throw error;
		}
	});
