import type { AccountRow } from "../../db/queries/accounts";
import { Layout, type Viewer } from "../layout";

/** The workspace's sandbox accounts, each linking to its feed. */
export const SandboxAccountsPage = ({ viewer, accounts }: { viewer?: Viewer; accounts: AccountRow[] }) => (
	<Layout title="Sandbox" viewer={viewer} current="sandbox">
		<div class="narrow-page">
			<h1>Sandbox</h1>
			<p class="muted">Sandbox accounts publish into Chorus's own feeds instead of a real network: try the whole publishing path without posting anywhere.</p>
			{accounts.length === 0 ? (
				<p class="card muted">No sandbox accounts. Add one with POST /api/v1/accounts and "network": "sandbox".</p>
			) : (
				<ul class="card sandbox-accounts">
					{accounts.map((a) => (
						<li>
							<a href={`/sandbox/${encodeURIComponent(a.id)}`}>{a.handle}</a>
							<small class="muted">
								{a.displayName ? `${a.displayName} · ` : ""}
								{a.timezone}
								{a.paused ? " · paused" : ""}
							</small>
						</li>
					))}
				</ul>
			)}
		</div>
	</Layout>
);
