/**
 * Figures per campaign and per tag: how many posts went out and what they drew. Pure, so Insights and
 * the reports sum the same way. A post counts once for its campaign and once for each of its tags.
 */
export type LabelledPost = {
	id: string;
	campaignId: string | null;
	tagIds: string[];
	/** Lifetime totals as last read from the network (post_metric); null when never read. */
	engagements: number | null;
	impressions: number | null;
	clicks: number | null;
};

export type Label = { id: string; name: string; colour: string };

export type LabelFigures = Label & {
	published: number;
	/** Of those, how many have figures from the network: the sums below are over these only. */
	measured: number;
	engagements: number;
	impressions: number;
	clicks: number;
};

function sum(label: Label, posts: LabelledPost[]): LabelFigures {
	const measured = posts.filter((p) => p.engagements !== null || p.impressions !== null || p.clicks !== null);
	return {
		id: label.id,
		name: label.name,
		colour: label.colour,
		published: posts.length,
		measured: measured.length,
		engagements: measured.reduce((s, p) => s + (p.engagements ?? 0), 0),
		impressions: measured.reduce((s, p) => s + (p.impressions ?? 0), 0),
		clicks: measured.reduce((s, p) => s + (p.clicks ?? 0), 0),
	};
}

/** Labels with at least one post in the period, most posts first (then by name). */
export function labelBreakdown(posts: LabelledPost[], campaigns: Label[], tags: Label[]): { byCampaign: LabelFigures[]; byTag: LabelFigures[] } {
	const order = (a: LabelFigures, b: LabelFigures) => b.published - a.published || a.name.localeCompare(b.name);
	return {
		byCampaign: campaigns
			.map((c) =>
				sum(
					c,
					posts.filter((p) => p.campaignId === c.id),
				),
			)
			.filter((f) => f.published > 0)
			.sort(order),
		byTag: tags
			.map((t) =>
				sum(
					t,
					posts.filter((p) => p.tagIds.includes(t.id)),
				),
			)
			.filter((f) => f.published > 0)
			.sort(order),
	};
}
