/**
 * One account's week as seven bars, midnight to midnight in the workspace's zone: who is on duty
 * (a colour per member) and the gaps (red stripes). Drawn in SVG, whose x and width attributes place
 * the stretches exactly without inline styles, which the pages' Content-Security-Policy forbids.
 */
import { formatShortDay } from "../format";
import type { RotaDay, Stretch } from "../rota";

const pct = (minute: number) => `${((minute / 1440) * 100).toFixed(3)}%`;
const HOURS = [3, 6, 9, 12, 15, 18, 21];

export type Who = { name: (id: string) => string; color: (id: string) => number };

export function stretchLabel(s: Stretch, who: Who): string {
	if (s.responsible === null) return s.reason === "open" ? "Anyone" : "Nobody on duty";
	const also = s.alsoOnDuty.length ? ` +${s.alsoOnDuty.length}` : "";
	return `${who.name(s.responsible)}${also}`;
}

function stretchTitle(s: Stretch, who: Who): string {
	const hours = `${s.startLabel}–${s.endLabel}`;
	if (s.responsible === null) return s.reason === "open" ? `${hours}: anyone may post` : `${hours}: nobody is on duty (gap)`;
	const also = s.alsoOnDuty.length ? `; also on duty: ${s.alsoOnDuty.map(who.name).join(", ")}` : "";
	return `${hours}: ${who.name(s.responsible)}${s.reason === "owner" ? " (owner)" : " on duty"}${also}`;
}

/** Shared by every bar on the page: the stripes that mark a gap. */
export const RotaDefs = () => (
	<svg class="svg-defs" width="0" height="0" aria-hidden="true" focusable="false">
		<defs>
			<pattern id="gap-stripes" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
				<rect width="10" height="10" fill="#fde4e1" />
				<rect width="4" height="10" fill="#f19a90" />
			</pattern>
		</defs>
	</svg>
);

/** The hour scale above the bars. */
export const HourScale = () => (
	<div class="rota-row rota-scale" aria-hidden="true">
		<span />
		<svg class="rota-hours" width="100%" height="16" aria-hidden="true">
			<text x="0" y="12" class="hour-label">
				00:00
			</text>
			{HOURS.map((h) => (
				<text x={pct(h * 60)} y="12" text-anchor="middle" class={h % 6 ? "hour-label minor" : "hour-label"}>
					{`${String(h).padStart(2, "0")}:00`}
				</text>
			))}
			<text x="100%" y="12" text-anchor="end" class="hour-label">
				24:00
			</text>
		</svg>
	</div>
);

type Props = { days: RotaDay[]; who: Who; today: string; nowMinute: number | null };

export const RotaTimeline = ({ days, who, today, nowMinute }: Props) => (
	<div class="rota-timeline">
		<HourScale />
		{days.map((d) => (
			<div class={d.date === today ? "rota-row is-today" : "rota-row"}>
				<span class="rota-day">
					<time datetime={d.date}>{formatShortDay(d.date)}</time>
				</span>
				<svg
					class="rota-bar"
					width="100%"
					height="34"
					role="img"
					aria-label={`${formatShortDay(d.date)}: ${d.stretches.map((s) => stretchTitle(s, who)).join("; ")}`}
				>
					<rect width="100%" height="100%" class="bar-bg" />
					{d.stretches.map((s) => {
						const gap = s.responsible === null && s.reason !== "open";
						const tone = gap ? "seg gap" : s.responsible === null ? "seg open" : `seg m${who.color(s.responsible) % 8}`;
						return (
							<svg x={pct(s.startMinute)} width={pct(s.endMinute - s.startMinute)} height="100%" class={tone}>
								<title>{stretchTitle(s, who)}</title>
								<rect width="100%" height="100%" rx="4" class="seg-fill" fill={gap ? "url(#gap-stripes)" : undefined} />
								<text x="7" y="15" class="seg-name">
									{stretchLabel(s, who)}
								</text>
								<text x="7" y="28" class="seg-hours">
									{`${s.startLabel}–${s.endLabel}`}
								</text>
							</svg>
						);
					})}
					{HOURS.map((h) => (
						<line x1={pct(h * 60)} x2={pct(h * 60)} y1="0" y2="100%" class="hour-line" />
					))}
					{d.date === today && nowMinute !== null && <line x1={pct(nowMinute)} x2={pct(nowMinute)} y1="0" y2="100%" class="now-line" />}
				</svg>
			</div>
		))}
	</div>
);
