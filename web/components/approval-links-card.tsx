import type { ApprovalLinkRow } from "../../functions/services/approval-links";
import { linkState } from "../../functions/services/approval-links";
import { formatStamp } from "../format";

/** The approval links of a post or a campaign, with the form that shares a new one and a revoke button each. */
export const ApprovalLinksCard = (p: { action: string; links: ApprovalLinkRow[]; now: number; zone: string; canShare: boolean; defaultExpiry: string }) => (
	<section class="card approval-links">
		<h2>Client approval links</h2>
		{p.links.length === 0 ? (
			<p class="muted">No links yet.</p>
		) : (
			<ul>
				{p.links.map((l) => {
					const state = linkState(l, p.now);
					return (
						<li>
							<strong>{l.label}</strong> <span class={`tag state-${state}`}>{state}</span>
							<br />
							<small class="muted">
								{l.countsAsApproval ? "Counts as approval" : "Recorded only"} · until {formatStamp(l.expiresAt, p.zone)}
							</small>
							{state === "active" && p.canShare && (
								<form method="post" action={`/approval-links/${l.id}/revoke`} class="inline">
									<button type="submit" class="link-button">
										Revoke
									</button>
								</form>
							)}
						</li>
					);
				})}
			</ul>
		)}
		{p.canShare && (
			<form method="post" action={p.action} class="stack">
				<label>
					Label (who it is for)
					<input name="label" required maxlength={120} />
				</label>
				<label>
					Expires on
					<input type="date" name="expiresOn" required value={p.defaultExpiry} />
				</label>
				<label class="check">
					<input type="checkbox" name="countsAsApproval" value="on" /> The client's approval counts as the approval
				</label>
				<button type="submit">Create link</button>
			</form>
		)}
	</section>
);
