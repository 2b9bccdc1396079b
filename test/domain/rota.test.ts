import { describe, expect, it } from "vitest";
import { type DutyAccount, dutyAt, dutyGaps, type Shift, shiftOccurrences } from "../../domain/rota";

const ny = "America/New_York";
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const hours = (n: number) => n * 3_600_000;

// 2026: New York falls back on Sun 1 November 02:00 EDT → 01:00 EST (06:00Z) and springs forward
// on Sun 8 March 02:00 EST → 03:00 EDT (07:00Z). EDT is UTC−4, EST is UTC−5.
// Mon 26 Oct … Sun 1 Nov 2026 is the week of the fall-back.

function shift(id: string, memberId: string, fields: Partial<Shift> = {}): Shift {
	return {
		id,
		memberId,
		accountIds: null,
		weekdays: [1, 2, 3, 4, 5],
		start: "09:00",
		end: "17:00",
		timezone: ny,
		validFrom: null,
		validTo: null,
		...fields,
	};
}

const account: DutyAccount = { id: "acc-main", postingPolicy: "shift", ownerId: "olga" };
const weekday = shift("s-weekday", "wendy");
const weekend = shift("s-weekend", "sam", { weekdays: [6, 7] });
const rota = [weekday, weekend];

const gap = { responsible: null, reason: "gap", alsoOnDuty: [], shiftId: null };

describe("shiftOccurrences", () => {
	it("lists the local wall-clock intervals in UTC, 8 h on either side of the fall-back", () => {
		expect(shiftOccurrences(weekend, utc(2026, 10, 31), utc(2026, 11, 2))).toEqual([
			{ start: utc(2026, 10, 31, 13), end: utc(2026, 10, 31, 21) }, // Sat 09:00–17:00 EDT
			{ start: utc(2026, 11, 1, 14), end: utc(2026, 11, 1, 22) }, // Sun 09:00–17:00 EST
		]);
	});
	it("keeps only occurrences overlapping [from, to), end exclusive", () => {
		// Window Sat 16:59Z … Sun 14:00Z: Saturday's occurrence overlaps, Sunday's starts at `to`.
		expect(shiftOccurrences(weekend, utc(2026, 10, 31, 20, 59), utc(2026, 11, 1, 14))).toEqual([{ start: utc(2026, 10, 31, 13), end: utc(2026, 10, 31, 21) }]);
		expect(shiftOccurrences(weekend, utc(2026, 10, 31, 21), utc(2026, 11, 1, 14))).toEqual([]);
		expect(shiftOccurrences(weekend, utc(2026, 11, 2), utc(2026, 11, 1))).toEqual([]);
	});
	it("runs an end before the start past midnight, counting real hours across DST", () => {
		const night = shift("s-night", "nora", { weekdays: [6], start: "22:00", end: "06:00" });
		// Sat 31 Oct 22:00 EDT → Sun 1 Nov 06:00 EST: 9 h.
		expect(shiftOccurrences(night, utc(2026, 10, 31), utc(2026, 11, 2))).toEqual([{ start: utc(2026, 11, 1, 2), end: utc(2026, 11, 1, 11) }]);
		// Sat 7 Mar 22:00 EST → Sun 8 Mar 06:00 EDT: 7 h.
		expect(shiftOccurrences(night, utc(2026, 3, 7), utc(2026, 3, 9))).toEqual([{ start: utc(2026, 3, 8, 3), end: utc(2026, 3, 8, 10) }]);
	});
	it("treats start = end as a full local day: 25 h on the fall-back day, 23 h on the spring-forward day", () => {
		const allDay = shift("s-all", "ada", { weekdays: [7], start: "00:00", end: "00:00" });
		const [fall] = shiftOccurrences(allDay, utc(2026, 11, 1, 12), utc(2026, 11, 1, 13));
		expect(fall).toEqual({ start: utc(2026, 11, 1, 4), end: utc(2026, 11, 2, 5) });
		expect(fall!.end - fall!.start).toBe(hours(25));
		const [spring] = shiftOccurrences(allDay, utc(2026, 3, 8, 12), utc(2026, 3, 8, 13));
		expect(spring).toEqual({ start: utc(2026, 3, 8, 5), end: utc(2026, 3, 9, 4) });
		expect(spring!.end - spring!.start).toBe(hours(23));
	});
	it("limits a dated override to its dates, inclusive, in the shift's zone", () => {
		const cover = shift("s-cover", "holly", { weekdays: [1, 2, 3, 4, 5, 6, 7], validFrom: "2026-12-24", validTo: "2026-12-25" });
		expect(shiftOccurrences(cover, utc(2026, 12, 20), utc(2026, 12, 31))).toEqual([
			{ start: utc(2026, 12, 24, 14), end: utc(2026, 12, 24, 22) },
			{ start: utc(2026, 12, 25, 14), end: utc(2026, 12, 25, 22) },
		]);
		const from = shift("s-from", "holly", { weekdays: [1, 2, 3, 4, 5, 6, 7], validFrom: "2026-12-30" });
		expect(shiftOccurrences(from, utc(2026, 12, 28), utc(2027, 1, 1, 12)).map((o) => o.start)).toEqual([utc(2026, 12, 30, 14), utc(2026, 12, 31, 14)]);
	});
	it("leaves out an occurrence DST squeezes to nothing", () => {
		// 02:00–03:00 on Sun 8 March does not exist in New York: both ends are 03:00 EDT.
		const lost = shift("s-lost", "lou", { weekdays: [7], start: "02:00", end: "03:00" });
		expect(shiftOccurrences(lost, utc(2026, 3, 1), utc(2026, 3, 16))).toEqual([
			{ start: utc(2026, 3, 1, 7), end: utc(2026, 3, 1, 8) },
			{ start: utc(2026, 3, 15, 6), end: utc(2026, 3, 15, 7) },
		]);
	});
	it("rejects a malformed shift", () => {
		expect(() => shiftOccurrences(shift("bad", "x", { weekdays: [0] }), 0, hours(24))).toThrow(RangeError);
		expect(() => shiftOccurrences(shift("bad", "x", { start: "9am" }), 0, hours(24))).toThrow(RangeError);
		expect(() => shiftOccurrences(shift("bad", "x", { end: "24:00" }), 0, hours(24 * 7))).toThrow(RangeError);
	});
});

describe("dutyAt, weekday/weekend rota across the fall-back", () => {
	it("gives Saturday noon to the weekend person", () => {
		// Sat 31 Oct 12:00 EDT.
		expect(dutyAt(account, rota, utc(2026, 10, 31, 16))).toEqual({
			responsible: "sam",
			reason: "shift",
			alsoOnDuty: [],
			shiftId: "s-weekend",
		});
	});
	it("gives noon on the Sunday of the change to the weekend person, at 17:00Z", () => {
		// Sun 1 Nov 12:00 EST; the shift runs 09:00 EST (14:00Z) to 17:00 EST (22:00Z).
		expect(dutyAt(account, rota, utc(2026, 11, 1, 17))).toMatchObject({ responsible: "sam", shiftId: "s-weekend" });
		expect(dutyAt(account, rota, utc(2026, 11, 1, 13, 59))).toEqual(gap);
		expect(dutyAt(account, rota, utc(2026, 11, 1, 14))).toMatchObject({ responsible: "sam" });
		expect(dutyAt(account, rota, utc(2026, 11, 1, 21, 59))).toMatchObject({ responsible: "sam" });
		expect(dutyAt(account, rota, utc(2026, 11, 1, 22))).toEqual(gap);
	});
	it("is a gap on Monday at 08:00 and the weekday person's from 09:00", () => {
		expect(dutyAt(account, rota, utc(2026, 11, 2, 13))).toEqual(gap); // Mon 2 Nov 08:00 EST
		expect(dutyAt(account, rota, utc(2026, 11, 2, 14))).toEqual({
			responsible: "wendy",
			reason: "shift",
			alsoOnDuty: [],
			shiftId: "s-weekday",
		});
		// The Monday before the change, 09:00 is 13:00Z.
		expect(dutyAt(account, rota, utc(2026, 10, 26, 13))).toMatchObject({ responsible: "wendy" });
	});
});

describe("dutyAt, other shapes of shift", () => {
	it("gives an overnight shift to the day it starts on", () => {
		const friNight = shift("s-fri-night", "nora", { weekdays: [5], start: "22:00", end: "02:00" });
		const shifts = [...rota, friNight];
		// Sat 31 Oct 01:00 EDT belongs to Friday's 22:00–02:00.
		expect(dutyAt(account, shifts, utc(2026, 10, 31, 5))).toEqual({
			responsible: "nora",
			reason: "shift",
			alsoOnDuty: [],
			shiftId: "s-fri-night",
		});
		// Fri 30 Oct 01:00 EDT would be Thursday's night, which is not in the rota.
		expect(dutyAt(account, shifts, utc(2026, 10, 30, 5))).toEqual(gap);
		// Ends at Sat 02:00 EDT (06:00Z), starts Fri 22:00 EDT (Sat 02:00Z).
		expect(dutyAt(account, shifts, utc(2026, 10, 31, 6))).toEqual(gap);
		expect(dutyAt(account, shifts, utc(2026, 10, 31, 2))).toMatchObject({ responsible: "nora" });
		expect(dutyAt(account, shifts, utc(2026, 10, 31, 1, 59))).toEqual(gap);
	});
	it("makes the earlier-started of overlapping shifts responsible, the others also on duty", () => {
		const shifts = [
			shift("c-late", "cat", { start: "12:00", end: "20:00" }),
			shift("b-late", "ben", { start: "12:00", end: "20:00" }),
			shift("a-early", "ann"),
			shift("d-early-too", "ann", { start: "10:00", end: "18:00" }),
		];
		// Wed 28 Oct 13:00 EDT: ann since 09:00 (and 10:00), ben and cat since 12:00 (ties by shift id).
		expect(dutyAt(account, shifts, utc(2026, 10, 28, 17))).toEqual({
			responsible: "ann",
			reason: "shift",
			alsoOnDuty: ["ben", "cat"],
			shiftId: "a-early",
		});
		// 17:30 EDT: ann's 09:00 shift is over, her 10:00 one is not.
		expect(dutyAt(account, shifts, utc(2026, 10, 28, 21, 30))).toEqual({
			responsible: "ann",
			reason: "shift",
			alsoOnDuty: ["ben", "cat"],
			shiftId: "d-early-too",
		});
		// 18:00 EDT: ben and cat started together; "b-late" < "c-late".
		expect(dutyAt(account, shifts, utc(2026, 10, 28, 22))).toEqual({
			responsible: "ben",
			reason: "shift",
			alsoOnDuty: ["cat"],
			shiftId: "b-late",
		});
	});
	it("counts the start of an overnight shift from the day before", () => {
		const shifts = [
			shift("a-day", "dan", { weekdays: [6], start: "00:00", end: "08:00" }),
			shift("z-night", "nora", { weekdays: [5], start: "22:00", end: "02:00" }),
		];
		// Sat 31 Oct 01:00 EDT: nora has been on since Friday 22:00, dan since midnight.
		expect(dutyAt(account, shifts, utc(2026, 10, 31, 5))).toMatchObject({ responsible: "nora", alsoOnDuty: ["dan"] });
	});
	it("lets a holiday override win over the weekly shift during its window only", () => {
		const cover = shift("s-cover", "holly", {
			weekdays: [1, 2, 3, 4, 5, 6, 7],
			start: "09:00",
			end: "13:00",
			validFrom: "2026-12-24",
			validTo: "2026-12-25",
		});
		const shifts = [weekday, cover];
		const holly = { responsible: "holly", reason: "shift", alsoOnDuty: [], shiftId: "s-cover" };
		const wendy = { responsible: "wendy", reason: "shift", alsoOnDuty: [], shiftId: "s-weekday" };
		expect(dutyAt(account, shifts, utc(2026, 12, 23, 15))).toEqual(wendy); // Wed 23 Dec 10:00 EST
		expect(dutyAt(account, shifts, utc(2026, 12, 24, 15))).toEqual(holly); // Thu 24 Dec 10:00: wendy is not "also on duty"
		expect(dutyAt(account, shifts, utc(2026, 12, 24, 19))).toEqual(wendy); // Thu 24 Dec 14:00: the cover is over
		expect(dutyAt(account, shifts, utc(2026, 12, 25, 14))).toEqual(holly); // Fri 25 Dec 09:00
		expect(dutyAt(account, shifts, utc(2026, 12, 26, 15))).toEqual(gap); // Sat 26 Dec: cover no longer valid
		expect(dutyAt(account, shifts, utc(2026, 12, 28, 15))).toEqual(wendy); // Mon 28 Dec
	});
	it("lists the members of several overrides on duty together", () => {
		const shifts = [
			weekday,
			shift("o-1", "holly", { validFrom: "2026-12-24", validTo: "2026-12-24" }),
			shift("o-2", "ivan", { start: "08:00", validFrom: "2026-12-24", validTo: "2026-12-24" }),
		];
		expect(dutyAt(account, shifts, utc(2026, 12, 24, 17))).toEqual({
			responsible: "ivan",
			reason: "shift",
			alsoOnDuty: ["holly"],
			shiftId: "o-2",
		});
	});
	it("does not let a shift restricted to other accounts cover this one", () => {
		const xOnly = shift("s-x", "xena", { accountIds: ["acc-x"], weekdays: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "00:00" });
		const at = utc(2026, 10, 28, 17);
		expect(dutyAt({ ...account, id: "acc-x" }, [xOnly], at)).toMatchObject({ responsible: "xena", shiftId: "s-x" });
		expect(dutyAt({ ...account, id: "acc-y" }, [xOnly], at)).toEqual(gap);
		expect(dutyGaps({ ...account, id: "acc-x" }, [xOnly], utc(2026, 10, 26), utc(2026, 11, 3))).toEqual([]);
		expect(dutyGaps({ ...account, id: "acc-y" }, [xOnly], utc(2026, 10, 26), utc(2026, 11, 3))).toEqual([{ from: utc(2026, 10, 26), to: utc(2026, 11, 3) }]);
	});
});

describe("dutyAt, owner and open policies", () => {
	const at = utc(2026, 10, 28, 17);
	it("makes the owner responsible, whatever the shifts say", () => {
		expect(dutyAt({ id: "acc-main", postingPolicy: "owner", ownerId: "olga" }, rota, at)).toEqual({
			responsible: "olga",
			reason: "owner",
			alsoOnDuty: [],
			shiftId: null,
		});
	});
	it("is a gap for an owner policy without an owner", () => {
		expect(dutyAt({ id: "acc-main", postingPolicy: "owner", ownerId: null }, rota, at)).toEqual(gap);
	});
	it("names nobody for an open account", () => {
		expect(dutyAt({ id: "acc-main", postingPolicy: "open", ownerId: "olga" }, rota, at)).toEqual({
			responsible: null,
			reason: "open",
			alsoOnDuty: [],
			shiftId: null,
		});
	});
	it("has no gaps for owner and open accounts", () => {
		const week = [utc(2026, 10, 26), utc(2026, 11, 2)] as const;
		expect(dutyGaps({ id: "a", postingPolicy: "owner", ownerId: null }, [], ...week)).toEqual([]);
		expect(dutyGaps({ id: "a", postingPolicy: "open", ownerId: null }, [], ...week)).toEqual([]);
	});
});

describe("dutyGaps", () => {
	it("is exactly the nights of the weekday/weekend rota, 16 h each and 17 h over the fall-back", () => {
		// Mon 26 Oct 09:00 EDT … Mon 2 Nov 17:00 EST.
		const gaps = dutyGaps(account, rota, utc(2026, 10, 26, 13), utc(2026, 11, 2, 22));
		expect(gaps).toEqual([
			{ from: utc(2026, 10, 26, 21), to: utc(2026, 10, 27, 13) }, // Mon 17:00 EDT → Tue 09:00 EDT
			{ from: utc(2026, 10, 27, 21), to: utc(2026, 10, 28, 13) },
			{ from: utc(2026, 10, 28, 21), to: utc(2026, 10, 29, 13) },
			{ from: utc(2026, 10, 29, 21), to: utc(2026, 10, 30, 13) },
			{ from: utc(2026, 10, 30, 21), to: utc(2026, 10, 31, 13) }, // Fri 17:00 → Sat 09:00 (weekend person)
			{ from: utc(2026, 10, 31, 21), to: utc(2026, 11, 1, 14) }, // Sat 17:00 EDT → Sun 09:00 EST
			{ from: utc(2026, 11, 1, 22), to: utc(2026, 11, 2, 14) }, // Sun 17:00 EST → Mon 09:00 EST
		]);
		expect(gaps.map((g) => (g.to - g.from) / hours(1))).toEqual([16, 16, 16, 16, 16, 17, 16]);
	});
	it("is 15 h over the spring-forward night", () => {
		// Sat 7 Mar 17:00 EST (22:00Z) → Sun 8 Mar 09:00 EDT (13:00Z).
		// Window Sat 10:00 EST … Sun 16:00 EDT.
		const gaps = dutyGaps(account, rota, utc(2026, 3, 7, 15), utc(2026, 3, 8, 20));
		expect(gaps).toEqual([{ from: utc(2026, 3, 7, 22), to: utc(2026, 3, 8, 13) }]);
		expect(gaps[0]!.to - gaps[0]!.from).toBe(hours(15));
	});
	it("clips gaps to the window", () => {
		// Mon 26 Oct 00:00 EDT … Tue 27 Oct 00:00 EDT.
		expect(dutyGaps(account, rota, utc(2026, 10, 26, 4), utc(2026, 10, 27, 4))).toEqual([
			{ from: utc(2026, 10, 26, 4), to: utc(2026, 10, 26, 13) },
			{ from: utc(2026, 10, 26, 21), to: utc(2026, 10, 27, 4) },
		]);
		expect(dutyGaps(account, rota, utc(2026, 10, 26, 14), utc(2026, 10, 26, 15))).toEqual([]);
		expect(dutyGaps(account, [], utc(2026, 10, 26), utc(2026, 10, 27))).toEqual([{ from: utc(2026, 10, 26), to: utc(2026, 10, 27) }]);
		expect(dutyGaps(account, rota, utc(2026, 10, 27), utc(2026, 10, 26))).toEqual([]);
	});
	it("merges adjacent and overlapping shifts and counts overrides as cover", () => {
		const shifts = [
			shift("early", "ann", { start: "09:00", end: "13:00" }),
			shift("late", "ben", { start: "13:00", end: "17:00" }),
			shift("mid", "cat", { start: "11:00", end: "15:00" }),
			shift("evening", "dan", { start: "16:00", end: "22:00", validFrom: "2026-10-28", validTo: "2026-10-28" }),
		];
		// Tue 27 Oct and Wed 28 Oct, midnight to midnight EDT.
		expect(dutyGaps(account, shifts, utc(2026, 10, 27, 4), utc(2026, 10, 29, 4))).toEqual([
			{ from: utc(2026, 10, 27, 4), to: utc(2026, 10, 27, 13) },
			{ from: utc(2026, 10, 27, 21), to: utc(2026, 10, 28, 13) },
			{ from: utc(2026, 10, 29, 2), to: utc(2026, 10, 29, 4) }, // Wed 22:00 → midnight
		]);
	});
	it("handles a month with fifty shifts", () => {
		// One-hour weekday shifts, two for every hour of the day but 03:00–04:00 (46 of them).
		const shifts: Shift[] = [];
		for (let i = 0; i < 50; i++) {
			const h = i % 25;
			if (h === 3 || h === 24) continue;
			const start = `${String(h).padStart(2, "0")}:00`;
			const end = `${String((h + 1) % 24).padStart(2, "0")}:00`;
			shifts.push(shift(`s-${i}`, `m-${i}`, { start, end }));
		}
		expect(shifts.length).toBe(46);
		// October 2026 in New York, all EDT: the 03:00–04:00 hour of each weekday, and weekends.
		const gaps = dutyGaps(account, shifts, utc(2026, 10, 1, 4), utc(2026, 11, 1, 4));
		const weekdays = 22; // 1–31 Oct 2026: Thu 1 … Sat 31, 22 weekdays
		const weekends = 4; // 3–4, 10–11, 17–18, 24–25 Oct; Sat 31 runs to the end of the window
		expect(gaps.length).toBe(weekdays + weekends + 1);
		expect(gaps[0]).toEqual({ from: utc(2026, 10, 1, 7), to: utc(2026, 10, 1, 8) });
		expect(gaps.at(-1)).toEqual({ from: utc(2026, 10, 31, 4), to: utc(2026, 11, 1, 4) });
		// Friday 2 Oct ends at midnight, the weekend gap runs to Monday 5 Oct 00:00 and 03:00 is a gap again.
		expect(gaps).toContainEqual({ from: utc(2026, 10, 3, 4), to: utc(2026, 10, 5, 4) });
	});
});
