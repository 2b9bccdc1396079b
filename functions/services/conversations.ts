/**
 * Conversations with outside users: inbound mentions are threaded per account and user (or thread
 * root); each conversation has at most one owner, decided in the account's AccountDesk so two members
 * acting at the same moment are serialised. Replies go out through the publishing path.
 */
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { newId } from "../../db/ids";
import { auditStatement } from "../../db/queries/audit";
import { account, conversation, mention, post } from "../../db/schema";
import { CLASSIFIER_VERSION, classifyMention } from "../../domain/mentions/classify";
import type { NotifyEvent } from "../../domain/notifications";
import { can } from "../../domain/permissions";
import { dutyAt } from "../../domain/rota";
import { CLAIM_LEASE_MS } from "../../queues/cron";
import { dispatchSoon, eventStatement, resolveEventsStatement } from "../../queues/notify-events";
import { enqueuePublish } from "../../queues/producer";
import { requirePermission } from "../auth/authorize";
import { ApiError, invalidField, notFound } from "../errors";
import { assertMay, loadVoiceRules, speak } from "./brand-voice";
import type { ServiceContext } from "./context";
import { workspaceAdjustment } from "./mention-feedback";
import { loadRota, memberRef, type Rota } from "./scheduling";
import { flushWebhooksSoon, webhookEventStatement } from "./webhooks";

/** Past this without an answer, a conversation is flagged as unanswered. */
export const UNANSWERED_AFTER_MS = 60 * 60_000;
// D1 binds at most 100 parameters per statement: look-ups by lists go in chunks.
const CHUNK = 90;
const MENTION_ROWS = Math.floor(99 / Object.keys(getTableColumns(mention)).length);

export type InboundMention = {
	accountId: string;
	network: string;
	externalId: string;
	author: string | { handle: string; name?: string };
	text: string;
	createdAt: number;
	inReplyTo?: string | null;
	isFollower?: boolean | null;
	url?: string | null;
};

type ConversationRow = typeof conversation.$inferSelect;
type MentionRow = typeof mention.$inferSelect;

async function chunked<T, R>(items: T[], run: (part: T[]) => Promise<R[]>): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < items.length; i += CHUNK) if (items.length) out.push(...(await run(items.slice(i, i + CHUNK))));
	return out;
}

/** What POST /mentions answers per item (API.md, Measure). */
function mentionResult(m: MentionRow) {
	return {
		id: m.id,
		externalId: m.externalId,
		accountId: m.accountId,
		conversationId: m.conversationId,
		sentiment: { label: m.sentimentLabel, score: m.sentimentScore },
		kind: m.kind,
		topics: m.topics,
	};
}

const handleOf = (author: InboundMention["author"]) => (typeof author === "string" ? author : author.handle);

/**
 * Stores inbound messages, idempotent by (network, externalId), and threads each into a conversation:
 * a reply to a known message joins that message's conversation; otherwise the user's open
 * conversation on the account; otherwise a new one. A bounded number of queries per request.
 */
export async function ingestMentions(ctx: Pick<ServiceContext, "db" | "now">, workspaceId: string, items: InboundMention[]) {
	const { db, now } = ctx;
	const accountIds = [...new Set(items.map((i) => i.accountId))];
	const accounts = await chunked(accountIds, (ids) =>
		db
			.select()
			.from(account)
			.where(and(eq(account.workspaceId, workspaceId), inArray(account.id, ids))),
	);
	const accountById = new Map(accounts.map((a) => [a.id, a]));
	// What the team taught this workspace's classifier (corrections), read once per batch.
	const adjust = await workspaceAdjustment(db, workspaceId);
	items.forEach((item, i) => {
		const acc = accountById.get(item.accountId);
		if (!acc) throw invalidField(["items", i, "accountId"], "No such account in this workspace", 422);
		if (acc.network !== item.network) throw invalidField(["items", i, "network"], `The account is on ${acc.network}`, 422);
	});

	const key = (network: string, externalId: string) => `${network}\u0000${externalId}`;
	const known = new Map<string, MentionRow>();
	const lookups = [...new Set(items.flatMap((i) => [i.externalId, ...(i.inReplyTo ? [i.inReplyTo] : [])]))];
	for (const row of await chunked(lookups, (ids) =>
		db
			.select()
			.from(mention)
			.where(and(eq(mention.workspaceId, workspaceId), inArray(mention.externalId, ids))),
	)) {
		known.set(key(row.network, row.externalId), row);
	}
	// Replies of ours that a user may be answering.
	const replyTargets = [...new Set(items.flatMap((i) => (i.inReplyTo ? [i.inReplyTo] : [])))];
	const ourReplies = await chunked(replyTargets, (ids) =>
		db
			.select({ networkPostId: post.networkPostId, conversationId: post.conversationId, accountId: post.accountId })
			.from(post)
			.where(and(eq(post.workspaceId, workspaceId), inArray(post.networkPostId, ids), isNotNull(post.conversationId))),
	);
	const replyConversation = new Map(ourReplies.map((r) => [`${r.accountId}\u0000${r.networkPostId}`, r.conversationId!]));
	// Each user's open conversation per account.
	const handles = [...new Set(items.map((i) => handleOf(i.author)))];
	const open = await chunked(handles, (hs) =>
		db
			.select()
			.from(conversation)
			.where(and(eq(conversation.workspaceId, workspaceId), inArray(conversation.authorHandle, hs), eq(conversation.status, "open"))),
	);
	const openByUser = new Map(open.map((c) => [`${c.accountId}\u0000${c.authorHandle}`, c]));

	const newConversations = new Map<string, ConversationRow>();
	const touched = new Map<string, number>();
	const inserts: MentionRow[] = [];
	const results = items.map((item) => {
		const existing = known.get(key(item.network, item.externalId));
		if (existing) return { ...mentionResult(existing), duplicate: true };
		const classified = classifyMention(item.text, item.isFollower ?? null, adjust);
		const handle = handleOf(item.author);
		const parent = item.inReplyTo ? known.get(key(item.network, item.inReplyTo)) : undefined;
		let conversationId =
			(parent && parent.accountId === item.accountId ? parent.conversationId : undefined) ??
			(item.inReplyTo ? replyConversation.get(`${item.accountId}\u0000${item.inReplyTo}`) : undefined) ??
			openByUser.get(`${item.accountId}\u0000${handle}`)?.id;
		if (!conversationId) {
			const created: ConversationRow = {
				id: newId(),
				workspaceId,
				accountId: item.accountId,
				authorHandle: handle,
				rootExternalId: item.externalId,
				ownerId: null,
				status: "open",
				handoffNote: null,
				lastInboundAt: item.createdAt,
				lastOutboundAt: null,
				createdAt: now,
			};
			newConversations.set(created.id, created);
			openByUser.set(`${item.accountId}\u0000${handle}`, created);
			conversationId = created.id;
		}
		const row: MentionRow = {
			id: newId(),
			workspaceId,
			accountId: item.accountId,
			network: item.network as MentionRow["network"],
			externalId: item.externalId,
			authorHandle: handle,
			authorName: typeof item.author === "string" ? null : (item.author.name ?? null),
			text: item.text,
			createdAt: item.createdAt,
			inReplyTo: item.inReplyTo ?? null,
			isFollower: item.isFollower ?? null,
			url: item.url ?? null,
			conversationId,
			receivedAt: now,
			sentimentLabel: classified.sentiment.label,
			sentimentScore: classified.sentiment.score,
			kind: classified.kind,
			topics: classified.topics,
			classifierVersion: CLASSIFIER_VERSION,
			sentimentCorrectedBy: null,
			kindCorrectedBy: null,
		};
		inserts.push(row);
		// A later item in the same request may answer this one.
		known.set(key(row.network, row.externalId), row);
		touched.set(conversationId, Math.max(touched.get(conversationId) ?? 0, item.createdAt));
		return { ...mentionResult(row), duplicate: false };
	});

	const statements = [
		...[...newConversations.values()].map((c) => db.insert(conversation).values(c)),
		// D1 binds at most 100 parameters a statement: as many rows as fit.
		...Array.from({ length: Math.ceil(inserts.length / MENTION_ROWS) }, (_, i) =>
			db
				.insert(mention)
				.values(inserts.slice(i * MENTION_ROWS, (i + 1) * MENTION_ROWS))
				.onConflictDoNothing(),
		),
		...[...touched].map(([id, at]) =>
			db
				.update(conversation)
				.set({ lastInboundAt: sql`MAX(COALESCE(${conversation.lastInboundAt}, 0), ${at})`, status: "open" })
				.where(and(eq(conversation.workspaceId, workspaceId), eq(conversation.id, id))),
		),
	];
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
	return results;
}

export type ConversationFilter = { status?: "open" | "unanswered" | "mine" | "unowned"; accountId?: string; limit: number };

/** Conversations newest first, each flagged when unanswered too long or owned by someone off shift. */
export async function listConversations(ctx: ServiceContext, filter: ConversationFilter) {
	const { db, actor, now } = ctx;
	const where: (SQL | undefined)[] = [eq(conversation.workspaceId, actor.workspaceId), eq(conversation.status, "open")];
	if (filter.accountId) where.push(eq(conversation.accountId, filter.accountId));
	if (filter.status === "mine") where.push(eq(conversation.ownerId, actor.id));
	if (filter.status === "unowned") where.push(isNull(conversation.ownerId));
	if (filter.status === "unanswered") where.push(sql`${conversation.lastInboundAt} > COALESCE(${conversation.lastOutboundAt}, 0)`);
	const rows = await db
		.select()
		.from(conversation)
		.where(and(...where))
		.orderBy(desc(conversation.lastInboundAt), desc(conversation.id))
		.limit(filter.limit);
	const rota = await loadRota(db, actor.workspaceId);
	const accounts = rows.length
		? await chunked([...new Set(rows.map((r) => r.accountId))], (ids) => db.select().from(account).where(inArray(account.id, ids)))
		: [];
	const accountById = new Map(accounts.map((a) => [a.id, a]));
	return rows.map((c) => conversationView(c, rota, accountById.get(c.accountId), now));
}

function conversationView(c: ConversationRow, rota: Rota, acc: typeof account.$inferSelect | undefined, now: number) {
	const unanswered = (c.lastInboundAt ?? 0) > (c.lastOutboundAt ?? 0);
	let ownerOffShift = false;
	if (c.ownerId && acc && acc.postingPolicy === "shift") {
		const duty = dutyAt(acc, rota.shifts, now);
		ownerOffShift = duty.responsible !== c.ownerId && !duty.alsoOnDuty.includes(c.ownerId);
	}
	const flags = [
		...(unanswered && c.lastInboundAt !== null && now - c.lastInboundAt > UNANSWERED_AFTER_MS ? ["unanswered_too_long"] : []),
		...(ownerOffShift ? ["owner_off_shift"] : []),
	];
	return {
		id: c.id,
		accountId: c.accountId,
		author: c.authorHandle,
		owner: memberRef(rota, c.ownerId),
		status: c.status,
		unanswered,
		flags,
		handoffNote: c.handoffNote,
		lastInboundAt: c.lastInboundAt === null ? null : new Date(c.lastInboundAt).toISOString(),
		lastOutboundAt: c.lastOutboundAt === null ? null : new Date(c.lastOutboundAt).toISOString(),
	};
}

async function loadConversation(ctx: ServiceContext, id: string) {
	const found = await ctx.db.query.conversation.findFirst({ where: and(eq(conversation.workspaceId, ctx.actor.workspaceId), eq(conversation.id, id)) });
	if (!found) throw notFound("Conversation");
	return found;
}

/** One conversation with its messages in time order: theirs (mentions) and ours (replies). */
export async function getConversation(ctx: ServiceContext, id: string) {
	const c = await loadConversation(ctx, id);
	const [inbound, outbound, rota, acc] = await Promise.all([
		ctx.db.select().from(mention).where(eq(mention.conversationId, c.id)).orderBy(asc(mention.createdAt)),
		ctx.db
			.select()
			.from(post)
			.where(and(eq(post.workspaceId, c.workspaceId), eq(post.conversationId, c.id)))
			.orderBy(asc(post.createdAt)),
		loadRota(ctx.db, ctx.actor.workspaceId),
		ctx.db.query.account.findFirst({ where: eq(account.id, c.accountId) }),
	]);
	const messages = [
		...inbound.map((m) => ({
			direction: "in" as const,
			id: m.id,
			externalId: m.externalId,
			author: m.authorName ? `${m.authorName} (${m.authorHandle})` : m.authorHandle,
			text: m.text,
			url: m.url,
			at: m.createdAt,
			status: null,
			approvalFrom: null,
			rejectionReason: null,
			// How Chorus read their message; the team may correct it (PATCH /mentions/:id).
			labels: { sentiment: m.sentimentLabel, kind: m.kind },
		})),
		...outbound.map((p) => ({
			direction: "out" as const,
			id: p.id,
			externalId: p.networkPostId,
			author: memberRef(rota, p.authorId)?.name ?? "",
			text: p.body,
			url: p.networkUrl,
			at: p.publishedAt ?? p.createdAt,
			status: p.status,
			approvalFrom: memberRef(rota, p.approvalFrom),
			rejectionReason: p.rejectionReason,
			labels: null,
		})),
	]
		.sort((a, b) => a.at - b.at)
		.map((m) => ({ ...m, at: new Date(m.at).toISOString() }));
	return { ...conversationView(c, rota, acc, ctx.now), messages };
}

type OwnerAction = { kind: "claim" } | { kind: "release" } | { kind: "handoff"; memberId: string; note?: string };

/** Claim, release or hand off, decided by the desk and mirrored in D1 with an audit row. */
export async function changeOwner(ctx: ServiceContext, id: string, action: OwnerAction) {
	requirePermission(ctx.actor, "draft");
	const c = await loadConversation(ctx, id);
	const rota = await loadRota(ctx.db, ctx.actor.workspaceId);
	if (action.kind === "handoff" && !rota.members.has(action.memberId)) throw invalidField(["memberId"], "No such member in this workspace", 422);
	const desk = ctx.desks.getByName(c.accountId);
	// Managers may release or reassign someone else's conversation (an owner who left, a sick day).
	const force = can(ctx.actor.role, "approve");
	const change =
		action.kind === "claim"
			? await desk.claimConversation(c.id, ctx.actor.id, ctx.now)
			: action.kind === "release"
				? await desk.releaseConversation(c.id, ctx.actor.id, force)
				: await desk.handoffConversation(c.id, ctx.actor.id, action.memberId, force, ctx.now);
	if (!change.ok) throw ownedBy(rota, change.owner);
	const note = action.kind === "handoff" ? (action.note ?? null) : c.handoffNote;
	// Notifications: whoever is handed a conversation by someone else hears about it.
	const assigned: NotifyEvent[] =
		action.kind === "handoff" && change.owner && change.owner !== change.previous && change.owner !== ctx.actor.id
			? [{ kind: "conversation_assigned", conversationId: c.id, to: change.owner, by: ctx.actor.id, at: ctx.now, note }]
			: [];
	await ctx.db.batch([
		ctx.db.update(conversation).set({ ownerId: change.owner, handoffNote: note }).where(eq(conversation.id, c.id)),
		auditStatement(ctx.db, {
			workspaceId: c.workspaceId,
			actorId: ctx.actor.id,
			action: `conversation.${action.kind}`,
			subject: `conversation:${c.id}`,
			before: { owner: change.previous },
			after: { owner: change.owner, ...(action.kind === "handoff" && action.note ? { note: action.note } : {}) },
			at: ctx.now,
		}),
		...assignedEvent(ctx, c, change, rota),
		...assigned.map((e) => eventStatement(ctx.db, c.workspaceId, e, ctx.now)),
	]);
	await flushWebhooksSoon(ctx.db, ctx.webhooks, ctx.now);
	await dispatchSoon(ctx.db, ctx.notify, c.workspaceId, assigned, ctx.now);
	return { ...conversationView({ ...c, ownerId: change.owner, handoffNote: note }, rota, undefined, ctx.now) };
}

/** conversation.assigned for webhooks, when the conversation gets a new owner (claim, hand-off, first reply). */
function assignedEvent(
	ctx: ServiceContext,
	c: { id: string; workspaceId: string; accountId: string; authorHandle: string },
	change: { owner: string | null; previous: string | null },
	rota: Rota,
) {
	if (!change.owner || change.owner === change.previous) return [];
	const data = {
		conversation: { id: c.id, accountId: c.accountId, authorHandle: c.authorHandle },
		owner: memberRef(rota, change.owner),
		previousOwner: memberRef(rota, change.previous),
		by: { id: ctx.actor.id, name: ctx.actor.name },
	};
	return [webhookEventStatement(ctx.db, { workspaceId: c.workspaceId, type: "conversation.assigned", at: ctx.now, data })];
}

const ownedBy = (rota: Rota, ownerId: string) => {
	const owner = memberRef(rota, ownerId);
	return new ApiError(409, "conversation_owned", `${owner?.name} owns this conversation; ask them to hand it off`, { details: { owner } });
};

/**
 * Replies as the conversation's owner: the first member to reply becomes it; anyone else gets 409.
 * The brand-voice policy decides first (role, who answers for the account now, the mission lint,
 * then pause and emergency stop for what goes out now; replies skip the double-post guard, since
 * "Thanks!" may rightly repeat). A reply the policy lets through is a post of kind "reply" sent
 * through the queue, the desk and the adapter, like any post; one from someone the policy would not
 * let speak now waits for the responsible member's approval (services/replies.ts), never sent silently.
 */
export async function reply(ctx: ServiceContext, id: string, body: string) {
	assertMay(ctx, "reply");
	const c = await loadConversation(ctx, id);
	const acc = await ctx.db.query.account.findFirst({ where: and(eq(account.workspaceId, c.workspaceId), eq(account.id, c.accountId)) });
	if (!acc) throw notFound("Account");
	const rules = await loadVoiceRules(ctx, [acc.id]);
	const { rota } = rules;
	// A reply the policy refuses neither claims nor sends anything.
	const [spoken] = await speak(ctx, rules, [{ act: "reply", acc, at: ctx.now, words: { body, link: null, compose: { accounts: [acc] } } }]);
	const send = spoken!.outcome === "send";
	const desk = ctx.desks.getByName(c.accountId);
	const claim = await desk.claimConversation(c.id, ctx.actor.id, ctx.now);
	if (!claim.ok) throw ownedBy(rota, claim.owner);
	const [last] = await ctx.db
		.select({ externalId: mention.externalId })
		.from(mention)
		.where(eq(mention.conversationId, c.id))
		.orderBy(desc(mention.createdAt))
		.limit(1);
	const replyId = newId();
	const row: typeof post.$inferInsert = {
		id: replyId,
		workspaceId: c.workspaceId,
		groupId: replyId,
		accountId: c.accountId,
		body,
		status: send ? "publishing" : "pending_approval",
		scheduledAt: send ? ctx.now : null,
		calendarAt: send ? ctx.now : null,
		timezone: acc.timezone,
		authorId: ctx.actor.id,
		publishedById: send ? ctx.actor.id : null,
		publishedVia: send ? "publish-now" : null,
		approvalFrom: spoken!.approvalFrom,
		responsibleId: send ? ctx.actor.id : spoken!.responsibleId,
		leaseUntil: send ? ctx.now + CLAIM_LEASE_MS : null,
		kind: "reply",
		conversationId: c.id,
		inReplyTo: last?.externalId ?? c.rootExternalId,
		lint: spoken!.findings,
		updatedAt: ctx.now,
		createdAt: ctx.now,
	};
	// Waiting: whoever must approve it hears so in the bell (and their mail, if they asked for it).
	const waiting: NotifyEvent[] = send
		? []
		: [{ kind: "approval_needed", postId: replyId, revision: 1, authorId: ctx.actor.id, approvalFrom: spoken!.approvalFrom, conversationId: c.id }];
	await ctx.db.batch([
		ctx.db.insert(post).values(row),
		ctx.db
			.update(conversation)
			.set({ ownerId: ctx.actor.id, ...(send ? { lastOutboundAt: ctx.now } : {}) })
			.where(eq(conversation.id, c.id)),
		// Answered (not merely drafted): "unanswered on @x" for it leaves everyone's bell.
		...(send ? [resolveEventsStatement(ctx.db, c.workspaceId, `conversation_unanswered:${c.id}:`, ctx.now)] : []),
		auditStatement(ctx.db, {
			workspaceId: c.workspaceId,
			actorId: ctx.actor.id,
			action: send ? "conversation.reply" : "conversation.reply_pending",
			subject: `conversation:${c.id}`,
			after: { postId: replyId, owner: ctx.actor.id, claimed: claim.previous === null, ...(send ? {} : { approvalFrom: spoken!.approvalFrom }) },
			at: ctx.now,
		}),
		...assignedEvent(ctx, c, { owner: ctx.actor.id, previous: claim.previous }, rota),
		...waiting.map((e) => eventStatement(ctx.db, c.workspaceId, e, ctx.now)),
	]);
	if (send) await enqueuePublish(ctx.queue, [{ postId: replyId, workspaceId: c.workspaceId, accountId: c.accountId, delaySeconds: 0 }]);
	await flushWebhooksSoon(ctx.db, ctx.webhooks, ctx.now);
	await dispatchSoon(ctx.db, ctx.notify, c.workspaceId, waiting, ctx.now);
	return {
		id: replyId,
		conversationId: c.id,
		status: send ? ("publishing" as const) : ("pending_approval" as const),
		owner: memberRef(rota, ctx.actor.id),
		approvalFrom: memberRef(rota, spoken!.approvalFrom),
		inReplyTo: row.inReplyTo,
	};
}
