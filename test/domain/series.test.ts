import { describe, expect, it } from "vitest";
import { nextOccurrence, occurrenceAfter, plannedOccurrences, type RepeatRule } from "../../domain/series";

const weekly: RepeatRule = { every: 1, unit: "week", localTime: "09:00", timezone: "Europe/Berlin", untilAt: null, count: null };

describe("occurrences of a repeating post", () => {
	it("keep the wall-clock time across both DST changes", () => {
		const first = Date.parse("2027-03-22T09:00:00+01:00");
		expect(plannedOccurrences(weekly, first, 3).map((ms) => new Date(ms).toISOString())).toEqual([
			"2027-03-22T08:00:00.000Z",
			"2027-03-29T07:00:00.000Z",
			"2027-04-05T07:00:00.000Z",
		]);
		const autumn = Date.parse("2027-10-25T09:00:00+02:00");
		expect(new Date(occurrenceAfter(weekly, autumn)).toISOString()).toBe("2027-11-01T08:00:00.000Z");
	});

	it("end by count (the first post included) and by until", () => {
		const first = Date.parse("2027-01-04T09:00:00+01:00");
		expect(nextOccurrence({ ...weekly, count: 2 }, { index: 1, at: first + 7 * 86_400_000 }, first)).toEqual({ kind: "end", reason: "count" });
		const until = Date.parse("2027-01-10T00:00:00+01:00");
		expect(nextOccurrence({ ...weekly, untilAt: until }, { index: 0, at: first }, first)).toEqual({ kind: "end", reason: "until" });
	});

	it("pass over occurrences whose time went by, counting them", () => {
		const daily: RepeatRule = { ...weekly, unit: "day" };
		const first = Date.parse("2027-01-04T09:00:00+01:00");
		const now = Date.parse("2027-01-07T12:00:00+01:00");
		expect(nextOccurrence(daily, { index: 0, at: first }, now)).toEqual({
			kind: "occurrence",
			index: 4,
			at: Date.parse("2027-01-08T09:00:00+01:00"),
			missed: 3,
		});
	});
});
