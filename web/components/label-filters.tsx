import type { CalendarLabelChoices } from "../calendar-labels";

/** The calendar's campaign and tag selects, part of its GET filter form (no script needed). */
export const LabelFilters = (p: CalendarLabelChoices) => (
	<>
		{p.campaigns.length > 0 && (
			<select name="campaignId" aria-label="Campaign">
				<option value="">All campaigns</option>
				{p.campaigns.map((c) => (
					<option value={c.id} selected={c.id === p.campaignId}>
						{c.name}
					</option>
				))}
			</select>
		)}
		{p.tags.length > 0 && (
			<select name="tagId" aria-label="Tag">
				<option value="">All tags</option>
				{p.tags.map((t) => (
					<option value={t.id} selected={t.id === p.tagId}>
						{t.name}
					</option>
				))}
			</select>
		)}
	</>
);
