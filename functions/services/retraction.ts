/**
 * Retracting a published post: delete it on the network, then record who took it back and why.
 * The network call comes first and the record only after it succeeded, so a retraction the network
 * refused is not shown as done. A second retract at the same time finds the post gone (404, or a
 * Bluesky delete with no commit) and the conditional update records the retraction once.
 */
import { and, eq, isNull } from "drizzle-orm";
import { getAccount } from "../../db/queries/accounts";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { memberNames } from "../../db/queries/posts";
import { post } from "../../db/schema";
import { ApiError, notFound } from "../errors";
import { adapterFor } from "../networks/adapters";
import type { RetractOutcome } from "../networks/types";
import { accountContext, credentialsOf, deskCache, deskOf } from "./account-access";
import { assertMay, loadVoiceRules, speak } from "./brand-voice";
import type { ServiceContext } from "./context";
import { postView } from "./post-view";
import { loadPost } from "./posts";

export async function retractPost(ctx: ServiceContext, id: string, reason: string) {
	const { db, actor, now } = ctx;
	const current = await loadPost(ctx, id);
	assertMay(ctx, "retract");
	if (current.status !== "published" || !current.networkPostId) {
		throw new ApiError(409, "not_published", `Only published posts can be retracted; this one is ${current.status}`, { details: { status: current.status } });
	}
	if (current.retractedAt !== null) throw new ApiError(409, "already_retracted", "This post was already retracted");
	const acc = await getAccount(db, actor.workspaceId, current.accountId);
	if (!acc) throw notFound("Account");
	// The brand-voice policy: only whoever answers for the account now takes its words back.
	await speak(ctx, await loadVoiceRules(ctx, [acc.id], { lint: false }), [{ act: "retract", acc, at: now, subject: current }]);

	const desk = deskOf(ctx.desks, acc.id);
	const access = await credentialsOf(desk, acc, now, ctx.env.CREDENTIALS_KEY);
	if (access.kind !== "ok") throw new ApiError(409, "needs_reconnect", `${acc.handle}: ${access.reason}`);
	const adapter = adapterFor(acc.network, db);
	const context = accountContext(acc, access.credentials);
	const cache = deskCache(desk, acc.network);
	// A thread: its comment and last parts first, part 1 last, so a retract stopped half way leaves a
	// shorter thread rather than parts hanging off a deleted post. Already gone counts as taken back.
	for (const part of [...current.partResults].reverse()) {
		const taken = await adapter.retract(context, part.networkPostId, cache);
		if (taken.kind === "auth" || taken.kind === "failed") return refused(acc.handle, taken);
	}
	const outcome = await adapter.retract(context, current.networkPostId, cache);
	if (outcome.kind === "auth" || outcome.kind === "failed") return refused(acc.handle, outcome);

	const after = { retractedAt: now, retractedById: actor.id, retractReason: reason };
	await db.batch([
		db
			.update(post)
			.set({ ...after, updatedAt: now })
			.where(and(eq(post.workspaceId, actor.workspaceId), eq(post.id, id), isNull(post.retractedAt))),
		auditIfChangedStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "post.retract",
			subject: `post:${id}`,
			before: { networkPostId: current.networkPostId, networkUrl: current.networkUrl, ...(current.partResults.length ? { parts: current.partResults } : {}) },
			after: { reason, network: outcome.kind === "deleted" ? "deleted" : "already gone", answer: outcome.answer.summary },
			at: now,
		}),
	]);
	const fresh = await loadPost(ctx, id);
	return postView(fresh, await memberNames(db, actor.workspaceId));
}

/** The network kept the post (or a part of it): say why, and that retracting again is the way on. */
function refused(handle: string, outcome: Extract<RetractOutcome, { kind: "auth" | "failed" }>): never {
	if (outcome.kind === "auth") {
		throw new ApiError(
			409,
			"needs_reconnect",
			`The network refused ${handle}'s credentials (${outcome.answer.summary}); reconnect the account and retract again`,
		);
	}
	throw new ApiError(502, "network_refused", `The post is still on the network: ${outcome.answer.summary}`, { details: { network: outcome.answer } });
}
