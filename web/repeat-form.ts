/**
 * The "Repeat" fields of the compose form and the post page, read into the service's rule. The
 * until date is local to the account: the series may still post on that day.
 */

import { maxCount, maxEvery, type RepeatUnit } from "../domain/series";
import { addDays, localToUtc } from "../domain/time";
import { ApiError } from "../functions/errors";
import type { RepeatInput } from "../functions/services/series";
import { type FormFields, field } from "./form";

export type RepeatValues = { every: string; unit: string; until: string; count: string };

export const noRepeat: RepeatValues = { every: "", unit: "week", until: "", count: "" };

export const repeatValues = (form: FormFields): RepeatValues => ({
	every: field(form, "repeatEvery").trim(),
	unit: field(form, "repeatUnit"),
	until: field(form, "repeatUntil").trim(),
	count: field(form, "repeatCount").trim(),
});

const problem = (message: string) => new ApiError(400, "validation_failed", "Please correct the marked fields", { issues: [{ path: ["repeat"], message }] });

/** The rule, or undefined when "every" is left empty (the post does not repeat). */
export function repeatFrom(v: RepeatValues, zone: string): RepeatInput | undefined {
	if (v.every === "") return undefined;
	if (v.unit !== "day" && v.unit !== "week") throw problem("Repeat every day(s) or week(s)");
	const unit: RepeatUnit = v.unit;
	const every = Number(v.every);
	if (!Number.isInteger(every) || every < 1 || every > maxEvery[unit]) throw problem(`Repeat every 1 to ${maxEvery[unit]} ${unit}s`);
	let count: number | null = null;
	if (v.count !== "") {
		count = Number(v.count);
		if (!Number.isInteger(count) || count < 2 || count > maxCount) throw problem(`Times in all: 2 to ${maxCount}, or empty for no limit`);
	}
	let untilAt: number | null = null;
	if (v.until !== "") {
		try {
			// Through the end of that local day.
			untilAt = localToUtc(addDays(v.until, 1), "00:00", zone) - 1;
		} catch {
			throw problem("Until: a date (YYYY-MM-DD), or empty");
		}
	}
	return { every, unit, untilAt, count };
}
