import type { PostRow } from "../../db/queries/posts";
import { formatStamp } from "../format";
import { StatusBadge } from "./status-badge";

export type ThreadMessage = {
	direction: "in" | "out";
	/** The post id of one of our replies, the mention id of one of theirs. */
	id: string;
	author: string;
	text: string;
	at: string;
	status: PostRow["status"] | null;
};

/** The conversation in time order: theirs on the left, ours on the right with how its publishing went. */
export const ConversationMessages = ({ messages, zone }: { messages: ThreadMessage[]; zone: string }) => (
	<ol class="thread" aria-label="Messages">
		{messages.map((m) => {
			const at = Date.parse(m.at);
			return (
				<li class={`msg msg-${m.direction}`}>
					<div class="msg-meta">
						<span class="msg-author">{m.direction === "out" ? m.author || "Us" : m.author}</span>
						<time datetime={m.at}>{formatStamp(at, zone)}</time>
						{m.direction === "out" && m.status && <StatusBadge status={m.status} />}
					</div>
					<div class="msg-text">{m.text}</div>
					{m.direction === "out" && (
						<a class="msg-details" href={`/posts/${encodeURIComponent(m.id)}`}>
							{m.status === "failed" || m.status === "needs_review" ? "See why it failed" : "Publishing details"}
						</a>
					)}
				</li>
			);
		})}
	</ol>
);
