/**
 * Campaigns and tags (/campaigns), a campaign's page, a post's labels form and the approval links
 * made from a post or a campaign page. Every action calls the same services as the API.
 */

import { and, asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { listAccounts } from "../../db/queries/accounts";
import { listCampaigns, listTags } from "../../db/queries/labels";
import { post, tagColours } from "../../db/schema";
import { can } from "../../domain/permissions";
import { addDays, localToUtc, utcToLocal } from "../../domain/time";
import { ApiError } from "../../functions/errors";
import { createApprovalLink, getApprovalLink, listApprovalLinks, revokeApprovalLink } from "../../functions/services/approval-links";
import { createCampaign, createTag, deleteCampaign, deleteTag } from "../../functions/services/labels";
import { editPost, loadPost } from "../../functions/services/posts";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, fields, invalidForm, readForm } from "../form";
import { isPlainDate } from "../format";
import { CampaignPage, LinkCreatedPage } from "../pages/campaign";
import { CampaignsPage } from "../pages/campaigns";
import { NotFoundPage } from "../pages/not-found";
import { render as renderPost } from "./post";

const notices: Record<string, string> = {
	tag: "Tag added.",
	"tag-deleted": "Tag deleted.",
	campaign: "Campaign added.",
	"campaign-deleted": "Campaign deleted.",
	revoked: "Link revoked: it no longer opens anything.",
};

/** A link shared from a page lasts two weeks unless the manager picks another day. */
const defaultExpiry = (c: WebContext) => addDays(utcToLocal(c.get("now"), c.get("workspace").timezone).date, 14);

async function renderList(c: WebContext, extra: { notice?: string; errors?: FormErrors } = {}) {
	const ctx = ctxOf(c);
	const ws = c.get("workspace");
	const [tags, campaigns, accounts] = await Promise.all([listTags(ctx.db, ws.id), listCampaigns(ctx.db, ws.id), listAccounts(ctx.db, ws.id)]);
	return c.html(
		<CampaignsPage viewer={viewerOf(c)} tags={tags} campaigns={campaigns} accounts={accounts} canManage={can(ctx.actor.role, "schedule")} {...extra} />,
		extra.errors?.status ?? 200,
	);
}

async function renderCampaign(c: WebContext, id: string, extra: { notice?: string; errors?: FormErrors } = {}) {
	const ctx = ctxOf(c);
	const ws = c.get("workspace");
	const campaign = (await listCampaigns(ctx.db, ws.id)).find((x) => x.id === id);
	if (!campaign) return c.html(<NotFoundPage viewer={viewerOf(c)} what="campaign" />, 404);
	const [accounts, posts, links] = await Promise.all([
		listAccounts(ctx.db, ws.id),
		ctx.db
			.select()
			.from(post)
			.where(and(eq(post.workspaceId, ws.id), eq(post.campaignId, id), eq(post.kind, "post")))
			.orderBy(asc(post.calendarAt))
			.limit(200),
		listApprovalLinks(ctx, { campaignId: id }),
	]);
	return c.html(
		<CampaignPage
			viewer={viewerOf(c)}
			campaign={campaign}
			accounts={accounts}
			posts={posts}
			links={links}
			now={ctx.now}
			zone={ws.timezone}
			canManage={can(ctx.actor.role, "schedule")}
			canShare={can(ctx.actor.role, "approve")}
			defaultExpiry={defaultExpiry(c)}
			{...extra}
		/>,
		extra.errors?.status ?? 200,
	);
}

const linkForm = z.object({
	label: z.string().trim().min(1, "Name who the link is for").max(120),
	expiresOn: z.string().refine(isPlainDate, "A date, YYYY-MM-DD"),
});

/** Makes a link from a page's form and shows it once; the form's errors go back to the page. */
async function shareLink(c: WebContext, scope: { postId?: string; campaignId?: string }, back: string, onError: (errors: FormErrors) => Promise<Response>) {
	const form = await readForm(c.req);
	const ctx = ctxOf(c);
	const zone = c.get("workspace").timezone;
	const result = await attempt(async () => {
		const parsed = linkForm.safeParse({ label: field(form, "label"), expiresOn: field(form, "expiresOn") });
		if (!parsed.success) throw invalidForm(parsed.error);
		// The link works through the whole of its last day, in the workspace's zone.
		const expiresAt = localToUtc(addDays(parsed.data.expiresOn, 1), "00:00", zone);
		return createApprovalLink(ctx, { label: parsed.data.label, expiresAt, countsAsApproval: field(form, "countsAsApproval") === "on", ...scope });
	});
	if ("errors" in result) return onError(result.errors);
	c.header("Cache-Control", "no-store");
	return c.html(<LinkCreatedPage viewer={viewerOf(c)} url={new URL(result.ok.path, c.req.url).toString()} label={result.ok.row.label} back={back} />, 201);
}

export const campaignPages = new Hono<WebEnv>()
	.get("/campaigns", signedIn, (c) => renderList(c, { notice: notices[c.req.query("done") ?? ""] }))
	.post("/campaigns/tags", signedIn, async (c) => {
		const form = await readForm(c.req);
		const result = await attempt(async () => {
			const parsed = z
				.object({ name: z.string().trim().min(1, "Give the tag a name").max(60), colour: z.enum(tagColours) })
				.safeParse({ name: field(form, "name"), colour: field(form, "colour") });
			if (!parsed.success) throw invalidForm(parsed.error);
			return createTag(ctxOf(c), parsed.data);
		});
		if ("errors" in result) return renderList(c, { errors: result.errors });
		return c.redirect("/campaigns?done=tag", 303);
	})
	.post("/campaigns/tags/:id/delete", signedIn, async (c) => {
		const result = await attempt(() => deleteTag(ctxOf(c), c.req.param("id")));
		if ("errors" in result) {
			if (result.errors.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="tag" />, 404);
			return renderList(c, { errors: result.errors });
		}
		return c.redirect("/campaigns?done=tag-deleted", 303);
	})
	.post("/campaigns", signedIn, async (c) => {
		const form = await readForm(c.req);
		const result = await attempt(async () => {
			const parsed = z
				.object({
					name: z.string().trim().min(1, "Give the campaign a name").max(120),
					startDate: z.string().refine(isPlainDate, "A date, YYYY-MM-DD"),
					endDate: z.string().refine(isPlainDate, "A date, YYYY-MM-DD"),
					goal: z.string().trim().max(2000),
					colour: z.enum(tagColours),
				})
				.safeParse({
					name: field(form, "name"),
					startDate: field(form, "startDate"),
					endDate: field(form, "endDate"),
					goal: field(form, "goal"),
					colour: field(form, "colour") || "blue",
				});
			if (!parsed.success) throw invalidForm(parsed.error);
			return createCampaign(ctxOf(c), { ...parsed.data, accountIds: fields(form, "accountIds") });
		});
		if ("errors" in result) return renderList(c, { errors: result.errors });
		return c.redirect(`/campaigns/${result.ok.id}?done=campaign`, 303);
	})
	.get("/campaigns/:id", signedIn, (c) => renderCampaign(c, c.req.param("id"), { notice: notices[c.req.query("done") ?? ""] }))
	.post("/campaigns/:id/delete", signedIn, async (c) => {
		const id = c.req.param("id");
		const result = await attempt(() => deleteCampaign(ctxOf(c), id));
		if ("errors" in result)
			return result.errors.status === 404
				? c.html(<NotFoundPage viewer={viewerOf(c)} what="campaign" />, 404)
				: renderCampaign(c, id, { errors: result.errors });
		return c.redirect("/campaigns?done=campaign-deleted", 303);
	})
	.post("/campaigns/:id/approval-links", signedIn, async (c) => {
		const id = c.req.param("id");
		const known = (await listCampaigns(c.get("db"), c.get("workspace").id)).some((x) => x.id === id);
		if (!known) return c.html(<NotFoundPage viewer={viewerOf(c)} what="campaign" />, 404);
		return shareLink(c, { campaignId: id }, `/campaigns/${id}`, (errors) => renderCampaign(c, id, { errors }));
	})
	.post("/posts/:id/approval-links", signedIn, async (c) => {
		const id = c.req.param("id");
		const found = await attempt(() => loadPost(ctxOf(c), id));
		if ("errors" in found) return c.html(<NotFoundPage viewer={viewerOf(c)} what="post" />, 404);
		return shareLink(c, { postId: id }, `/posts/${id}`, (errors) => renderPost(c, id, { actionError: errors }));
	})
	.post("/posts/:id/labels", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const result = await attempt(() => editPost(ctxOf(c), id, { tagIds: fields(form, "tagIds"), campaignId: field(form, "campaignId") || null }));
		if ("errors" in result) {
			if (result.errors.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="post" />, 404);
			throw new ApiError(result.errors.status, "refused", result.errors.message);
		}
		return c.redirect(`/posts/${encodeURIComponent(id)}?done=saved`, 303);
	})
	.post("/approval-links/:id/revoke", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const found = await attempt(() => getApprovalLink(ctx, c.req.param("id")));
		if ("errors" in found) return c.html(<NotFoundPage viewer={viewerOf(c)} what="link" />, 404);
		await revokeApprovalLink(ctx, found.ok.id);
		const back = found.ok.postId ? `/posts/${found.ok.postId}` : `/campaigns/${found.ok.campaignId}`;
		return c.redirect(`${back}?done=revoked`, 303);
	});
