import type { Count } from "../counts";

const emptyHint = "Choose an account to see its length limit";

/** Server-rendered counters; /compose.js replaces the items as the user types. */
export const Counters = ({ counts }: { counts: Count[] }) => (
	<ul id="counters" class="counters" aria-live="polite" data-empty={emptyHint}>
		{counts.length === 0 ? <li class="hint">{emptyHint}</li> : counts.map((c) => <li class={c.ok ? "counter" : "counter over"}>{c.text}</li>)}
	</ul>
);
