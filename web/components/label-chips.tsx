/** A post's campaign and tags as chips: the name in text, the colour as a left border (never colour alone). */
export type Chip = { kind: "tag" | "campaign"; name: string; colour: string };

export const LabelChips = ({ chips }: { chips: Chip[] }) =>
	chips.length ? (
		<span class="label-chips">
			{chips.map((c) => (
				<span class={`label-chip colour-${c.colour}`}>
					<span class="sr-only">{c.kind === "campaign" ? "Campaign: " : "Tag: "}</span>
					{c.name}
				</span>
			))}
		</span>
	) : null;
