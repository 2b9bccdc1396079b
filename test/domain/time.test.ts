import { describe, expect, it } from "vitest";
import { addDays, isoWithOffset, isValidTimeZone, localToUtc, startOfLocalDay, utcToLocal, weekdayOf } from "../../domain/time";

const ny = "America/New_York";
const berlin = "Europe/Berlin";
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

// 2026: New York springs forward Sun 8 March 02:00 EST → 03:00 EDT (07:00Z) and falls back
// Sun 1 November 02:00 EDT → 01:00 EST (06:00Z). Berlin: Sun 29 March 02:00 CET → 03:00 CEST
// and Sun 25 October 03:00 CEST → 02:00 CET, both at 01:00Z.

describe("isValidTimeZone", () => {
	it("accepts IANA names and rejects the rest", () => {
		expect(isValidTimeZone(ny)).toBe(true);
		expect(isValidTimeZone(berlin)).toBe(true);
		expect(isValidTimeZone("UTC")).toBe(true);
		expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
		expect(isValidTimeZone("")).toBe(false);
	});
});

describe("localToUtc", () => {
	it("uses standard and daylight offsets on either side of a transition", () => {
		expect(localToUtc("2026-03-08", "01:30", ny)).toBe(utc(2026, 3, 8, 6, 30));
		expect(localToUtc("2026-03-08", "03:30", ny)).toBe(utc(2026, 3, 8, 7, 30));
		expect(localToUtc("2026-07-01", "09:00", ny)).toBe(utc(2026, 7, 1, 13));
		expect(localToUtc("2026-12-01", "09:00", ny)).toBe(utc(2026, 12, 1, 14));
	});
	it("moves a time skipped by spring-forward forward by the gap (New York)", () => {
		expect(localToUtc("2026-03-08", "02:00", ny)).toBe(utc(2026, 3, 8, 7)); // 03:00 EDT
		expect(localToUtc("2026-03-08", "02:30", ny)).toBe(utc(2026, 3, 8, 7, 30)); // 03:30 EDT
		expect(localToUtc("2026-03-08", "02:59", ny)).toBe(utc(2026, 3, 8, 7, 59));
	});
	it("moves a time skipped by spring-forward forward by the gap (Berlin)", () => {
		expect(localToUtc("2026-03-29", "01:59", berlin)).toBe(utc(2026, 3, 29, 0, 59)); // CET
		expect(localToUtc("2026-03-29", "02:30", berlin)).toBe(utc(2026, 3, 29, 1, 30)); // 03:30 CEST
		expect(localToUtc("2026-03-29", "03:00", berlin)).toBe(utc(2026, 3, 29, 1));
	});
	it("takes the earlier instant of a repeated fall-back time", () => {
		expect(localToUtc("2026-11-01", "00:30", ny)).toBe(utc(2026, 11, 1, 4, 30));
		expect(localToUtc("2026-11-01", "01:00", ny)).toBe(utc(2026, 11, 1, 5)); // EDT, not 06:00Z
		expect(localToUtc("2026-11-01", "01:30", ny)).toBe(utc(2026, 11, 1, 5, 30));
		expect(localToUtc("2026-11-01", "02:00", ny)).toBe(utc(2026, 11, 1, 7)); // EST
		expect(localToUtc("2026-10-25", "01:59", berlin)).toBe(utc(2026, 10, 24, 23, 59));
		expect(localToUtc("2026-10-25", "02:30", berlin)).toBe(utc(2026, 10, 25, 0, 30)); // CEST
		expect(localToUtc("2026-10-25", "03:00", berlin)).toBe(utc(2026, 10, 25, 2)); // CET
	});
	it("handles half-hour zones and UTC", () => {
		expect(localToUtc("2026-01-01", "05:30", "Asia/Kolkata")).toBe(utc(2026, 1, 1));
		expect(localToUtc("2026-06-15", "12:00", "UTC")).toBe(utc(2026, 6, 15, 12));
	});
	it("rejects malformed or impossible dates and times", () => {
		expect(() => localToUtc("2026-02-30", "09:00", ny)).toThrow(RangeError);
		expect(() => localToUtc("2026-13-01", "09:00", ny)).toThrow(RangeError);
		expect(() => localToUtc("2026-3-1", "09:00", ny)).toThrow(RangeError);
		expect(() => localToUtc("2026-03-01", "24:00", ny)).toThrow(RangeError);
		expect(() => localToUtc("2026-03-01", "9:00", ny)).toThrow(RangeError);
		expect(() => localToUtc("2026-03-01", "09:00", "Nowhere/Special")).toThrow(RangeError);
	});
});

describe("utcToLocal", () => {
	it("gives the wall clock and ISO weekday", () => {
		expect(utcToLocal(utc(2026, 3, 8, 7, 30), ny)).toEqual({ date: "2026-03-08", time: "03:30", weekday: 7 });
		expect(utcToLocal(utc(2026, 1, 1, 5), ny)).toEqual({ date: "2026-01-01", time: "00:00", weekday: 4 });
		expect(utcToLocal(utc(2026, 1, 1, 4, 59, 59), ny)).toEqual({ date: "2025-12-31", time: "23:59", weekday: 3 });
		expect(utcToLocal(utc(2026, 11, 2, 14), ny)).toEqual({ date: "2026-11-02", time: "09:00", weekday: 1 });
	});
	it("shows a fall-back hour twice", () => {
		expect(utcToLocal(utc(2026, 11, 1, 5, 30), ny).time).toBe("01:30");
		expect(utcToLocal(utc(2026, 11, 1, 6, 30), ny).time).toBe("01:30");
		expect(utcToLocal(utc(2026, 10, 25, 0, 30), berlin).time).toBe("02:30");
		expect(utcToLocal(utc(2026, 10, 25, 1, 30), berlin).time).toBe("02:30");
	});
	it("round-trips every hour of 2026 except the second pass through a repeated hour", () => {
		// Lord Howe shifts by 30 minutes, so it is sampled every 30 minutes; the others hourly.
		const zones = [
			{ zone: ny, step: 60, repeats: 1 },
			{ zone: berlin, step: 60, repeats: 1 },
			{ zone: "Australia/Lord_Howe", step: 30, repeats: 1 },
			{ zone: "Asia/Kolkata", step: 60, repeats: 0 },
		];
		for (const { zone, step, repeats: expected } of zones) {
			let repeats = 0;
			for (let ms = utc(2026, 1, 1); ms < utc(2027, 1, 1); ms += step * 60_000) {
				const { date, time } = utcToLocal(ms, zone);
				const back = localToUtc(date, time, zone);
				if (back !== ms) {
					// Only allowed when the same wall time already happened earlier (fall-back).
					expect(back).toBeLessThan(ms);
					expect(utcToLocal(back, zone)).toEqual(utcToLocal(ms, zone));
					repeats++;
				}
			}
			// One sample lands in each fall-back's repeated stretch; India has no DST.
			expect(repeats).toBe(expected);
		}
	});
});

describe("addDays and weekdayOf", () => {
	it("does plain calendar arithmetic", () => {
		expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
		expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
		expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
		expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
		expect(addDays("2026-01-31", 365)).toBe("2027-01-31");
		expect(addDays("2026-05-05", 0)).toBe("2026-05-05");
	});
	it("gives ISO weekdays", () => {
		expect(weekdayOf("2026-11-01")).toBe(7);
		expect(weekdayOf("2026-11-02")).toBe(1);
		expect(weekdayOf("2026-01-01")).toBe(4);
	});
});

describe("startOfLocalDay", () => {
	it("gives 23- and 25-hour days at the transitions", () => {
		expect(startOfLocalDay("2026-03-08", ny)).toBe(utc(2026, 3, 8, 5));
		expect(startOfLocalDay("2026-03-09", ny) - startOfLocalDay("2026-03-08", ny)).toBe(23 * 3_600_000);
		expect(startOfLocalDay("2026-11-01", ny)).toBe(utc(2026, 11, 1, 4));
		expect(startOfLocalDay("2026-11-02", ny) - startOfLocalDay("2026-11-01", ny)).toBe(25 * 3_600_000);
	});
	it("is 01:00 where a transition skips midnight", () => {
		// Brazil began DST at 00:00 on 4 November 2018: that day started at 01:00 -02:00.
		expect(startOfLocalDay("2018-11-04", "America/Sao_Paulo")).toBe(utc(2018, 11, 4, 3));
		expect(isoWithOffset(utc(2018, 11, 4, 3), "America/Sao_Paulo")).toBe("2018-11-04T01:00:00-02:00");
	});
});

describe("isoWithOffset", () => {
	it("writes local time with the offset in force", () => {
		expect(isoWithOffset(utc(2026, 3, 8, 13), ny)).toBe("2026-03-08T09:00:00-04:00");
		expect(isoWithOffset(utc(2026, 3, 8, 6, 59, 59), ny)).toBe("2026-03-08T01:59:59-05:00");
		expect(isoWithOffset(utc(2026, 10, 25, 0, 30), berlin)).toBe("2026-10-25T02:30:00+02:00");
		expect(isoWithOffset(utc(2026, 10, 25, 1, 30), berlin)).toBe("2026-10-25T02:30:00+01:00");
		expect(isoWithOffset(utc(2026, 1, 1), "Asia/Kolkata")).toBe("2026-01-01T05:30:00+05:30");
		expect(isoWithOffset(utc(2026, 1, 15, 12), "America/St_Johns")).toBe("2026-01-15T08:30:00-03:30");
	});
	it("uses +00:00 for UTC and drops milliseconds", () => {
		expect(isoWithOffset(utc(2026, 6, 15, 12, 0, 0, 999), "UTC")).toBe("2026-06-15T12:00:00+00:00");
	});
	it("parses back to the same instant", () => {
		const ms = utc(2026, 11, 1, 6, 30);
		expect(Date.parse(isoWithOffset(ms, ny))).toBe(ms);
	});
});

describe("localDayRuns", () => {
	it("is one run of whole days without a DST change, and splits at the short and the long day", async () => {
		const { localDayRuns, startOfLocalDay } = await import("../../domain/time");
		expect(localDayRuns("2026-03-02", "2026-03-09", "Europe/Berlin")).toEqual([{ from: startOfLocalDay("2026-03-02", "Europe/Berlin"), day: "2026-03-02" }]);
		// 29 Mar 2026 lasts 23 hours in Berlin: a run of its own, then whole days again.
		expect(localDayRuns("2026-03-27", "2026-04-01", "Europe/Berlin").map((r) => r.day)).toEqual(["2026-03-27", "2026-03-29", "2026-03-30"]);
		expect(localDayRuns("2026-10-24", "2026-10-28", "Europe/Berlin").map((r) => r.day)).toEqual(["2026-10-24", "2026-10-25", "2026-10-26"]);
	});
});
