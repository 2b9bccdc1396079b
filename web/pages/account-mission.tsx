import type { AccountRow } from "../../db/queries/accounts";
import type { Mission } from "../../domain/mission";
import { networkNames } from "../../domain/networks";
import { Banner, FieldErrors } from "../components/messages";
import { MissionInput, MissionSummary } from "../components/mission-fields";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";
import { describe, type MissionKey, type MissionValues, missionKeys, missionSpecs } from "../mission";

type Props = {
	viewer?: Viewer;
	account: AccountRow;
	workspace: Mission;
	effective: Mission;
	/** The fields the account sets itself (saved, or as the failed form had them). */
	own: MissionKey[];
	values: MissionValues;
	canManage: boolean;
	notice?: string;
	errors?: FormErrors;
};

/**
 * An account's mission: the effective one, which fields the account sets itself and, for those who may
 * manage accounts, a form where each field either follows the workspace's or sets its own.
 */
export function AccountMissionPage({ viewer, account, workspace, effective, own, values, canManage, notice, errors }: Props) {
	const f = errors?.fields ?? {};
	return (
		<Layout title={`Mission · ${account.handle}`} viewer={viewer} current="mission">
			<div class="narrow-page">
				<div class="post-head page-head">
					<h1>
						Mission <span class="h1-sub">{account.handle}</span> <span class={`net net-${account.network}`}>{networkNames[account.network]}</span>
					</h1>
					<a href="/mission">← Workspace mission</a>
				</div>
				<p class="muted lead">
					{own.length === 0
						? "This account follows the workspace's mission in everything."
						: `This account sets ${own.length === 1 ? "one field" : `${own.length} fields`} itself; the rest follow the workspace's mission.`}
				</p>
				<Banner text={notice} />
				<Banner text={errors?.message} kind="error" />
				{canManage ? (
					<form method="post" action={`/accounts/${encodeURIComponent(account.id)}/mission`} class="card mission-form account-mission">
						{missionKeys.map((key) => {
							const spec = missionSpecs[key];
							const id = `m-${key}`;
							const inherits = !own.includes(key);
							return (
								<fieldset class={`mission-field override-field kind-${spec.kind}`} data-field={key}>
									<legend>
										{spec.label} {inherits ? <span class="badge inherited">Workspace's</span> : <span class="badge own">This account's</span>}
									</legend>
									<label class="choice inherit-choice">
										<input type="checkbox" name="inherit" value={key} class="inherit" checked={inherits} /> Use the workspace's:{" "}
										<span class="muted pre">{describe(key, workspace)}</span>
									</label>
									<label for={id} class="sr-only">
										{spec.label} for {account.handle}
									</label>
									<div class="own-value">
										<MissionInput name={key} value={values[key]} id={id} />
									</div>
									<small id={`${id}-hint`} class="muted">
										{spec.hint}
									</small>
									<FieldErrors messages={f[key]} />
								</fieldset>
							);
						})}
						<div class="actions">
							<button type="submit" class="primary">
								Save {account.handle}'s mission
							</button>
						</div>
					</form>
				) : (
					<section class="card">
						<p class="muted read-only-note">Only managers and owners change the mission.</p>
						<MissionSummary mission={effective} own={own} />
					</section>
				)}
				{canManage && (
					<section class="card effective">
						<h2>Effective mission</h2>
						<p class="muted">What {account.handle}'s drafts are checked against now.</p>
						<MissionSummary mission={effective} own={own} />
					</section>
				)}
			</div>
		</Layout>
	);
}
