import type { MediaRow } from "../../db/queries/media";

/** A post's images (and a video's first frame where the browser shows one), with their alt text. */
export function MediaThumbnails({ media }: { media: Pick<MediaRow, "id" | "type" | "alt">[] }) {
	if (media.length === 0) return null;
	return (
		<ul class="media-thumbs">
			{media.map((m) => (
				<li>
					{m.type.startsWith("video/") ? (
						<video src={`/api/v1/media/${m.id}/raw`} preload="metadata" muted aria-label={m.alt} />
					) : (
						<img src={`/api/v1/media/${m.id}/raw`} alt={m.alt} loading="lazy" />
					)}
				</li>
			))}
		</ul>
	);
}
