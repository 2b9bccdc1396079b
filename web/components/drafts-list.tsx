import { excerpt } from "../format";

export type DraftItem = { id: string; handle: string; text: string; when: string | null };

/** Drafts without a time have no day on the calendar; this is where they are found. */
export const DraftsList = ({ drafts, more }: { drafts: DraftItem[]; more: boolean }) => (
	<section class="drafts">
		<h2>Drafts</h2>
		{drafts.length === 0 ? (
			<p class="muted">No drafts.</p>
		) : (
			<ul>
				{drafts.map((d) => (
					<li>
						<a href={`/posts/${encodeURIComponent(d.id)}`}>{excerpt(d.text) || "(no text)"}</a>{" "}
						<span class="muted">
							{d.handle}
							{d.when ? ` · ${d.when}` : " · no time yet"}
						</span>
					</li>
				))}
			</ul>
		)}
		{more && <p class="muted">Showing the first {drafts.length} drafts.</p>}
	</section>
);
