import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { Shift } from "../../domain/rota";
import { Banner } from "../components/messages";
import { RotaDefs, RotaTimeline, type Who } from "../components/rota-timeline";
import { type MemberOption, ShiftForm } from "../components/shift-form";
import { placeOf } from "../duty";
import type { FormErrors } from "../form";
import { formatDay, formatDuration } from "../format";
import { Layout, type Viewer } from "../layout";
import type { Gap, RotaDay } from "../rota";
import { describeHours, describeWeekdays, type ShiftValues, shiftValuesOf } from "../shifts";

export type AccountWeek = { account: AccountRow; days: RotaDay[]; gaps: (Gap & { label: string })[]; ownerName: string | null };

type Props = {
	viewer?: Viewer;
	/** Monday of the week shown. */
	week: string;
	timezone: string;
	today: string;
	/** Minutes after midnight now, for the marker on today's bar. */
	nowMinute: number | null;
	nav: { prev: string; next: string; today: string };
	weeks: AccountWeek[];
	openAccounts: AccountRow[];
	accounts: AccountRow[];
	members: MemberOption[];
	who: Who;
	shifts: Shift[];
	canManage: boolean;
	zones: string[];
	notice?: string;
	error?: FormErrors;
	add: { values: ShiftValues; errors?: FormErrors };
	edit?: { id: string; values: ShiftValues; errors?: FormErrors };
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Summary({ weeks }: { weeks: AccountWeek[] }) {
	if (weeks.length === 0) return null;
	const uncovered = weeks.filter((w) => w.gaps.length > 0);
	if (uncovered.length === 0) return <p class="rota-summary ok">Every account on the rota has someone on duty all week.</p>;
	const total = uncovered.reduce((sum, w) => sum + w.gaps.reduce((s, g) => s + (g.to - g.from), 0), 0);
	return (
		<p class="rota-summary bad">
			{`${plural(uncovered.length, "account has", "accounts have")} gaps this week: ${formatDuration(total)} in total with nobody on duty. `}
			<span class="muted">Posts scheduled into a gap go out with a warning and no one to answer replies.</span>
		</p>
	);
}

function Legend({ members, who }: { members: MemberOption[]; who: Who }) {
	return (
		<ul class="rota-legend" aria-label="Colours">
			{members.map((m) => (
				<li>
					<span class={`swatch m${who.color(m.id) % 8}`} aria-hidden="true" />
					{m.name}
				</li>
			))}
			<li>
				<span class="swatch gap" aria-hidden="true" />
				Nobody on duty (gap)
			</li>
		</ul>
	);
}

function AccountSection({ w, who, today, nowMinute }: { w: AccountWeek; who: Who; today: string; nowMinute: number | null }) {
	const a = w.account;
	const policy = a.postingPolicy === "owner" ? (w.ownerName ? `Owner: ${w.ownerName}` : "Owner policy, but no owner set") : "On the rota";
	return (
		<section class="card rota-account" aria-label={a.handle}>
			<div class="rota-account-head">
				<h2>
					<span class={`net net-${a.network}`}>{networkNames[a.network]}</span> {a.handle}
				</h2>
				<span class="muted">
					{policy} · account in {placeOf(a.timezone)}
				</span>
			</div>
			<RotaTimeline days={w.days} who={who} today={today} nowMinute={nowMinute} />
			{w.gaps.length > 0 ? (
				<div class="gap-list">
					<strong>{`Nobody on duty (${plural(w.gaps.length, "gap", "gaps")}):`}</strong>
					<ul>
						{w.gaps.map((g) => (
							<li>
								{g.label} <span class="muted">({formatDuration(g.to - g.from)})</span>
							</li>
						))}
					</ul>
				</div>
			) : (
				<p class="covered">Covered all week.</p>
			)}
		</section>
	);
}

function ShiftItem({ s, p }: { s: Shift; p: Props }) {
	const handles = new Map(p.accounts.map((a) => [a.id, a.handle]));
	const editing = p.edit?.id === s.id ? p.edit : undefined;
	const cover = s.validFrom !== null || s.validTo !== null;
	const dates = !cover
		? ""
		: s.validFrom === s.validTo
			? `on ${formatDay(s.validFrom!)}`
			: s.validFrom && s.validTo
				? `${formatDay(s.validFrom)} – ${formatDay(s.validTo)}`
				: s.validFrom
					? `from ${formatDay(s.validFrom)}`
					: `until ${formatDay(s.validTo!)}`;
	const values = editing?.values ?? shiftValuesOf(s);
	const summary = (
		<span class="shift-summary">
			<span class={`swatch m${p.who.color(s.memberId) % 8}`} aria-hidden="true" />
			<strong class="shift-who">{p.who.name(s.memberId)}</strong>
			<span class="shift-when">
				{describeWeekdays(s.weekdays)} · {describeHours(s)} <span class="muted">{s.timezone}</span>
			</span>
			<span class="shift-where">{s.accountIds === null ? "All accounts" : s.accountIds.map((id) => handles.get(id) ?? "(deleted account)").join(", ")}</span>
			{cover && <span class="badge cover-badge">{`Cover ${dates}`}</span>}
		</span>
	);
	return (
		<li class={cover ? "shift cover" : "shift"} id={`shift-${s.id}`}>
			{p.canManage ? (
				<details class="shift-edit" open={editing !== undefined}>
					<summary>
						{summary}
						<span class="edit-toggle">Edit</span>
					</summary>
					{editing?.errors && <Banner text={editing.errors.message} kind="error" />}
					<ShiftForm
						action={`/rota/shifts/${encodeURIComponent(s.id)}`}
						week={p.week}
						values={values}
						members={p.members}
						accounts={p.accounts}
						submit="Save shift"
						deleteAction={`/rota/shifts/${encodeURIComponent(s.id)}/delete`}
						errors={editing?.errors}
					/>
				</details>
			) : (
				summary
			)}
		</li>
	);
}

export const RotaPage = (p: Props) => (
	<Layout title="Rota" viewer={p.viewer} current="rota">
		<RotaDefs />
		<div class="cal-head">
			<div>
				<h1>Rota · week of {formatDay(p.week)}</h1>
				<p class="muted">Who answers for each account, day by day. Times in {p.timezone}.</p>
			</div>
			<nav class="cal-nav" aria-label="Week">
				<a href={p.nav.prev} rel="prev">
					← Previous
				</a>
				<a href={p.nav.today}>This week</a>
				<a href={p.nav.next} rel="next">
					Next →
				</a>
			</nav>
		</div>
		<Banner text={p.notice} />
		<Banner text={p.error?.message} kind="error" />
		<Summary weeks={p.weeks} />
		{p.weeks.length > 0 && (
			<Legend members={p.members.filter((m) => p.shifts.some((s) => s.memberId === m.id) || p.weeks.some((w) => w.account.ownerId === m.id))} who={p.who} />
		)}
		{p.weeks.length === 0 && (
			<p class="card muted">
				No account is on the rota or has an owner yet: every account is open, anyone may post. Set an account's posting policy to “shift” to run it by this
				rota.
			</p>
		)}
		{p.weeks.map((w) => (
			<AccountSection w={w} who={p.who} today={p.today} nowMinute={p.nowMinute} />
		))}
		{p.openAccounts.length > 0 && (
			<p class="open-accounts">
				<strong>Open accounts</strong> (anyone may post, no rota): {p.openAccounts.map((a) => a.handle).join(", ")}
			</p>
		)}

		<h2 id="shifts">Shifts</h2>
		{!p.canManage && <p class="muted">Only owners and managers can change the rota.</p>}
		{p.shifts.length === 0 ? (
			<p class="card muted">No shifts yet.</p>
		) : (
			<ul class="shift-list card">
				{p.shifts.map((s) => (
					<ShiftItem s={s} p={p} />
				))}
			</ul>
		)}
		{p.canManage && (
			<section class="card add-shift" id="add-shift">
				<h2>Add a shift</h2>
				<Banner text={p.add.errors?.message} kind="error" />
				<ShiftForm
					action="/rota/shifts"
					week={p.week}
					values={p.add.values}
					members={p.members}
					accounts={p.accounts}
					submit="Add shift"
					errors={p.add.errors}
				/>
			</section>
		)}
		{p.canManage && (
			<datalist id="zones">
				{p.zones.map((z) => (
					<option value={z} />
				))}
			</datalist>
		)}
	</Layout>
);
