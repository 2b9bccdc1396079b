/** One member's notifications and preferences. Always scoped by workspace and member. */
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { bellItems, defaultPreference, type NotificationKind, notificationKinds, type Preference } from "../../domain/notifications";
import type { Db } from "../client";
import { notification, notificationPreference, notifyEvent } from "../schema";

export type NotificationRow = typeof notification.$inferSelect;
type Who = { workspaceId: string; memberId: string };

const mine = (w: Who) => and(eq(notification.workspaceId, w.workspaceId), eq(notification.memberId, w.memberId));
/** Its event is done (the post approved, the conversation answered): it no longer asks anything. */
const resolved = sql`EXISTS (SELECT 1 FROM ${notifyEvent} WHERE ${notifyEvent.id} = ${notification.eventId} AND ${notifyEvent.resolvedAt} IS NOT NULL)`;
const open = sql`NOT ${resolved}`;

/** Unread and still open: what the bell counts. */
export async function unreadCount(db: Db, w: Who): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(notification)
		.where(and(mine(w), isNull(notification.readAt), open));
	return row?.n ?? 0;
}

/** At most this many unread notifications are grouped for the bell (the rest wait for the next look). */
const BELL_ROWS = 500;

/** The bell: unread, still-open notifications, one line per group, approvals first. */
export async function bellOf(db: Db, w: Who) {
	const rows = await db
		.select({
			id: notification.id,
			kind: notification.kind,
			title: notification.title,
			body: notification.body,
			link: notification.link,
			groupKey: notification.groupKey,
			groupLabel: notification.groupLabel,
			createdAt: notification.createdAt,
			readAt: notification.readAt,
		})
		.from(notification)
		.where(and(mine(w), isNull(notification.readAt), open))
		.orderBy(desc(notification.createdAt))
		.limit(BELL_ROWS);
	return bellItems(rows);
}

/** Marks a bell group (all of the member's unread notifications with that key) read; returns how many changed. */
export async function markGroupRead(db: Db, w: Who, now: number, groupKey: string): Promise<number> {
	const rows = await db
		.update(notification)
		.set({ readAt: now })
		.where(and(mine(w), isNull(notification.readAt), eq(notification.groupKey, groupKey)))
		.returning({ id: notification.id });
	return rows.length;
}

export const bellItemView = (i: ReturnType<typeof bellItems>[number]) => ({ ...i, latestAt: new Date(i.latestAt).toISOString() });

/** Newest first; the cursor is the last row's "<createdAt>_<id>". */
export async function listNotifications(db: Db, w: Who, opts: { unreadOnly?: boolean; limit: number; cursor?: { at: number; id: string } }) {
	const rows = await db
		.select()
		.from(notification)
		.where(
			and(
				mine(w),
				opts.unreadOnly ? and(isNull(notification.readAt), open) : undefined,
				opts.cursor
					? sql`(${notification.createdAt} < ${opts.cursor.at} OR (${notification.createdAt} = ${opts.cursor.at} AND ${notification.id} < ${opts.cursor.id}))`
					: undefined,
			),
		)
		.orderBy(desc(notification.createdAt), desc(notification.id))
		.limit(opts.limit + 1);
	const page = rows.slice(0, opts.limit);
	const last = page.at(-1);
	return { rows: page, next: rows.length > opts.limit && last ? `${last.createdAt}_${last.id}` : null };
}

/** Marks one (or, without id, all) of the member's notifications read; returns how many changed. */
export async function markRead(db: Db, w: Who, now: number, id?: string): Promise<number> {
	const rows = await db
		.update(notification)
		.set({ readAt: now })
		.where(and(mine(w), isNull(notification.readAt), id ? eq(notification.id, id) : undefined))
		.returning({ id: notification.id });
	return rows.length;
}

export const getNotification = (db: Db, w: Who, id: string) => db.query.notification.findFirst({ where: and(mine(w), eq(notification.id, id)) });

/** Every kind with the member's choice, or the default where they made none. */
export async function preferencesOf(db: Db, w: Who): Promise<Record<NotificationKind, Preference>> {
	const rows = await db
		.select()
		.from(notificationPreference)
		.where(and(eq(notificationPreference.workspaceId, w.workspaceId), eq(notificationPreference.memberId, w.memberId)));
	return Object.fromEntries(notificationKinds.map((k) => [k, rows.find((r) => r.kind === k) ?? defaultPreference])) as Record<NotificationKind, Preference>;
}

export async function savePreferences(db: Db, w: Who, prefs: { kind: NotificationKind; inApp: boolean; email: boolean }[]): Promise<void> {
	const [first, ...rest] = prefs.map((p) =>
		db
			.insert(notificationPreference)
			.values({ workspaceId: w.workspaceId, memberId: w.memberId, ...p })
			.onConflictDoUpdate({ target: [notificationPreference.memberId, notificationPreference.kind], set: { inApp: p.inApp, email: p.email } }),
	);
	if (first) await db.batch([first, ...rest]);
}

export function notificationView(n: NotificationRow) {
	return {
		id: n.id,
		kind: n.kind,
		title: n.title,
		body: n.body,
		link: n.link,
		createdAt: new Date(n.createdAt).toISOString(),
		readAt: n.readAt ? new Date(n.readAt).toISOString() : null,
		email: n.emailStatus === "none" ? null : { status: n.emailStatus, attempts: n.emailAttempts, error: n.emailError },
	};
}
