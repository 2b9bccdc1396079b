/** Plain-English pieces of a report's sentences. English only for now, like the rest of the UI. */
import { weekdayOf } from "../time";
import type { Metric } from "./model";

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export const weekdayName = (date: string) => weekdays[weekdayOf(date) - 1]!;

/** "Tue 3 Mar" */
export const shortDate = (date: string) => `${weekdayName(date).slice(0, 3)} ${Number(date.slice(8, 10))} ${months[Number(date.slice(5, 7)) - 1]}`;

export const metricNames: Record<Metric, { noun: string; plural: boolean }> = {
	followers: { noun: "Followers", plural: true },
	followerGain: { noun: "Follower growth", plural: false },
	impressions: { noun: "Impressions", plural: true },
	engagements: { noun: "Engagement", plural: false },
	clicks: { noun: "Clicks", plural: true },
	engagementRate: { noun: "Engagement rate", plural: false },
	mentions: { noun: "Mentions", plural: true },
};

export const formatCount = (n: number) => Math.round(n).toLocaleString("en-US");

export function formatRatio(ratio: number): string {
	return ratio >= 10 ? `${Math.round(ratio)}×` : `${Math.round(ratio * 10) / 10}×`;
}

/** "9× the usual Tuesday", "35% of the usual Saturday", "40 against a usual Tuesday of 0". */
export function comparedWithUsual(value: number, usual: number, basis: "weekday" | "recent" | "posts", date: string, unit = ""): string {
	const usualText = basis === "weekday" ? `the usual ${weekdayName(date)}` : basis === "posts" ? "the account's usual post" : "the recent daily usual";
	if (usual > 0 && value >= 0) {
		const ratio = value / usual;
		if (ratio >= 1.5) return `${formatRatio(ratio)} ${usualText}`;
		return `${Math.round(ratio * 100)}% of ${usualText}`;
	}
	const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));
	const shortUsual = basis === "weekday" ? `a usual ${weekdayName(date)}` : basis === "posts" ? "a usual post" : "a recent daily usual";
	return `${signed(value)}${unit} against ${shortUsual} of ${signed(usual)}${unit}`;
}

/** A post as quoted in a sentence: its first words. */
export function quote(body: string, max = 48): string {
	const flat = body.replace(/\s+/g, " ").trim();
	return `“${flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat}”`;
}

export function clock(ms: number, zone: string): string {
	return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
}
