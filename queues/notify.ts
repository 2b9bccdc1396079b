/**
 * The NOTIFY consumer. A `fanout` message turns one recorded event into one notification per
 * recipient (unique per event and member, so a redelivery adds nothing) and queues a separate `email`
 * message per notification whose member wants mail. A failing mail retries on its own; the in-app
 * notification is already stored and never depends on it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { newId } from "../db/ids";
import { getMember } from "../db/queries/members";
import { account, conversation, member, notification, notificationPreference, notifyEvent, post } from "../db/schema";
import { defaultPreference, excerpt, groupOf, type NotifyEvent, type RecipientFacts, type RenderFacts, recipientsOf, render } from "../domain/notifications";
import { backoffSeconds } from "../domain/retry";
import { dutyAt } from "../domain/rota";
import { MailError, PUBLIC_URL_MISSING, publicUrl, sendMail } from "../functions/mail/send";
import { loadRota } from "../functions/services/scheduling";
import { type NotifyMessage, notifyMessage } from "./messages";

/** Mail tries before a notification's email is marked failed (the notification itself stays). */
export const MAX_MAIL_ATTEMPTS = 5;

export async function handleNotifyBatch(batch: MessageBatch<unknown>, env: Env, now: () => number): Promise<void> {
	const db = createDb(env.DB);
	for (const message of batch.messages) {
		const parsed = notifyMessage.safeParse(message.body);
		if (!parsed.success) {
			console.error("dropping malformed NOTIFY message", message.id, parsed.error.message);
			message.ack();
			continue;
		}
		try {
			const body: NotifyMessage = parsed.data;
			if (body.type === "fanout") {
				await fanOut(db, env.NOTIFY, body.eventId, now());
				message.ack();
			} else {
				const done = await mailOne(db, env, body.notificationId, message.attempts, now());
				if (done) message.ack();
				else message.retry({ delaySeconds: backoffSeconds(message.attempts) });
			}
		} catch (error) {
			console.error("notify failed for", message.id, error);
			message.retry({ delaySeconds: backoffSeconds(message.attempts) });
		}
	}
}

type EventRow = typeof notifyEvent.$inferSelect;

const when = (zone: string) => (ms: number) =>
	new Intl.DateTimeFormat("en-GB", {
		timeZone: zone,
		weekday: "short",
		day: "numeric",
		month: "short",
		hour: "2-digit",
		minute: "2-digit",
		timeZoneName: "short",
	}).format(ms);

/** What recipients and texts depend on, read fresh from D1 at fan-out time. */
async function factsFor(
	db: Db,
	row: EventRow,
	e: NotifyEvent,
	now: number,
): Promise<{ recipients: RecipientFacts; render: RenderFacts; members: { id: string; name: string }[] }> {
	const ws = row.workspaceId;
	const members = await db.select({ id: member.id, role: member.role, name: member.name }).from(member).where(eq(member.workspaceId, ws));
	const name = (id: string | null | undefined) => members.find((m) => m.id === id)?.name;
	const recipients: RecipientFacts = { members };
	const texts: RenderFacts = { formatTime: when("UTC") };
	const accountOf = async (id: string) => {
		const acc = await db.query.account.findFirst({ where: and(eq(account.workspaceId, ws), eq(account.id, id)) });
		if (acc) {
			recipients.account = { ownerId: acc.ownerId };
			texts.accountHandle = acc.handle;
			texts.formatTime = when(acc.timezone);
		}
		return acc;
	};
	if ("postId" in e) {
		const p = await db.query.post.findFirst({ where: and(eq(post.workspaceId, ws), eq(post.id, e.postId)) });
		if (p) {
			recipients.post = { authorId: p.authorId, approvalFrom: p.approvalFrom, responsibleId: p.responsibleId };
			texts.postExcerpt = excerpt(p.body);
			await accountOf(p.accountId);
		}
		texts.actorName = name(e.kind === "post_rejected" ? e.by : e.kind === "approval_needed" ? e.authorId : null);
	} else if ("conversationId" in e) {
		const conv = await db.query.conversation.findFirst({ where: and(eq(conversation.workspaceId, ws), eq(conversation.id, e.conversationId)) });
		if (conv) {
			recipients.conversationOwner = conv.ownerId;
			texts.conversationAuthor = conv.authorHandle;
			const acc = await accountOf(conv.accountId);
			if (acc && e.kind === "conversation_unanswered") {
				const duty = dutyAt(acc, (await loadRota(db, ws)).shifts, now);
				recipients.onDuty = duty.reason === "shift" ? [duty.responsible, ...duty.alsoOnDuty].filter((id): id is string => !!id) : [];
			}
		}
		if (e.kind === "conversation_assigned") texts.actorName = name(e.by);
	} else if (e.kind === "duty_gap") {
		await accountOf(e.accountId);
	}
	return { recipients, render: texts, members };
}

export async function fanOut(db: Db, queue: Queue, eventId: string, now: number): Promise<void> {
	const row = await db.query.notifyEvent.findFirst({ where: eq(notifyEvent.id, eventId) });
	if (!row) return;
	if (row.fannedOutAt === null) {
		const e = { kind: row.kind, ...row.data } as NotifyEvent;
		const facts = await factsFor(db, row, e, now);
		const to = recipientsOf(e, facts.recipients);
		const prefs = to.length
			? await db
					.select()
					.from(notificationPreference)
					.where(and(inArray(notificationPreference.memberId, to), eq(notificationPreference.kind, row.kind)))
			: [];
		const text = render(e, facts.render);
		const groupKey = groupOf(e);
		const rows = to.flatMap((memberId) => {
			const pref = prefs.find((p) => p.memberId === memberId) ?? defaultPreference;
			if (!pref.inApp && !pref.email) return [];
			return [
				{
					id: newId(),
					workspaceId: row.workspaceId,
					memberId,
					eventId: row.id,
					kind: row.kind,
					...text,
					groupKey,
					groupLabel: groupKey ? (facts.render.accountHandle ?? null) : null,
					// When it happened, not when the queue got to it.
					createdAt: row.createdAt,
					// Mail only: kept (the mail step needs it) but never counted as unread in the app.
					readAt: pref.inApp ? null : now,
					emailStatus: pref.email ? ("pending" as const) : ("none" as const),
					emailAttempts: 0,
					emailError: null,
				},
			];
		});
		// ~15 columns a row: 6 rows a statement stays under D1's 100 bound parameters.
		const inserts = Array.from({ length: Math.ceil(rows.length / 6) }, (_, i) =>
			db
				.insert(notification)
				.values(rows.slice(i * 6, i * 6 + 6))
				.onConflictDoNothing(),
		);
		await db.batch([db.update(notifyEvent).set({ fannedOutAt: now }).where(eq(notifyEvent.id, row.id)), ...inserts]);
	}
	// Also after a crash between the fan-out and this hand-over: pending mail is (re)queued from D1.
	const pending = await db
		.select({ id: notification.id })
		.from(notification)
		.where(and(eq(notification.eventId, row.id), eq(notification.emailStatus, "pending")));
	if (pending.length)
		await queue.sendBatch(pending.map((n) => ({ body: { type: "email", notificationId: n.id } satisfies NotifyMessage, contentType: "json" as const })));
}

/** Mails one notification; true when the message is settled (sent, failed for good, or nothing to do). */
export async function mailOne(db: Db, env: Env, notificationId: string, attempts: number, now: number): Promise<boolean> {
	const n = await db.query.notification.findFirst({ where: eq(notification.id, notificationId) });
	if (n?.emailStatus !== "pending") return true;
	const to = await getMember(db, n.workspaceId, n.memberId);
	if (!to) {
		await db.update(notification).set({ emailStatus: "failed", emailError: "The member has left" }).where(eq(notification.id, n.id));
		return true;
	}
	const base = publicUrl(env);
	try {
		// Deployed without PUBLIC_URL the mail would carry links to nowhere: it fails (and says why) instead.
		if (!base) throw new MailError(PUBLIC_URL_MISSING);
		await sendMail(
			env,
			db,
			{ to: to.email, subject: n.title, text: `${n.body}\n\n${base}${n.link ?? "/notifications"}\n\nChange what you get at ${base}/notifications/settings` },
			now,
		);
	} catch (error) {
		const last = attempts >= MAX_MAIL_ATTEMPTS;
		await db
			.update(notification)
			.set({
				emailAttempts: n.emailAttempts + 1,
				emailError: String(error instanceof Error ? error.message : error).slice(0, 300),
				...(last ? { emailStatus: "failed" as const } : {}),
			})
			.where(eq(notification.id, n.id));
		return last;
	}
	await db
		.update(notification)
		.set({ emailStatus: "sent", emailAttempts: n.emailAttempts + 1, emailError: null })
		.where(eq(notification.id, n.id));
	return true;
}
