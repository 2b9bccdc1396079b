import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";
import { captureReports, deliverReports, seedPublishedPost } from "../helpers/reports";

const DAY = 86_400_000;

/** A workspace with a campaign and two tags, posts published yesterday: two in the campaign (one measured), one tagged only, one plain. */
async function world() {
	const ws = await signUp("UTC");
	const acc = await addAccount(ws, { timezone: "UTC" });
	const spring = (
		await call("POST", "/campaigns", { token: ws.token, json: { name: "Spring", startDate: "2026-03-01", endDate: "2026-03-31", colour: "teal" } })
	).body;
	const launch = (await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "green" } })).body;
	const promo = (await call("POST", "/tags", { token: ws.token, json: { name: "Promo", colour: "pink" } })).body;
	const at = Date.now() - DAY;
	const date = new Date(at).toISOString().slice(0, 10);
	const base = { workspaceId: ws.id, accountId: acc.id, publishedAt: at, publishedBy: ws.ownerId };
	const measured = await seedPublishedPost({ ...base, body: "one", engagement: { likes: 10, reposts: 2, replies: 1, quotes: 0, date } });
	const unmeasured = await seedPublishedPost({ ...base, body: "two" });
	const tagged = await seedPublishedPost({ ...base, body: "three", engagement: { likes: 4, reposts: 0, replies: 0, quotes: 0, date } });
	await seedPublishedPost({ ...base, body: "plain" });
	const label = (id: string, campaignId: string | null, tagIds: string[]) =>
		env.DB.batch([
			env.DB.prepare("UPDATE post SET campaign_id = ? WHERE id = ?").bind(campaignId, id),
			...tagIds.map((t) => env.DB.prepare("INSERT INTO post_tag (workspace_id, post_id, tag_id) VALUES (?, ?, ?)").bind(ws.id, id, t)),
		]);
	await label(measured, spring.id, [launch.id, promo.id]);
	await label(unmeasured, spring.id, [launch.id]);
	await label(tagged, null, [promo.id]);
	return { ws, acc, spring, launch, promo };
}

describe("figures by campaign and tag", () => {
	it("Insights counts posts published per campaign and tag, and sums engagement where measured", async () => {
		const { ws, spring, launch, promo } = await world();
		const from = new Date(Date.now() - 3 * DAY).toISOString();
		const to = new Date(Date.now() + DAY).toISOString();
		const res = await call("GET", `/insights?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: ws.token });
		expect(res.status).toBe(200);
		expect(res.body.byCampaign).toEqual([
			{ id: spring.id, name: "Spring", colour: "teal", published: 2, measured: 1, engagements: 13, impressions: 0, clicks: 0 },
		]);
		expect(res.body.byTag).toEqual([
			{ id: launch.id, name: "Launch", colour: "green", published: 2, measured: 1, engagements: 13, impressions: 0, clicks: 0 },
			{ id: promo.id, name: "Promo", colour: "pink", published: 2, measured: 2, engagements: 17, impressions: 0, clicks: 0 },
		]);
		// Outside the range: nothing.
		const before = await call("GET", `/insights?from=${encodeURIComponent(new Date(Date.now() - 30 * DAY).toISOString())}&to=${encodeURIComponent(from)}`, {
			token: ws.token,
		});
		expect(before.body.byCampaign).toEqual([]);
		// Another workspace's Insights never show these.
		const other = await signUp("UTC");
		const theirs = await call("GET", `/insights?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: other.token });
		expect(theirs.body.byCampaign).toEqual([]);
		expect(theirs.body.byTag).toEqual([]);
	});

	it("the report's data and body carry the same breakdown", async () => {
		const { ws, acc } = await world();
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Daily", cadence: "daily", timezone: "UTC", accountIds: [acc.id] } });
		expect(report.status).toBe(201);
		const queue = captureReports();
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, json: { period: "previous" } });
		expect(run.status).toBe(202);
		await deliverReports(queue.take(), Date.now());
		queue.restore();
		const data = await call("GET", `/report-runs/${run.body.id}`, { token: ws.token });
		expect(data.body.data?.labels ?? data.body.labels).toMatchObject({
			byCampaign: [{ name: "Spring", published: 2, engagements: 13 }],
			byTag: [
				{ name: "Launch", published: 2 },
				{ name: "Promo", published: 2, engagements: 17 },
			],
		});
		const html = await call("GET", `/report-runs/${run.body.id}.html`, { token: ws.token });
		expect(html.body).toContain("Campaigns and tags");
		expect(html.body).toContain("Spring");
		expect(html.body).toContain("Promo");
	});
});
