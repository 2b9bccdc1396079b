import type { RevisionItem } from "../../functions/services/post-view";
import { formatInstant } from "../format";

const said: Record<RevisionItem["event"], string> = {
	submitted: "submitted for approval",
	approved: "approved",
	rejected: "rejected",
	changes_requested: "asked for changes",
};

/** Every version that went to review and what the reviewer said, oldest first: a resubmitted post keeps its story. */
export function ReviewHistory({ items, zone }: { items: RevisionItem[]; zone: string }) {
	if (items.length === 0) return null;
	return (
		<>
			<h2>Review history</h2>
			<ol class="history">
				{items.map((r) => (
					<li class={`history-entry history-${r.event}`}>
						<span class="verdict">
							{r.by?.name ?? "Someone"} {said[r.event]}
						</span>{" "}
						<small class="muted">
							revision {r.revision} · <time datetime={r.at}>{formatInstant(Date.parse(r.at), zone)}</time>
						</small>
						{r.reason && <p class="history-reason">“{r.reason}”</p>}
						{r.event === "submitted" && <p class="muted history-body">{r.body}</p>}
					</li>
				))}
			</ol>
		</>
	);
}
