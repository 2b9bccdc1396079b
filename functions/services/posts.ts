/**
 * The calendar's use cases, shared by the JSON API (functions/routes/posts.ts) and the drafting form
 * (web/), so a post made either way follows exactly the same rules.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { newId } from "../../db/ids";
import type { AccountRow } from "../../db/queries/accounts";
import { auditIfChangedStatement, auditStatement } from "../../db/queries/audit";
import { setPostTagsStatements } from "../../db/queries/labels";
import { type RevisionEvent, revisionIfChangedStatement, revisionStatement } from "../../db/queries/post-revisions";
import { getPost, memberNames, type PostRow, takenTimes } from "../../db/queries/posts";
import { account, post } from "../../db/schema";
import { mediaRequiredProblem } from "../../domain/media";
import type { NotifyEvent } from "../../domain/notifications";
import { partsRefusal } from "../../domain/post-parts";
import { nextFreeSlot } from "../../domain/slots";
import { composeText } from "../../domain/text-length";
import { dispatchSoon, eventIfChangedStatement, eventStatement, resolveEventsStatement } from "../../queues/notify-events";
import { ApiError, invalidField, notFound } from "../errors";
import { variantFactFindings } from "./announcement-facts";
import { assertMay, judge, loadVoiceRules, type Spoken, settle, speak, type Utterance, type VoiceRules } from "./brand-voice";
import type { ServiceContext } from "./context";
import { checkPostLabels } from "./labels";
import { checkPostMedia } from "./post-media";
import { postView } from "./post-view";
import { approveReply, rejectReply } from "./replies";
import { releaseAll } from "./scheduling";
import { checkRepeat, followTimeStatements, newSeriesStatements, type RepeatInput } from "./series";
import { shortenScheduled } from "./short-links";

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
	/** The workspace's tags the posts carry, and the campaign they belong to (services/labels.ts checks them). */
	tagIds?: string[];
	campaignId?: string | null;
	/** An evergreen post: each account's post starts a series that repeats by this rule. */
	repeat?: RepeatInput;
	/** Its links go out as first-party short links (/l/:code). */
	shortenLinks?: boolean;
	/** A thread: the 2nd..nth parts (the body is part 1). Every chosen account's network must take threads. */
	parts?: string[];
	/** A comment the account adds to its own post once it is out. */
	firstComment?: string | null;
};

/** What a caller writes in the same batch as the posts (the series sweep records its occurrence). */
export type CreateOptions = { alsoWrite?: (rows: PostRow[]) => BatchItem<"sqlite">[] };

type Ctx = ServiceContext;

async function resolveAccounts(ctx: Ctx, ids: string[]): Promise<AccountRow[]> {
	const unique = [...new Set(ids)];
	const rows = await ctx.db
		.select()
		.from(account)
		.where(and(eq(account.workspaceId, ctx.actor.workspaceId), inArray(account.id, unique)));
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

/**
 * One compose's posts as they would be saved (time, responsibility, lint), saving nothing. Throws
 * what the API answers for it: a wrong field (invalidField) or the brand-voice policy's refusal (403,
 * 422 lint_failed). POST /posts and the spreadsheet import both go through here, so a row is judged
 * exactly like an API call; the caller then runs the policy's last steps (settle, or guardEach).
 */
export async function planCompose(ctx: Ctx, rules: VoiceRules, accounts: AccountRow[], input: Omit<CreatePostsInput, "accountIds">) {
	for (const network of Object.keys(input.bodies ?? {})) {
		if (!accounts.some((a) => a.network === network)) throw invalidField(["bodies", network], `None of the chosen accounts is on ${network}`, 422);
	}
	const bodyFor = (acc: AccountRow) => input.bodies?.[acc.network] ?? input.body;
	const mediaIds = await checkPostMedia(ctx, input.mediaIds ?? [], accounts, { draft: input.status === "draft" });
	const parts = input.parts ?? [];
	const firstComment = input.firstComment ?? null;
	for (const acc of accounts) assertPartsFit(acc, parts, firstComment);
	const schedule = input.status !== "draft" && input.when !== null;
	if (input.status === "scheduled" && input.when === null) throw invalidField(["scheduledAt"], "Give scheduledAt or slot to schedule");
	const groupId = newId();
	const utterances: Utterance[] = [];
	for (const acc of accounts) {
		const at = await resolveTime(ctx, acc, input.when);
		// Each network's text is checked by that network's rules (length, counting, links).
		utterances.push({
			act: schedule && at !== null ? "schedule" : "draft",
			acc,
			at,
			words: { body: bodyFor(acc), link: input.link, compose: { groupId, accounts }, parts, firstComment },
			allowDuplicate: input.allowDuplicate,
			duplicatesAllowed: input.allowDuplicate,
			reserve: { postId: newId(), authorId: ctx.actor.id },
		});
	}
	const spoken = judge(ctx, rules, utterances);
	const planned = utterances.map((u, i) => ({ u, s: spoken[i]! }));
	const rows: PostRow[] = planned.map(({ u: { acc, at, reserve }, s }) => ({
		id: reserve!.postId,
		workspaceId: ctx.actor.workspaceId,
		groupId,
		accountId: acc.id,
		body: bodyFor(acc),
		link: input.link ?? null,
		mediaIds,
		parts,
		firstComment,
		partResults: [],
		status: statusOf(s),
		scheduledAt: at,
		calendarAt: at,
		timezone: acc.timezone,
		revision: 1,
		authorId: ctx.actor.id,
		approverId: null,
		approvalFrom: s.approvalFrom,
		responsibleId: s.outcome === "draft" ? null : s.responsibleId,
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
		campaignId: input.campaignId ?? null,
		kind: "post",
		conversationId: null,
		inReplyTo: null,
		lint: s.findings,
		shortenLinks: input.shortenLinks ?? false,
		createdAt: ctx.now,
		updatedAt: ctx.now,
	}));
	return { groupId, schedule, rows, utterances, spoken };
}

/** A thread or a first comment on a network that takes neither is a 422 naming the field. */
function assertPartsFit(acc: AccountRow, parts: readonly string[], firstComment: string | null) {
	const refusal = partsRefusal(acc.network, parts, firstComment);
	if (refusal) throw invalidField([refusal.field], `${acc.handle}: ${refusal.message}`, 422);
}

/** The post status a policy outcome means. */
const statusOf = (s: Spoken): PostRow["status"] => (s.outcome === "scheduled" || s.outcome === "pending_approval" ? s.outcome : "draft");

export async function createPosts(ctx: Ctx, input: CreatePostsInput, opts: CreateOptions = {}) {
	assertMay(ctx, "draft", undefined, input.allowDuplicate);
	if (input.repeat && input.when === null) checkRepeat(input.repeat, null);
	const accounts = await resolveAccounts(ctx, input.accountIds);
	const rules = await loadVoiceRules(
		ctx,
		accounts.map((a) => a.id),
	);
	const { rota } = rules;
	await checkPostLabels(ctx, input, accounts);
	const { groupId, schedule, rows, utterances, spoken } = await planCompose(ctx, rules, accounts, input);
	const { db, actor } = ctx;
	const tagging = input.tagIds?.length ? rows.flatMap((r) => setPostTagsStatements(db, actor.workspaceId, r.id, input.tagIds!)) : [];
	// Checked before any desk reserves: a wrong `repeat.until` is a 422 with nothing held.
	const { repeat } = input;
	const series = repeat ? rows.flatMap((r) => newSeriesStatements(db, r, repeat, actor.id, ctx.now)) : [];
	// The policy's last steps: the double-post guard in each account's desk (all reserved, or 409 and none).
	const reservable = await settle(ctx, rules, utterances, spoken);
	const audits = rows.flatMap((r) => [
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: `post.create.${r.status}`,
			subject: `post:${r.id}`,
			after: snapshot(r),
			at: ctx.now,
		}),
		...(r.allowDuplicate && schedule
			? [auditStatement(db, { workspaceId: actor.workspaceId, actorId: actor.id, action: "post.duplicate_allowed", subject: `post:${r.id}`, at: ctx.now })]
			: []),
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
		await db.batch([first!, ...rest, ...tagging, ...audits, ...review, ...series, ...(opts.alsoWrite?.(rows) ?? [])]);
	} catch (error) {
		await releaseAll(ctx.desks, reservable);
		throw error;
	}
	await dispatchSoon(db, ctx.notify, actor.workspaceId, approvalEvents, ctx.now);
	// Short links are made now, so the text is fixed before it goes out (the publish path makes any missing).
	await shortenScheduled(db, ctx.env, rows).catch((error) => console.error("short links: made at publish time instead", error));
	return { groupId, posts: rows.map((r) => postView(r, rota.members)) };
}

const approvalNeeded = (p: PostRow): NotifyEvent => ({
	kind: "approval_needed",
	postId: p.id,
	revision: p.revision,
	authorId: p.authorId,
	approvalFrom: p.approvalFrom,
});

/** The fields worth keeping in the audit trail for a post. */
export const snapshot = (p: PostRow) => ({
	status: p.status,
	body: p.body,
	link: p.link,
	scheduledAt: p.scheduledAt,
	revision: p.revision,
	...(p.campaignId ? { campaignId: p.campaignId } : {}),
	// Only when there are any, so a single post's audit trail reads as it always did.
	...(p.parts.length ? { parts: p.parts } : {}),
	...(p.firstComment !== null ? { firstComment: p.firstComment } : {}),
});

export async function loadPost(ctx: Ctx, id: string): Promise<PostRow> {
	const found = await getPost(ctx.db, ctx.actor.workspaceId, id);
	if (!found) throw notFound("Post");
	return found;
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
	/** Replaces the post's tags; labels are not content, so changing them alone decides nothing again. */
	tagIds?: string[];
	/** null takes the post out of its campaign. */
	campaignId?: string | null;
	shortenLinks?: boolean;
	parts?: string[];
	firstComment?: string | null;
};

export async function editPost(ctx: Ctx, id: string, input: EditInput) {
	assertMay(ctx, "draft");
	const current = await loadPost(ctx, id);
	assertMay(ctx, "draft", current);
	if (current.kind === "reply")
		throw new ApiError(409, "not_editable", "A reply is answered in its conversation, not edited as a post", { details: { status: current.status } });
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
	await checkPostLabels(ctx, input, [acc!]);
	const body = input.body ?? current.body;
	const link = input.link === undefined ? current.link : input.link;
	const scheduledAt = input.when === undefined ? current.scheduledAt : await resolveTime(ctx, acc!, input.when, current.id);
	const mediaIds = input.mediaIds === undefined ? current.mediaIds : await checkPostMedia(ctx, input.mediaIds, [acc!]);
	const parts = input.parts ?? current.parts;
	const firstComment = input.firstComment === undefined ? current.firstComment : input.firstComment;
	assertPartsFit(acc!, parts, firstComment);
	const contentChanged =
		body !== current.body ||
		link !== current.link ||
		scheduledAt !== current.scheduledAt ||
		mediaIds.join() !== current.mediaIds.join() ||
		JSON.stringify(parts) !== JSON.stringify(current.parts) ||
		firstComment !== current.firstComment;

	const status: PostRow["status"] = input.status === "draft" ? "draft" : current.status;
	// Scheduling a draft, or changing a scheduled post: responsibility and approval are decided again.
	const decide = input.status === "scheduled" || (status !== "draft" && contentChanged);
	if ((decide || status !== "draft") && scheduledAt === null) throw invalidField(["scheduledAt"], "Give scheduledAt or slot to schedule");
	if ((decide || status !== "draft") && scheduledAt !== null && scheduledAt <= ctx.now && scheduledAt !== current.scheduledAt) {
		throw invalidField(["scheduledAt"], "Must be in the future", 422);
	}
	const speaking = decide || status !== "draft";
	// A network that cannot take text alone (Instagram): a draft may wait for its image, a scheduled post may not.
	const required = speaking ? mediaRequiredProblem(acc!.network, mediaIds.length) : null;
	if (required) throw invalidField(["mediaIds"], required.message, 422);
	// An announcement's variant keeps its facts: checked with the mission lint, in the same step.
	const facts = speaking ? await variantFactFindings(ctx.db, current, composeText(body, link)) : [];
	const rules = await loadVoiceRules(ctx, [acc!.id]);
	const reserve = speaking && (contentChanged || current.status === "draft");
	const [spoken] = await speak(ctx, rules, [
		{
			act: speaking ? "schedule" : "draft",
			acc: acc!,
			at: scheduledAt,
			words: { body, link, compose: { groupId: current.groupId, accounts: [acc!], excludePostIds: [current.id] }, extra: facts, parts, firstComment },
			subject: current,
			duplicatesAllowed: current.allowDuplicate,
			reserve: reserve ? { postId: current.id, authorId: current.authorId } : undefined,
		},
	]);
	const decision = decide ? spoken! : null;
	const nextStatus = decision ? statusOf(decision) : status;

	const next: PostRow = {
		...current,
		body,
		link,
		mediaIds,
		shortenLinks: input.shortenLinks ?? current.shortenLinks,
		parts,
		firstComment,
		scheduledAt,
		calendarAt: scheduledAt,
		status: nextStatus,
		lint: spoken!.findings.filter((f) => !f.rule.startsWith("fact_")),
		approverId: decision ? null : current.approverId,
		approvalFrom: decision ? decision.approvalFrom : current.approvalFrom,
		responsibleId: decision ? decision.responsibleId : current.responsibleId,
		holdReason: decision ? null : current.holdReason,
		rejectionReason: nextStatus === "draft" ? current.rejectionReason : null,
		reviewVerdict: nextStatus === "draft" ? current.reviewVerdict : null,
		campaignId: input.campaignId === undefined ? current.campaignId : input.campaignId,
		revision: current.revision + 1,
		updatedAt: ctx.now,
	};
	if (nextStatus === "draft") await releaseAll(ctx.desks, [{ acc: acc!, postId: current.id }]);
	// (Re)submitted for review: a new version in its history, and the approver is told.
	const submitted = next.status === "pending_approval" && (current.status !== "pending_approval" || contentChanged);
	// The latest occurrence of a repeating post moved: the series keeps the new time from then on.
	const also = await followTimeStatements(ctx, current, scheduledAt);
	return commitChange(ctx, current, next, "post.edit", {
		...(submitted ? { revision: { event: "submitted" }, event: approvalNeeded(next) } : {}),
		tagIds: input.tagIds,
		also,
	});
}

/**
 * Writes a post change guarded by its revision, with its audit row, in one batch. A concurrent change
 * that got there first makes the guarded update touch nothing: that is a 409, not a lost update.
 */
type Review = { revision?: { event: RevisionEvent; reason?: string }; event?: NotifyEvent; tagIds?: string[]; also?: BatchItem<"sqlite">[] };

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
		// Last, as they do not chain on changes(): the post's tags, only if the guarded update went
		// through (the post is then at next.revision).
		...(review.tagIds ? setPostTagsStatements(db, workspaceId, id, review.tagIds, next.revision) : []),
		// The series following a moved occurrence (services/series.ts), in the same batch as the post.
		...(review.also ?? []),
	];
	const [updated] = await db.batch([
		db
			.update(post)
			.set(changes)
			.where(and(eq(post.workspaceId, workspaceId), eq(post.id, id), eq(post.revision, current.revision)))
			.returning({ id: post.id }),
		auditIfChangedStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: ctx.auditActorId ?? actor.id,
			action,
			subject: `post:${id}`,
			before: snapshot(current),
			after: snapshot(next),
			at: ctx.now,
		}),
		...followUps,
	]);
	if (updated.length === 0) {
		throw new ApiError(409, "edit_conflict", "Someone else changed this post at the same moment; reload and try again");
	}
	if (review.event) await dispatchSoon(db, ctx.notify, workspaceId, [review.event], ctx.now);
	await shortenScheduled(db, ctx.env, [next]).catch((error) => console.error("short links: made at publish time instead", error));
	const names = await memberNames(db, actor.workspaceId);
	return postView(next, names);
}

export async function approvePost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	if (current.kind === "reply") return approveReply(ctx, id);
	assertMay(ctx, "approve");
	if (current.status !== "pending_approval")
		throw new ApiError(409, "not_pending", `Only a post waiting for approval can be approved; this one is ${current.status}`);
	const [acc] = await resolveAccounts(ctx, [current.accountId]);
	// Waiting for one person: only they (or an owner) may approve it (the brand-voice policy).
	const rules = await loadVoiceRules(ctx, [acc!.id], { lint: false });
	const [spoken] = await speak(ctx, rules, [{ act: "approve", acc: acc!, at: current.scheduledAt, subject: current }]);
	// Whoever answers for the account at the post's time now is who it goes out under.
	const responsibleId = current.scheduledAt === null ? current.responsibleId : spoken!.responsibleId;
	return commitChange(
		ctx,
		current,
		{
			...current,
			status: "scheduled",
			approverId: ctx.actor.id,
			approvalFrom: null,
			responsibleId,
			holdReason: null,
			revision: current.revision + 1,
			updatedAt: ctx.now,
		},
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
	if (current.kind === "reply") return rejectReply(ctx, id, reason);
	assertMay(ctx, "reject");
	const what = verdict === "rejected" ? "rejected" : "sent back for changes";
	if (current.status !== "pending_approval")
		throw new ApiError(409, "not_pending", `Only a post waiting for approval can be ${what}; this one is ${current.status}`);
	const [acc] = await resolveAccounts(ctx, [current.accountId]);
	await speak(ctx, await loadVoiceRules(ctx, [acc!.id], { lint: false }), [{ act: "reject", acc: acc!, at: null, subject: current }]);
	const next: PostRow = {
		...current,
		status: "draft",
		rejectionReason: reason,
		reviewVerdict: verdict,
		approvalFrom: null,
		holdReason: null,
		revision: current.revision + 1,
		updatedAt: ctx.now,
	};
	const result = await commitChange(ctx, current, next, verdict === "rejected" ? "post.reject" : "post.request_changes", {
		revision: { event: verdict, reason },
		event: { kind: "post_rejected", postId: id, revision: next.revision, verdict, reason, by: ctx.actor.id },
	});
	await ctx.desks.getByName(current.accountId).release(current.id);
	return result;
}

export async function cancelPost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	assertMay(ctx, "cancel", current);
	if (!["draft", "pending_approval", "scheduled"].includes(current.status)) {
		throw new ApiError(409, "not_editable", `A ${current.status} post cannot be canceled`, { details: { status: current.status } });
	}
	const [acc] = await resolveAccounts(ctx, [current.accountId]);
	await speak(ctx, await loadVoiceRules(ctx, [acc!.id], { lint: false }), [{ act: "cancel", acc: acc!, at: null, subject: current }]);
	const result = await commitChange(
		ctx,
		current,
		{ ...current, status: "canceled", holdReason: null, revision: current.revision + 1, updatedAt: ctx.now },
		"post.cancel",
	);
	await ctx.desks.getByName(current.accountId).release(current.id);
	return result;
}

export async function deletePost(ctx: Ctx, id: string) {
	const current = await loadPost(ctx, id);
	// Only drafts and canceled posts: nothing the account says; the role rule for drafts is all there is.
	assertMay(ctx, "draft", current);
	if (current.status !== "draft" && current.status !== "canceled") {
		throw new ApiError(409, "not_editable", `Only drafts and canceled posts can be deleted; cancel this ${current.status} post first`);
	}
	const { db, actor } = ctx;
	await db.batch([
		db.delete(post).where(and(eq(post.workspaceId, actor.workspaceId), eq(post.id, id))),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "post.delete",
			subject: `post:${id}`,
			before: snapshot(current),
			at: ctx.now,
		}),
	]);
}
