import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import type { CalendarLabelChoices } from "../calendar-labels";
import type { CalendarDay } from "../components/calendar-post";
import { type DraftItem, DraftsList } from "../components/drafts-list";
import { LabelFilters } from "../components/label-filters";
import { Banner } from "../components/messages";
import { MonthGrid } from "../components/month-grid";
import { WeekGrid } from "../components/week-grid";
import { Layout, type Viewer } from "../layout";

export type CalendarNav = { prev: string; next: string; today: string; week: string; month: string };

type Props = {
	viewer?: Viewer;
	view: "week" | "month";
	/** The date the page is about (YYYY-MM-DD); the month view shows its month. */
	date: string;
	title: string;
	timezone: string;
	today: string;
	days: CalendarDay[];
	accounts: AccountRow[];
	accountId?: string;
	labels?: CalendarLabelChoices;
	nav: CalendarNav;
	banner?: string;
	truncated: boolean;
	drafts: DraftItem[];
	moreDrafts: boolean;
};

export const CalendarPage = (p: Props) => (
	<Layout title="Calendar" viewer={p.viewer} current="calendar">
		<Banner text={p.banner} />
		<div class="cal-head">
			<div>
				<h1>{p.title}</h1>
				<p class="muted">
					Times in {p.timezone} · <a href="/import">Import CSV</a> · <a href="/api/v1/posts.csv">Export CSV</a>
				</p>
			</div>
			<nav class="cal-nav" aria-label="Calendar">
				<a href={p.nav.prev} rel="prev">
					← Previous
				</a>
				<a href={p.nav.today}>Today</a>
				<a href={p.nav.next} rel="next">
					Next →
				</a>
				<span class="toggle">
					<a href={p.nav.week} aria-current={p.view === "week" ? "page" : undefined}>
						Week
					</a>
					<a href={p.nav.month} aria-current={p.view === "month" ? "page" : undefined}>
						Month
					</a>
				</span>
			</nav>
			<form method="get" action="/calendar" class="filter">
				<input type="hidden" name="view" value={p.view} />
				<input type="hidden" name="date" value={p.date} />
				<select name="accountId" aria-label="Account">
					<option value="">All accounts</option>
					{p.accounts.map((a) => (
						<option value={a.id} selected={a.id === p.accountId}>
							{`${networkNames[a.network]} ${a.handle}`}
						</option>
					))}
				</select>
				{p.labels && <LabelFilters {...p.labels} />}
				<button type="submit">Filter</button>
			</form>
		</div>
		{p.truncated && <Banner text="Too many posts to show them all here; filter by account." kind="error" />}
		{p.view === "week" ? <WeekGrid days={p.days} today={p.today} /> : <MonthGrid days={p.days} today={p.today} month={p.date.slice(0, 7)} />}
		<DraftsList drafts={p.drafts} more={p.moreDrafts} />
	</Layout>
);
