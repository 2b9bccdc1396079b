import type { AccountRow } from "../../db/queries/accounts";
import { postingPolicies } from "../../db/schema";

const policyNames: Record<(typeof postingPolicies)[number], string> = {
	open: "Open: anyone who may post",
	owner: "Owner: only its owner (others need approval)",
	shift: "Shift: whoever is on the rota for it",
};

const PolicySelect = ({ value, id }: { value: string; id: string }) => (
	<select name="postingPolicy" id={id}>
		{postingPolicies.map((p) => (
			<option value={p} selected={p === value}>
				{policyNames[p] ?? p}
			</option>
		))}
	</select>
);

/** A sandbox account: posts go to Chorus's own feed, nothing reaches a real network. */
export const AddSandboxForm = ({ zone }: { zone: string }) => (
	<form method="post" action="/accounts/new" class="stack add-sandbox">
		<h3>Add a sandbox account</h3>
		<p class="muted">For trying Chorus out: its posts land in the Sandbox feed, never on a network.</p>
		<label>
			Handle
			<input type="text" name="handle" placeholder="@our_bakery" required maxlength={200} />
		</label>
		<label>
			Time zone
			<input type="text" name="timezone" value={zone} list="account-zones" required autocomplete="off" spellcheck={false} />
		</label>
		<label for="policy-new">Who may post</label>
		<PolicySelect value="open" id="policy-new" />
		<button type="submit">Add sandbox account</button>
	</form>
);

/** Rename, zone and posting policy of one account, folded away until opened (works without JS). */
export const EditAccountForm = ({ account: a }: { account: AccountRow }) => (
	<details class="account-edit">
		<summary>Edit</summary>
		<form method="post" action={`/accounts/${encodeURIComponent(a.id)}/edit`} class="stack">
			<label>
				Handle
				<input type="text" name="handle" value={a.handle} required maxlength={200} />
			</label>
			<label>
				Display name
				<input type="text" name="displayName" value={a.displayName ?? ""} maxlength={200} />
			</label>
			<label>
				Time zone
				<input type="text" name="timezone" value={a.timezone} list="account-zones" required autocomplete="off" spellcheck={false} />
			</label>
			<label for={`policy-${a.id}`}>Who may post</label>
			<PolicySelect value={a.postingPolicy} id={`policy-${a.id}`} />
			<button type="submit" class="primary">
				Save
			</button>
		</form>
	</details>
);

export const ZoneList = ({ zones }: { zones: string[] }) => (
	<datalist id="account-zones">
		{zones.map((z) => (
			<option value={z} />
		))}
	</datalist>
);
