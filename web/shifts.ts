/**
 * The rota page's shift forms: what the user typed, turned into the services' input (validated by the
 * same schema the API uses), and shifts described in words.
 */
import type { z } from "zod";
import type { ShiftRow } from "../db/queries/shifts";
import type { Shift } from "../domain/rota";
import { ApiError } from "../functions/errors";
import { type CreateShiftInput, createShiftSchema, type PatchShiftInput, patchShiftSchema } from "../functions/services/shifts";
import { toIssues } from "../functions/validation";
import { type FormFields, field, fields } from "./form";

export type ShiftValues = {
	memberId: string;
	/** "all": every account, also ones added later; "some": only `accountIds`. */
	scope: "all" | "some";
	accountIds: string[];
	weekdays: string[];
	start: string;
	end: string;
	timezone: string;
	validFrom: string;
	validTo: string;
};

/** The form fields the shift forms can mark; anything else goes to the message at the top. */
export const shiftFields = ["memberId", "accountIds", "weekdays", "start", "end", "timezone", "validFrom", "validTo"] as const;

export const blankShift = (timezone: string): ShiftValues => ({
	memberId: "",
	scope: "all",
	accountIds: [],
	weekdays: ["1", "2", "3", "4", "5"],
	start: "09:00",
	end: "17:00",
	timezone,
	validFrom: "",
	validTo: "",
});

export const shiftValuesOf = (
	s: Pick<ShiftRow, "memberId" | "accountIds" | "weekdays" | "start" | "end" | "timezone" | "validFrom" | "validTo">,
): ShiftValues => ({
	memberId: s.memberId,
	scope: s.accountIds === null ? "all" : "some",
	accountIds: s.accountIds ?? [],
	weekdays: s.weekdays.map(String),
	start: s.start,
	end: s.end,
	timezone: s.timezone,
	validFrom: s.validFrom ?? "",
	validTo: s.validTo ?? "",
});

export function readShiftForm(form: FormFields): ShiftValues {
	return {
		memberId: field(form, "memberId"),
		scope: field(form, "scope") === "some" ? "some" : "all",
		accountIds: fields(form, "accountIds"),
		weekdays: fields(form, "weekdays"),
		start: field(form, "start").slice(0, 5),
		end: field(form, "end").slice(0, 5),
		timezone: field(form, "timezone").trim(),
		validFrom: field(form, "validFrom"),
		validTo: field(form, "validTo"),
	};
}

/** The form as the API's body: "all" is no account list, an empty date is no date. */
const asInput = (v: ShiftValues) => ({
	memberId: v.memberId,
	accountIds: v.scope === "all" ? null : v.accountIds,
	weekdays: v.weekdays.map(Number),
	start: v.start,
	end: v.end,
	timezone: v.timezone,
	validFrom: v.validFrom || null,
	validTo: v.validTo || null,
});

/**
 * The API's schema on the form's input, every problem at once. "Only these" with none ticked is said
 * in the form's words rather than the API's.
 */
function parse<T extends z.ZodType>(schema: T, v: ShiftValues): z.infer<T> {
	const parsed = schema.safeParse(asInput(v));
	const noneChosen = v.scope === "some" && v.accountIds.length === 0;
	const issues = parsed.success ? [] : toIssues(parsed.error).filter((i) => !(noneChosen && i.path[0] === "accountIds"));
	if (noneChosen) issues.unshift({ path: ["accountIds"], message: "Choose at least one account, or “All accounts”" });
	if (!parsed.success || issues.length) throw new ApiError(400, "validation_failed", "Please correct the marked fields", { issues });
	return parsed.data;
}

export const createInput = (v: ShiftValues): CreateShiftInput => parse(createShiftSchema, v);

/** Every field: the edit form shows them all, so "no dates" clears the dates. */
export const patchInput = (v: ShiftValues): PatchShiftInput => parse(patchShiftSchema, v);

const dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
export const weekdayName = (d: number) => dayNames[d - 1] ?? String(d);

/** [1,2,3,4,5] → "Mon–Fri", [1,3,6,7] → "Mon, Wed, Sat–Sun", all seven → "Every day". */
export function describeWeekdays(days: readonly number[]): string {
	const sorted = [...new Set(days)].sort((a, b) => a - b);
	if (sorted.length === 7) return "Every day";
	const runs: string[] = [];
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
		const first = weekdayName(sorted[i]!);
		runs.push(j - i >= 2 ? `${first}–${weekdayName(sorted[j]!)}` : j > i ? `${first}, ${weekdayName(sorted[j]!)}` : first);
		i = j + 1;
	}
	return runs.join(", ");
}

/** "09:00–17:00", "22:00–06:00 (into the next day)", "00:00–00:00 (24 hours)". */
export function describeHours(s: Pick<Shift, "start" | "end">): string {
	if (s.end === s.start) return `${s.start}–${s.end} (24 hours)`;
	return s.end < s.start ? `${s.start}–${s.end} (into the next day)` : `${s.start}–${s.end}`;
}
