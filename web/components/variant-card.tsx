import { type Network, networkNames } from "../../domain/networks";
import type { PostView } from "../../functions/services/post-view";
import { holdReasonText } from "../announcements";
import type { FormErrors } from "../form";
import { formatInstant, isoToMs, safeHref } from "../format";
import type { EditValues } from "./edit-form";
import { LintLine } from "./findings";
import { Banner, FieldErrors } from "./messages";
import { StatusBadge } from "./status-badge";

export type CardModel = {
	post: PostView;
	isMain: boolean;
	handle: string;
	network?: Network;
	zone: string;
	owner: { id: string; name: string } | null;
	/** A variant's dropped or changed key facts (getAnnouncement's consistency findings). */
	consistency: { rule: string; message: string }[];
	/** The edit form, when the member may change this post. */
	edit?: { values: EditValues; errors?: FormErrors; canSchedule: boolean };
};

const waiting: PostView["status"][] = ["scheduled", "pending_approval"];

function VariantForm({ announcementId, post, zone, edit }: { announcementId: string; post: PostView; zone: string; edit: NonNullable<CardModel["edit"]> }) {
	const { values, errors, canSchedule } = edit;
	const f = errors?.fields ?? {};
	const id = (name: string) => `${name}-${post.id}`;
	const isDraft = post.status === "draft";
	return (
		<form
			method="post"
			action={`/announcements/${encodeURIComponent(announcementId)}/variants/${encodeURIComponent(post.id)}#v-${encodeURIComponent(post.id)}`}
			class="variant-form"
		>
			<input type="hidden" name="revision" value={values.revision} />
			<input type="hidden" name="shownDate" value={values.shownDate} />
			<input type="hidden" name="shownTime" value={values.shownTime} />
			<Banner text={errors?.message} kind="error" />
			<label for={id("body")} class="sr-only">
				Text
			</label>
			<textarea id={id("body")} name="body" rows={6} class="variant-body">
				{`\n${values.body}`}
			</textarea>
			{errors && errors.findings.length > 0 && (
				<ul class="findings consistency" aria-label="Why it was not saved">
					{errors.findings.map((f) => (
						<LintLine finding={{ rule: "", severity: "error", message: f.message }} handle={f.where || undefined} />
					))}
				</ul>
			)}
			<FieldErrors messages={f.body} />
			<label class="compact">
				Link
				<input type="url" name="link" value={values.link} placeholder="https://" />
			</label>
			<FieldErrors messages={f.link} />
			<div class="when-at">
				<input type="date" name="date" value={values.date} aria-label="Date" />
				<input type="time" name="time" value={values.time} aria-label="Time" />
				<small class="muted">Times are in {zone}</small>
			</div>
			<FieldErrors messages={f.when} />
			<div class="actions">
				{isDraft ? (
					<>
						<button type="submit" name="action" value="draft">
							Save draft
						</button>
						<button type="submit" name="action" value="schedule" class="primary">
							{canSchedule ? "Schedule" : "Send for approval"}
						</button>
					</>
				) : (
					<>
						<button type="submit" name="action" value="draft">
							Back to draft
						</button>
						<button type="submit" name="action" value="save" class="primary">
							Save changes
						</button>
					</>
				)}
			</div>
		</form>
	);
}

/** One post of an announcement: the main post or a local variant, side by side with the others. */
export function VariantCard({ announcementId, card }: { announcementId: string; card: CardModel }) {
	const { post, isMain, handle, network, zone, owner, consistency, edit } = card;
	const at = isoToMs(post.scheduledAt);
	const href = safeHref(post.link);
	const hold = post.holdReason && waiting.includes(post.status) ? holdReasonText(post.holdReason) : null;
	return (
		<article class={`card ann-card${isMain ? " main-card" : ""}${consistency.length ? " inconsistent" : ""}`} id={`v-${post.id}`} data-post={post.id}>
			<p class={`ann-kicker${isMain ? " main-label" : ""}`}>{isMain ? "Main post" : "Local variant"}</p>
			<header class="ann-card-head">
				{network && <span class={`net net-${network}`}>{networkNames[network]}</span>}
				<strong class="ann-handle">{handle}</strong>
				<StatusBadge status={post.status} />
			</header>
			<dl class="ann-meta">
				<dt>Owner</dt>
				<dd>{owner ? owner.name : <span class="muted">No owner</span>}</dd>
				<dt>Scheduled</dt>
				<dd>{at === null ? <span class="muted">No time yet</span> : formatInstant(at, zone)}</dd>
				{hold && (
					<>
						<dt>Hold</dt>
						<dd class="hold">{hold}</dd>
					</>
				)}
			</dl>
			{consistency.length > 0 ? (
				<ul class="findings consistency" aria-label="Key facts this variant drops or changes">
					{consistency.map((f) => (
						<li class={`lint-item finding-error fact-${f.rule}`} data-rule={f.rule}>
							<span class="sev sev-error">{f.rule === "fact_missing" ? "Missing" : "Changed"}</span>
							<span class="lint-text">{f.message}</span>
						</li>
					))}
				</ul>
			) : (
				!isMain && !edit?.errors && <p class="consistent">Keeps every key fact</p>
			)}
			{edit ? (
				<VariantForm announcementId={announcementId} post={post} zone={zone} edit={edit} />
			) : (
				<>
					<div class="post-body ann-text">{post.body || "(no text)"}</div>
					{post.link && <p class="post-link">{href ? <a href={href}>{post.link}</a> : post.link}</p>}
				</>
			)}
			<p class="ann-open">
				<a href={`/posts/${encodeURIComponent(post.id)}`}>{isMain ? "Open the main post" : "Open this post"}</a>
			</p>
		</article>
	);
}
