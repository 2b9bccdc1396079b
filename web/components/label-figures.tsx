import type { LabelFigures } from "../../domain/label-breakdown";
import { LabelChips } from "./label-chips";

const num = (n: number) => n.toLocaleString("en-US");

/** One table per breakdown (campaigns, tags): posts published and what they drew where measured. */
export const LabelFiguresTable = ({ title, kind, rows }: { title: string; kind: "campaign" | "tag"; rows: LabelFigures[] }) => (
	<>
		<h3>{title}</h3>
		{rows.length === 0 ? (
			<p class="muted">{kind === "campaign" ? "No post of a campaign went out in this period." : "No tagged post went out in this period."}</p>
		) : (
			<table class={`label-figures by-${kind}`}>
				<thead>
					<tr>
						<th scope="col">{kind === "campaign" ? "Campaign" : "Tag"}</th>
						<th scope="col">Published</th>
						<th scope="col">Engagements</th>
						<th scope="col">Impressions</th>
						<th scope="col">Clicks</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((r) => (
						<tr>
							<th scope="row">
								<LabelChips chips={[{ kind, name: r.name, colour: r.colour }]} />
							</th>
							<td>{num(r.published)}</td>
							<td>{r.measured ? num(r.engagements) : "–"}</td>
							<td>{r.measured ? num(r.impressions) : "–"}</td>
							<td>{r.measured ? num(r.clicks) : "–"}</td>
						</tr>
					))}
				</tbody>
			</table>
		)}
	</>
);

/** Both breakdowns in one card, for Insights and the report. */
export const LabelFiguresCard = ({ byCampaign, byTag }: { byCampaign: LabelFigures[]; byTag: LabelFigures[] }) => (
	<section class="card label-breakdown">
		<h2>Campaigns and tags</h2>
		<LabelFiguresTable title="By campaign" kind="campaign" rows={byCampaign} />
		<LabelFiguresTable title="By tag" kind="tag" rows={byTag} />
		<p class="muted">Engagements are likes, reposts, replies and quotes as the networks last reported them; “–” where no network gave figures.</p>
	</section>
);
