import { mentionKinds, sentimentLabels } from "../../db/schema";
import type { MentionKind } from "../../domain/mentions/kind";
import type { SentimentLabel } from "../../domain/mentions/sentiment";

export type MentionLabelsProps = {
	mentionId: string;
	sentiment: SentimentLabel;
	kind: MentionKind;
	/** Where the form comes back to: this page (a same-origin path). */
	back: string;
	/** Only members who may reply may correct; others see the labels alone. */
	mayCorrect: boolean;
};

/**
 * How Chorus read one mention, and the team's way to correct it: the insights count the new labels at
 * once and the workspace's own classifier layer learns from them (PATCH /api/v1/mentions/:id, same service).
 */
export function MentionLabels(p: MentionLabelsProps) {
	const labels = (
		<span class="mention-labels">
			<span class={`label label-${p.sentiment}`}>{p.sentiment}</span> <span class="label">{p.kind}</span>
		</span>
	);
	if (!p.mayCorrect) return labels;
	return (
		<details class="mention-correct">
			<summary>
				{labels} <span class="muted">Correct</span>
			</summary>
			<form method="post" action={`/mentions/${encodeURIComponent(p.mentionId)}/labels`} class="inline-form">
				<input type="hidden" name="back" value={p.back} />
				<label>
					Sentiment{" "}
					<select name="sentiment">
						{sentimentLabels.map((s) => (
							<option value={s} selected={s === p.sentiment}>
								{s}
							</option>
						))}
					</select>
				</label>{" "}
				<label>
					Kind{" "}
					<select name="kind">
						{mentionKinds.map((k) => (
							<option value={k} selected={k === p.kind}>
								{k}
							</option>
						))}
					</select>
				</label>{" "}
				<button type="submit">Save labels</button>
			</form>
		</details>
	);
}
