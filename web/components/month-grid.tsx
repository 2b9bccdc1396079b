import { type CalendarDay, DayPosts } from "./calendar-post";

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Whole weeks touching the month; days of the neighbouring months are dimmed. */
export function MonthGrid({ days, today, month }: { days: CalendarDay[]; today: string; month: string }) {
	const weeks: CalendarDay[][] = [];
	for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
	return (
		<table class="month">
			<thead>
				<tr>
					{weekdays.map((w) => (
						<th scope="col">{w}</th>
					))}
				</tr>
			</thead>
			<tbody>
				{weeks.map((week) => (
					<tr>
						{week.map((d) => {
							const classes = ["cell", d.date.startsWith(month) ? "" : "other-month", d.date === today ? "today" : ""];
							return (
								<td class={classes.filter(Boolean).join(" ")}>
									<time class="date-num" datetime={d.date}>
										{Number(d.date.slice(8))}
									</time>
									<DayPosts items={d.items} />
								</td>
							);
						})}
					</tr>
				))}
			</tbody>
		</table>
	);
}
