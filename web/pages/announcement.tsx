import { factKindLabels } from "../announcements";
import { Banner } from "../components/messages";
import { type CardModel, VariantCard } from "../components/variant-card";
import { formatInstant } from "../format";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	id: string;
	facts: { kind: string; text: string; value: string }[];
	embargoUntil: number | null;
	/** The main account's zone: the embargo is shown in it. */
	zone: string;
	mainChanged: boolean;
	cards: CardModel[];
	notice?: string;
};

/** An announcement: its key facts on top, then the main post and every local variant side by side. */
export function AnnouncementPage({ viewer, id, facts, embargoUntil, zone, mainChanged, cards, notice }: Props) {
	const main = cards.find((c) => c.isMain);
	const variants = cards.filter((c) => !c.isMain);
	const off = variants.filter((c) => c.consistency.length > 0).length;
	return (
		<Layout title="Announcement" viewer={viewer} current="announcements">
			<div class="post-head page-head">
				<h1>Announcement{main && <span class="h1-sub">{main.handle}</span>}</h1>
				<a href="/announcements">← Announcements</a>
			</div>
			<Banner text={notice} />
			{mainChanged && (
				<p class="note note-wait main-changed" role="alert">
					The main post changed after the variants were written: check that each variant still says the same.
				</p>
			)}
			<section class="card facts-card" aria-labelledby="facts-title">
				<div class="facts-head">
					<h2 id="facts-title">Key facts</h2>
					<small class="muted">
						{variants.length} local {variants.length === 1 ? "variant" : "variants"}
						{off > 0 ? ` · ${off} ${off === 1 ? "drops or changes" : "drop or change"} a fact` : " · all keep every fact"}
					</small>
				</div>
				{facts.length === 0 ? (
					<p class="muted">No key facts: variants may say it in any words.</p>
				) : (
					<ul class="fact-list">
						{facts.map((f) => (
							<li class="fact">
								<span class="fact-kind">{factKindLabels[f.kind] ?? f.kind}</span>
								<span class="fact-text">{f.text}</span>
							</li>
						))}
					</ul>
				)}
				<p class="muted facts-note">
					Every variant must keep these, in its own words and language ("3 March" and "3. März" are the same date); one that drops or changes a fact cannot be
					scheduled.
					{embargoUntil !== null && ` Embargo until ${formatInstant(embargoUntil, zone)}: nothing goes out before.`}
				</p>
			</section>
			<div class="ann-grid">
				{cards.map((card) => (
					<VariantCard announcementId={id} card={card} />
				))}
			</div>
		</Layout>
	);
}
