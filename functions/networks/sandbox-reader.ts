/**
 * The sandbox network's audience, for demos: plausible mentions (praise, questions, concerns, chatter,
 * some replying to the account's sandbox posts), a follower count that grows, and counts on posts.
 * Deterministic for an account and a time, so re-reading the same stretch yields the same mentions
 * with the same external ids and ingest stays idempotent. The first read back-fills two weeks.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sandboxFeedItem } from "../../db/schema";
import { addDays, utcToLocal } from "../../domain/time";
import type { FetchedMention, NetworkReader, PostCounts } from "./reader";

const DAY = 86_400_000;
/** External ids of the invented audience's mentions start so: nobody is really waiting on them. */
export const INVENTED_PREFIX = "sbx-";
/** One mention roughly every this long (each slot has a chance of one). */
const SLOT_MS = 45 * 60_000;
const BACKFILL_MS = 14 * DAY;
const PAGE = 50;

const TEMPLATES = [
	"Thank you so much for the quick help with my order, great service!",
	"Love the new dashboard, it makes my mornings so much easier",
	"Huge thanks to your support team, they sorted my billing issue in minutes",
	"The mobile app update is fantastic, well done!",
	"Best customer service I've had all year. Kudos to the team!",
	"How do I change the email address on my account?",
	"Is the mobile app available in Germany yet?",
	"Can you tell me when the spring collection ships?",
	"Does the premium plan include team accounts?",
	"How do I export my data to CSV?",
	"Any update on the delivery times to Austria?",
	"My order still hasn't arrived, 5 days late now. Nobody answers the phone",
	"The mobile app keeps crashing since the update. Not happy",
	"On hold for 40 minutes again. This is ridiculous",
	"I was charged twice for my subscription and still no refund",
	"Delivery was late again and the box was damaged",
	"Great job losing my parcel, really impressive",
	"Saw your booth at the trade fair in Berlin",
	"Reading your newsletter on the train this morning",
	"Our team is trying out the new dashboard this week",
];
const AUTHORS = [
	"ana_k",
	"ben.writes",
	"chloe_m",
	"dev_omar",
	"eva.l",
	"finn_r",
	"gita",
	"hugo_b",
	"ines.p",
	"jon_s",
	"kai",
	"lena.m",
	"mo_t",
	"nora_v",
	"oli",
	"pia_r",
	"quinn",
	"rosa_d",
];

/**
 * A small deterministic hash (FNV-1a with murmur3's final mix) turned into [0, 1). Without the final
 * mix, inputs that differ only in their last character ("…|m", "…|t") give correlated values, and the
 * chance a slot has a mention skewed which texts were picked.
 */
export function unit(...parts: (string | number)[]): number {
	let h = 2166136261;
	for (const ch of parts.join("|")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return (h >>> 0) / 4294967296;
}

export function createSandboxReader(db: Db, now: () => number = Date.now): NetworkReader {
	return {
		async readMentions(account, cursor) {
			const until = Math.floor(now() / SLOT_MS) * SLOT_MS;
			let from = cursor ? Number(cursor) : until - BACKFILL_MS;
			if (!Number.isFinite(from)) from = until - BACKFILL_MS;
			const posts = await db
				.select({ id: sandboxFeedItem.id })
				.from(sandboxFeedItem)
				.where(eq(sandboxFeedItem.accountId, account.accountId))
				.orderBy(desc(sandboxFeedItem.createdAt))
				.limit(20);
			const mentions: FetchedMention[] = [];
			let slot = from + SLOT_MS;
			for (; slot <= until && mentions.length < PAGE; slot += SLOT_MS) {
				// Quieter at night (UTC) and busier on later days, so charts have a shape.
				const hour = new Date(slot).getUTCHours();
				const chance = (hour >= 7 && hour <= 22 ? 0.5 : 0.1) * (0.7 + 0.6 * ((slot % (7 * DAY)) / (7 * DAY)));
				if (unit(account.accountId, slot, "m") > chance) continue;
				const text = TEMPLATES[Math.floor(unit(account.accountId, slot, "t") * TEMPLATES.length)]!;
				const author = AUTHORS[Math.floor(unit(account.accountId, slot, "a") * AUTHORS.length)]!;
				const replyTo = posts.length && unit(account.accountId, slot, "r") < 0.3 ? posts[Math.floor(unit(slot, "p") * posts.length)]!.id : null;
				mentions.push({
					externalId: `${INVENTED_PREFIX}${account.accountId}-${slot}`,
					author: { handle: `@${author}` },
					text,
					createdAt: slot + Math.floor(unit(slot, "s") * SLOT_MS),
					inReplyTo: replyTo,
					isFollower: unit(account.accountId, author, "f") < 0.6,
				});
			}
			const reached = Math.min(slot - SLOT_MS, until);
			return { kind: "ok", value: { mentions, cursor: String(reached), more: reached < until } };
		},

		async readMetrics(account, networkPostIds) {
			const at = now();
			const base = 800 + Math.floor(unit(account.accountId, "base") * 4000);
			const growth = 3 + unit(account.accountId, "growth") * 12;
			const followersOn = (ms: number) => Math.round(base + growth * (ms / DAY - 20_000) + 15 * Math.sin(ms / DAY));
			const rows = networkPostIds.length
				? await db
						.select({ id: sandboxFeedItem.id, createdAt: sandboxFeedItem.createdAt })
						.from(sandboxFeedItem)
						.where(eq(sandboxFeedItem.accountId, account.accountId))
						.orderBy(desc(sandboxFeedItem.createdAt))
						.limit(200)
				: [];
			const age = new Map(rows.map((r) => [r.id, Math.max(0, at - r.createdAt)]));
			const posts: PostCounts[] = networkPostIds.map((id) => {
				// Counts rise fast in the first day, then level off.
				const reach = (1 - Math.exp(-(age.get(id) ?? 0) / (6 * 3_600_000))) * (0.5 + unit(id, "reach") * 1.5);
				const impressions = Math.round(reach * (300 + unit(id, "i") * 2000));
				return {
					networkPostId: id,
					impressions,
					likes: Math.round(impressions * (0.02 + unit(id, "l") * 0.06)),
					reposts: Math.round(impressions * (0.002 + unit(id, "rp") * 0.01)),
					replies: Math.round(impressions * (0.001 + unit(id, "rr") * 0.006)),
					quotes: Math.round(impressions * unit(id, "q") * 0.002),
					clicks: Math.round(impressions * (0.005 + unit(id, "c") * 0.02)),
				};
			});
			// Two weeks of follower history, so growth shows from the first reading on.
			const zone = "UTC";
			const today = utcToLocal(at, zone).date;
			const history = Array.from({ length: 14 }, (_, i) => ({ date: addDays(today, -i), followers: followersOn(at - i * DAY) }));
			return { kind: "ok", value: { followers: followersOn(at), posts, history } };
		},
	};
}
