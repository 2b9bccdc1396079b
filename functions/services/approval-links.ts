/**
 * Client approval by link (API.md, Approval links): a manager or owner shares /review/<token> for one
 * post or one campaign's posts; the client, without an account, approves or asks for changes. Every
 * decision is audited under the link ("client via link <label>"). Where the link counts as approval,
 * a client's approval of a pending post goes through the posts approval use case, so the brand-voice
 * policy judges it exactly as if the link's creator had approved it; otherwise it is only recorded.
 */
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { type AccountRow, listAccounts } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { mediaInOrder } from "../../db/queries/media";
import { getMember } from "../../db/queries/members";
import type { PostRow } from "../../db/queries/posts";
import { approvalLink, campaign, post } from "../../db/schema";
import { isoWithOffset } from "../../domain/time";
import { countsFor } from "../../web/counts";
import { requirePermission } from "../auth/authorize";
import { randomSecret, sha256Hex, timingSafeEqual } from "../auth/crypto";
import { assertUnderLimits, countStatements, type Limit } from "../auth/rate-window";
import { ApiError, invalidField, notFound } from "../errors";
import type { ServiceContext } from "./context";
import { approvePost, rejectPost } from "./posts";

export type ApprovalLinkRow = typeof approvalLink.$inferSelect;

const DAY = 86_400_000;
/** A link lives at most this long: a client's review is a matter of days, not a standing credential. */
export const MAX_LINK_DAYS = 90;
/** At most this many posts on one review page (a campaign's), in calendar order. */
export const MAX_REVIEW_POSTS = 100;
/** What the client may still decide on; the rest is shown as it stands. */
const DECIDABLE: PostRow["status"][] = ["draft", "pending_approval", "scheduled"];

export const linkState = (l: ApprovalLinkRow, now: number) => (l.revokedAt !== null ? "revoked" : l.expiresAt <= now ? "expired" : "active");

export const approvalLinkView = (l: ApprovalLinkRow, now: number, zone: string) => ({
	id: l.id,
	label: l.label,
	prefix: l.prefix,
	postId: l.postId,
	campaignId: l.campaignId,
	countsAsApproval: l.countsAsApproval,
	expiresAt: isoWithOffset(l.expiresAt, zone),
	revokedAt: l.revokedAt === null ? null : isoWithOffset(l.revokedAt, zone),
	state: linkState(l, now),
	createdById: l.createdById,
	createdAt: isoWithOffset(l.createdAt, zone),
});

/** How the audit and the pages name the client: "client via link <label>". */
export const clientName = (label: string) => `client via link ${label}`;
export const linkActorId = (id: string) => `link:${id}`;

export type CreateLinkInput = { label: string; expiresAt: number; postId?: string; campaignId?: string; countsAsApproval: boolean };

export async function createApprovalLink(ctx: ServiceContext, input: CreateLinkInput) {
	// Sharing a post for approval is a reviewer's act: managers and owners.
	requirePermission(ctx.actor, "approve");
	const ws = ctx.actor.workspaceId;
	if (!input.postId === !input.campaignId) throw invalidField(["postId"], "Give postId or campaignId (one of them)");
	if (input.expiresAt <= ctx.now) throw invalidField(["expiresAt"], "Must be in the future", 422);
	if (input.expiresAt > ctx.now + MAX_LINK_DAYS * DAY) throw invalidField(["expiresAt"], `At most ${MAX_LINK_DAYS} days ahead`, 422);
	if (input.postId) {
		const found = await ctx.db.query.post.findFirst({ where: and(eq(post.workspaceId, ws), eq(post.id, input.postId), eq(post.kind, "post")) });
		if (!found) throw invalidField(["postId"], "No such post in this workspace", 422);
	}
	if (input.campaignId) {
		const found = await ctx.db.query.campaign.findFirst({ where: and(eq(campaign.workspaceId, ws), eq(campaign.id, input.campaignId)) });
		if (!found) throw invalidField(["campaignId"], "No such campaign in this workspace", 422);
	}
	const token = `chorus_review_${randomSecret(32)}`;
	const row: ApprovalLinkRow = {
		id: newId(),
		workspaceId: ws,
		createdById: ctx.actor.id,
		label: input.label,
		tokenHash: await sha256Hex(token),
		prefix: token.slice(0, 18),
		postId: input.postId ?? null,
		campaignId: input.campaignId ?? null,
		countsAsApproval: input.countsAsApproval,
		expiresAt: input.expiresAt,
		revokedAt: null,
		createdAt: ctx.now,
	};
	await ctx.db.batch([
		ctx.db.insert(approvalLink).values(row),
		auditStatement(ctx.db, {
			workspaceId: ws,
			actorId: ctx.actor.id,
			action: "approval_link.create",
			subject: `approval_link:${row.id}`,
			after: { label: row.label, postId: row.postId, campaignId: row.campaignId, countsAsApproval: row.countsAsApproval, expiresAt: row.expiresAt },
			at: ctx.now,
		}),
	]);
	return { row, token, path: `/review/${token}` };
}

export async function listApprovalLinks(ctx: Pick<ServiceContext, "db" | "actor">, filter: { postId?: string; campaignId?: string } = {}) {
	return ctx.db
		.select()
		.from(approvalLink)
		.where(
			and(
				eq(approvalLink.workspaceId, ctx.actor.workspaceId),
				filter.postId ? eq(approvalLink.postId, filter.postId) : undefined,
				filter.campaignId ? eq(approvalLink.campaignId, filter.campaignId) : undefined,
			),
		)
		.orderBy(desc(approvalLink.createdAt))
		.limit(200);
}

export async function getApprovalLink(ctx: Pick<ServiceContext, "db" | "actor">, id: string) {
	const found = await ctx.db.query.approvalLink.findFirst({ where: and(eq(approvalLink.workspaceId, ctx.actor.workspaceId), eq(approvalLink.id, id)) });
	if (!found) throw notFound("Approval link");
	return found;
}

/** Revoking stops the link at once: the next request with it finds revokedAt set. Revoking twice is a no-op. */
export async function revokeApprovalLink(ctx: ServiceContext, id: string) {
	requirePermission(ctx.actor, "approve");
	const found = await getApprovalLink(ctx, id);
	if (found.revokedAt !== null) return;
	await ctx.db.batch([
		ctx.db
			.update(approvalLink)
			.set({ revokedAt: ctx.now })
			.where(and(eq(approvalLink.workspaceId, found.workspaceId), eq(approvalLink.id, id))),
		auditStatement(ctx.db, {
			workspaceId: found.workspaceId,
			actorId: ctx.actor.id,
			action: "approval_link.revoke",
			subject: `approval_link:${id}`,
			before: { label: found.label },
			at: ctx.now,
		}),
	]);
}

// ---- The public side: /review/<token> ----

/** The link a token opens, whatever its state; unknown tokens are a 404. */
export async function linkForToken(db: Db, token: string): Promise<ApprovalLinkRow> {
	if (!token.startsWith("chorus_review_") || token.length > 100) throw notFound("Review link");
	const found = await db.query.approvalLink.findFirst({ where: eq(approvalLink.tokenHash, await sha256Hex(token)) });
	if (!found) throw notFound("Review link");
	return found;
}

/** 410 for a link that no longer opens anything: revoked, expired, or its creator left the workspace. */
export class LinkGone extends ApiError {
	constructor(public readonly reason: "revoked" | "expired") {
		super(410, "link_gone", reason === "expired" ? "This review link has expired" : "This review link was withdrawn");
	}
}

export async function assertLinkOpen(db: Db, link: ApprovalLinkRow, now: number) {
	const state = linkState(link, now);
	if (state !== "active") throw new LinkGone(state);
	// A link speaks for its creator: once they are no longer a member it opens nothing.
	const creator = await getMember(db, link.workspaceId, link.createdById);
	if (!creator) throw new LinkGone("revoked");
	return creator;
}

/**
 * The form token bound to the link and the post: HMAC-SHA256 keyed by the link's own token (which
 * only the link's holder has, and the server sees in the URL), so a form made for one link or post
 * is refused for another. It works with the global Origin check against cross-site posts.
 */
export async function formToken(token: string, linkId: string, postId: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(token), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`review-form:${linkId}:${postId}`)));
	return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function checkFormToken(token: string, linkId: string, postId: string, given: string): Promise<boolean> {
	const expected = new TextEncoder().encode(await formToken(token, linkId, postId));
	return timingSafeEqual(expected, new TextEncoder().encode(given));
}

/** Rate limits of the public page, like sign-in's: per client, and per link across clients. */
export const reviewLimits = (linkId: string, client: string, what: "view" | "decide"): Limit[] =>
	what === "view"
		? [{ key: `review:view:${client}`, name: "review_views", max: 120, windowMs: 10 * 60_000, message: "Too many review pages opened" }]
		: [
				{ key: `review:decide:${client}`, name: "review_decisions", max: 30, windowMs: 10 * 60_000, message: "Too many review decisions" },
				{ key: `review:decide:link:${linkId}`, name: "review_link_decisions", max: 200, windowMs: 60 * 60_000, message: "Too many decisions on this link" },
			];

export async function countReviewRequest(db: Db, limits: Limit[], now: number) {
	await assertUnderLimits(db, limits, now);
	const [first, ...rest] = countStatements(db, limits, now);
	await db.batch([first!, ...rest]);
}

export type ReviewPost = {
	id: string;
	status: PostRow["status"];
	decidable: boolean;
	network: AccountRow["network"];
	handle: string;
	body: string;
	link: string | null;
	when: string | null;
	counts: ReturnType<typeof countsFor>;
	media: { id: string; type: string; alt: string }[];
};

/** The posts in the link's scope, with what the client needs to judge them and nothing else of the workspace. */
export async function reviewPosts(db: Db, link: ApprovalLinkRow): Promise<ReviewPost[]> {
	const rows = await db
		.select()
		.from(post)
		.where(
			and(
				eq(post.workspaceId, link.workspaceId),
				eq(post.kind, "post"),
				ne(post.status, "canceled"),
				link.postId ? eq(post.id, link.postId) : eq(post.campaignId, link.campaignId ?? ""),
			),
		)
		.orderBy(asc(post.calendarAt), asc(post.id))
		.limit(MAX_REVIEW_POSTS);
	if (rows.length === 0) return [];
	const accounts = new Map((await listAccounts(db, link.workspaceId)).map((a) => [a.id, a]));
	const media = new Map((await mediaInOrder(db, link.workspaceId, [...new Set(rows.flatMap((r) => r.mediaIds))])).map((m) => [m.id, m]));
	return rows.flatMap((r) => {
		const acc = accounts.get(r.accountId);
		if (!acc) return [];
		return [
			{
				id: r.id,
				status: r.status,
				decidable: DECIDABLE.includes(r.status),
				network: acc.network,
				handle: acc.handle,
				body: r.body,
				link: r.link,
				when: r.calendarAt === null ? null : isoWithOffset(r.calendarAt, r.timezone),
				counts: countsFor([{ network: acc.network, handle: acc.handle, instanceLimits: acc.instanceLimits }], r.body, r.link),
				media: r.mediaIds.flatMap((id) => {
					const m = media.get(id);
					return m ? [{ id: m.id, type: m.type, alt: m.alt }] : [];
				}),
			},
		];
	});
}

/** A media file of a post in the link's scope (the review page's thumbnails), or 404. */
export async function reviewMedia(db: Db, link: ApprovalLinkRow, mediaId: string) {
	const posts = await reviewPosts(db, link);
	if (!posts.some((p) => p.media.some((m) => m.id === mediaId))) throw notFound("Media");
	const [row] = await mediaInOrder(db, link.workspaceId, [mediaId]);
	if (!row) throw notFound("Media");
	return row;
}

export type Decision = { postId: string; decision: "approve" | "changes"; comment: string };
export type DecisionOutcome = { postId: string; decision: Decision["decision"]; counted: boolean; status: PostRow["status"]; note: string };

/**
 * A client's decision on one post of the link. Approving a pending post through a link that counts
 * runs the posts approval use case on behalf of the link's creator (role, posting policy and the
 * double-post guard all apply); asking for changes on a pending post sends it back as
 * changes_requested like a reviewer. Anything else is recorded in the audit and changes nothing.
 */
export async function decide(base: Omit<ServiceContext, "actor" | "auditActorId">, link: ApprovalLinkRow, d: Decision): Promise<DecisionOutcome> {
	const creator = await assertLinkOpen(base.db, link, base.now);
	const inScope = (await reviewPosts(base.db, link)).find((p) => p.id === d.postId);
	if (!inScope) throw notFound("Post");
	if (!inScope.decidable) throw new ApiError(409, "not_pending", `This post is ${inScope.status.replace("_", " ")}; there is nothing left to decide`);
	const ctx: ServiceContext = {
		...base,
		actor: {
			id: creator.id,
			personId: creator.personId ?? creator.id,
			name: creator.name,
			email: creator.email,
			role: creator.role,
			workspaceId: link.workspaceId,
			via: "token",
			credentialId: link.id,
		},
		auditActorId: linkActorId(link.id),
	};
	const by = clientName(link.label);
	const pending = inScope.status === "pending_approval";
	if (d.decision === "changes" && pending) {
		const view = await rejectPost(ctx, d.postId, `${by}: ${d.comment}`, "changes_requested");
		await recordDecision(ctx, link, d, { counted: true });
		return { postId: d.postId, decision: d.decision, counted: true, status: view.status, note: "Sent back for changes" };
	}
	if (d.decision === "approve" && pending && link.countsAsApproval) {
		try {
			const view = await approvePost(ctx, d.postId);
			await recordDecision(ctx, link, d, { counted: true });
			return { postId: d.postId, decision: d.decision, counted: true, status: view.status, note: "Approved" };
		} catch (error) {
			// The policy refused this approval (someone else must approve, the account is paused…): the
			// client's word is kept in the audit and the post waits for a member, as it would have.
			if (!(error instanceof ApiError) || error.status >= 500) throw error;
			await recordDecision(ctx, link, d, { counted: false, refusal: error.message });
			return { postId: d.postId, decision: d.decision, counted: false, status: inScope.status, note: "Recorded; the team still approves it" };
		}
	}
	await recordDecision(ctx, link, d, { counted: false });
	return {
		postId: d.postId,
		decision: d.decision,
		counted: false,
		status: inScope.status,
		note: d.decision === "approve" ? "Recorded; the team still approves it" : "Recorded; the team will see your comment",
	};
}

async function recordDecision(ctx: ServiceContext, link: ApprovalLinkRow, d: Decision, extra: { counted: boolean; refusal?: string }) {
	await ctx.db.batch([
		auditStatement(ctx.db, {
			workspaceId: link.workspaceId,
			actorId: linkActorId(link.id),
			action: d.decision === "approve" ? "post.client_approve" : "post.client_request_changes",
			subject: `post:${d.postId}`,
			after: { by: clientName(link.label), linkId: link.id, comment: d.comment || undefined, ...extra },
			at: ctx.now,
		}),
	]);
}

/** Labels of this workspace's links by audit actor id ("link:<id>"), for the audit pages. */
export async function linkActorNames(db: Db, workspaceId: string, actorIds: string[]): Promise<Map<string, string>> {
	const ids = [...new Set(actorIds.filter((a) => a.startsWith("link:")).map((a) => a.slice(5)))];
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: approvalLink.id, label: approvalLink.label })
		.from(approvalLink)
		.where(and(eq(approvalLink.workspaceId, workspaceId), inArray(approvalLink.id, ids.slice(0, 90))));
	return new Map(rows.map((r) => [linkActorId(r.id), clientName(r.label)]));
}
