import type { AccountRow } from "../../db/queries/accounts";
import type { MediaRow } from "../../db/queries/media";
import { uploadTypes } from "../../domain/media";
import { mediaRoom, mediaRoomTable } from "../../domain/media-room";

type Props = { accounts: AccountRow[]; selectedIds: string[]; media: MediaRow[] };

/**
 * The compose form's file picker, limited by the capability table: it offers only the types every
 * chosen network takes, is greyed out when the post is full on one of them, and says why in one line.
 * The part of the table the workspace's networks need is embedded as JSON for /compose.js, which
 * re-applies it as accounts are ticked and a file is chosen (size and length included).
 */
export function MediaPicker({ accounts, selectedIds, media }: Props) {
	const selected = accounts.filter((a) => selectedIds.includes(a.id)).map((a) => a.network);
	const room = mediaRoom(selected, media);
	// "<" escaped so no value can close the script element.
	const table = JSON.stringify(mediaRoomTable(accounts.map((a) => a.network))).replace(/</g, "\\u003c");
	return (
		<>
			<script type="application/json" id="media-capabilities" dangerouslySetInnerHTML={{ __html: table }} />
			<label class={room.full ? "field-label greyed" : "field-label"}>
				{media.length ? "Add another" : "File"}
				<input
					type="file"
					name="media"
					accept={room.accept.join(",")}
					disabled={room.full}
					data-media-file
					data-attached={JSON.stringify(media.map((m) => m.type))}
					data-upload-types={uploadTypes.join(",")}
					aria-describedby="media-limits"
				/>
			</label>
			<p id="media-limits" class="muted media-limits" aria-live="polite" hidden={!room.line}>
				{room.line ?? ""}
			</p>
			<input type="hidden" name="media_duration" data-media-duration />
		</>
	);
}
