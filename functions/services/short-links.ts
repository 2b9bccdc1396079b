/**
 * First-party short links: made when a post is scheduled (and again, idempotently, when it is sent,
 * for what was scheduled another way), so the text is fixed before publishing; the AccountDesk
 * ledger then keeps the request as first sent. Clicks are counted in D1 (the pages read it) and, when
 * the Worker has the Analytics Engine binding, written there too.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PostRow } from "../../db/queries/posts";
import { getWorkspace } from "../../db/queries/workspaces";
import { account, campaign, linkClick, shortLink } from "../../db/schema";
import { newCode, replaceUrls, shortUrl, urlsIn, utmFor, withUtm } from "../../domain/short-links";
import { composeText } from "../../domain/text-length";
import { publicUrl } from "../mail/send";

type Acc = { id: string; network: string; handle: string };

/** The name of the post's campaign, for utm_campaign (null: not in a campaign, "chorus" is used). */
async function campaignNameOf(db: Db, p: PostRow): Promise<string | null> {
	if (!p.campaignId) return null;
	const [row] = await db
		.select({ name: campaign.name })
		.from(campaign)
		.where(and(eq(campaign.workspaceId, p.workspaceId), eq(campaign.id, p.campaignId)))
		.limit(1);
	return row?.name ?? null;
}

/**
 * The post's short links (URL as written → short URL), made where missing, each pointing at the URL
 * with UTM parameters for the account and the post's campaign. A link keeps the target it was made
 * with: the text sent is fixed once scheduled.
 */
export async function ensureShortLinks(db: Db, base: string, p: PostRow, acc: Acc): Promise<Map<string, string>> {
	const urls = [...new Set(urlsIn(composeText(p.body, p.link)).map((u) => u.url))];
	if (urls.length === 0) return new Map();
	const existing = async () =>
		db
			.select({ url: shortLink.url, code: shortLink.code })
			.from(shortLink)
			.where(and(eq(shortLink.workspaceId, p.workspaceId), eq(shortLink.postId, p.id), inArray(shortLink.url, urls)));
	let rows = await existing();
	// Twice at most: a second pass only if a fresh code collided with another (about 1 in 10^17).
	for (let pass = 0; pass < 2 && rows.length < urls.length; pass++) {
		const have = new Set(rows.map((r) => r.url));
		const utm = utmFor({ network: acc.network, handle: acc.handle, campaign: await campaignNameOf(db, p) });
		const missing = urls.filter((u) => !have.has(u));
		// (post, url) is unique: two schedulers racing keep the first code, and both read it back.
		await db.batch(
			missing.map((url) =>
				db
					.insert(shortLink)
					.values({ code: newCode(), workspaceId: p.workspaceId, postId: p.id, accountId: acc.id, url, target: withUtm(url, utm), createdAt: Date.now() })
					.onConflictDoNothing(),
			) as [never, ...never[]],
		);
		rows = await existing();
	}
	return new Map(rows.map((r) => [r.url, shortUrl(base, r.code)]));
}

/** Whether a post's links are shortened: its own choice, or the workspace's for every post. */
async function shortens(db: Db, p: PostRow): Promise<boolean> {
	if (p.shortenLinks) return true;
	return (await getWorkspace(db, p.workspaceId))?.shortenLinks ?? false;
}

/**
 * The text and link as they will be sent: every http(s) link replaced by its short link when the post
 * shortens them. Without a public address (PUBLIC_URL unset when deployed) links go out as written.
 */
export async function textAsSent(db: Db, env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV">, p: PostRow, acc: Acc): Promise<{ text: string; link: string | null }> {
	const plain = { text: composeText(p.body, p.link), link: p.link };
	if (!(await shortens(db, p))) return plain;
	const base = publicUrl(env);
	if (!base) {
		console.warn("short links: PUBLIC_URL is not set; links go out as written", p.id);
		return plain;
	}
	const links = await ensureShortLinks(db, base, p, acc);
	return { text: replaceUrls(plain.text, (u) => links.get(u)), link: p.link ? (links.get(p.link) ?? p.link) : null };
}

/** At scheduling: the posts that will go out get their short links now, so their text is fixed. */
export async function shortenScheduled(db: Db, env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV">, posts: PostRow[]): Promise<void> {
	const due = posts.filter((p) => p.status === "scheduled" || p.status === "pending_approval");
	if (due.length === 0) return;
	const accounts = await db
		.select({ id: account.id, network: account.network, handle: account.handle })
		.from(account)
		.where(inArray(account.id, [...new Set(due.map((p) => p.accountId))]));
	const byId = new Map(accounts.map((a) => [a.id, a]));
	for (const p of due) {
		const acc = byId.get(p.accountId);
		if (acc) await textAsSent(db, env, p, acc);
	}
}

/** A post's short links with their clicks (GET /posts/:id/links, the post page). */
export async function linksOf(db: Db, env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV">, p: Pick<PostRow, "workspaceId" | "id" | "body" | "link">) {
	const { workspaceId, id: postId } = p;
	const [rows, clicks] = await Promise.all([
		db
			.select({ code: shortLink.code, url: shortLink.url, target: shortLink.target })
			.from(shortLink)
			.where(and(eq(shortLink.workspaceId, workspaceId), eq(shortLink.postId, postId)))
			.orderBy(shortLink.createdAt, shortLink.url),
		db
			.select({ code: linkClick.code, clicks: sql<number>`SUM(${linkClick.clicks})` })
			.from(linkClick)
			.where(and(eq(linkClick.workspaceId, workspaceId), eq(linkClick.postId, postId)))
			.groupBy(linkClick.code),
	]);
	const byCode = new Map(clicks.map((r) => [r.code, Number(r.clicks)]));
	const base = publicUrl(env);
	// In the order they appear in the text (a link no longer in it after an edit, last).
	const order = urlsIn(composeText(p.body, p.link)).map((u) => u.url);
	const rank = (url: string) => (order.includes(url) ? order.indexOf(url) : order.length);
	return rows.sort((a, b) => rank(a.url) - rank(b.url)).map((r) => ({ ...r, shortUrl: base ? shortUrl(base, r.code) : null, clicks: byCode.get(r.code) ?? 0 }));
}

/** Link clicks per account over [from, to) (UTC days), for Insights and reports. */
export async function clicksByAccount(db: Db, workspaceId: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
	const rows = await db
		.select({ accountId: linkClick.accountId, clicks: sql<number>`SUM(${linkClick.clicks})` })
		.from(linkClick)
		.where(and(eq(linkClick.workspaceId, workspaceId), sql`${linkClick.day} >= ${fromDay}`, sql`${linkClick.day} < ${toDay}`))
		.groupBy(linkClick.accountId);
	return new Map(rows.map((r) => [r.accountId, Number(r.clicks)]));
}

/** One click on a short link: the redirect's target, after counting it; null for a code that does not exist. */
export async function followShortLink(
	db: Db,
	env: { LINK_CLICKS?: AnalyticsEngineDataset },
	code: string,
	now: number,
	count: boolean,
): Promise<string | null> {
	const found = await db.query.shortLink.findFirst({ where: eq(shortLink.code, code) });
	if (!found) return null;
	if (!count) return found.target;
	const day = new Date(now).toISOString().slice(0, 10);
	await db
		.insert(linkClick)
		.values({ code, day, workspaceId: found.workspaceId, postId: found.postId, accountId: found.accountId, clicks: 1 })
		.onConflictDoUpdate({ target: [linkClick.code, linkClick.day], set: { clicks: sql`${linkClick.clicks} + 1` } });
	// Deployed: every click also goes to Workers Analytics Engine, indexed by workspace (sampling-safe).
	env.LINK_CLICKS?.writeDataPoint({ indexes: [found.workspaceId], blobs: [found.postId, found.accountId, code], doubles: [1] });
	return found.target;
}
