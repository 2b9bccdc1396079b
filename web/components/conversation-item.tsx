import { type Network, networkNames } from "../../domain/networks";
import { excerpt, formatDuration, formatStamp } from "../format";
import { FlagBadges, OwnerBadge } from "./conversation-badges";

export type InboxItem = {
	id: string;
	/** The outside user's handle, and their name when a message gave it. */
	author: string;
	authorName: string | null;
	account: { handle: string; network: Network } | null;
	owner: { id: string; name: string } | null;
	unanswered: boolean;
	flags: string[];
	/** One of our replies waits for approval before it is sent. */
	waitingReply: boolean;
	last: { direction: "in" | "out"; text: string; at: number; by: string | null } | null;
};

/** How long ago, in words, with the exact time (in `zone`) on hover. */
export const Ago = ({ at, now, zone }: { at: number; now: number; zone: string }) => (
	<time datetime={new Date(at).toISOString()} title={`${formatStamp(at, zone)} (${zone})`}>
		{now - at < 60_000 ? "just now" : `${formatDuration(now - at)} ago`}
	</time>
);

/** One row of the inbox: who, on which account, the last message, the owner and the flags. */
export const ConversationItem = ({ item, viewerId, now, zone }: { item: InboxItem; viewerId: string; now: number; zone: string }) => (
	<li class={`convo-item${item.unanswered ? " is-unanswered" : ""}${item.flags.length ? " is-flagged" : ""}`}>
		<a href={`/inbox/${encodeURIComponent(item.id)}`} class="convo-link">
			<div class="convo-top">
				<span class="convo-who">
					{item.authorName ? (
						<>
							<strong>{item.authorName}</strong> <span class="muted">{item.author}</span>
						</>
					) : (
						<strong>{item.author}</strong>
					)}
				</span>
				{item.account && (
					<span class="convo-account">
						<span class="net">{networkNames[item.account.network]}</span> <span class="handle">{item.account.handle}</span>
					</span>
				)}
				{item.last && (
					<span class="convo-time">
						<Ago at={item.last.at} now={now} zone={zone} />
					</span>
				)}
			</div>
			<p class="convo-excerpt">
				{item.last?.direction === "out" && <span class="convo-ours">{item.last.by ? `${item.last.by}: ` : "Us: "}</span>}
				{item.last ? excerpt(item.last.text, 140) || "(no text)" : <span class="muted">(no messages)</span>}
			</p>
			<div class="convo-badges">
				<OwnerBadge owner={item.owner} viewerId={viewerId} />
				{!item.unanswered && <span class="badge answered">Answered</span>}
				{item.waitingReply && <span class="badge status-pending_approval">Reply waits for approval</span>}
				<FlagBadges flags={item.flags} />
			</div>
		</a>
	</li>
);
