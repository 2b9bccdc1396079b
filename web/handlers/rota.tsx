/**
 * The rota page: who answers for each account through a week, the gaps, and (for those who may manage
 * members) the shift forms. The forms call the same services as POST/PATCH/DELETE /api/v1/shifts.
 */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { getMember } from "../../db/queries/members";
import { getShift } from "../../db/queries/shifts";
import { can } from "../../domain/permissions";
import { addDays, utcToLocal } from "../../domain/time";
import { forbidden } from "../../functions/errors";
import { weekStart } from "../../functions/services/calendar";
import { loadRota } from "../../functions/services/scheduling";
import { createShift, deleteShift, updateShift } from "../../functions/services/shifts";
import type { Who } from "../components/rota-timeline";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, readForm } from "../form";
import { formatShortDay, isPlainDate } from "../format";
import { ConfirmPage, confirmed } from "../pages/confirm";
import { type AccountWeek, RotaPage } from "../pages/rota";
import { accountWeek, type Gap, weekDays, weekGaps } from "../rota";
import { blankShift, createInput, patchInput, readShiftForm, type ShiftValues, shiftFields } from "../shifts";

const notices: Record<string, string> = {
	added: "Shift added.",
	saved: "Shift saved.",
	deleted: "Shift deleted.",
};

type Extra = {
	notice?: string;
	error?: FormErrors;
	add?: { values: ShiftValues; errors?: FormErrors };
	edit?: { id: string; values: ShiftValues; errors?: FormErrors };
};

/** Every IANA zone the runtime knows, for the time-zone field's suggestions. */
function knownZones(): string[] {
	try {
		return Intl.supportedValuesOf("timeZone");
	} catch {
		return [];
	}
}

/** "Mon 3 Nov 00:00–09:00", "Fri 7 Nov 17:00 – Sat 8 Nov 09:00": a gap in words, in `zone`. */
function gapLabel(g: Gap, zone: string): string {
	const from = utcToLocal(g.from, zone);
	const to = utcToLocal(g.to, zone);
	// A gap that ends at midnight ends at 24:00 of the day before, not 00:00 of the next.
	const [toDate, toTime] = to.time === "00:00" ? [addDays(to.date, -1), "24:00"] : [to.date, to.time];
	if (toDate === from.date) return `${formatShortDay(from.date)} ${from.time}–${toTime}`;
	return `${formatShortDay(from.date)} ${from.time} – ${formatShortDay(toDate)} ${toTime}`;
}

/** The week a form posted from (a hidden field), else the current one. */
const weekOf = (c: WebContext, value: string | undefined) => weekStart(isPlainDate(value) ? value : utcToLocal(c.get("now"), c.get("workspace").timezone).date);

async function render(c: WebContext, week: string, extra: Extra = {}) {
	const ctx = ctxOf(c);
	const ws = c.get("workspace");
	const zone = ws.timezone;
	const [accounts, rota] = await Promise.all([listAccounts(ctx.db, ws.id), loadRota(ctx.db, ws.id)]);
	const members = [...rota.members.values()];
	const order = new Map(members.map((m, i) => [m.id, i]));
	const who: Who = {
		name: (id) => rota.members.get(id)?.name ?? "(former member)",
		color: (id) => order.get(id) ?? members.length,
	};
	const days = weekDays(week, zone);
	const weeks: AccountWeek[] = accounts
		.filter((a) => a.postingPolicy !== "open")
		.map((account) => {
			const d = accountWeek(rota, account, days, zone);
			return {
				account,
				days: d,
				gaps: weekGaps(d).map((g) => ({ ...g, label: gapLabel(g, zone) })),
				ownerName: account.ownerId ? who.name(account.ownerId) : null,
			};
		});
	const now = utcToLocal(ctx.now, zone);
	const [h = 0, m = 0] = now.time.split(":").map(Number);
	const link = (w: string | null) => (w ? `/rota?week=${w}` : "/rota");
	const canManage = can(ctx.actor.role, "manage_members");
	const status = extra.add?.errors?.status ?? extra.edit?.errors?.status ?? extra.error?.status ?? 200;
	return c.html(
		<RotaPage
			viewer={viewerOf(c)}
			week={week}
			timezone={zone}
			today={now.date}
			nowMinute={h * 60 + m}
			nav={{ prev: link(addDays(week, -7)), next: link(addDays(week, 7)), today: link(null) }}
			weeks={weeks}
			openAccounts={accounts.filter((a) => a.postingPolicy === "open")}
			accounts={accounts}
			members={members.map((x) => ({ id: x.id, name: x.name, role: x.role }))}
			who={who}
			shifts={rota.shifts}
			canManage={canManage}
			zones={canManage ? knownZones() : []}
			notice={extra.notice}
			error={extra.error}
			add={extra.add ?? { values: blankShift(zone) }}
			edit={extra.edit}
		/>,
		status,
	);
}

/** Changing the rota needs the same permission as the API's; said before anything is validated. */
function mayManage(c: WebContext) {
	if (!can(c.get("actor").role, "manage_members")) throw forbidden("Only owners and managers can change the rota");
}

export const rotaPages = new Hono<WebEnv>()
	.get("/rota", signedIn, (c) => {
		const q = c.req.query();
		return render(c, weekOf(c, q.week), { notice: notices[q.done ?? ""] });
	})
	.post("/rota/shifts", signedIn, async (c) => {
		const form = await readForm(c.req);
		const week = weekOf(c, field(form, "week"));
		const values = readShiftForm(form);
		const result = await attempt(async () => {
			mayManage(c);
			return createShift(ctxOf(c), createInput(values));
		}, shiftFields);
		if ("errors" in result) {
			if (result.errors.status === 403) return render(c, week, { error: result.errors });
			return render(c, week, { add: { values, errors: result.errors } });
		}
		return c.redirect(`/rota?week=${week}&done=added#shift-${encodeURIComponent(result.ok.id)}`, 303);
	})
	.post("/rota/shifts/:id", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const week = weekOf(c, field(form, "week"));
		const values = readShiftForm(form);
		const result = await attempt(async () => {
			mayManage(c);
			return updateShift(ctxOf(c), id, patchInput(values));
		}, shiftFields);
		if ("errors" in result) {
			// A shift that is gone has no form to mark: say so at the top.
			if (result.errors.status === 404 || result.errors.status === 403) return render(c, week, { error: result.errors });
			return render(c, week, { edit: { id, values, errors: result.errors } });
		}
		return c.redirect(`/rota?week=${week}&done=saved#shift-${encodeURIComponent(id)}`, 303);
	})
	.post("/rota/shifts/:id/delete", signedIn, async (c) => {
		const form = await readForm(c.req);
		const week = weekOf(c, field(form, "week"));
		const id = c.req.param("id");
		if (!confirmed(form) && can(c.get("actor").role, "manage_members")) {
			const ctx = ctxOf(c);
			const found = await getShift(ctx.db, ctx.actor.workspaceId, id);
			const who = found && (await getMember(ctx.db, ctx.actor.workspaceId, found.memberId));
			if (found)
				return c.html(
					<ConfirmPage
						viewer={viewerOf(c)}
						confirmation={{
							title: "Delete this shift?",
							consequence: (
								<p>
									<strong>
										Delete {who?.name ?? "a former member"}'s shift, {found.start}–{found.end} ({found.timezone})
									</strong>
									{found.validFrom ? `, cover from ${found.validFrom} to ${found.validTo ?? "open end"}` : ", every week"}: the hours it covered become gaps on
									the rota unless another shift covers them.
								</p>
							),
							action: `/rota/shifts/${encodeURIComponent(id)}/delete`,
							fields: { week },
							confirmLabel: "Yes, delete the shift",
							backLabel: "No, keep it",
							back: `/rota?week=${week}#shift-${encodeURIComponent(id)}`,
						}}
					/>,
				);
		}
		const result = await attempt(async () => {
			mayManage(c);
			await deleteShift(ctxOf(c), id);
		});
		if ("errors" in result) return render(c, week, { error: result.errors });
		return c.redirect(`/rota?week=${week}&done=deleted#shifts`, 303);
	});
