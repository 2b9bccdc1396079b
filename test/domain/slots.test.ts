import { describe, expect, it } from "vitest";
import { nextFreeSlot, type Slot, slotInstants } from "../../domain/slots";

const ny = "America/New_York";
const berlin = "Europe/Berlin";
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const free = () => false;

// 2026: New York falls back on Sun 1 November and springs forward on Sun 8 March;
// Berlin springs forward on Sun 29 March (02:00 → 03:00 local, at 01:00Z).
const monday9: Slot[] = [{ weekday: 1, time: "09:00" }];

describe("nextFreeSlot", () => {
	it("keeps a Monday 09:00 slot at 09:00 local across the fall-back", () => {
		// Tue 20 Oct 2026 12:00Z → Mon 26 Oct 09:00 EDT, then Mon 2 Nov 09:00 EST.
		const first = nextFreeSlot(monday9, ny, utc(2026, 10, 20, 12), free);
		expect(first).toBe(utc(2026, 10, 26, 13));
		expect(nextFreeSlot(monday9, ny, first!, free)).toBe(utc(2026, 11, 2, 14));
	});
	it("keeps it across the spring-forward", () => {
		expect(nextFreeSlot(monday9, ny, utc(2026, 2, 28), free)).toBe(utc(2026, 3, 2, 14));
		expect(nextFreeSlot(monday9, ny, utc(2026, 3, 2, 14), free)).toBe(utc(2026, 3, 9, 13));
	});
	it("is strictly after afterMs, including later the same local day", () => {
		// 00:00Z on Tue 20 Oct is still Monday 19 Oct 20:00 in New York, past that day's 09:00.
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 20), free)).toBe(utc(2026, 10, 26, 13));
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 26, 12, 59), free)).toBe(utc(2026, 10, 26, 13));
	});
	it("skips taken slots", () => {
		const taken = new Set([utc(2026, 10, 26, 13)]);
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 20, 12), (ms) => taken.has(ms))).toBe(utc(2026, 11, 2, 14));
	});
	it("orders several slots a week", () => {
		const slots: Slot[] = [
			{ weekday: 3, time: "12:30" },
			{ weekday: 1, time: "17:00" },
			{ weekday: 1, time: "09:00" },
		];
		// Mon 26 Oct 10:00 EDT: 17:00 EDT (21:00Z) the same day, then Wed 28 Oct 12:30 EDT (16:30Z).
		const after = utc(2026, 10, 26, 14);
		expect(nextFreeSlot(slots, ny, after, free)).toBe(utc(2026, 10, 26, 21));
		expect(nextFreeSlot(slots, ny, after, (ms) => ms === utc(2026, 10, 26, 21))).toBe(utc(2026, 10, 28, 16, 30));
	});
	it("moves a slot in the spring-forward gap past it, and counts it once", () => {
		const slots: Slot[] = [
			{ weekday: 7, time: "02:30" },
			{ weekday: 7, time: "03:30" },
		];
		// Sun 29 March: 02:30 does not exist in Berlin and becomes 03:30 CEST, the same instant as the other slot.
		const seen: number[] = [];
		const taken = (ms: number) => {
			seen.push(ms);
			return ms === utc(2026, 3, 29, 1, 30);
		};
		expect(nextFreeSlot(slots, berlin, utc(2026, 3, 28), taken)).toBe(utc(2026, 4, 5, 0, 30));
		expect(seen).toEqual([utc(2026, 3, 29, 1, 30), utc(2026, 4, 5, 0, 30)]);
	});
	it("returns null with no slots, with everything taken, or beyond the horizon", () => {
		expect(nextFreeSlot([], ny, utc(2026, 10, 20), free)).toBeNull();
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 20), () => true)).toBeNull();
		// From Mon 19 Oct evening local: 3 days ahead holds no Monday, 7 days reaches Mon 26 Oct.
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 20), free, 3)).toBeNull();
		expect(nextFreeSlot(monday9, ny, utc(2026, 10, 20), free, 7)).toBe(utc(2026, 10, 26, 13));
	});
	it("rejects malformed slots", () => {
		expect(() => nextFreeSlot([{ weekday: 0, time: "09:00" }], ny, 0, free)).toThrow(RangeError);
		expect(() => nextFreeSlot([{ weekday: 8, time: "09:00" }], ny, 0, free)).toThrow(RangeError);
		expect(() => nextFreeSlot([{ weekday: 1, time: "9am" }], ny, 0, free)).toThrow(RangeError);
	});
});

describe("slotInstants", () => {
	const slots: Slot[] = [
		{ weekday: 5, time: "17:00" },
		{ weekday: 1, time: "09:00" },
	];
	it("lists the slots in [from, to), sorted, across the fall-back", () => {
		// From Sat 24 Oct 00:00Z (Fri 23 Oct 20:00 EDT, after that Friday's slot) to Sun 8 Nov 00:00Z.
		expect(slotInstants(slots, ny, utc(2026, 10, 24), utc(2026, 11, 8))).toEqual([
			utc(2026, 10, 26, 13), // Mon 09:00 EDT
			utc(2026, 10, 30, 21), // Fri 17:00 EDT
			utc(2026, 11, 2, 14), // Mon 09:00 EST
			utc(2026, 11, 6, 22), // Fri 17:00 EST
		]);
	});
	it("includes from and excludes to", () => {
		expect(slotInstants(slots, ny, utc(2026, 10, 26, 13), utc(2026, 11, 6, 22))).toEqual([utc(2026, 10, 26, 13), utc(2026, 10, 30, 21), utc(2026, 11, 2, 14)]);
	});
	it("is empty with no slots or an empty range", () => {
		expect(slotInstants([], ny, utc(2026, 1, 1), utc(2026, 2, 1))).toEqual([]);
		expect(slotInstants(slots, ny, utc(2026, 2, 1), utc(2026, 1, 1))).toEqual([]);
	});
	it("agrees with nextFreeSlot", () => {
		const after = utc(2026, 10, 24);
		const [first] = slotInstants(slots, ny, after + 1, after + 14 * 86_400_000);
		expect(nextFreeSlot(slots, ny, after, free)).toBe(first);
	});
});
