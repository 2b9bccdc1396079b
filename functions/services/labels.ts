/**
 * Tags and campaigns: the workspace's labels for posts, shared by the API (routes/tags.ts,
 * routes/campaigns.ts), the management page and the post use cases (which check a post's labels here).
 */
import { and, eq, inArray } from "drizzle-orm";
import { newId } from "../../db/ids";
import type { AccountRow } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { type CampaignRow, listCampaigns, listTags, type TagRow } from "../../db/queries/labels";
import { account, approvalLink, campaign, post, postTag, tag, type tagColours } from "../../db/schema";
import { requirePermission } from "../auth/authorize";
import { ApiError, invalidField, notFound } from "../errors";
import type { ServiceContext } from "./context";

type Ctx = Pick<ServiceContext, "db" | "actor" | "now">;
export type Colour = (typeof tagColours)[number];

export const tagView = (t: TagRow) => ({ id: t.id, name: t.name, colour: t.colour });
export const campaignView = (c: CampaignRow) => ({
	id: c.id,
	name: c.name,
	startDate: c.startDate,
	endDate: c.endDate,
	goal: c.goal,
	accountIds: c.accountIds,
	colour: c.colour,
});

const nameTaken = (what: string, name: string) =>
	new ApiError(409, "name_taken", `A ${what} named "${name}" already exists in this workspace`, { issues: [{ path: ["name"], message: "Already taken" }] });

async function loadTag(ctx: Ctx, id: string) {
	const found = await ctx.db.query.tag.findFirst({ where: and(eq(tag.workspaceId, ctx.actor.workspaceId), eq(tag.id, id)) });
	if (!found) throw notFound("Tag");
	return found;
}

async function loadCampaign(ctx: Ctx, id: string) {
	const found = await ctx.db.query.campaign.findFirst({ where: and(eq(campaign.workspaceId, ctx.actor.workspaceId), eq(campaign.id, id)) });
	if (!found) throw notFound("Campaign");
	return found;
}

async function assertNameFree(ctx: Ctx, table: typeof tag | typeof campaign, what: string, name: string, except?: string) {
	const [found] = await ctx.db
		.select({ id: table.id })
		.from(table)
		.where(and(eq(table.workspaceId, ctx.actor.workspaceId), eq(table.name, name)))
		.limit(1);
	if (found && found.id !== except) throw nameTaken(what, name);
}

export async function tags(ctx: Ctx) {
	return (await listTags(ctx.db, ctx.actor.workspaceId)).map(tagView);
}

export async function createTag(ctx: Ctx, input: { name: string; colour: Colour }) {
	requirePermission(ctx.actor, "schedule");
	await assertNameFree(ctx, tag, "tag", input.name);
	const row = { id: newId(), workspaceId: ctx.actor.workspaceId, name: input.name, colour: input.colour, createdAt: ctx.now };
	await ctx.db.batch([
		ctx.db.insert(tag).values(row),
		auditStatement(ctx.db, {
			workspaceId: row.workspaceId,
			actorId: ctx.actor.id,
			action: "tag.create",
			subject: `tag:${row.id}`,
			after: tagView(row),
			at: ctx.now,
		}),
	]);
	return tagView(row);
}

export async function updateTag(ctx: Ctx, id: string, input: { name?: string; colour?: Colour }) {
	requirePermission(ctx.actor, "schedule");
	const current = await loadTag(ctx, id);
	if (input.name !== undefined) await assertNameFree(ctx, tag, "tag", input.name, id);
	const next = { ...current, ...input };
	await ctx.db.batch([
		ctx.db
			.update(tag)
			.set({ name: next.name, colour: next.colour })
			.where(and(eq(tag.workspaceId, ctx.actor.workspaceId), eq(tag.id, id))),
		auditStatement(ctx.db, {
			workspaceId: ctx.actor.workspaceId,
			actorId: ctx.actor.id,
			action: "tag.update",
			subject: `tag:${id}`,
			before: tagView(current),
			after: tagView(next),
			at: ctx.now,
		}),
	]);
	return tagView(next);
}

/** Deleting a tag takes it off every post that carried it. */
export async function deleteTag(ctx: Ctx, id: string) {
	requirePermission(ctx.actor, "schedule");
	const current = await loadTag(ctx, id);
	const ws = ctx.actor.workspaceId;
	await ctx.db.batch([
		ctx.db.delete(postTag).where(and(eq(postTag.workspaceId, ws), eq(postTag.tagId, id))),
		ctx.db.delete(tag).where(and(eq(tag.workspaceId, ws), eq(tag.id, id))),
		auditStatement(ctx.db, { workspaceId: ws, actorId: ctx.actor.id, action: "tag.delete", subject: `tag:${id}`, before: tagView(current), at: ctx.now }),
	]);
}

export type CampaignInput = { name: string; startDate: string; endDate: string; goal: string; accountIds: string[]; colour: Colour };

async function checkCampaign(ctx: Ctx, v: CampaignInput) {
	if (v.endDate < v.startDate) throw invalidField(["endDate"], "Must not be before startDate", 422);
	const ids = [...new Set(v.accountIds)];
	if (ids.length === 0) return;
	const rows = await ctx.db
		.select({ id: account.id })
		.from(account)
		.where(and(eq(account.workspaceId, ctx.actor.workspaceId), inArray(account.id, ids)));
	const known = new Set(rows.map((r) => r.id));
	const i = v.accountIds.findIndex((id) => !known.has(id));
	if (i >= 0) throw invalidField(["accountIds", i], `No account ${v.accountIds[i]} in this workspace`, 422);
}

export async function campaigns(ctx: Ctx) {
	return (await listCampaigns(ctx.db, ctx.actor.workspaceId)).map(campaignView);
}

export async function getCampaign(ctx: Ctx, id: string) {
	return campaignView(await loadCampaign(ctx, id));
}

export async function createCampaign(ctx: Ctx, input: CampaignInput) {
	requirePermission(ctx.actor, "schedule");
	await checkCampaign(ctx, input);
	await assertNameFree(ctx, campaign, "campaign", input.name);
	const row: CampaignRow = { id: newId(), workspaceId: ctx.actor.workspaceId, ...input, accountIds: [...new Set(input.accountIds)], createdAt: ctx.now };
	await ctx.db.batch([
		ctx.db.insert(campaign).values(row),
		auditStatement(ctx.db, {
			workspaceId: row.workspaceId,
			actorId: ctx.actor.id,
			action: "campaign.create",
			subject: `campaign:${row.id}`,
			after: campaignView(row),
			at: ctx.now,
		}),
	]);
	return campaignView(row);
}

export async function updateCampaign(ctx: Ctx, id: string, input: Partial<CampaignInput>) {
	requirePermission(ctx.actor, "schedule");
	const current = await loadCampaign(ctx, id);
	const next: CampaignRow = { ...current, ...input };
	next.accountIds = [...new Set(next.accountIds)];
	await checkCampaign(ctx, next);
	if (input.name !== undefined) await assertNameFree(ctx, campaign, "campaign", input.name, id);
	const { id: _, workspaceId, createdAt, ...changes } = next;
	await ctx.db.batch([
		ctx.db
			.update(campaign)
			.set(changes)
			.where(and(eq(campaign.workspaceId, workspaceId), eq(campaign.id, id))),
		auditStatement(ctx.db, {
			workspaceId,
			actorId: ctx.actor.id,
			action: "campaign.update",
			subject: `campaign:${id}`,
			before: campaignView(current),
			after: campaignView(next),
			at: ctx.now,
		}),
	]);
	return campaignView(next);
}

/** Deleting a campaign leaves its posts in no campaign and revokes the approval links made for it. */
export async function deleteCampaign(ctx: Ctx, id: string) {
	requirePermission(ctx.actor, "schedule");
	const current = await loadCampaign(ctx, id);
	const ws = ctx.actor.workspaceId;
	await ctx.db.batch([
		ctx.db
			.update(post)
			.set({ campaignId: null })
			.where(and(eq(post.workspaceId, ws), eq(post.campaignId, id))),
		ctx.db
			.update(approvalLink)
			.set({ revokedAt: ctx.now })
			.where(and(eq(approvalLink.workspaceId, ws), eq(approvalLink.campaignId, id))),
		ctx.db.delete(campaign).where(and(eq(campaign.workspaceId, ws), eq(campaign.id, id))),
		auditStatement(ctx.db, {
			workspaceId: ws,
			actorId: ctx.actor.id,
			action: "campaign.delete",
			subject: `campaign:${id}`,
			before: campaignView(current),
			at: ctx.now,
		}),
	]);
}

/**
 * A post's labels as given to POST or PATCH /posts: every tag and the campaign must be this
 * workspace's (422 naming the field otherwise), and a campaign that names its accounts takes posts
 * only for those accounts.
 */
export async function checkPostLabels(ctx: Ctx, input: { tagIds?: string[]; campaignId?: string | null }, accounts: Pick<AccountRow, "id" | "handle">[]) {
	const ws = ctx.actor.workspaceId;
	if (input.tagIds?.length) {
		const unique = [...new Set(input.tagIds)];
		const rows = await ctx.db
			.select({ id: tag.id })
			.from(tag)
			.where(and(eq(tag.workspaceId, ws), inArray(tag.id, unique)));
		const known = new Set(rows.map((r) => r.id));
		const i = input.tagIds.findIndex((id) => !known.has(id));
		if (i >= 0) throw invalidField(["tagIds", i], `No tag ${input.tagIds[i]} in this workspace`, 422);
	}
	if (input.campaignId) {
		const found = await ctx.db.query.campaign.findFirst({ where: and(eq(campaign.workspaceId, ws), eq(campaign.id, input.campaignId)) });
		if (!found) throw invalidField(["campaignId"], `No campaign ${input.campaignId} in this workspace`, 422);
		const outside = found.accountIds.length ? accounts.find((a) => !found.accountIds.includes(a.id)) : undefined;
		if (outside) throw invalidField(["campaignId"], `The campaign ${found.name} does not run on ${outside.handle}`, 422);
	}
}
