/**
 * Who answers for each account at the time being drafted, in words, for the compose form. The page and
 * POST /compose/count both use this, with the rota the services load (loadRota, dutyOf) and the
 * status rule scheduling applies (decideSchedule), so the hint says what scheduling will do.
 */
import type { AccountRow } from "../db/queries/accounts";
import type { Role } from "../domain/permissions";
import { decideSchedule } from "../domain/responsibility";
import { localToUtc, utcToLocal } from "../domain/time";
import { dutyOf, type Rota } from "../functions/services/scheduling";
import { formatShortDay } from "./format";

export type DutyLine = {
	accountId: string;
	handle: string;
	/** self: the drafter answers; other: someone else must approve; gap: nobody on duty; open: anyone may post. */
	tone: "self" | "other" | "gap" | "open";
	/** Ready to show, e.g. "Sat 8 Nov, 12:00 in New York: Bob Weekend is on duty; this post will need their approval". */
	text: string;
};

/** "America/New_York" → "New York", "UTC" → "UTC": how people name a zone. */
export const placeOf = (zone: string) => (zone.split("/").at(-1) ?? zone).replace(/_/g, " ");

/** "Sat 8 Nov, 12:00 in New York" */
export function localMoment(ms: number, zone: string): string {
	const local = utcToLocal(ms, zone);
	return `${formatShortDay(local.date)}, ${local.time} in ${placeOf(zone)}`;
}

/** The instant the form's "Schedule at" date and time name in `zone`, or null while they are incomplete. */
export function formInstant(date: string, time: string, zone: string | undefined): number | null {
	if (!date || !time || !zone) return null;
	try {
		return localToUtc(date, time, zone);
	} catch {
		return null;
	}
}

const managerApproval = "this post will need a manager’s approval";

export function dutyLines(rota: Rota, actor: { id: string; role: Role }, accounts: readonly AccountRow[], at: number): DutyLine[] {
	const name = (id: string) => rota.members.get(id)?.name ?? "a former member";
	return accounts.map((acc) => {
		const duty = dutyOf(rota, acc, at);
		const decision = decideSchedule(actor, duty, (id) => rota.members.get(id)?.role);
		const pending = decision.status === "pending_approval";
		const also = duty.alsoOnDuty.length ? ` (also on duty: ${duty.alsoOnDuty.map(name).join(", ")})` : "";
		const line = (tone: DutyLine["tone"], what: string): DutyLine => ({
			accountId: acc.id,
			handle: acc.handle,
			tone,
			text: `${localMoment(at, acc.timezone)}: ${what}`,
		});
		if (duty.reason === "open") return line("open", pending ? `open account; as an author, ${managerApproval}` : "open account, anyone may post");
		if (duty.responsible === null) {
			const what = duty.reason === "gap" && acc.postingPolicy === "owner" ? "this account has no owner" : "nobody is on duty (gap)";
			return line("gap", pending ? `${what}; ${managerApproval}` : `${what}; it will be scheduled with a warning`);
		}
		const owns = duty.reason === "owner";
		if (duty.responsible === actor.id) {
			const what = owns ? "you own this account" : `you are on duty${also}`;
			return line("self", pending ? `${what}; as an author, ${managerApproval}` : what);
		}
		const who = name(duty.responsible);
		const what = owns ? `${who} owns this account` : `${who} is on duty${also}`;
		const approval = decision.approvalFrom === duty.responsible ? "this post will need their approval" : managerApproval;
		return line("other", `${what}; ${approval}`);
	});
}
