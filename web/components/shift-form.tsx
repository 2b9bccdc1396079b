import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { FormErrors } from "../form";
import { type ShiftValues, weekdayName } from "../shifts";
import { FieldErrors } from "./messages";

export type MemberOption = { id: string; name: string; role: string };

type Props = {
	action: string;
	week: string;
	values: ShiftValues;
	members: MemberOption[];
	accounts: AccountRow[];
	submit: string;
	/** Where a "Delete shift" button posts, for the edit form. */
	deleteAction?: string;
	errors?: FormErrors;
};

/** Add or edit one shift; the fields are the API's (POST/PATCH /shifts), named as people say them. */
export function ShiftForm({ action, week, values, members, accounts, submit, deleteAction, errors }: Props) {
	const f = errors?.fields ?? {};
	return (
		<form method="post" action={action} class="shift-form">
			<input type="hidden" name="week" value={week} />
			<div class="shift-grid">
				<label>
					Who
					<select name="memberId" required>
						<option value="">Choose a member…</option>
						{members.map((m) => (
							<option value={m.id} selected={m.id === values.memberId}>
								{`${m.name} (${m.role})`}
							</option>
						))}
					</select>
					<FieldErrors messages={f.memberId} />
				</label>
				<fieldset class="weekdays">
					<legend>On</legend>
					{[1, 2, 3, 4, 5, 6, 7].map((d) => (
						<label class="chip">
							<input type="checkbox" name="weekdays" value={String(d)} checked={values.weekdays.includes(String(d))} />
							{weekdayName(d)}
						</label>
					))}
					<FieldErrors messages={f.weekdays} />
				</fieldset>
				<div class="hours">
					<label>
						From
						<input type="time" name="start" value={values.start} required />
					</label>
					<label>
						To
						<input type="time" name="end" value={values.end} required />
					</label>
					<label class="zone">
						Time zone
						<input type="text" name="timezone" value={values.timezone} list="zones" required autocomplete="off" spellcheck={false} />
					</label>
					<small class="muted">An end before the start runs past midnight; the same time is a full day.</small>
					<FieldErrors messages={[...(f.start ?? []), ...(f.end ?? []), ...(f.timezone ?? [])]} />
				</div>
			</div>
			<fieldset class="shift-accounts">
				<legend>Accounts</legend>
				<label class="choice">
					<input type="radio" name="scope" value="all" checked={values.scope === "all"} /> All accounts, also ones added later
				</label>
				<label class="choice">
					<input type="radio" name="scope" value="some" checked={values.scope === "some"} /> Only these:
				</label>
				<div class="account-chips">
					{accounts.map((a) => (
						<label class="chip">
							<input type="checkbox" name="accountIds" value={a.id} checked={values.accountIds.includes(a.id)} />
							<span class={`net net-${a.network}`}>{networkNames[a.network]}</span> {a.handle}
						</label>
					))}
				</div>
				<FieldErrors messages={f.accountIds} />
			</fieldset>
			<fieldset class="validity">
				<legend>Holiday cover (optional)</legend>
				<label>
					Valid from
					<input type="date" name="validFrom" value={values.validFrom} />
				</label>
				<label>
					Valid to
					<input type="date" name="validTo" value={values.validTo} />
				</label>
				<small class="muted">With dates, the shift is cover: on those dates, while it runs, it replaces the weekly shifts of the accounts it covers.</small>
				<FieldErrors messages={[...(f.validFrom ?? []), ...(f.validTo ?? [])]} />
			</fieldset>
			<div class="actions">
				{deleteAction && (
					<button type="submit" formaction={deleteAction} formnovalidate class="danger push-left">
						Delete shift
					</button>
				)}
				<button type="submit" class="primary">
					{submit}
				</button>
			</div>
		</form>
	);
}
