import { formatShortDay } from "../format";
import { type CalendarDay, DayPosts } from "./calendar-post";

/** Seven columns, Monday to Sunday, each day's posts in time order. */
export const WeekGrid = ({ days, today }: { days: CalendarDay[]; today: string }) => (
	<ol class="week">
		{days.map((d) => (
			<li class={d.date === today ? "day today" : "day"}>
				<h3 class="day-head">
					<time datetime={d.date}>{formatShortDay(d.date)}</time>
				</h3>
				<DayPosts items={d.items} />
				{d.items.length === 0 && <p class="empty">Nothing planned</p>}
			</li>
		))}
	</ol>
);
