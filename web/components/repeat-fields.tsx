import type { RepeatValues } from "../repeat-form";
import { FieldErrors } from "./messages";

/** Repeat every N days or weeks, until a date and/or N times in all (the compose form and the post page). */
export function RepeatFields({ values, errors }: { values: RepeatValues; errors?: string[] }) {
	return (
		<fieldset class="repeat">
			<legend>Repeat (evergreen)</legend>
			<div class="repeat-rule">
				<label>
					Every <input type="number" name="repeatEvery" min="1" max="365" value={values.every} aria-label="Repeat every" class="repeat-number" />
				</label>
				<select name="repeatUnit" aria-label="Repeat unit">
					<option value="day" selected={values.unit === "day"}>
						day(s)
					</option>
					<option value="week" selected={values.unit !== "day"}>
						week(s)
					</option>
				</select>
				<label>
					until <input type="date" name="repeatUntil" value={values.until} aria-label="Repeat until" />
				</label>
				<label>
					or <input type="number" name="repeatCount" min="2" value={values.count} aria-label="Times in all" class="repeat-number" /> times in all
				</label>
			</div>
			<small class="muted">
				Leave “every” empty for a post that does not repeat. Each occurrence is checked like any post; one that is refused is skipped with its reason.
			</small>
			<FieldErrors messages={errors} />
		</fieldset>
	);
}
