import type { AccountRow } from "../../db/queries/accounts";
import type { WorkspaceRow } from "../../db/queries/workspaces";
import { networkNames } from "../../domain/networks";
import { AddSandboxForm, EditAccountForm, ZoneList } from "../components/account-forms";
import { Banner } from "../components/messages";
import { formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	workspace: WorkspaceRow;
	accounts: AccountRow[];
	/** Pausing accounts and the emergency stop, by role. */
	may: { stop: boolean; pause: boolean; connect: boolean };
	notice?: string;
	error?: string;
	/** Per OAuth network, the secrets an admin must set before it can be connected (null: ready). */
	missingSecrets?: Partial<Record<"x" | "linkedin" | "facebook" | "instagram" | "threads", string | null>>;
	/** Every IANA zone, for the account forms' suggestions. */
	zones?: string[];
};

/** Every account with its state, a pause switch each, and the workspace's emergency stop. */
export function AccountsPage({ viewer, workspace, accounts, may, notice, error, missingSecrets = {}, zones = [] }: Props) {
	return (
		<Layout title="Accounts" viewer={viewer} current="accounts">
			<div class="narrow-page">
				<h1>Accounts</h1>
				<Banner text={notice} />
				<Banner text={error} kind="error" />
				<section class={workspace.paused ? "card stop-card stopped" : "card stop-card"}>
					<h2>Emergency stop</h2>
					{workspace.paused ? (
						<p>
							<strong>Publishing is stopped for the whole workspace</strong>
							{workspace.pausedAt !== null ? ` since ${formatInstant(workspace.pausedAt, workspace.timezone)}` : ""}. Due posts wait; nothing is lost. Resuming
							sends them once, oldest first.
						</p>
					) : (
						<p class="muted">Stops every post of every account at once. Due posts wait and go out, in order, when you resume.</p>
					)}
					{may.stop && (
						<form method="post" action={workspace.paused ? "/accounts/resume-all" : "/accounts/stop-all"}>
							<button type="submit" class={workspace.paused ? "primary" : "danger"}>
								{workspace.paused ? "Resume publishing" : "Stop all publishing"}
							</button>
						</form>
					)}
				</section>
				{may.connect && <ConnectForms zone={workspace.timezone} missing={missingSecrets} />}
				{may.connect && (
					<section class="card">
						<AddSandboxForm zone={workspace.timezone} />
					</section>
				)}
				{may.connect && <ZoneList zones={zones} />}
				{accounts.length === 0 ? (
					<p class="card muted">No accounts yet: connect one or add a sandbox account above.</p>
				) : (
					<ul class="card account-list">
						{accounts.map((a) => (
							<li id={`account-${a.id}`}>
								<div>
									<span class={`net net-${a.network}`}>{networkNames[a.network]}</span>{" "}
									<strong class="truncate" title={a.handle}>
										{a.handle}
									</strong>
									<small class="muted"> {a.timezone}</small>
								</div>
								<div class="account-state">
									{a.paused && <span class="tag paused">Paused</span>}
									{a.needsReconnect && <span class="tag warning">Needs reconnecting</span>}
									{a.needsReconnect && may.connect && a.network !== "sandbox" && a.network !== "bluesky" && (
										<form method="post" action="/accounts/connect" class="inline">
											<input type="hidden" name="network" value={a.network} />
											<input type="hidden" name="accountId" value={a.id} />
											<input type="hidden" name="timezone" value={a.timezone} />
											{a.network === "mastodon" && <input type="hidden" name="instanceUrl" value={`https://${a.handle.split("@").at(-1) ?? ""}`} />}
											<button type="submit">Reconnect</button>
										</form>
									)}
									{a.credentialsExpireAt !== null && !a.needsReconnect && (
										<small class={a.expiryWarnedAt !== null ? "warning" : "muted"}>Credentials expire {formatInstant(a.credentialsExpireAt, a.timezone)}</small>
									)}
								</div>
								{may.connect && <EditAccountForm account={a} />}
								{may.pause && (
									<form method="post" action={`/accounts/${encodeURIComponent(a.id)}/${a.paused ? "resume" : "pause"}`} class="inline">
										<button type="submit">{a.paused ? "Resume" : "Pause"}</button>
									</form>
								)}
							</li>
						))}
					</ul>
				)}
			</div>
		</Layout>
	);
}

/** Connect: X, LinkedIn, Facebook, Instagram, Threads and Mastodon through the network's own sign-in page, Bluesky with an app password. */
function ConnectForms({ zone, missing }: { zone: string; missing: NonNullable<Props["missingSecrets"]> }) {
	const oauth = ["x", "linkedin", "facebook", "instagram", "threads"] as const;
	return (
		<section class="card connect-card">
			<h2>Connect an account</h2>
			<div class="connect-buttons">
				{oauth.map((network) => (
					<form method="post" action="/accounts/connect" class="inline">
						<input type="hidden" name="network" value={network} />
						<input type="hidden" name="timezone" value={zone} />
						<button type="submit" disabled={Boolean(missing[network])} aria-describedby={missing[network] ? `missing-${network}` : undefined}>
							Connect {networkNames[network]}
						</button>
					</form>
				))}
			</div>
			{oauth.map(
				(network) =>
					missing[network] && (
						<p class="muted not-configured" id={`missing-${network}`}>
							{networkNames[network]} is not set up on this Chorus: an admin must set the secrets {missing[network]} (wrangler secret put).
						</p>
					),
			)}
			<form method="post" action="/accounts/connect" class="stack">
				<input type="hidden" name="network" value="mastodon" />
				<input type="hidden" name="timezone" value={zone} />
				<label>
					Mastodon server
					<input type="url" name="instanceUrl" placeholder="https://mastodon.social" required />
				</label>
				<button type="submit">Connect Mastodon</button>
			</form>
			<form method="post" action="/accounts/connect-bluesky" class="stack">
				<input type="hidden" name="timezone" value={zone} />
				<label>
					Bluesky handle
					<input type="text" name="handle" placeholder="you.bsky.social" required />
				</label>
				<label>
					App password <small class="muted">(Settings → App passwords on Bluesky; never your main password)</small>
					<input type="password" name="appPassword" required autocomplete="off" />
				</label>
				<button type="submit">Connect Bluesky</button>
			</form>
			<p class="muted">Credentials are stored encrypted and never shown again.</p>
		</section>
	);
}
