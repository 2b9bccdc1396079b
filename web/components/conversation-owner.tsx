import { FlagBadges, OwnerBadge } from "./conversation-badges";
import { FieldErrors } from "./messages";

type Member = { id: string; name: string };

export type OwnerCardProps = {
	conversationId: string;
	owner: Member | null;
	handoffNote: string | null;
	flags: string[];
	viewerId: string;
	/** Members the conversation can go to (those who may reply), the current owner left out. */
	members: Member[];
	may: { act: boolean; claim: boolean; release: boolean; handoff: boolean; force: boolean };
	/** A claim, release or hand-off that was refused, said next to its button. */
	error?: string;
	handoff?: { values: { memberId: string; note: string }; errors?: Record<string, string[]>; message?: string };
};

/**
 * Who owns the conversation and the note they got it with, and the owner's actions: claim, release,
 * hand off. Each is its own small form so all work without JavaScript.
 */
export function ConversationOwner(p: OwnerCardProps) {
	const base = `/inbox/${encodeURIComponent(p.conversationId)}`;
	const mine = p.owner?.id === p.viewerId;
	return (
		<section class="card owner-card" aria-labelledby="owner-title">
			<h2 id="owner-title">Owner</h2>
			<p class="owner-line">
				<OwnerBadge owner={p.owner} viewerId={p.viewerId} /> <FlagBadges flags={p.flags} />
			</p>
			{!p.owner && <p class="muted">Nobody owns it yet: whoever claims it or replies first does.</p>}
			{p.owner && !mine && p.may.act && (
				<p class="muted">
					{p.owner.name} owns this conversation{p.may.force ? ". As a manager you may release it or hand it to someone else." : ": ask them to hand it off."}
				</p>
			)}
			{p.owner && p.handoffNote && (
				<blockquote class="handoff-note">
					<strong>Hand-off note:</strong> {p.handoffNote}
				</blockquote>
			)}
			{p.error && (
				<p class="inline-error" role="alert">
					{p.error}
				</p>
			)}
			{(p.may.claim || p.may.release) && (
				<div class="owner-buttons">
					{p.may.claim && (
						<form method="post" action={`${base}/claim`} class="inline">
							<button type="submit" class="primary">
								Claim
							</button>
						</form>
					)}
					{p.may.release && (
						<form method="post" action={`${base}/release`} class="inline">
							<button type="submit">{mine ? "Release" : `Release from ${p.owner?.name}`}</button>
						</form>
					)}
				</div>
			)}
			{p.may.handoff && p.members.length === 0 && <p class="muted separated">Nobody else in the workspace can take it over.</p>}
			{p.may.handoff && p.members.length > 0 && (
				<form method="post" action={`${base}/handoff`} class="stack handoff separated">
					<label>
						{p.owner ? "Hand off to" : "Assign to"}
						<select name="memberId" required>
							<option value="">Choose a member…</option>
							{p.members.map((m) => (
								<option value={m.id} selected={m.id === p.handoff?.values.memberId}>
									{m.id === p.viewerId ? `${m.name} (you)` : m.name}
								</option>
							))}
						</select>
					</label>
					<FieldErrors messages={p.handoff?.errors?.memberId} />
					<label>
						Note for them <small class="muted">(optional)</small>
						<textarea name="note" rows={2} maxlength={2000} placeholder="What they need to know: what was promised, ticket numbers…">
							{`\n${p.handoff?.values.note ?? ""}`}
						</textarea>
					</label>
					<FieldErrors messages={p.handoff?.errors?.note} />
					{p.handoff?.message && (
						<p class="inline-error" role="alert">
							{p.handoff.message}
						</p>
					)}
					<button type="submit">{p.owner ? "Hand off" : "Assign"}</button>
				</form>
			)}
		</section>
	);
}
