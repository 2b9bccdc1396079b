/**
 * The calendar's use cases, shared by the JSON API (functions/routes/posts.ts) and the drafting form
 * (web/), so a post made either way follows exactly the same rules.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { AccountRow } from "../../db/queries/accounts";
import { auditIfChangedStatement, auditStatement } from "../../db/queries/audit";
import { revisionIfChangedStatement, revisionStatement, type RevisionEvent } from "../../db/queries/post-revisions";
import type { NotifyEvent } from "../../domain/notifications";
import { dispatchSoon, eventIfChangedStatement, eventStatement, resolveEventsStatement } from "../../queues/notify-events";
import { getPost, memberNames, takenTimes, type PostRow } from "../../db/queries/posts";
import { newId } from "../../db/ids";
import { account, post } from "../../db/schema";
import { hasErrors, type Finding } from "../../domain/findings";
import { composeText } from "../../domain/text-length";
import { can } from "../../domain/permissions";
import { nextFreeSlot } from "../../domain/slots";
import { decideSchedule, type Decision } from "../../domain/responsibility";
import { checkPostMedia } from "./post-media";
import { requirePermission } from "../auth/authorize";
import type { Actor } from "../context";
import { ApiError, forbidden, invalidField, notFound } from "../errors";
import type { ServiceContext } from "./context";
import { assertFactsKept } from "./announcement-facts";
import { loadLinter, type Linter } from "./lint";
import { postView } from "./post-view";
import { dutyOf, loadRota, memberRef, releaseAll, reserveAll, type Rota } from "./scheduling";

export type When = { scheduledAt: number } | { slot: "next" } | null;

export type CreatePostsInput = {
	accountIds: string[];
	body: string;
	link?: string | null;
	when: When;
	/** "draft" keeps it a draft even with a time; otherwise a time means scheduling. */
	status?: "draft" | "scheduled";
	/** A manager's override of the double-post guard. */
	allowDuplicate?: boolean;
	/** The announcement this post belongs to (its main post or a local variant). */
	announcementId?: string;
	/** One compose, a different text per network: an account on a network listed here gets that text instead of `body`. */
	bodies?: Partial<Record<AccountRow["network"], string>>;
	/** Images and video, in order; each must fit every chosen account's network. */
	mediaIds?: string[];
};

type Ctx = ServiceContext;

function lintFailed(perAccount: { accountId: string; handle: string; findings: Finding[] }[]): ApiError {
	const findings = perAccount.flatMap((a) => a.findings.filter((f) => f.severity === "error").map((f) => ({ ...f, accountId: a.accountId })));
	const first = perAccount.find((a) => hasErrors(a.findings));
	return new ApiError(422, "lint_failed", `Cannot schedule: ${first?.findings.find((f) => f.severity === "error")?.message} (${first?.handle})`, {
		details: { findings },
	});
}

/** Status, approver and responsible member for a post scheduled by `actor` at `at` on `acc`. */
const decide = (ctx: Ctx, rota: Rota, acc: AccountRow, at: number): Decision =>
	decideSchedule(ctx.actor, dutyOf(rota, acc, at), (id) => rota.members.get(id)?.role);

async function resolveAccounts(ctx: Ctx, ids: string[]): Promise<AccountRow[]> {
	const unique = [...new Set(ids)];
	const rows = await ctx.db.select().from(account).where(and(eq(account.workspaceId, ctx.actor.workspaceId), inArray(account.id, unique)));
	const byId = new Map(rows.map((r) => [r.id, r]));
	return unique.map((id) => {
		const found = byId.get(id);
		if (!found) throw invalidField(["accountIds", ids.indexOf(id)], `No account ${id} in this workspace`, 422);
		return found;
	});
}

async function resolveTime(ctx: Ctx, acc: AccountRow, when: When, ignorePostId?: string): Promise<number | null> {
	if (!when) return null;
	if ("scheduledAt" in when) {
		if (when.scheduledAt <= ctx.now) throw invalidField(["scheduledAt"], "Must be in the future", 422);
		return when.scheduledAt;
	}
	if (acc.slots.length === 0) throw invalidField(["slot"], `${acc.handle} has no posting slots; set them with PUT /accounts/${acc.id}/slots`, 422);
	const taken = await takenTimes(ctx.db, ctx.actor.workspaceId, acc.id, ctx.now);
	if (ignorePostId) {
		const self = await getPost(ctx.db, ctx.actor.workspaceId, ignorePostId);
		if (self?.scheduledAt) taken.delete(self.scheduledAt);
	}
	const at = nextFreeSlot(acc.slots, acc.timezone, ctx.now, (ms) => taken.has(ms));
	if (at === null) throw invalidField(["slot"], `${acc.handle} has no free slot in the next 8 weeks`, 422);
	return at;
}

/** What the rules need for any number of new posts, loaded once per request (a compose or an import). */
export type ComposeRules = { rota: Rota; linter: Linter };

export async function loadComposeRules(ctx: Ctx, accountIds: string[]): Promise<ComposeRules> {
	const [rota, linter] = await Promise.all([loadRota(ctx.db, ctx.actor.workspaceId), loadLinter(ctx.db, ctx.actor.workspaceId, accountIds, ctx.now)]);
	return { rota, linter };
}

/**
 * One compose's posts as they would be saved (time, responsibility, lint), saving nothing. Throws
 * what the API answers for it: a wrong field (invalidField) or 422 lint_failed. POST /posts and the
 * spreadsheet import both go through here, so a row is judged exactly like an API call.
 */
export async function planCompose(ctx: Ctx, rules: ComposeRules, accounts: AccountRow[], input: Omit<CreatePostsInput, "accountIds">) {
	const { rota, linter } = rules;
	for (const network of Object.keys(input.bodies ?? {})) {
		if (!accounts.some((a) => a.network === network)) throw invalidField(["bodies", network], `None of the chosen accounts is on ${network}`, 422);
	}
	const bodyFor = (acc: AccountRow) => input.bodies?.[acc.network] ?? input.body;
	const mediaIds = await checkPostMedia(ctx, input.mediaIds ?? [], accounts);
	const schedule = input.status !== "draft" && input.when !== null;
	if (input.status === "scheduled" && input.when === null) throw invalidField(["scheduledAt"], "Give scheduledAt or slot to schedule");
	const groupId = newId();
	const planned: { acc: AccountRow; findings: Finding[]; at: number | null; decision: Decision | null }[] = [];
	for (const acc of accounts) {
		const at = await resolveTime(ctx, acc, input.when);
		const decision = schedule && at !== null ? decide(ctx, rota, acc, at) : null;
		// Each network's text is checked by that network's rules (length, counting, links).
		const findings = [...linter.lint(acc, bodyFor(acc), input.link, { groupId, accounts }), ...(decision?.findings ?? [])];
		planned.push({ acc, findings, at, decision });
	}
	if (schedule && planned.some((p) => hasErrors(p.findings))) {
		throw lintFailed(planned.map((p) => ({ accountId: p.acc.id, handle: p.acc.handle, findings: p.findings })));
	}
	const rows: PostRow[] = planned.map(({ acc, findings, at, decision }) => ({
		id: newId(),
		workspaceId: ctx.actor.workspaceId,
		groupId,
		accountId: acc.id,
		body: bodyFor(acc),
		link: input.link ?? null,
		mediaIds,
		status: decision?.status ?? "draft",
		scheduledAt: at,
		calendarAt: at,
		timezone: acc.timezone,
		revision: 1,
		authorId: ctx.actor.id,
		approverId: null,
		approvalFrom: decision?.approvalFrom ?? null,
		responsibleId: decision?.responsibleId ?? null,
		allowDuplicate: input.allowDuplicate ?? false,
		holdReason: null,
		rejectionReason: null,
		reviewVerdict: null,
		publishedAt: null,
		publishedById: null,
		publishedVia: null,
		networkPostId: null,
		networkUrl: null,
		failureReason: null,
		retractedAt: null,
		retractedById: null,
		retractReason: null,
		leaseUntil: null,
		lateNotedAt: null,
		announcementId: input.announcementId ?? null,
		kind: "post",
		conversationId: null,
		inReplyTo: null,
		lint: findings,
		createdAt: ctx.now,
		updatedAt: ctx.now,
	}));
	return { groupId, schedule, rows };
}

export async function createPosts(ctx: Ctx, input: CreatePostsInput) {
	requirePermission(ctx.actor, "draft");
	if (input.allowDuplicate) requirePermission(ctx.actor, "approve");
	const accounts = await resolveAccounts(ctx, input.accountIds);
	const rules = await loadComposeRules(ctx, accounts.map((a) => a.id));
	const { rota } = rules;
	const { groupId, schedule, rows } = await planCompose(ctx, rules, accounts, input);
	const accountOf = new Map(accounts.map((a) => [a.id, a]));
	const { db, actor } = ctx;
	// The double-post guard first, in each account's desk: all reserved, or 409 and none.
	const reservable = rows.map((r) => ({ acc: accountOf.get(r.accountId)!, postId: r.id, body: r.body, link: r.link, at: r.scheduledAt!, authorId: r.authorId }));
	if (schedule) await reserveAll(ctx.desks, db, rota, reservable, input.allowDuplicate ?? false, ctx.now);
	const audits = rows.flatMap((r) => [
		auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: `post.create.${r.status}`, subject: `post:${r.id}`, after: snapshot(r), at: ctx.now }),
		...(r.allowDuplicate && schedule ? [auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "post.duplicate_allowed", subject: `post:${r.id}`, at: ctx.now })] : []),
	]);
	// One batch: every account's post and its audit row land together, or none do. One insert per
	// row, because a post has ~30 columns and D1 binds at most 100 parameters per statement.
	// Review loop: what waits for approval enters its history and tells the approver (same batch).
	const submitted = rows.filter((r) => r.status === "pending_approval");
	const approvalEvents = submitted.map(approvalNeeded);
	const review = submitted.flatMap((r, i) => [
		revisionStatement(db, r, "submitted", actor.id, ctx.now),
		eventStatement(db, actor.workspaceId, approvalEvents[i]!, ctx.now),
	]);
	const [first, ...rest] = rows.map((r) => db.insert(post).values(r));
	try {
		await db.batch([first!, ...rest, ...audits, ...review]);
	} catch (error) {
		if (schedule) await releaseAll(ctx.desks, reservable);
		throw error;
	}
	await dispatchSoon(db, ctx.notify, actor.workspaceId, approvalEvents, ctx.now);
	return { groupId, posts: rows.map((r) => postView(r, rota.members)) };
}

const approvalNeeded = (p: PostRow): NotifyEvent => ({ kind: "approval_needed", postId: p.id, revision: p.revision, authorId: p.authorId, approvalFrom: p.approvalFrom });

/** The fields worth keeping in the audit trail for a post. */
export const snapshot = (p: PostRow) => ({ status: p.status, body: p.body, link: p.link, scheduledAt: p.scheduledAt, revision: p.revision });

export async function loadPost(ctx: Ctx, id: string): Promise<PostRow> {
	const found = await getPost(ctx.db, ctx.actor.workspaceId, id);
	if (!found) throw notFound("Post");
	return found;
}

/** Authors work on their own posts; managers and owners on everyone's. */
function assertMayTouch(actor: Actor, p: PostRow) {
	if (p.authorId !== actor.id && !can(actor.role, "approve")) throw forbidden("Authors may only change their own posts");
}

const frozen: PostRow["status"][] = ["publishing", "published", "failed", "needs_review", "canceled"];

export type EditInput = {
	body?: string;
	link?: string | null;
	when?: When;
	status?: "draft" | "scheduled";
	/** Optimistic concurrency: the revision the editor started from (If-Match or body). */
	expectedRevision?: { value: number; from: "if-match" | "body" };
	mediaIds?: string[];
};

export async function editPost(ctx: Ctx, id: string, input: EditInput) {
	requirePermission(ctx.actor, "draft");
	const current = await loadPost(ctx, id);
	assertMayTouch(ctx.actor, current);
	if (frozen.includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be edited`, { details: { status: current.status } });
	}
	const expected = input.expectedRevision;
	if (expected && expected.value !== current.revision) {
		const [status, code] = expected.from === "if-match" ? ([412, "precondition_failed"] as const) : ([409, "edit_conflict"] as const);
		throw new ApiError(status, code, `The post changed since revision ${expected.value}; it is now at revision ${current.revision}`, {
			details: { revision: current.revision },
		});
	}
	const [acc] = await resolveAccounts(ctx, [current.accountId]);
	const body = input.body ?? current.body;
	const link = input.link === undefined ? current.link : input.link;
	const scheduledAt =
		input.when === undefined ? current.scheduledAt : await resolveTime(ctx, acc!, input.when, current.id);
	const mediaIds = input.mediaIds === undefined ? current.mediaIds : await checkPostMedia(ctx, input.mediaIds, [acc!]);
	const contentChanged =
		body !== current.body || link !== current.link || scheduledAt !== current.scheduledAt || mediaIds.join() !== current.mediaIds.join();

	let status = current.status;
	let decision: Decision | null = null;
	if (input.status === "draft") status = "draft";
	else if (input.status === "scheduled" || (status !== "draft" && contentChanged)) {
		// Scheduling a draft, or changing a scheduled post: responsibility and approval are decided again.
		if (scheduledAt === null) throw invalidField(["scheduledAt"], "Give scheduledAt or slot to schedule");
		decision = decide(ctx, await loadRota(ctx.db, ctx.actor.workspaceId), acc!, scheduledAt);
		status = decision.status;
	}
	if (status !== "draft" && scheduledAt === null) throw invalidField(["scheduledAt"], "Give scheduledAt or slot to schedule");
	if (status !== "draft" && scheduledAt !== null && scheduledAt <= ctx.now && scheduledAt !== current.scheduledAt) {
		throw invalidField(["scheduledAt"], "Must be in the future", 422);
	}
	if (status !== "draft" && current.announcementId) await assertFactsKept(ctx.db, current, composeText(body, link));
	const linter = await loadLinter(ctx.db, ctx.actor.workspaceId, [acc!.id], ctx.now);
	const findings = [...linter.lint(acc!, body, link, { groupId: current.groupId, accounts: [acc!], excludePostIds: [current.id] }), ...(decision?.findings ?? [])];
	if (status !== "draft" && hasErrors(findings)) throw lintFailed([{ accountId: acc!.id, handle: acc!.handle, findings }]);

	const next: PostRow = {
		...current,
		body,
		link,
		mediaIds,
		scheduledAt,
		calendarAt: scheduledAt,
		status,
		lint: findings,
		approverId: decision ? null : current.approverId,
		approvalFrom: decision ? decision.approvalFrom : current.approvalFrom,
		responsibleId: decision ? decision.responsibleId : current.responsibleId,
		holdReason: decision ? null : current.holdReason,
		rejectionReason: status === "draft" ? current.rejectionReason : null,
		reviewVerdict: status === "draft" ? current.reviewVerdict : null,
		revision: current.revision + 1,
		updatedAt: ctx.now,
	};
	const reservation = { acc: acc!, postId: current.id, body, link, at: scheduledAt ?? ctx.now, authorId: current.authorId };
	if (status === "draft") await releaseAll(ctx.desks, [reservation]);
	else if (contentChanged || current.status === "draft") await reserveAll(ctx.desks, ctx.db, await loadRota(ctx.db, ctx.actor.workspaceId), [reservation], current.allowDuplicate, ctx.now);
	// (Re)submitted for review: a new version in its history, and the approver is told.
	const submitted = next.status === "pending_approval" && (current.status !== "pending_approval" || contentChanged);
	return commitChange(ctx, current, next, "post.edit", submitted ? { revision: { event: "submitted" }, event: approvalNeeded(next) } : undefined);
}

/**
 * Writes a post change guarded by its revision, with its audit row, in one batch. A concurrent change
 * that got there first makes the guarded update touch nothing: that is a 409, not a lost update.
 */
type Review = { revision?: { event: RevisionEvent; reason?: string }; event?: NotifyEvent };

async function commitChange(ctx: Ctx, current: PostRow, next: PostRow, action: string, review: Review = {}) {
	const { db, actor } = ctx;
	const { id, workspaceId, ...changes } = next;
	// Each follow-up is written only if the one before it was, so a lost race leaves no trace.
	const followUps = [
		...(review.revision ? [revisionIfChangedStatement(db, next, review.revision.event, actor.id, ctx.now, review.revision.reason)] : []),
		...(review.event ? [eventIfChangedStatement(db, workspaceId, review.event, ctx.now)] : []),
		// A request for approval is done once anyone decided it (or the post moved on): it leaves every
		// approver's bell. Guarded on the post as written, so a change that lost its race resolves nothing.
		...(current.status === "pending_approval"
			? [
					resolveEventsStatement(db, workspaceId, `approval_needed:${id}:`, ctx.now, {
						unless: next.status === "pending_approval" ? `approval_needed:${id}:${next.revision}` : undefined,
						guard: sql`EXISTS (SELECT 1 FROM ${post} WHERE ${post.workspaceId} = ${workspaceId} AND ${post.id} = ${id} AND ${post.revision} = ${next.revision})`,
					}),
				]
			: []),
	];
	const [updated] = await db.batch([
		db
			.update(post)
			.set(changes)
			.where(and(eq(post.workspaceId, workspaceId), eq(post.id, id), eq(post.revision, current.revision)))
			.returning({ id: post.id }),
		auditIfChangedStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action, subject: `post:${id}`, before: snapshot(current), after: snapshot(next), at: ctx.now }),
		...followUps,
	]);
	if (updated.length === 0) {
		throw new ApiError(409, "edit_conflict", "Someone else changed this post at the same moment; reload and try again");
	}
	if (review.event) await dispatchSoon(db, ctx.notify, workspaceId, [review.event], ctx.now);
	const names = await memberNames(db, actor.workspaceId);
	return postView(next, names);
}

export async function approvePost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	requirePermission(ctx.actor, "approve");
	if (current.status !== "pending_approval") throw new ApiError(409, "not_pending", `Only a post waiting for approval can be approved; this one is ${current.status}`);
	const rota = await loadRota(ctx.db, ctx.actor.workspaceId);
	// Waiting for one person: only they (or an owner) may approve it.
	if (current.approvalFrom && current.approvalFrom !== ctx.actor.id && ctx.actor.role !== "owner") {
		const responsible = memberRef(rota, current.approvalFrom);
		throw forbidden(`This post waits for ${responsible?.name}'s approval`, { responsible });
	}
	const [acc] = await resolveAccounts(ctx, [current.accountId]);
	// Whoever answers for the account at the post's time now is who it goes out under.
	const responsibleId = current.scheduledAt === null ? current.responsibleId : dutyOf(rota, acc!, current.scheduledAt).responsible;
	return commitChange(
		ctx,
		current,
		{ ...current, status: "scheduled", approverId: ctx.actor.id, approvalFrom: null, responsibleId, holdReason: null, revision: current.revision + 1, updatedAt: ctx.now },
		"post.approve",
		{ revision: { event: "approved" } },
	);
}

/**
 * Sends a pending post back to its author as a draft with the reviewer's reason: a rejection, or a
 * request for changes before it may go. The version reviewed and the verdict stay in its history.
 */
export async function rejectPost(ctx: Ctx, id: string, reason: string, verdict: "rejected" | "changes_requested" = "rejected") {
	const current = await loadPost(ctx, id);
	requirePermission(ctx.actor, "approve");
	const what = verdict === "rejected" ? "rejected" : "sent back for changes";
	if (current.status !== "pending_approval") throw new ApiError(409, "not_pending", `Only a post waiting for approval can be ${what}; this one is ${current.status}`);
	const next: PostRow = { ...current, status: "draft", rejectionReason: reason, reviewVerdict: verdict, approvalFrom: null, holdReason: null, revision: current.revision + 1, updatedAt: ctx.now };
	const result = await commitChange(ctx, current, next, verdict === "rejected" ? "post.reject" : "post.request_changes", {
		revision: { event: verdict, reason },
		event: { kind: "post_rejected", postId: id, revision: next.revision, verdict, reason, by: ctx.actor.id },
	});
	await ctx.desks.getByName(current.accountId).release(current.id);
	return result;
}

export async function cancelPost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	requirePermission(ctx.actor, "draft");
	assertMayTouch(ctx.actor, current);
	if (!["draft", "pending_approval", "scheduled"].includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be canceled`, { details: { status: current.status } });
	}
	const result = await commitChange(ctx, current, { ...current, status: "canceled", holdReason: null, revision: current.revision + 1, updatedAt: ctx.now }, "post.cancel");
	await ctx.desks.getByName(current.accountId).release(current.id);
	return result;
}

export async function deletePost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	requirePermission(ctx.actor, "draft");
	assertMayTouch(ctx.actor, current);
	if (current.status !== "draft" && current.status !== "canceled") {
		throw new ApiError(409, "not_editable", `Only drafts and canceled posts can be deleted; cancel this ${current.status} post first`);
	}
	const { db, actor } = ctx;
	await db.batch([
		db.delete(post).where(and(eq(post.workspaceId, actor.workspaceId), eq(post.id, id))),
		auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "post.delete", subject: `post:${id}`, before: snapshot(current), at: ctx.now }),
	]);
}
