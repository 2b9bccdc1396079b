import type { Child } from "hono/jsx";
import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { PostView } from "../../functions/services/post-view";
import { formatInstant, isoToMs } from "../format";

const Row = ({ label, children }: { label: string; children?: Child }) =>
	children === null || children === undefined || children === "" ? null : (
		<>
			<dt>{label}</dt>
			<dd>{children}</dd>
		</>
	);

const via = { scheduler: "by the scheduler", "publish-now": "with Publish now" } as const;

/**
 * Who and when: the planned time in the account's zone and, when it differs, the workspace's.
 * Why it waits, failed, or where it is on the network: see the publishing card.
 */
export function PostDetails({ post, account, workspaceZone }: { post: PostView; account?: AccountRow; workspaceZone: string }) {
	const at = isoToMs(post.scheduledAt);
	const published = isoToMs(post.publishedAt);
	const accountZone = account?.timezone ?? post.timezone;
	const by = post.publishedBy;
	return (
		<dl class="details">
			<Row label="Account">
				{account ? (
					<>
						{`${networkNames[account.network]} ${account.handle} (${account.timezone})`}
						{account.network === "sandbox" && (
							<>
								{" · "}
								<a href={`/sandbox/${encodeURIComponent(account.id)}`} class="nowrap">
									sandbox feed
								</a>
							</>
						)}
					</>
				) : (
					"(deleted account)"
				)}
			</Row>
			<Row label="Scheduled">{at === null ? "No time yet" : formatInstant(at, accountZone)}</Row>
			{at !== null && accountZone !== workspaceZone && <Row label="Workspace time">{formatInstant(at, workspaceZone)}</Row>}
			<Row label="Author">{post.author?.name}</Row>
			<Row label="Approved by">{post.approver?.name}</Row>
			<Row label={post.reviewVerdict === "changes_requested" ? "Changes asked for" : "Sent back because"}>{post.rejectionReason}</Row>
			{published !== null && <Row label="Published">{formatInstant(published, accountZone)}</Row>}
			{by?.member && <Row label="Published by">{by.via ? `${by.member.name}, ${via[by.via]}` : by.member.name}</Row>}
			{post.retraction && (
				<Row label="Retracted">
					{`${formatInstant(isoToMs(post.retraction.at) ?? 0, accountZone)} by ${post.retraction.by?.name ?? "someone"}: ${post.retraction.reason ?? ""}`}
				</Row>
			)}
		</dl>
	);
}
