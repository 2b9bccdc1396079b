/**
 * What scheduling a post must respect beyond its text: who is responsible for the account at that
 * time (the rota), and the double-post guard kept in each account's AccountDesk.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { AccountRow } from "../../db/queries/accounts";
import { listShifts } from "../../db/queries/shifts";
import { getWorkspace } from "../../db/queries/workspaces";
import { member, post } from "../../db/schema";
import type { Role } from "../../domain/permissions";
import { type Duty, dutyAt, type Shift } from "../../domain/rota";
import { composeText } from "../../domain/text-length";
import { isoWithOffset } from "../../domain/time";
import { ApiError, notFound } from "../errors";
import type { AccountDesk } from "../objects/account-desk";

export type Desks = DurableObjectNamespace<AccountDesk>;

/** Everything the rules need about the workspace, loaded once per request. */
export type Rota = {
	shifts: Shift[];
	members: Map<string, { id: string; name: string; role: Role }>;
	windowMs: number;
	timezone: string;
};

export async function loadRota(db: Db, workspaceId: string): Promise<Rota> {
	const [ws, shifts, members] = await Promise.all([
		getWorkspace(db, workspaceId),
		listShifts(db, workspaceId),
		db.select({ id: member.id, name: member.name, role: member.role }).from(member).where(eq(member.workspaceId, workspaceId)),
	]);
	if (!ws) throw notFound("Workspace");
	return {
		shifts: shifts.map(({ workspaceId: _w, createdAt: _c, ...s }) => s),
		members: new Map(members.map((m) => [m.id, m])),
		windowMs: ws.duplicateWindowHours * 3_600_000,
		timezone: ws.timezone,
	};
}

export const dutyOf = (rota: Rota, acc: Pick<AccountRow, "id" | "postingPolicy" | "ownerId">, at: number): Duty => dutyAt(acc, rota.shifts, at);

export const memberRef = (rota: Rota, id: string | null) => {
	if (!id) return null;
	const m = rota.members.get(id);
	return { id, name: m?.name ?? "(former member)" };
};

export type Reservable = { acc: AccountRow; postId: string; body: string; link: string | null; at: number; authorId: string };

/**
 * Reserves every post in its account's desk, or none: if one desk refuses, the reservations already
 * made are released and the caller gets 409 duplicate_post naming the other post. A refusal that
 * points at a post no longer live (canceled, deleted, failed) heals the desk and tries again.
 */
export async function reserveAll(desks: Desks, db: Db, rota: Rota, items: Reservable[], allowDuplicate: boolean, now: number): Promise<void> {
	const done: Reservable[] = [];
	for (const item of items) {
		const desk = desks.getByName(item.acc.id);
		const candidate = { postId: item.postId, text: composeText(item.body, item.link), at: item.at, authorId: item.authorId };
		const guard = { windowMs: rota.windowMs, allowDuplicate };
		let answer = await desk.reserve(candidate, guard, now);
		if (!answer.ok && !(await stillLive(db, item.acc.workspaceId, answer.duplicateOf.postId))) {
			await desk.release(answer.duplicateOf.postId);
			answer = await desk.reserve(candidate, guard, now);
		}
		if (!answer.ok) {
			await releaseAll(desks, done);
			const other = answer.duplicateOf;
			const author = memberRef(rota, other.authorId);
			throw new ApiError(
				409,
				"duplicate_post",
				`Nearly the same post is already scheduled on ${item.acc.handle} (by ${author?.name}, ${isoWithOffset(other.at, item.acc.timezone)})`,
				{
					details: {
						postId: other.postId,
						authorId: other.authorId,
						authorName: author?.name ?? null,
						scheduledAt: isoWithOffset(other.at, item.acc.timezone),
						accountId: item.acc.id,
					},
				},
			);
		}
		done.push(item);
	}
}

export type Refusal = { index: number; message: string; details: Record<string, unknown> };

/**
 * The double-post guard for many posts (a spreadsheet import): one desk call per account, all
 * reserved or none, and every refusal named by its index in `items`. Refusals that point at posts no
 * longer live heal the desk and are tried once more, as in reserveAll.
 */
export async function reserveEach(desks: Desks, db: Db, rota: Rota, items: Reservable[], now: number): Promise<Refusal[]> {
	const byAccount = new Map<string, number[]>();
	items.forEach((item, i) => {
		byAccount.set(item.acc.id, [...(byAccount.get(item.acc.id) ?? []), i]);
	});
	const guard = { windowMs: rota.windowMs, allowDuplicate: false };
	const candidate = (i: number) => ({
		postId: items[i]!.postId,
		text: composeText(items[i]!.body, items[i]!.link),
		at: items[i]!.at,
		authorId: items[i]!.authorId,
	});
	const reserveAccount = async (accountId: string, indexes: number[]) => {
		const desk = desks.getByName(accountId);
		let answer = await desk.reserveMany(indexes.map(candidate), guard, now);
		if (!answer.ok) {
			const workspaceId = items[indexes[0]!]!.acc.workspaceId;
			const stale = [];
			for (const r of answer.refused) if (!(await stillLive(db, workspaceId, r.duplicateOf.postId))) stale.push(r.duplicateOf.postId);
			if (stale.length) {
				for (const id of new Set(stale)) await desk.release(id);
				answer = await desk.reserveMany(indexes.map(candidate), guard, now);
			}
		}
		return answer.ok ? [] : answer.refused.map((r) => ({ index: indexes[r.index]!, of: r.duplicateOf }));
	};
	const results = await Promise.all([...byAccount].map(([accountId, indexes]) => reserveAccount(accountId, indexes)));
	const refused = results.flat();
	if (refused.length === 0) return [];
	// All or none: the accounts that accepted give their reservations back.
	await releaseAll(desks, items);
	return refused.map(({ index, of }) => {
		const item = items[index]!;
		const author = memberRef(rota, of.authorId);
		const at = isoWithOffset(of.at, item.acc.timezone);
		const ownImport = items.some((i) => i.postId === of.postId);
		return {
			index,
			message: ownImport
				? `Nearly the same text as another row for ${item.acc.handle} at ${at}`
				: `Nearly the same post is already scheduled on ${item.acc.handle} (by ${author?.name}, ${at})`,
			details: { postId: ownImport ? null : of.postId, authorName: author?.name ?? null, scheduledAt: at },
		};
	});
}

export async function releaseAll(desks: Desks, items: { acc: Pick<AccountRow, "id">; postId: string }[]): Promise<void> {
	await Promise.all(items.map((i) => desks.getByName(i.acc.id).release(i.postId)));
}

/** Posts in these states hold their reservation: they are, or may be, on the network. */
const LIVE = ["pending_approval", "scheduled", "publishing", "published", "needs_review"] as const;

async function stillLive(db: Db, workspaceId: string, postId: string): Promise<boolean> {
	const rows = await db
		.select({ id: post.id })
		.from(post)
		.where(and(eq(post.workspaceId, workspaceId), eq(post.id, postId), inArray(post.status, [...LIVE])))
		.limit(1);
	return rows.length > 0;
}
