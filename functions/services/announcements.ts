/**
 * Announcements: HQ's main post on the main account, plus one local draft per local account that its
 * manager rewrites in their own voice. The key facts (link, dates, prices, codes…) travel with it;
 * variants that drop or change one cannot be scheduled, and none goes out before the main post.
 */
import { and, eq, inArray } from "drizzle-orm";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { account, announcement, post } from "../../db/schema";
import { extractFacts, type Fact, type FactKind, normalizeFact } from "../../domain/facts";
import { composeText } from "../../domain/text-length";
import { requirePermission } from "../auth/authorize";
import { invalidField, notFound } from "../errors";
import { factFindings } from "./announcement-facts";
import type { ServiceContext } from "./context";
import { postView } from "./post-view";
import { createPosts } from "./posts";
import { loadRota, memberRef } from "./scheduling";

export type AnnouncementInput = {
	mainAccountId: string;
	body: string;
	link?: string | null;
	facts?: string[];
	scheduledAt: number;
	localAccountIds?: string[];
	embargoUntil?: number | null;
};

const KINDS: FactKind[] = ["link", "date", "price", "percent", "code", "number"];

/** A fact given by hand: the first kind it reads as, or 400 naming it. */
function givenFact(text: string, i: number): Fact {
	for (const kind of KINDS) {
		const fact = normalizeFact(kind, text);
		if (fact) return fact;
	}
	throw invalidField(["facts", i], "Not a link, date, price, percentage, code or number Chorus can check");
}

export async function createAnnouncement(ctx: ServiceContext, input: AnnouncementInput) {
	requirePermission(ctx.actor, "schedule");
	const { db, actor } = ctx;
	const main = await db.query.account.findFirst({ where: and(eq(account.workspaceId, actor.workspaceId), eq(account.id, input.mainAccountId)) });
	if (!main) throw invalidField(["mainAccountId"], "No such account in this workspace", 422);
	let locals = input.localAccountIds;
	if (!locals) {
		const children = await db
			.select({ id: account.id })
			.from(account)
			.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.parentId, main.id)));
		locals = children.map((c) => c.id);
	}
	if (locals.includes(main.id)) throw invalidField(["localAccountIds"], "The main account is not one of its local accounts", 422);
	if (locals.length === 0)
		throw invalidField(["localAccountIds"], `No local accounts: give localAccountIds or set parentId to ${main.id} on the local accounts`, 422);
	if (input.embargoUntil && input.embargoUntil > input.scheduledAt)
		throw invalidField(["embargoUntil"], "The main post cannot be scheduled before the embargo ends", 422);

	const extracted = extractFacts(composeText(input.body, input.link));
	const given = (input.facts ?? []).map(givenFact);
	const facts = [...extracted, ...given.filter((g) => !extracted.some((e) => e.kind === g.kind && e.value === g.value))];

	const id = newId();
	// The announcement row first, so the posts can point at it; the main post is then checked like any
	// scheduled post (lint, duty, double-post guard). Should that refuse, the row goes again.
	await db.insert(announcement).values({
		id,
		workspaceId: actor.workspaceId,
		mainPostId: "",
		mainAccountId: main.id,
		facts,
		mainRevision: 1,
		embargoUntil: input.embargoUntil ?? null,
		createdBy: actor.id,
		createdAt: ctx.now,
	});
	try {
		const mainResult = await createPosts(ctx, {
			accountIds: [main.id],
			body: input.body,
			link: input.link,
			when: { scheduledAt: input.scheduledAt },
			announcementId: id,
		});
		const mainPost = mainResult.posts[0]!;
		const variants = await createPosts(ctx, {
			accountIds: locals,
			body: input.body,
			link: input.link,
			when: { scheduledAt: input.scheduledAt },
			status: "draft",
			announcementId: id,
		});
		await db.batch([
			db.update(announcement).set({ mainPostId: mainPost.id }).where(eq(announcement.id, id)),
			auditStatement(db, {
				workspaceId: actor.workspaceId,
				actorId: actor.id,
				action: "announcement.create",
				subject: `announcement:${id}`,
				after: { mainPostId: mainPost.id, variants: variants.posts.map((v) => v.id), facts },
				at: ctx.now,
			}),
		]);
		return { id, main: mainPost, variants: variants.posts, facts, embargoUntil: input.embargoUntil ? new Date(input.embargoUntil).toISOString() : null };
	} catch (error) {
		await db.batch([
			db.delete(post).where(and(eq(post.workspaceId, actor.workspaceId), eq(post.announcementId, id))),
			db.delete(announcement).where(eq(announcement.id, id)),
		]);
		throw error;
	}
}

/** The announcement with every variant's consistency findings, and whether the main post changed since. */
export async function getAnnouncement(ctx: ServiceContext, id: string) {
	const { db, actor } = ctx;
	const a = await db.query.announcement.findFirst({ where: and(eq(announcement.workspaceId, actor.workspaceId), eq(announcement.id, id)) });
	if (!a) throw notFound("Announcement");
	const [posts, rota] = await Promise.all([
		db
			.select()
			.from(post)
			.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.announcementId, id))),
		loadRota(db, actor.workspaceId),
	]);
	const main = posts.find((p) => p.id === a.mainPostId);
	const accounts = posts.length
		? await db
				.select({ id: account.id, ownerId: account.ownerId, handle: account.handle })
				.from(account)
				.where(
					inArray(
						account.id,
						posts.map((p) => p.accountId),
					),
				)
		: [];
	const byId = new Map(accounts.map((x) => [x.id, x]));
	return {
		id: a.id,
		facts: a.facts,
		embargoUntil: a.embargoUntil ? new Date(a.embargoUntil).toISOString() : null,
		mainChanged: main ? main.revision > a.mainRevision || main.status === "canceled" : true,
		main: main ? postView(main, rota.members) : null,
		variants: posts
			.filter((p) => p.id !== a.mainPostId)
			.map((p) => ({
				...postView(p, rota.members),
				account: byId.get(p.accountId)?.handle ?? null,
				owner: memberRef(rota, byId.get(p.accountId)?.ownerId ?? null),
				consistency: factFindings(a.facts as Fact[], composeText(p.body, p.link)),
			})),
	};
}
