import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { NewAnnouncementValues } from "../announcements";
import { FindingList } from "../components/findings";
import { Banner, FieldErrors } from "../components/messages";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	accounts: AccountRow[];
	values: NewAnnouncementValues;
	/** Whether the member may create announcements (schedule posts). */
	canCreate: boolean;
	errors?: FormErrors;
};

/**
 * A new announcement: the main post, its time in the main account's zone, and the local accounts that
 * get a draft to rewrite in their own voice. /announcement.js ticks a main account's children when it changes.
 */
export function NewAnnouncementPage({ viewer, accounts, values, canCreate, errors }: Props) {
	const f = errors?.fields ?? {};
	const main = accounts.find((a) => a.id === values.mainAccountId);
	const handle = new Map(accounts.map((a) => [a.id, a.handle]));
	return (
		<Layout title="New announcement" viewer={viewer} current="announcements" scripts={["/announcement.js"]}>
			<div class="narrow-page">
				<div class="post-head page-head">
					<h1>New announcement</h1>
					<a href="/announcements">← Announcements</a>
				</div>
				<p class="muted lead">
					The main post goes out on the main account; each local account gets a draft of it to rewrite in its own voice. The key facts (links, dates, prices,
					codes…) must survive every rewrite.
				</p>
				<Banner text={errors?.message} kind="error" />
				{!canCreate ? (
					<p class="card muted">Only managers and owners create announcements. Local variants are edited from the announcement's page.</p>
				) : accounts.length < 2 ? (
					<p class="card muted">
						An announcement needs a main account and at least one local account. Add accounts with POST /api/v1/accounts (set parentId to the main account's id
						on the local ones).
					</p>
				) : (
					<form method="post" action="/announcements" class="card announcement-form" data-announcement>
						<label class="field-label first">
							Main account
							<select name="mainAccountId" class="block">
								{accounts.map((a) => (
									<option value={a.id} data-zone={a.timezone} selected={a.id === values.mainAccountId}>
										{`${a.handle} · ${networkNames[a.network]} · ${a.timezone}`}
									</option>
								))}
							</select>
						</label>
						<FieldErrors messages={f.mainAccountId} />

						<label for="body" class="field-label">
							Main post
						</label>
						<textarea id="body" name="body" rows={5}>
							{`\n${values.body}`}
						</textarea>
						<FindingList findings={errors?.findings ?? []} />
						<FieldErrors messages={f.body} />

						<label class="field-label">
							Link
							<input type="url" name="link" value={values.link} placeholder="https://" />
						</label>
						<FieldErrors messages={f.link} />

						<label for="facts" class="field-label">
							Key facts <small class="muted">(optional, one per line)</small>
						</label>
						<textarea id="facts" name="facts" rows={2} aria-describedby="facts-hint">
							{`\n${values.facts}`}
						</textarea>
						<small id="facts-hint" class="muted">
							Links, dates, prices, percentages, codes and numbers in the text are found by themselves; list any the text does not make obvious.
						</small>
						<FieldErrors messages={f.facts} />

						<fieldset class="when announcement-when">
							<legend>Main post goes out</legend>
							<div class="when-at">
								<input type="date" name="date" value={values.date} aria-label="Date" />
								<input type="time" name="time" value={values.time} aria-label="Time" />
								<small class="muted zone-note" data-zone-note>
									Times are in {main?.timezone ?? "the main account's zone"}, the main account's zone
								</small>
							</div>
							<FieldErrors messages={f.when} />
							<div class="when-at embargo">
								<span class="embargo-label">
									Embargo until <small class="muted">(optional)</small>
								</span>
								<input type="date" name="embargoDate" value={values.embargoDate} aria-label="Embargo date" />
								<input type="time" name="embargoTime" value={values.embargoTime} aria-label="Embargo time" />
							</div>
							<FieldErrors messages={f.embargoUntil} />
						</fieldset>

						<fieldset class="accounts locals">
							<legend>Local accounts</legend>
							<small class="muted">Each gets a draft of the main post. Preselected: the main account's local accounts.</small>
							{accounts.map((a) => (
								<label class="account-option" data-main={a.id === values.mainAccountId ? "" : undefined}>
									<input
										type="checkbox"
										name="localAccountIds"
										value={a.id}
										data-parent={a.parentId ?? ""}
										checked={values.localAccountIds.includes(a.id)}
										disabled={a.id === values.mainAccountId}
									/>
									<span class={`net net-${a.network}`}>{networkNames[a.network]}</span>
									<strong>{a.handle}</strong>
									<small class="muted">
										{a.parentId && handle.get(a.parentId) ? `local to ${handle.get(a.parentId)} · ` : ""}
										{a.timezone}
									</small>
								</label>
							))}
							<FieldErrors messages={[...(f.localAccountIds ?? []), ...(f.accountIds ?? [])]} />
						</fieldset>

						<div class="actions">
							<button type="submit" class="primary">
								Create announcement
							</button>
						</div>
					</form>
				)}
			</div>
		</Layout>
	);
}
