import type { Child } from "hono/jsx";
import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { PostView } from "../../functions/services/post-view";
import { formatInstant, isoToMs, safeHref } from "../format";

const Row = ({ label, children }: { label: string; children?: Child }) =>
	children === null || children === undefined || children === "" ? null : (
		<>
			<dt>{label}</dt>
			<dd>{children}</dd>
		</>
	);

/** Who and when: the planned time in the account's zone and, when it differs, the workspace's. */
export function PostDetails({ post, account, workspaceZone }: { post: PostView; account?: AccountRow; workspaceZone: string }) {
	const at = isoToMs(post.scheduledAt);
	const published = isoToMs(post.publishedAt);
	const accountZone = account?.timezone ?? post.timezone;
	const networkUrl = safeHref(post.networkUrl);
	return (
		<dl class="details">
			<Row label="Account">{account ? `${networkNames[account.network]} ${account.handle} (${account.timezone})` : "(deleted account)"}</Row>
			<Row label="Scheduled">{at === null ? "No time yet" : formatInstant(at, accountZone)}</Row>
			{at !== null && accountZone !== workspaceZone && <Row label="Workspace time">{formatInstant(at, workspaceZone)}</Row>}
			<Row label="Author">{post.author?.name}</Row>
			<Row label="Approved by">{post.approver?.name}</Row>
			<Row label="Sent back because">{post.rejectionReason}</Row>
			<Row label="Waiting because">{post.holdReason}</Row>
			<Row label="Failed because">{post.failureReason}</Row>
			{published !== null && <Row label="Published">{formatInstant(published, accountZone)}</Row>}
			{post.publishedBy?.member && <Row label="Published by">{`${post.publishedBy.member.name} (${post.publishedBy.via})`}</Row>}
			{networkUrl && (
				<>
					<dt>On the network</dt>
					<dd>
						<a href={networkUrl} rel="noopener noreferrer">
							{networkUrl}
						</a>
					</dd>
				</>
			)}
		</dl>
	);
}
