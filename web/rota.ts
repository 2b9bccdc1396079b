/**
 * The rota page's week: for each account, who answers for it when, day by day in the workspace's zone.
 * Every answer comes from the services' dutyOf (the rule scheduling and publishing apply); this file
 * only finds the instants where the answer can change (shift starts and ends, midnights) and asks there.
 */
import type { AccountRow } from "../db/queries/accounts";
import { shiftOccurrences } from "../domain/rota";
import { addDays, startOfLocalDay, utcToLocal } from "../domain/time";
import { dutyOf, type Rota } from "../functions/services/scheduling";

export type Stretch = {
	from: number;
	to: number;
	/** Minutes after local midnight, 0–1440, for drawing the day's bar. */
	startMinute: number;
	endMinute: number;
	/** "09:00", and "24:00" for a stretch that runs to midnight. */
	startLabel: string;
	endLabel: string;
	responsible: string | null;
	reason: "owner" | "shift" | "open" | "gap";
	alsoOnDuty: string[];
};

export type RotaDay = { date: string; from: number; to: number; stretches: Stretch[] };

export type Gap = { from: number; to: number };

const minuteOf = (ms: number, day: RotaDay, zone: string): number => {
	if (ms <= day.from) return 0;
	if (ms >= day.to) return 1440;
	const local = utcToLocal(ms, zone);
	if (local.date !== day.date) return local.date < day.date ? 0 : 1440;
	const [h = 0, m = 0] = local.time.split(":").map(Number);
	return h * 60 + m;
};

/** The seven local days of the week starting `monday`, as instants in `zone`. */
export function weekDays(monday: string, zone: string): { date: string; from: number; to: number }[] {
	return Array.from({ length: 7 }, (_, i) => {
		const date = addDays(monday, i);
		return { date, from: startOfLocalDay(date, zone), to: startOfLocalDay(addDays(date, 1), zone) };
	});
}

/** Who answers for `acc` through each day: maximal stretches with one answer, gaps included. */
export function accountWeek(
	rota: Rota,
	acc: Pick<AccountRow, "id" | "postingPolicy" | "ownerId">,
	days: { date: string; from: number; to: number }[],
	zone: string,
): RotaDay[] {
	const weekFrom = days[0]?.from ?? 0;
	const weekTo = days.at(-1)?.to ?? 0;
	// Where the answer may change: every shift's starts and ends (any shift; extra points only split
	// stretches that are merged again below) and every midnight.
	const points = new Set<number>();
	if (acc.postingPolicy === "shift") {
		for (const s of rota.shifts) {
			for (const o of shiftOccurrences(s, weekFrom, weekTo)) points.add(o.start).add(o.end);
		}
	}
	return days.map((d) => {
		const cuts = [d.from, ...[...points].filter((p) => p > d.from && p < d.to), d.to].sort((a, b) => a - b);
		const day: RotaDay = { ...d, stretches: [] };
		for (let i = 0; i + 1 < cuts.length; i++) {
			const from = cuts[i]!;
			const to = cuts[i + 1]!;
			if (to <= from) continue;
			const duty = dutyOf(rota, acc, from);
			const last = day.stretches.at(-1);
			if (last && last.responsible === duty.responsible && last.reason === duty.reason && last.alsoOnDuty.join() === duty.alsoOnDuty.join()) {
				last.to = to;
				continue;
			}
			day.stretches.push({
				from,
				to,
				startMinute: 0,
				endMinute: 0,
				startLabel: "",
				endLabel: "",
				responsible: duty.responsible,
				reason: duty.reason,
				alsoOnDuty: duty.alsoOnDuty,
			});
		}
		for (const s of day.stretches) {
			s.startMinute = minuteOf(s.from, day, zone);
			s.endMinute = Math.max(s.startMinute, minuteOf(s.to, day, zone));
			s.startLabel = s.from <= day.from ? "00:00" : utcToLocal(s.from, zone).time;
			s.endLabel = s.to >= day.to ? "24:00" : utcToLocal(s.to, zone).time;
		}
		return day;
	});
}

/** The week's gaps, joined across midnight: nobody answers for the account from `from` to `to`. */
export function weekGaps(days: RotaDay[]): Gap[] {
	const gaps: Gap[] = [];
	for (const s of days.flatMap((d) => d.stretches)) {
		if (s.responsible !== null || s.reason === "open") continue;
		const last = gaps.at(-1);
		if (last && last.to === s.from) last.to = s.to;
		else gaps.push({ from: s.from, to: s.to });
	}
	return gaps;
}
