/** The media a post carries: every id must be the workspace's, and fit each chosen network's rules. */
import { mediaInOrder } from "../../db/queries/media";
import type { account } from "../../db/schema";
import { mediaProblems, mediaRequiredProblem } from "../../domain/media";
import { ApiError, type Issue, invalidField } from "../errors";
import type { ServiceContext } from "./context";

type AccountRow = typeof account.$inferSelect;

export async function checkPostMedia(
	ctx: ServiceContext,
	mediaIds: readonly string[],
	accounts: readonly AccountRow[],
	options: { draft: boolean } = { draft: false },
): Promise<string[]> {
	if (new Set(mediaIds).size !== mediaIds.length) throw invalidField(["mediaIds"], "The same media is attached twice", 422);
	const rows = await mediaInOrder(ctx.db, ctx.actor.workspaceId, mediaIds);
	const found = new Set(rows.map((r) => r.id));
	// Another workspace's media reads exactly like media that does not exist.
	const missing = mediaIds.findIndex((id) => !found.has(id));
	if (missing >= 0) throw invalidField(["mediaIds", missing], `No media ${mediaIds[missing]} in this workspace`, 422);

	const issues: Issue[] = [];
	// Once per network, and once more per Mastodon instance with limits of its own; each message once.
	const rules = new Map(
		accounts.map((a) => [a.network === "mastodon" && a.instanceLimits ? `mastodon ${JSON.stringify(a.instanceLimits)}` : a.network, a] as const),
	);
	const seen = new Set<string>();
	for (const acc of rules.values()) {
		const required = options.draft ? null : mediaRequiredProblem(acc.network, rows.length);
		if (required) issues.push({ path: ["mediaIds"], message: required.message });
		for (const problem of mediaProblems(acc.network, rows, acc.network === "mastodon" ? acc.instanceLimits : null)) {
			const issue = { path: problem.index === null ? ["mediaIds"] : ["mediaIds", problem.index], message: problem.message };
			const key = JSON.stringify(issue);
			if (!seen.has(key)) issues.push(issue);
			seen.add(key);
		}
	}
	if (issues.length > 0) {
		const first = issues[0]!;
		throw new ApiError(422, "validation_failed", `${first.path.join(".")}: ${first.message}`, { issues });
	}
	return [...mediaIds];
}
