/** Numbers as a report shows them. */
import { formatDuration } from "./format";

export const fmtCount = (v: number | null | undefined) => (v === null || v === undefined ? "—" : Math.round(v).toLocaleString("en-US"));
export const fmtRate = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(2)}%`);
export const fmtChange = (v: number | null | undefined) =>
	v === null || v === undefined ? "no comparison" : `${v >= 0 ? "+" : "−"}${Math.abs(Math.round(v * 1000) / 10)}%`;
export const changeClass = (v: number | null | undefined) => (v === null || v === undefined ? "flat" : v > 0.005 ? "up" : v < -0.005 ? "down" : "flat");
export const fmtWait = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));
/** "3 Mar" or "Mar 2026" for a trend period's label. */
export function periodLabel(start: string, cadence: string): string {
	const d = new Date(`${start}T12:00:00Z`);
	if (cadence === "monthly") return d.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
	return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}
