/**
 * LinkedIn for measurement, for organisation pages (Community Management API; a member's own posts
 * need r_member_social, which LinkedIn grants to few partners, so a person account reads nothing).
 *
 * Comments: the organisation's recent posts (GET /rest/posts?q=author), then each post's comments
 * (GET /rest/socialActions/{post}/comments) and, under a comment that has replies, its replies
 * (GET /rest/socialActions/{comment}/comments). The organisation's own comments are ours, not inbound.
 * Mentions: GET /rest/organizationalEntityNotifications (action SHARE_MENTION) since the cursor, each
 * mentioning post read with GET /rest/posts/{urn} for its text and author.
 * (learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api,
 * …/community-management/organizations/organization-social-action-notifications)
 *
 * LinkedIn gives commenters as URNs only (names need the member's own consent), so the handle is the
 * actor's URN. The cursor is the newest time stored (time-cursor.ts).
 *
 * Metrics: followers from GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER, per-post
 * counts from GET /rest/organizationalEntityShareStatistics with shares=List(…) / ugcPosts=List(…)
 * (…/community-management/organizations/organization-lookup-api, …/organizations/share-statistics).
 */
import { z } from "zod";
import { unescapeLittleText } from "../../domain/little-text";
import { guardedFetch } from "../outbound";
import { credentialSchemas } from "./credentials";
import { sendWithTimeout } from "./http";
import { commentUrl, linkedinApi, linkedinHeaders, postUrl } from "./linkedin-api";
import { classifyLinkedIn } from "./linkedin-errors";
import { type FetchedMention, type NetworkReader, type PostCounts, type ReadResult, readClassified } from "./reader";
import { pageOf, readFrom } from "./time-cursor";
import type { AccountContext } from "./types";

/** Recent posts whose comments are read each run: comments on older posts are not read. */
const recentPosts = 20;
const commentPage = 100;
/** Pages of one post's comments read at most per run. */
const maxCommentPages = 5;
/** Comments with replies whose replies are read per run, newest first. */
const maxReplyThreads = 20;
const notificationPage = 50;
const maxNotificationPages = 5;
/** organizationalEntityShareStatistics takes a list of posts; kept short so the URL stays small. */
const statsPerCall = 20;

const timeOf = z.object({ time: z.number() }).partial();
const comment = z.object({
	commentUrn: z.string().optional(),
	$URN: z.string().optional(),
	id: z.string().optional(),
	actor: z.string().optional(),
	object: z.string().optional(),
	parentComment: z.string().optional(),
	message: z.object({ text: z.string().default("") }).optional(),
	created: timeOf.optional(),
	commentsSummary: z.object({ totalFirstLevelComments: z.number().optional() }).passthrough().optional(),
});
type Comment = z.infer<typeof comment>;
const list = z.object({ elements: z.array(z.unknown()), paging: z.object({ total: z.number().optional() }).passthrough().optional() });
const postId = z.object({ id: z.string() });
const fullPost = z.object({
	id: z.string().optional(),
	author: z.string().optional(),
	commentary: z.string().optional(),
	createdAt: z.number().optional(),
	publishedAt: z.number().optional(),
});
const notification = z.object({
	action: z.string(),
	sourcePost: z.string().optional(),
	generatedActivity: z.string().optional(),
	lastModifiedAt: z.number().optional(),
});
const networkSize = z.object({ firstDegreeSize: z.number() });
const shareStats = z.object({
	share: z.string().optional(),
	ugcPost: z.string().optional(),
	totalShareStatistics: z
		.object({ likeCount: z.number(), commentCount: z.number(), shareCount: z.number(), impressionCount: z.number(), clickCount: z.number() })
		.partial(),
});

type Credentials = z.infer<typeof credentialSchemas.linkedin>;

const get = (creds: Credentials, url: string, finder = false) =>
	sendWithTimeout(guardedFetch, url, { headers: { ...linkedinHeaders(creds.accessToken), ...(finder ? { "X-RestLi-Method": "FINDER" } : {}) } });

const read = async <T extends z.ZodType>(creds: Credentials, url: string, schema: T, what: string, finder = false) =>
	readClassified(await get(creds, url, finder), schema, what, classifyLinkedIn);

/** Every page of a comment list (start/count paging), bounded; stops at a short page or the total. */
async function allComments(creds: Credentials, target: string): Promise<ReadResult<Comment[]>> {
	const out: Comment[] = [];
	for (let page = 0; page < maxCommentPages; page++) {
		const url = `${linkedinApi}/socialActions/${encodeURIComponent(target)}/comments?start=${page * commentPage}&count=${commentPage}`;
		const got = await read(creds, url, list, "LinkedIn comments");
		if (got.kind !== "ok") return got;
		for (const item of got.value.elements) {
			const c = comment.safeParse(item);
			if (c.success) out.push(c.data);
		}
		const total = got.value.paging?.total;
		if (got.value.elements.length < commentPage || (total !== undefined && (page + 1) * commentPage >= total)) break;
	}
	return { kind: "ok", value: out };
}

const urnOf = (c: Comment) => c.commentUrn ?? c.$URN ?? null;

function commentMention(c: Comment, post: string, parent: string | null): FetchedMention | null {
	const urn = urnOf(c);
	if (!urn || !c.actor) return null;
	return {
		externalId: urn,
		author: { handle: c.actor },
		text: c.message?.text ?? "",
		createdAt: c.created?.time ?? Date.now(),
		inReplyTo: c.parentComment ?? parent ?? c.object ?? post,
		isFollower: null,
		url: commentUrl(post, urn),
	};
}

export function createLinkedInReader(now: () => number): NetworkReader {
	return {
		async readMentions(account, rawCursor) {
			const creds = credentialsOf(account);
			if (!creds) return { kind: "auth", reason: "LinkedIn credentials incomplete: reconnect the account" };
			const { stored, from } = readFrom(rawCursor, now());
			if (!creds.authorUrn.startsWith("urn:li:organization:")) return { kind: "ok", value: { mentions: [], cursor: rawCursor, more: false } };
			const mentions: FetchedMention[] = [];

			const posts = await read(
				creds,
				`${linkedinApi}/posts?author=${encodeURIComponent(creds.authorUrn)}&q=author&count=${recentPosts}&sortBy=LAST_MODIFIED`,
				list,
				"LinkedIn posts",
				true,
			);
			if (posts.kind !== "ok") return posts;
			for (const item of posts.value.elements) {
				const p = postId.safeParse(item);
				if (!p.success) continue;
				const comments = await allComments(creds, p.data.id);
				if (comments.kind !== "ok") return comments;
				const threads: Comment[] = [];
				for (const c of comments.value) {
					if (c.actor !== creds.authorUrn && (c.created?.time ?? 0) >= from) {
						const m = commentMention(c, p.data.id, null);
						if (m) mentions.push(m);
					}
					if ((c.commentsSummary?.totalFirstLevelComments ?? 0) > 0 && urnOf(c)) threads.push(c);
				}
				threads.sort((a, b) => (b.created?.time ?? 0) - (a.created?.time ?? 0));
				for (const t of threads.slice(0, maxReplyThreads)) {
					const replies = await allComments(creds, urnOf(t)!);
					if (replies.kind !== "ok") return replies;
					for (const r of replies.value) {
						if (r.actor === creds.authorUrn || (r.created?.time ?? 0) < from) continue;
						const m = commentMention(r, p.data.id, urnOf(t));
						if (m) mentions.push(m);
					}
				}
			}

			// Rest.li: List(…) and (start:…,end:…) are structure and stay as they are; the URN inside is encoded.
			for (let page = 0; page < maxNotificationPages; page++) {
				const url =
					`${linkedinApi}/organizationalEntityNotifications?q=criteria&actions=List(SHARE_MENTION)` +
					`&organizationalEntity=${encodeURIComponent(creds.authorUrn)}&timeRange=(start:${from},end:${now()})` +
					`&start=${page * notificationPage}&count=${notificationPage}`;
				const notes = await read(creds, url, list, "LinkedIn notifications", true);
				if (notes.kind !== "ok") return notes;
				for (const item of notes.value.elements) {
					const n = notification.safeParse(item);
					const urn = n.success && n.data.action === "SHARE_MENTION" ? (n.data.sourcePost ?? n.data.generatedActivity) : undefined;
					if (!urn) continue;
					const got = await read(creds, `${linkedinApi}/posts/${encodeURIComponent(urn)}`, fullPost, "LinkedIn mentioning post");
					// A post deleted since the notification: nothing to answer.
					if (got.kind === "failed") continue;
					if (got.kind !== "ok") return got;
					// The organisation mentioning itself (a reshare of its own post) is not a message to answer.
					if (got.value.author === creds.authorUrn) continue;
					mentions.push({
						externalId: urn,
						author: { handle: got.value.author ?? "unknown" },
						text: unescapeLittleText(got.value.commentary ?? ""),
						createdAt: got.value.publishedAt ?? got.value.createdAt ?? n.data!.lastModifiedAt ?? now(),
						inReplyTo: null,
						isFollower: null,
						url: postUrl(urn),
					});
				}
				if (notes.value.elements.length < notificationPage) break;
			}

			return pageOf(mentions, stored, now());
		},

		async readMetrics(account, networkPostIds) {
			const creds = credentialsOf(account);
			if (!creds) return { kind: "auth", reason: "LinkedIn credentials incomplete: reconnect the account" };
			if (!creds.authorUrn.startsWith("urn:li:organization:")) return { kind: "ok", value: { followers: null, posts: [] } };
			const size = await read(
				creds,
				`${linkedinApi}/networkSizes/${encodeURIComponent(creds.authorUrn)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`,
				networkSize,
				"LinkedIn follower count",
			);
			if (size.kind !== "ok") return size;
			const posts: PostCounts[] = [];
			const ours = networkPostIds.filter((id) => /^urn:li:(share|ugcPost):/.test(id));
			for (let i = 0; i < ours.length; i += statsPerCall) {
				const part = ours.slice(i, i + statsPerCall);
				const shares = part.filter((id) => id.startsWith("urn:li:share:"));
				const ugcPosts = part.filter((id) => id.startsWith("urn:li:ugcPost:"));
				const listOf = (ids: string[]) => `List(${ids.map(encodeURIComponent).join(",")})`;
				const url =
					`${linkedinApi}/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(creds.authorUrn)}` +
					(shares.length ? `&shares=${listOf(shares)}` : "") +
					(ugcPosts.length ? `&ugcPosts=${listOf(ugcPosts)}` : "");
				const got = await read(creds, url, list, "LinkedIn share statistics", true);
				if (got.kind !== "ok") return got;
				for (const item of got.value.elements) {
					const s = shareStats.safeParse(item);
					const id = s.success ? (s.data.share ?? s.data.ugcPost) : undefined;
					if (!s.success || !id) continue;
					const t = s.data.totalShareStatistics;
					posts.push({
						networkPostId: id,
						likes: t.likeCount ?? null,
						reposts: t.shareCount ?? null,
						replies: t.commentCount ?? null,
						quotes: null,
						impressions: t.impressionCount ?? null,
						clicks: t.clickCount ?? null,
					});
				}
			}
			return { kind: "ok", value: { followers: size.value.firstDegreeSize, posts } };
		},
	};
}

function credentialsOf(account: AccountContext) {
	const creds = credentialSchemas.linkedin.safeParse(account.credentials);
	return creds.success ? creds.data : null;
}
