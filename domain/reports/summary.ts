/** The data summary: who published what, approvals, failures and why, duty gaps, and how fast people were answered. */
import type { FailedPost, Gap, PublishedPost, ReportAccount, ReportMention, Summary } from "./model";
import { median, quantile } from "./stats";

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
	const out = new Map<string, number>();
	for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
	return out;
}

/**
 * Response times. In each conversation, the first inbound message after our last reply starts a wait
 * and our next reply ends it; a wait still open at the period's end is unanswered.
 */
export function responseTimes(
	mentions: readonly Pick<ReportMention, "conversationId" | "createdAt">[],
	replies: readonly { conversationId: string; at: number }[],
) {
	type Event = { at: number; inbound: boolean };
	const threads = new Map<string, Event[]>();
	for (const m of mentions) threads.set(m.conversationId, [...(threads.get(m.conversationId) ?? []), { at: m.createdAt, inbound: true }]);
	for (const r of replies) if (threads.has(r.conversationId)) threads.get(r.conversationId)!.push({ at: r.at, inbound: false });
	const waits: number[] = [];
	let unanswered = 0;
	for (const events of threads.values()) {
		// Same instant: the inbound message came first (a reply cannot precede what it answers).
		events.sort((a, b) => a.at - b.at || Number(b.inbound) - Number(a.inbound));
		let waitingSince: number | null = null;
		for (const e of events) {
			if (e.inbound && waitingSince === null) waitingSince = e.at;
			if (!e.inbound && waitingSince !== null) {
				waits.push(e.at - waitingSince);
				waitingSince = null;
			}
		}
		if (waitingSince !== null) unanswered++;
	}
	return {
		answered: waits.length,
		unanswered,
		medianResponseMs: waits.length ? Math.round(median(waits)) : null,
		p90ResponseMs: waits.length ? Math.round(quantile(waits, 0.9)) : null,
	};
}

export function summarize(input: {
	accounts: readonly ReportAccount[];
	posts: readonly PublishedPost[];
	failures: readonly FailedPost[];
	approvals: { approved: number; rejected: number };
	gaps: readonly Gap[];
	mentions: readonly ReportMention[];
	replies: readonly { conversationId: string; at: number }[];
}): Summary {
	const byAccount = countBy(input.posts, (p) => p.accountId);
	const people = new Map<string, { memberId: string | null; name: string; count: number }>();
	for (const p of input.posts) {
		const key = p.publisherId ?? "";
		const entry = people.get(key) ?? { memberId: p.publisherId, name: p.publisherName, count: 0 };
		entry.count++;
		people.set(key, entry);
	}
	const reasons = countBy(input.failures, (f) => f.reason);
	return {
		published: input.posts.length,
		byAccount: input.accounts.map((a) => ({ accountId: a.id, handle: a.handle, count: byAccount.get(a.id) ?? 0 })).sort((a, b) => b.count - a.count),
		byPerson: [...people.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
		approvals: input.approvals,
		failures: {
			count: input.failures.length,
			reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
			items: input.failures.slice(0, 50),
		},
		dutyGaps: {
			count: input.gaps.length,
			hours: Math.round((input.gaps.reduce((s, g) => s + (g.to - g.from), 0) / 3_600_000) * 10) / 10,
			items: input.gaps.slice(0, 100),
		},
		conversations: responseTimes(input.mentions, input.replies),
	};
}
