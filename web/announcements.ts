/**
 * The announcement pages' forms: a new announcement in the main account's zone, and a variant's edit
 * in its own account's zone, both as the services' input (createAnnouncement, editPost).
 */
import { z } from "zod";
import type { AccountRow } from "../db/queries/accounts";
import { localToUtc } from "../domain/time";
import { ApiError, type Issue } from "../functions/errors";
import type { AnnouncementInput } from "../functions/services/announcements";
import type { When } from "../functions/services/posts";
import { toIssues } from "../functions/validation";
import type { EditValues } from "./components/edit-form";
import { holdText } from "./publishing";

export type NewAnnouncementValues = {
	mainAccountId: string;
	body: string;
	link: string;
	/** One per line. */
	facts: string;
	date: string;
	time: string;
	localAccountIds: string[];
	embargoDate: string;
	embargoTime: string;
};

/** The form's field names the services' errors are placed on; the rest goes to the top. */
export const newAnnouncementFields = ["mainAccountId", "body", "link", "facts", "when", "localAccountIds", "embargoUntil", "accountIds"] as const;

const httpUrl = z.url({ protocol: /^https?$/ });
const schema = z.object({
	mainAccountId: z.string().min(1, "Choose the main account"),
	body: z.string().trim().min(1, "Write the main post").max(100_000, "At most 100,000 characters"),
	link: z
		.string()
		.max(2048)
		.refine((v) => v === "" || httpUrl.safeParse(v).success, "An http(s) URL, e.g. https://example.com/page"),
	facts: z.array(z.string().max(200, "At most 200 characters per fact")).max(50, "At most 50 facts"),
	localAccountIds: z.array(z.string().max(64)).max(50, "At most 50 local accounts"),
});

/** The accounts whose parent is `mainId`: the local accounts an announcement defaults to. */
export const childrenOf = (accounts: AccountRow[], mainId: string) => accounts.filter((a) => a.parentId === mainId && a.id !== mainId).map((a) => a.id);

/** The main account a new announcement starts from: the one asked for, else the first with local accounts, else the first. */
export function defaultMain(accounts: AccountRow[], asked?: string): AccountRow | undefined {
	return accounts.find((a) => a.id === asked) ?? accounts.find((a) => accounts.some((b) => b.parentId === a.id)) ?? accounts[0];
}

const problem = (issues: Issue[]) => new ApiError(400, "validation_failed", "Please correct the marked fields", { issues });

function instant(date: string, time: string, zone: string, path: string, what: string): number | null | Issue {
	if (!date && !time) return null;
	if (!date || !time) return { path: [path], message: `Enter both a date and a time for ${what}` };
	try {
		return localToUtc(date, time, zone);
	} catch {
		return { path: [path], message: "Enter a date (YYYY-MM-DD) and a time (HH:MM)" };
	}
}

/** The form as createAnnouncement's input; times are read in the main account's zone. */
export function announcementInput(v: NewAnnouncementValues, accounts: AccountRow[]): AnnouncementInput {
	const facts = v.facts
		.split(/\r?\n/)
		.map((s) => s.trim())
		.filter((s) => s !== "");
	const parsed = schema.safeParse({ ...v, facts });
	const issues: Issue[] = parsed.success ? [] : toIssues(parsed.error);
	const main = accounts.find((a) => a.id === v.mainAccountId);
	const zone = main?.timezone ?? "UTC";
	const at = instant(v.date, v.time, zone, "when", "the main post");
	if (at === null) issues.push({ path: ["when"], message: "Enter the date and time the main post goes out" });
	else if (typeof at === "object") issues.push(at);
	const embargo = instant(v.embargoDate, v.embargoTime, zone, "embargoUntil", "the embargo");
	if (embargo !== null && typeof embargo === "object") issues.push(embargo);
	if (issues.length || !parsed.success) throw problem(issues);
	return {
		mainAccountId: v.mainAccountId,
		body: v.body,
		link: v.link || null,
		facts,
		scheduledAt: at as number,
		localAccountIds: v.localAccountIds,
		embargoUntil: (embargo as number | null) ?? null,
	};
}

/** A variant card's date and time: unchanged keeps the stored instant, both empty removes it. */
export function variantWhen(v: EditValues, zone: string): When | undefined {
	if (v.date === v.shownDate && v.time === v.shownTime) return undefined;
	if (!v.date && !v.time) return null;
	if (!v.date || !v.time) throw problem([{ path: ["when"], message: "Enter both a date and a time, or neither" }]);
	try {
		return { scheduledAt: localToUtc(v.date, v.time, zone) };
	} catch {
		throw problem([{ path: ["when"], message: "Enter a date (YYYY-MM-DD) and a time (HH:MM)" }]);
	}
}

const holds: Record<string, string> = {
	waiting_for_main_post: "Waiting for the main post to go out",
	embargo: "Held until the embargo ends",
};

/** Why a scheduled post waits, in words. */
export const holdReasonText = (reason: string) => holds[reason] ?? holdText(reason);

export const factKindLabels: Record<string, string> = {
	link: "Link",
	date: "Date",
	price: "Price",
	percent: "Percentage",
	code: "Code",
	number: "Number",
};
