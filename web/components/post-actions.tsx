import { FieldErrors } from "./messages";

type Props = {
	postId: string;
	canApprove: boolean;
	canCancel: boolean;
	canPublishNow: boolean;
	canRetract?: boolean;
	rejectErrors?: string[];
	retractErrors?: string[];
};

/** Publish now, approve, reject (with a reason) and cancel: each its own small form, so each works without JavaScript. */
export function PostActions({ postId, canApprove, canCancel, canPublishNow, canRetract, rejectErrors, retractErrors }: Props) {
	if (!canApprove && !canCancel && !canPublishNow && !canRetract) return null;
	const base = `/posts/${encodeURIComponent(postId)}`;
	return (
		<section class="card actions-card">
			<h2>Actions</h2>
			{canApprove && (
				<>
					<form method="post" action={`${base}/approve`} class="inline">
						<button type="submit" class="primary">
							Approve
						</button>
					</form>
					<form method="post" action={`${base}/reject`} class="reject stack">
						<label>
							Reason for sending it back
							<textarea name="reason" rows={2} required maxlength={2000} />
						</label>
						<FieldErrors messages={rejectErrors} />
						<div class="inline">
							<button type="submit" formaction={`${base}/request-changes`}>
								Request changes
							</button>{" "}
							<button type="submit">Reject</button>
						</div>
					</form>
				</>
			)}
			{canPublishNow && (
				<form method="post" action={`${base}/publish-now`} class={canApprove ? "publish-now separated" : "publish-now"}>
					<button type="submit">Publish now</button>
					<small class="muted">Sends it to the network right away, whatever its time.</small>
				</form>
			)}
			{canRetract && (
				<form method="post" action={`${base}/retract`} class="retract stack">
					<label>
						Why take it back?
						<textarea name="reason" rows={2} required maxlength={2000} />
					</label>
					<FieldErrors messages={retractErrors} />
					<button type="submit" class="danger">
						Retract post
					</button>
					<small class="muted">Deletes it on the network and records who and why.</small>
				</form>
			)}
			{canCancel && (
				<form method="post" action={`${base}/cancel`} class={canApprove || canPublishNow ? "cancel separated" : "cancel"}>
					<button type="submit" class="danger">
						Cancel post
					</button>
				</form>
			)}
		</section>
	);
}
