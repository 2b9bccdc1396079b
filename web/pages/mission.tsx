import type { AccountRow } from "../../db/queries/accounts";
import type { Mission } from "../../domain/mission";
import { networkNames } from "../../domain/networks";
import { Banner } from "../components/messages";
import { MissionFields, MissionSummary } from "../components/mission-fields";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";
import { type MissionKey, type MissionValues, missionSpecs } from "../mission";

type Props = {
	viewer?: Viewer;
	mission: Mission;
	/** The form's values: the saved mission, or what was typed when saving failed. */
	values: MissionValues;
	/** Each account and the fields it sets itself. */
	accounts: { account: AccountRow; own: MissionKey[] }[];
	canManage: boolean;
	notice?: string;
	errors?: FormErrors;
};

/** The workspace mission: a form for those who may manage accounts, a summary for everyone else. */
export function MissionPage({ viewer, mission, values, accounts, canManage, notice, errors }: Props) {
	return (
		<Layout title="Mission" viewer={viewer} current="mission">
			<div class="narrow-page">
				<h1>Mission</h1>
				<p class="muted lead">
					What the workspace's accounts are for, and the house rules every draft is checked against before it may be scheduled. Each account may set parts of it
					differently.
				</p>
				<Banner text={notice} />
				<Banner text={errors?.message} kind="error" />
				{canManage ? (
					<form method="post" action="/mission" class="card mission-form">
						<MissionFields values={values} errors={errors?.fields ?? {}} />
						<div class="actions">
							<button type="submit" class="primary">
								Save mission
							</button>
						</div>
					</form>
				) : (
					<section class="card">
						<p class="muted read-only-note">Only managers and owners change the mission.</p>
						<MissionSummary mission={mission} />
					</section>
				)}

				<h2>Accounts</h2>
				{accounts.length === 0 ? (
					<p class="card muted">No accounts yet.</p>
				) : (
					<ul class="card mission-accounts">
						{accounts.map(({ account, own }) => (
							<li>
								<span class={`net net-${account.network}`}>{networkNames[account.network]}</span>
								<a href={`/accounts/${encodeURIComponent(account.id)}/mission`}>{account.handle}</a>
								<small class="muted">
									{own.length === 0 ? "follows the workspace's mission" : `sets its own: ${own.map((k) => missionSpecs[k].label.toLowerCase()).join(", ")}`}
								</small>
							</li>
						))}
					</ul>
				)}
			</div>
		</Layout>
	);
}
