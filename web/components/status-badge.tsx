import type { PostRow } from "../../db/queries/posts";

const labels: Record<PostRow["status"], string> = {
	draft: "Draft",
	pending_approval: "Needs approval",
	scheduled: "Scheduled",
	publishing: "Publishing",
	published: "Published",
	failed: "Failed",
	needs_review: "Needs review",
	canceled: "Canceled",
};

export const StatusBadge = ({ status }: { status: PostRow["status"] }) => <span class={`badge status-${status}`}>{labels[status]}</span>;
