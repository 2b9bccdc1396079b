import type { FormErrors } from "../form";
import { FindingList } from "./findings";
import { FieldErrors } from "./messages";

export type EditValues = {
	body: string;
	link: string;
	date: string;
	time: string;
	/** The date and time the form was shown with: unchanged means "keep the stored instant" (which may have seconds). */
	shownDate: string;
	shownTime: string;
	revision: string;
};

type Props = { postId: string; values: EditValues; zone: string; isDraft: boolean; canSchedule: boolean; errors?: FormErrors };

export function EditForm({ postId, values, zone, isDraft, canSchedule, errors }: Props) {
	const f = errors?.fields ?? {};
	return (
		<form method="post" action={`/posts/${encodeURIComponent(postId)}/edit`} class="card stack edit">
			<h2>Edit</h2>
			<input type="hidden" name="revision" value={values.revision} />
			<input type="hidden" name="shownDate" value={values.shownDate} />
			<input type="hidden" name="shownTime" value={values.shownTime} />
			<label>
				Text
				<textarea name="body" rows={6}>
					{`\n${values.body}`}
				</textarea>
			</label>
			<FindingList findings={errors?.findings ?? []} />
			<FieldErrors messages={f.body} />
			<label>
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
				<button type="submit" name="action" value="save" class={isDraft ? "" : "primary"}>
					{isDraft ? "Save draft" : "Save changes"}
				</button>
				{isDraft && (
					<button type="submit" name="action" value="schedule" class="primary">
						{canSchedule ? "Schedule" : "Send for approval"}
					</button>
				)}
			</div>
		</form>
	);
}
