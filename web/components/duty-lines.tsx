import type { DutyLine } from "../duty";

const emptyHint = "Pick accounts and a time to see who is on duty";

/** Who answers for each selected account at the chosen time; /compose.js replaces the items live. */
export const DutyLines = ({ lines }: { lines: DutyLine[] }) => (
	<ul id="duty" class="duty-lines" aria-live="polite" aria-label="Who is on duty" data-empty={emptyHint}>
		{lines.length === 0 ? (
			<li class="hint">{emptyHint}</li>
		) : (
			lines.map((l) => (
				<li class={`duty duty-${l.tone}`}>
					<strong>{l.handle}</strong> {l.text}
				</li>
			))
		)}
	</ul>
);
