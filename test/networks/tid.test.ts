import { describe, expect, it } from "vitest";
import { decodeTid, encodeTid, newTid, tidPattern } from "../../functions/networks/tid";

describe("TIDs", () => {
	it("encodes 53 bits of microseconds and 10 bits of clock id as 13 base32-sortable characters", () => {
		expect(encodeTid(0, 0)).toBe("2222222222222");
		// 2024-11-26T10:00:00Z; the values were computed independently with Python big integers.
		expect(encodeTid(1_732_615_200_000_000, 0)).toBe("3lbtrosim2222");
		expect(encodeTid(1_732_615_200_000_000, 1023)).toBe("3lbtrosim22zz");
		expect(encodeTid(Number.MAX_SAFE_INTEGER, 1023)).toBe("bzzzzzzzzzzzz");
	});

	it("decodes what it encodes", () => {
		expect(decodeTid(encodeTid(1_764_151_200_123_456, 517))).toEqual({ micros: 1_764_151_200_123_456, clockId: 517 });
		expect(decodeTid("not-a-tid")).toBeNull();
		expect(decodeTid("k222222222222")).toBeNull(); // the top bit must be 0
	});

	it("refuses values that do not fit", () => {
		expect(() => encodeTid(-1, 0)).toThrow(RangeError);
		expect(() => encodeTid(1, 1024)).toThrow(RangeError);
	});

	it("makes TIDs in the atproto format, from the given time", () => {
		const nowMs = Date.parse("2026-11-26T10:00:00.000Z");
		const tid = newTid(nowMs + 60_000);
		expect(tid).toMatch(tidPattern);
		expect(tid).toHaveLength(13);
		const parts = decodeTid(tid)!;
		expect(Math.floor(parts.micros / 1000)).toBe(nowMs + 60_000);
		expect(parts.clockId).toBeGreaterThanOrEqual(0);
		expect(parts.clockId).toBeLessThan(1024);
	});

	it("is strictly increasing within an isolate, even for the same millisecond or a clock step back", () => {
		const nowMs = Date.parse("2026-11-26T11:00:00.000Z");
		const tids = [newTid(nowMs), newTid(nowMs), newTid(nowMs), newTid(nowMs - 5_000), newTid(nowMs + 1)];
		for (let i = 1; i < tids.length; i++) expect(tids[i]! > tids[i - 1]!).toBe(true);
		expect(new Set(tids).size).toBe(tids.length);
	});

	it("sorts as strings in time order", () => {
		const times = [0, 1, 999, 1_000_000, 1_732_615_200_000_000, 1_764_151_200_000_000, Number.MAX_SAFE_INTEGER];
		const tids = times.map((micros) => encodeTid(micros, 7));
		expect([...tids].sort()).toEqual(tids);
	});
});
