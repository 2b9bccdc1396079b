import type { MediaRow } from "../../db/queries/media";
import type { PostRow } from "../../db/queries/posts";
import { type Chip, LabelChips } from "./label-chips";
import { MediaThumbnails } from "./media-thumbnails";
import { StatusBadge } from "./status-badge";

export type CalendarItem = {
	id: string;
	time: string;
	handle: string;
	status: PostRow["status"];
	text: string;
	media?: Pick<MediaRow, "id" | "type" | "alt">[];
	/** Campaign and tags, shown as named chips; the first one's colour marks the entry's left border. */
	chips?: Chip[];
};
export type CalendarDay = { date: string; items: CalendarItem[] };

export const CalendarPost = ({ item }: { item: CalendarItem }) => (
	<li class={`cal-post status-${item.status}${item.chips?.length ? ` labelled colour-${item.chips[0]!.colour}` : ""}`}>
		<a href={`/posts/${encodeURIComponent(item.id)}`}>
			<span class="cal-meta">
				<time>{item.time}</time>{" "}
				<span class="handle" title={item.handle}>
					{item.handle}
				</span>{" "}
				<StatusBadge status={item.status} />
			</span>
			<span class="excerpt">{item.text || "(no text)"}</span>
			<LabelChips chips={item.chips ?? []} />
			<MediaThumbnails media={item.media ?? []} />
		</a>
	</li>
);

export const DayPosts = ({ items }: { items: CalendarItem[] }) =>
	items.length ? (
		<ul class="cal-posts">
			{items.map((item) => (
				<CalendarPost item={item} />
			))}
		</ul>
	) : null;
