import type { AccountRow } from "../../db/queries/accounts";
import type { CampaignRow, TagRow } from "../../db/queries/labels";
import type { MediaRow } from "../../db/queries/media";
import { maxAltLength } from "../../domain/media";
import { networkNames } from "../../domain/networks";
import { Counters } from "../components/counters";
import { DutyLines } from "../components/duty-lines";
import { FindingList, LintFindings } from "../components/findings";
import { LabelFields } from "../components/label-fields";
import { MediaPicker } from "../components/media-picker";
import { MediaThumbnails } from "../components/media-thumbnails";
import { Banner, FieldErrors } from "../components/messages";
import { RepeatFields } from "../components/repeat-fields";
import { ThreadFields } from "../components/thread-fields";
import type { Count } from "../counts";
import type { DutyLine } from "../duty";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";
import type { AccountLint } from "../lint";
import { noRepeat, type RepeatValues } from "../repeat-form";

export type ComposeValues = {
	accountIds: string[];
	body: string;
	link: string;
	when: "draft" | "at" | "next";
	date: string;
	time: string;
	/** Per-network texts, where the user wrote one (empty: that network gets the main text). */
	bodies: Partial<Record<AccountRow["network"], string>>;
	/** Media already uploaded with this compose (kept when a submit was refused). */
	media: string[];
	/** The evergreen rule, as typed (empty "every": no repeat). */
	repeat?: RepeatValues;
	/** Send the links as first-party short links (/l/:code). */
	shortenLinks?: boolean;
	/** A thread's 2nd..nth parts, as typed (empty boxes dropped). */
	parts?: string[];
	/** A comment the account adds under its own post once it is out. */
	firstComment?: string;
	/** The post's tags and campaign, as chosen. */
	tagIds?: string[];
	campaignId?: string;
};

type Props = {
	viewer?: Viewer;
	accounts: AccountRow[];
	values: ComposeValues;
	counts: Count[];
	zoneNote: string;
	/** Who answers for each selected account at the chosen time. */
	duty: DutyLine[];
	/** Whether "Schedule" schedules, or sends for approval (authors). */
	canSchedule: boolean;
	/** The mission lint of each selected account for the text as it stands. */
	lint?: AccountLint[];
	/** The rows of values.media, for their thumbnails and alt text. */
	media?: MediaRow[];
	errors?: FormErrors;
	/** The workspace's tags and campaigns to choose from. */
	labels?: { tags: TagRow[]; campaigns: CampaignRow[] };
};

export function ComposePage({ viewer, accounts, values, counts, zoneNote, duty, canSchedule, lint = [], media = [], errors, labels }: Props) {
	const f = errors?.fields ?? {};
	// A refused schedule's findings are the lint's own: list only what the lint block does not show already.
	const shown = new Set(lint.flatMap((a) => a.findings.map((x) => x.message)));
	const refused = (errors?.findings ?? []).filter((x) => !shown.has(x.message));
	return (
		<Layout title="New post" viewer={viewer} current="compose" scripts={["/compose.js"]}>
			<div class="narrow-page">
				<h1>New post</h1>
				<Banner text={errors?.message} kind="error" />
				<form method="post" action="/compose" class="compose card" enctype="multipart/form-data" data-compose>
					<fieldset class="accounts">
						<legend>Accounts</legend>
						{accounts.length === 0 && <p class="muted">No accounts yet. Add one with POST /api/v1/accounts.</p>}
						{accounts.map((a) => (
							<label class="account-option">
								<input
									type="checkbox"
									name="accountIds"
									value={a.id}
									data-network={a.network}
									data-zone={a.timezone}
									checked={values.accountIds.includes(a.id)}
								/>
								<span class={`net net-${a.network}`}>{networkNames[a.network]}</span>
								<strong>{a.handle}</strong>
								<small class="muted">
									{a.timezone}
									{a.paused ? " · paused" : ""}
								</small>
							</label>
						))}
						<FieldErrors messages={f.accountIds} />
					</fieldset>

					<label for="body" class="field-label">
						Text
					</label>
					{/* The parser drops one leading newline inside <textarea>; this one keeps the user's own. */}
					<textarea id="body" name="body" rows={7}>
						{`\n${values.body}`}
					</textarea>
					<Counters counts={counts} />
					<LintFindings lint={lint} />
					<FindingList findings={refused} />
					<FieldErrors messages={f.body} />
					<NetworkTexts accounts={accounts} bodies={values.bodies} />
					<ThreadFields parts={values.parts ?? []} firstComment={values.firstComment ?? ""} errors={{ parts: f.parts, firstComment: f.firstComment }} />

					<label class="field-label">
						Link
						<input type="url" name="link" value={values.link} placeholder="https://" />
					</label>
					<label>
						<input type="checkbox" name="shortenLinks" value="on" checked={values.shortenLinks ?? false} /> Shorten links on Chorus's own domain (counts clicks
						per post and account)
					</label>
					<FieldErrors messages={f.link} />

					<fieldset class="media">
						<legend>Image or video</legend>
						<MediaThumbnails media={media} />
						{media.map((m) => (
							<input type="hidden" name="mediaIds" value={m.id} />
						))}
						<MediaPicker accounts={accounts} selectedIds={values.accountIds} media={media} />
						<img class="media-preview" alt="" hidden data-media-preview />
						<label class="field-label">
							Alt text (required with a file: what the image shows, for people who cannot see it)
							<textarea name="media_alt" rows={2} maxlength={maxAltLength} />
						</label>
						<input type="hidden" name="media_width" data-media-width />
						<input type="hidden" name="media_height" data-media-height />
						<FieldErrors messages={f.media} />
					</fieldset>

					<fieldset class="when">
						<legend>When</legend>
						<label>
							<input type="radio" name="when" value="draft" checked={values.when === "draft"} /> Save as draft, no time yet
						</label>
						<div class="when-at">
							<label>
								<input type="radio" name="when" value="at" checked={values.when === "at"} /> Schedule at
							</label>
							<input type="date" name="date" value={values.date} aria-label="Date" />
							<input type="time" name="time" value={values.time} aria-label="Time" />
							<small id="zone-note" class="muted">
								{zoneNote}
							</small>
						</div>
						<label>
							<input type="radio" name="when" value="next" checked={values.when === "next"} /> Next free slot
						</label>
						<FieldErrors messages={f.when} />
						<DutyLines lines={duty} />
					</fieldset>
					<RepeatFields values={values.repeat ?? noRepeat} errors={f.repeat} />
					<LabelFields
						tags={labels?.tags ?? []}
						campaigns={labels?.campaigns ?? []}
						tagIds={values.tagIds ?? []}
						campaignId={values.campaignId ?? ""}
						errors={{ tagIds: f.tagIds, campaignId: f.campaignId }}
					/>

					<div class="actions">
						<button type="submit" name="action" value="draft">
							Save draft
						</button>
						<button type="submit" name="action" value="schedule" class="primary">
							{canSchedule ? "Schedule" : "Send for approval"}
						</button>
					</div>
				</form>
			</div>
		</Layout>
	);
}

/** One compose, a text per network: each box is optional and replaces the main text on that network's accounts. */
function NetworkTexts({ accounts, bodies }: { accounts: AccountRow[]; bodies: ComposeValues["bodies"] }) {
	const present = [...new Set(accounts.map((a) => a.network))];
	if (present.length < 2) return null;
	const open = Object.values(bodies).some((b) => b);
	return (
		<details class="network-texts" open={open}>
			<summary>A different text per network</summary>
			<p class="muted">Leave a box empty to send the main text there. Each text is checked by its own network's rules.</p>
			{present.map((network) => (
				<label class="field-label">
					{networkNames[network]}
					<textarea name={`body_${network}`} rows={3}>
						{`\n${bodies[network] ?? ""}`}
					</textarea>
				</label>
			))}
		</details>
	);
}
