import type { PostRow } from "../../db/queries/posts";
import type { postRevision } from "../../db/schema";
import { isoWithOffset } from "../../domain/time";

type Names = Map<string, { id: string; name: string }>;

const person = (names: Names, id: string | null) => (id ? { id, name: names.get(id)?.name ?? "(former member)" } : null);

const onNetwork = (p: PostRow, name: string) => {
	const found = p.partResults.find((r) => r.name === name);
	return found ? { networkPostId: found.networkPostId, networkUrl: found.networkUrl } : null;
};

/** The post as the API returns it (API.md, Post fields); times carry the offset of the post's zone. */
export function postView(p: PostRow, names: Names) {
	const at = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, p.timezone));
	return {
		id: p.id,
		groupId: p.groupId,
		accountId: p.accountId,
		body: p.body,
		link: p.link,
		mediaIds: p.mediaIds,
		parts: p.parts,
		firstComment: p.firstComment,
		// Each part after the body and the comment as the network knows it, once published (null until then).
		partsOnNetwork: p.parts.map((_, i) => onNetwork(p, String(i + 2))),
		firstCommentOnNetwork: p.firstComment === null ? null : onNetwork(p, "comment"),
		status: p.status,
		scheduledAt: at(p.scheduledAt),
		timezone: p.timezone,
		revision: p.revision,
		author: person(names, p.authorId),
		approver: person(names, p.approverId),
		holdReason: p.holdReason,
		rejectionReason: p.rejectionReason,
		reviewVerdict: p.reviewVerdict,
		publishedAt: at(p.publishedAt),
		publishedBy: p.publishedById ? { member: person(names, p.publishedById), via: p.publishedVia } : null,
		networkPostId: p.networkPostId,
		networkUrl: p.networkUrl,
		failureReason: p.failureReason,
		retraction: p.retractedAt === null ? null : { at: at(p.retractedAt), by: person(names, p.retractedById), reason: p.retractReason },
		announcementId: p.announcementId,
		campaignId: p.campaignId,
		lint: p.lint,
		createdAt: at(p.createdAt),
		updatedAt: at(p.updatedAt),
	};
}

export type PostView = ReturnType<typeof postView>;

/** One entry of a post's review history (GET /posts/:id/revisions). */
export function revisionView(r: typeof postRevision.$inferSelect, names: Names, zone: string) {
	return {
		revision: r.revision,
		event: r.event,
		body: r.body,
		link: r.link,
		scheduledAt: r.scheduledAt === null ? null : isoWithOffset(r.scheduledAt, zone),
		reason: r.reason,
		by: person(names, r.actorId),
		at: isoWithOffset(r.at, zone),
	};
}

export type RevisionItem = ReturnType<typeof revisionView>;
