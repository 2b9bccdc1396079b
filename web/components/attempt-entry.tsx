import { formatClock, formatStamp, isoToMs } from "../format";
import { type AttemptItem, outcomeLabels, outcomeTone } from "../publishing";

/** One try to publish: when (in the account's zone), what came of it, who sent it and what the network said. */
export function AttemptEntry({ attempt, zone }: { attempt: AttemptItem; zone: string }) {
	const started = isoToMs(attempt.startedAt) ?? 0;
	const finished = isoToMs(attempt.finishedAt) ?? started;
	const sameDay = formatStamp(started, zone).split(",")[0] === formatStamp(finished, zone).split(",")[0];
	const by = "name" in attempt.by ? attempt.by.name : "Scheduler";
	return (
		<li class={`attempt tone-${outcomeTone[attempt.outcome]}`}>
			<div class="attempt-head">
				<span class="attempt-n">#{attempt.n}</span>
				<strong class="outcome">{outcomeLabels[attempt.outcome]}</strong>
				<span class="muted">by {by}</span>
			</div>
			<div class="attempt-time muted">
				<time datetime={attempt.startedAt}>{formatStamp(started, zone)}</time>
				{finished !== started && (
					<>
						{" → "}
						<time datetime={attempt.finishedAt}>{sameDay ? formatClock(finished, zone) : formatStamp(finished, zone)}</time>
					</>
				)}
			</div>
			{attempt.network.summary && (
				<div class="attempt-answer">
					<span class="muted">Network: </span>
					<code>{attempt.network.summary}</code>
				</div>
			)}
		</li>
	);
}
