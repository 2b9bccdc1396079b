import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { getReportDefinition, getReportRun } from "../../db/queries/reports";
import { weekdayOf } from "../../domain/time";
import { loadReportInput } from "../../functions/services/report-data";
import { addAccount, call, signUp, type Workspace } from "../helpers/api";
import { runSweep } from "../helpers/publishing";
import { captureReports, daily, deliverReports, seedMetrics, seedPublishedPost } from "../helpers/reports";
import { captureWebhooks } from "../helpers/webhooks";

afterEach(() => {
	vi.restoreAllMocks();
});

const at = (iso: string) => Date.parse(iso);
const weekend = (date: string) => weekdayOf(date) >= 6;

/**
 * Two accounts with nine weeks of history: @bizzy has a launch announcement on Tue 3 Mar that took
 * engagement to 9× a usual Tuesday; @local's impressions collapsed on Sat 7 Mar, a day it posted nothing.
 */
async function seedWorld(ws: Workspace) {
	const bizzy = await addAccount(ws, { handle: "@bizzy" });
	const local = await addAccount(ws, { handle: "@local" });
	await seedMetrics(
		ws.id,
		bizzy.id,
		daily("2026-01-05", 63, (d, i) => ({
			followers: 1000 + i * 5,
			impressions: weekend(d) ? 2000 + (i % 3) * 20 : 5000 + (i % 4) * 50,
			engagements: d === "2026-03-03" ? 900 : weekend(d) ? 40 + (i % 3) : 99 + (i % 3),
			clicks: 20 + (i % 3),
			shares: 2,
		})),
	);
	await seedMetrics(
		ws.id,
		local.id,
		daily("2026-01-05", 63, (d, i) => ({
			followers: 300 + i,
			impressions: d === "2026-03-07" ? 100 : 2000 + (i % 4) * 30,
			engagements: 30 + (i % 3),
			clicks: 5,
			shares: 1,
		})),
	);
	// Ordinary posts in February: the baseline a post is compared with.
	for (let day = 2; day <= 24; day += 4) {
		await seedPublishedPost({
			workspaceId: ws.id,
			accountId: bizzy.id,
			body: `Tip of the week #${day}`,
			publishedAt: at(`2026-02-${String(day).padStart(2, "0")}T09:00:00Z`),
			publishedBy: ws.ownerId,
			engagement: { likes: 15 + (day % 3), reposts: 3, replies: 2, quotes: 0, date: `2026-02-${String(day).padStart(2, "0")}` },
		});
	}
	const launch = await seedPublishedPost({
		workspaceId: ws.id,
		accountId: bizzy.id,
		body: "Launch day: Chorus 2.0 is here, with reports that explain themselves",
		publishedAt: at("2026-03-03T09:00:00Z"),
		publishedBy: ws.ownerId,
		announcementId: "ann-launch",
		engagement: { likes: 700, reposts: 100, replies: 10, quotes: 2, date: "2026-03-03" },
	});
	const mentions = await call("POST", "/mentions", {
		token: ws.token,
		json: {
			items: [
				{
					accountId: bizzy.id,
					network: "sandbox",
					externalId: "m1",
					author: "@fan",
					text: "Love the new reports!",
					createdAt: "2026-03-03T10:00:00Z",
					isFollower: false,
				},
				{
					accountId: bizzy.id,
					network: "sandbox",
					externalId: "m2",
					author: "@asker",
					text: "When does pricing change?",
					createdAt: "2026-03-03T11:00:00Z",
					isFollower: true,
				},
				{
					accountId: bizzy.id,
					network: "sandbox",
					externalId: "m3",
					author: "@grump",
					text: "The app is slow since the launch",
					createdAt: "2026-03-04T08:00:00Z",
					isFollower: false,
				},
			],
		},
	});
	expect(mentions.status).toBe(201);
	// What the classifier (measure branch) would have said.
	const classify = env.DB.prepare("UPDATE mention SET kind = ?, sentiment_label = ?, topics = ? WHERE workspace_id = ? AND external_id = ?");
	await env.DB.batch([
		classify.bind("praise", "positive", JSON.stringify(["reports"]), ws.id, "m1"),
		classify.bind("question", "neutral", JSON.stringify(["pricing"]), ws.id, "m2"),
		classify.bind("concern", "negative", JSON.stringify(["speed"]), ws.id, "m3"),
	]);
	// The question was answered 30 minutes later; the others were not.
	await seedPublishedPost({
		workspaceId: ws.id,
		accountId: bizzy.id,
		body: "Pricing stays as it is.",
		publishedAt: at("2026-03-03T11:30:00Z"),
		publishedBy: ws.ownerId,
		kind: "reply",
		conversationId: mentions.body.items[1].conversationId,
	});
	return { bizzy, local, launch };
}

describe("a cron-triggered weekly report, end to end", () => {
	it("is found due by the sweep once, built by the consumer, delivered to the webhook with retries, and served as JSON, HTML and CSV", async () => {
		const ws = await signUp("Europe/Berlin");
		const { bizzy, local, launch } = await seedWorld(ws);
		const created = await call("POST", "/reports", {
			token: ws.token,
			headers: { "X-Chorus-Now": "2026-03-04T10:00:00+01:00" },
			json: { name: "Weekly social", timezone: "Europe/Berlin", slackWebhookUrl: "https://hooks.slack.example/services/T1/B2/XYZ" },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			cadence: "weekly",
			weekday: 1,
			time: "08:00",
			nextRunAt: "2026-03-09T08:00:00+01:00",
			slackWebhook: { configured: true, host: "hooks.slack.example" },
		});
		expect(JSON.stringify(created.body)).not.toContain("XYZ");

		const queue = captureReports();
		expect((await runSweep(at("2026-03-09T06:59:00Z"))).reports).toBe(0);
		expect(queue.take()).toEqual([]);
		expect((await runSweep(at("2026-03-09T07:00:30Z"))).reports).toBe(1);
		const [build] = queue.take();
		expect(build).toMatchObject({ kind: "build", workspaceId: ws.id });
		// A repeated tick, and even a definition put back to the same due time, make no second run of the period.
		expect((await runSweep(at("2026-03-09T07:01:00Z"))).reports).toBe(0);
		await env.DB.prepare("UPDATE report_definition SET next_run_at = ? WHERE id = ?").bind(at("2026-03-09T07:00:00Z"), created.body.id).run();
		expect((await runSweep(at("2026-03-09T07:02:00Z"))).reports).toBe(0);
		expect(queue.take()).toEqual([]);
		const runs = await call("GET", `/reports/${created.body.id}/runs`, { token: ws.token });
		expect(runs.body.items).toHaveLength(1);
		expect(runs.body.items[0]).toMatchObject({ id: build!.runId, status: "queued", trigger: "schedule", period: { start: "2026-03-02", end: "2026-03-09" } });

		// The consumer builds it; a redelivered message finds it done.
		expect(await deliverReports([build!], at("2026-03-09T07:01:00Z"))).toMatchObject({ acked: 1, retried: [] });
		const [deliver] = queue.take();
		expect(deliver).toMatchObject({ kind: "deliver", runId: build!.runId });
		expect(await deliverReports([build!], at("2026-03-09T07:01:30Z"))).toMatchObject({ acked: 1 });
		expect(queue.take()).toEqual([]);

		// The webhook fails once (503), then takes the message.
		const posted: { url: string; body: any }[] = [];
		const answers = [new Response("busy", { status: 503 }), new Response("ok", { status: 200 })];
		vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
			posted.push({ url: String(input instanceof Request ? input.url : input), body: JSON.parse(String(init?.body)) });
			return answers.shift()!;
		});
		const first = await deliverReports([deliver!], at("2026-03-09T07:02:00Z"));
		expect(first.acked).toBe(0);
		expect(first.retried[0]!.delaySeconds).toBeGreaterThan(0);
		expect(await deliverReports([deliver!], at("2026-03-09T07:03:00Z"), 2)).toMatchObject({ acked: 1, retried: [] });
		expect(posted).toHaveLength(2);
		expect(posted[1]!.url).toBe("https://hooks.slack.example/services/T1/B2/XYZ");
		expect(posted[1]!.body.text).toContain(`/reports/runs/${build!.runId}|Open the report>`);
		expect(posted[1]!.body.text).toContain("Engagement on Tue 3 Mar was 9× the usual Tuesday on @bizzy");
		// Delivered once: a redelivered message sends nothing more.
		expect(await deliverReports([deliver!], at("2026-03-09T07:04:00Z"))).toMatchObject({ acked: 1 });
		expect(posted).toHaveLength(2);

		const run = await call("GET", `/report-runs/${build!.runId}`, { token: ws.token });
		expect(run.status).toBe(200);
		expect(run.body).toMatchObject({
			status: "ready",
			delivery: { status: "delivered", attempts: 2, error: null },
			period: { start: "2026-03-02", end: "2026-03-09", until: "2026-03-09T00:00:00+01:00" },
		});
		const data = run.body.data;

		// Growth: nine weekly points (eight before and this one), totals and period-over-period change.
		expect(data.growth.total.points).toHaveLength(9);
		expect(data.growth.total.points[0].period).toEqual({ start: "2026-01-05", end: "2026-01-12" });
		const bizzyGrowth = data.growth.accounts.find((a: any) => a.accountId === bizzy.id);
		const week = bizzyGrowth.points.at(-1);
		expect(week.followers).toBe(1000 + 62 * 5);
		expect(week.followerGain).toBe(35);
		expect(week.engagements).toBe(900 + [56, 58, 59, 60].reduce((s, i) => s + 99 + (i % 3), 0) + 40 + (61 % 3) + 40 + (62 % 3));
		expect(week.engagementRate).toBeCloseTo(week.engagements / week.impressions, 6);
		expect(bizzyGrowth.change.engagements).toBeGreaterThan(1);
		expect(bizzyGrowth.trend.followers.slope).toBeCloseTo(35, 6);
		expect(data.growth.total.points.at(-1).followers).toBe(1310 + 362);

		// Standouts: the planted ones, each explained; nothing else on these steady series.
		const sentences = data.standouts.map((s: any) => s.sentence);
		expect(sentences).toContain(
			"Engagement on Tue 3 Mar was 9× the usual Tuesday on @bizzy; the announcement “Launch day: Chorus 2.0 is here, with reports th…” got 812 of the day's 900 engagements.",
		);
		expect(sentences).toContain("Impressions on Sat 7 Mar were 5% of the usual Saturday on @local; nothing was published on @local that day.");
		const postStandout = data.standouts.find((s: any) => s.kind === "post");
		expect(postStandout).toMatchObject({ id: `post-${launch}`, postId: launch, value: 812, direction: "up" });
		expect(postStandout.sentence).toMatch(/^The announcement “Launch day.*” on @bizzy \(Tue 3 Mar\) got 812 engagements, \d+× the account's usual post\.$/);
		expect(data.standouts.map((s: any) => `${s.metric}@${s.handle}@${s.date}`).sort()).toEqual([
			"engagements@@bizzy@2026-03-03",
			"engagements@@bizzy@2026-03-03",
			"impressions@@local@2026-03-07",
		]);
		expect(data.standouts.every((s: any) => typeof s.id === "string" && s.evidence.length > 0)).toBe(true);

		// Summary and what users say.
		expect(data.summary).toMatchObject({
			published: 1,
			byPerson: [{ memberId: ws.ownerId, name: "Olive Owner", count: 1 }],
			conversations: { answered: 1, unanswered: 2, medianResponseMs: 30 * 60_000, p90ResponseMs: 30 * 60_000 },
			failures: { count: 0 },
		});
		expect(data.summary.byAccount).toEqual([
			{ accountId: bizzy.id, handle: "@bizzy", count: 1 },
			{ accountId: local.id, handle: "@local", count: 0 },
		]);
		expect(data.voice).toMatchObject({
			mentions: 3,
			nonFollowers: 2,
			followers: 1,
			shares: 7 * 2 + 7 * 1,
			sentiment: { positive: 1, neutral: 1, negative: 1 },
		});
		expect(data.voice.praise).toEqual([{ topic: "reports", count: 1, examples: [{ text: "Love the new reports!", author: "@fan" }] }]);
		expect(data.voice.questions[0]).toMatchObject({ topic: "pricing", count: 1 });
		expect(data.voice.concerns[0]).toMatchObject({ topic: "speed", count: 1 });

		// The same run as a page and as CSV.
		const html = await call("GET", `/report-runs/${build!.runId}.html`, { token: ws.token });
		expect(html.status).toBe(200);
		expect(html.headers.get("Content-Type")).toContain("text/html");
		expect(html.body).toContain("<svg");
		expect(html.body).toContain("9× the usual Tuesday");
		expect(html.body).not.toMatch(/<script/i);
		const csv = await call("GET", `/report-runs/${build!.runId}.csv`, { token: ws.token });
		expect(csv.status).toBe(200);
		expect(csv.headers.get("Content-Type")).toContain("text/csv");
		const lines = (csv.body as string).trim().split("\r\n");
		expect(lines[0]).toBe("section,series,period_start,period_end,metric,value,note");
		// A leading @ is guarded so a spreadsheet does not read the handle as a formula.
		expect(lines).toContain(`growth,'@bizzy,2026-03-02,2026-03-09,engagements,${week.engagements},`);
		expect(lines.filter((l) => l.startsWith("growth,")).length).toBe(3 * 9 * 6);
	});
});

describe("annotations", () => {
	it("are added to standouts, dates and sections, refused for unknown targets, and carried into the next run's trend", async () => {
		const ws = await signUp("Europe/Berlin");
		await seedWorld(ws);
		const other = await signUp();
		const report = await call("POST", "/reports", { token: ws.token, headers: { "X-Chorus-Now": "2026-03-04T10:00:00+01:00" }, json: { name: "Weekly" } });
		expect(report.body.timezone).toBe("Europe/Berlin");
		const queue = captureReports();
		await runSweep(at("2026-03-09T07:00:30Z"));
		// Other tests' reports may fall due at the same ticks.
		const build = queue.take().find((m) => m.workspaceId === ws.id);
		await deliverReports([build!], at("2026-03-09T07:01:00Z"));
		const run = await call("GET", `/report-runs/${build!.runId}`, { token: ws.token });
		const standout = run.body.data.standouts[0];

		const onItem = await call("POST", `/report-runs/${build!.runId}/annotations`, {
			token: ws.token,
			json: { target: standout.id, text: "The launch went out with the newsletter" },
		});
		expect(onItem.status).toBe(201);
		expect(onItem.body).toMatchObject({ target: standout.id, date: standout.date, author: { name: "Olive Owner" } });
		expect(
			(await call("POST", `/report-runs/${build!.runId}/annotations`, { token: ws.token, json: { target: "voice", text: "Pricing questions again" } })).status,
		).toBe(201);
		expect(
			(await call("POST", `/report-runs/${build!.runId}/annotations`, { token: ws.token, json: { target: "2026-02-17", text: "Ski holidays" } })).status,
		).toBe(201);

		const bad = await call("POST", `/report-runs/${build!.runId}/annotations`, { token: ws.token, json: { target: "nonsense", text: "x" } });
		expect(bad.status).toBe(422);
		expect(bad.body.error.issues[0].path).toEqual(["target"]);
		expect((await call("POST", `/report-runs/${build!.runId}/annotations`, { token: ws.token, json: { target: "2025-01-01", text: "x" } })).status).toBe(422);
		expect(
			(await call("POST", `/report-runs/${build!.runId}/annotations`, { token: ws.token, json: { target: "voice", text: "" } })).body.error.issues[0].path,
		).toEqual(["text"]);
		// Another workspace sees nothing.
		expect((await call("POST", `/report-runs/${build!.runId}/annotations`, { token: other.token, json: { target: "voice", text: "x" } })).status).toBe(404);
		expect((await call("GET", `/report-runs/${build!.runId}`, { token: other.token })).status).toBe(404);
		expect((await call("GET", `/report-runs/${build!.runId}.html`, { token: other.token })).status).toBe(404);

		const again = await call("GET", `/report-runs/${build!.runId}`, { token: ws.token });
		expect(again.body.annotations.map((a: any) => a.target)).toEqual([standout.id, "voice", "2026-02-17"]);
		const html = await call("GET", `/report-runs/${build!.runId}.html`, { token: ws.token });
		expect(html.body).toContain("The launch went out with the newsletter");

		// Next week's run shows the dated notes in its trend.
		await runSweep(at("2026-03-16T07:00:30Z"));
		const next = queue.take().find((m) => m.workspaceId === ws.id);
		expect(next!.runId).not.toBe(build!.runId);
		await deliverReports([next!], at("2026-03-16T07:01:00Z"));
		const later = await call("GET", `/report-runs/${next!.runId}`, { token: ws.token });
		expect(later.body.data.period).toEqual({ start: "2026-03-09", end: "2026-03-16" });
		expect(later.body.data.trendNotes.map((n: any) => [n.date, n.text])).toEqual(
			expect.arrayContaining([
				["2026-03-03", "The launch went out with the newsletter"],
				["2026-02-17", "Ski holidays"],
			]),
		);
		expect(later.body.data.trendNotes).toHaveLength(2);
		const laterHtml = await call("GET", `/report-runs/${next!.runId}.html`, { token: ws.token });
		expect(laterHtml.body).toContain("Ski holidays");
	});
});

describe("manual runs", () => {
	it("POST /reports/:id/run builds the period so far, as a new run each time, judging only the complete days", async () => {
		const ws = await signUp("Europe/Berlin");
		const { bizzy } = await seedWorld(ws);
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Bizzy weekly", accountIds: [bizzy.id] } });
		const queue = captureReports();
		const now = { "X-Chorus-Now": "2026-03-04T08:30:00+01:00" };
		const first = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: now });
		expect(first.status).toBe(202);
		expect(first.body).toEqual({ id: expect.any(String), status: "queued" });
		const second = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: now });
		expect(second.body.id).not.toBe(first.body.id);
		const sent = queue.take();
		expect(sent.map((m) => m.runId)).toEqual([first.body.id, second.body.id]);
		await deliverReports(sent, at("2026-03-04T07:30:00Z"));
		const run = await call("GET", `/report-runs/${first.body.id}`, { token: ws.token });
		expect(run.body).toMatchObject({
			status: "ready",
			trigger: "manual",
			period: { start: "2026-03-02", end: "2026-03-09", until: "2026-03-04T08:30:00+01:00" },
			delivery: { status: "none" },
		});
		expect(run.body.data.partialUntil).toBe("2026-03-04");
		expect(run.body.data.accounts.map((a: any) => a.handle)).toEqual(["@bizzy"]);
		expect(run.body.data.growth.total.points).toHaveLength(9);
		expect(run.body.data.standouts.some((s: any) => s.sentence.startsWith("Engagement on Tue 3 Mar was 9× the usual Tuesday on @bizzy"))).toBe(true);
		// Today (4 Mar) has only begun: it is not judged, however low its figures are so far.
		expect(run.body.data.standouts.filter((s: any) => s.date >= "2026-03-04")).toEqual([]);
		// Mentions only up to "now": the one of 4 Mar 09:00 is not in it.
		expect(run.body.data.voice.mentions).toBe(2);
	});

	it("a finished run announces report.ready to the workspace's webhooks, once", async () => {
		const ws = await signUp("Europe/Berlin");
		const { bizzy } = await seedWorld(ws);
		const hooks = captureWebhooks();
		try {
			const webhook = await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/chorus", events: ["report.ready"] } });
			expect(webhook.status).toBe(201);
			const report = await call("POST", "/reports", { token: ws.token, json: { name: "Bizzy weekly", accountIds: [bizzy.id] } });
			const queue = captureReports();
			const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: { "X-Chorus-Now": "2026-03-04T08:30:00+01:00" } });
			const sent = queue.take();
			await deliverReports(sent, at("2026-03-04T07:30:00Z"));
			await deliverReports(sent, at("2026-03-04T07:31:00Z")); // the same message again changes nothing
			const log = (await call("GET", `/webhooks/${webhook.body.id}/deliveries`, { token: ws.token })).body;
			expect(log.items).toHaveLength(1);
			expect(log.items[0]).toMatchObject({
				event: "report.ready",
				payload: { type: "report.ready", data: { report: { id: report.body.id, name: "Bizzy weekly" }, run: { id: run.body.id } } },
			});
			expect(hooks.sent).toEqual([log.items[0].id]);
		} finally {
			hooks.restore();
		}
	});

	it("a run that is not ready has no HTML or CSV yet", async () => {
		const ws = await signUp();
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Soon" } });
		const queue = captureReports();
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token });
		queue.restore();
		expect((await call("GET", `/report-runs/${run.body.id}.html`, { token: ws.token })).status).toBe(409);
		expect((await call("GET", `/report-runs/${run.body.id}`, { token: ws.token })).body).toMatchObject({ status: "queued", data: null });
	});
});

describe("webhook delivery that keeps failing", () => {
	it("gives up after the last attempt and says why", async () => {
		const ws = await signUp();
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Failing hook", slackWebhookUrl: "https://hooks.example/down" } });
		const queue = captureReports();
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token });
		await deliverReports(queue.take(), Date.now());
		const [deliver] = queue.take();
		const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("gone", { status: 500 }));
		for (let attempt = 1; attempt <= 4; attempt++) expect((await deliverReports([deliver!], Date.now(), attempt)).retried).toHaveLength(1);
		expect(await deliverReports([deliver!], Date.now(), 5)).toMatchObject({ acked: 1, retried: [] });
		expect(fetchSpy).toHaveBeenCalledTimes(5);
		const after = await call("GET", `/report-runs/${run.body.id}`, { token: ws.token });
		expect(after.body.delivery).toEqual({ status: "failed", attempts: 5, error: "HTTP 500: gone" });
	});
});

describe("report messages link to the run through PUBLIC_URL", () => {
	it("deployed without PUBLIC_URL, the message is not posted (its link would lead nowhere) and the run says why", async () => {
		const ws = await signUp();
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "No address", slackWebhookUrl: "https://hooks.example/chorus" } });
		const queue = captureReports();
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token });
		await deliverReports(queue.take(), Date.now());
		const [deliver] = queue.take();
		const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok", { status: 200 }));
		const deployed = { ...env, CHORUS_ENV: "production", PUBLIC_URL: "" } as Env;
		expect(await deliverReports([deliver!], Date.now(), 1, deployed)).toMatchObject({ acked: 1, retried: [] });
		expect(fetchSpy).not.toHaveBeenCalled();
		const after = await call("GET", `/report-runs/${run.body.id}`, { token: ws.token });
		expect(after.body.delivery).toMatchObject({ status: "failed", attempts: 1, error: expect.stringContaining("PUBLIC_URL") });
	});
});

describe("runs over any period", () => {
	it("'Run now' on the first day of a weekly period reports the last complete week; { period: 'previous' } the one before the current", async () => {
		const ws = await signUp("Europe/Berlin");
		const { bizzy } = await seedWorld(ws);
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Bizzy weekly", accountIds: [bizzy.id] } });
		const queue = captureReports();
		const monday = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: { "X-Chorus-Now": "2026-03-09T08:30:00+01:00" } });
		const previous = await call("POST", `/reports/${report.body.id}/run`, {
			token: ws.token,
			headers: { "X-Chorus-Now": "2026-03-11T08:30:00+01:00" },
			json: { period: "previous" },
		});
		expect([monday.status, previous.status]).toEqual([202, 202]);
		await deliverReports(queue.take(), at("2026-03-11T07:30:00Z"));
		const first = (await call("GET", `/report-runs/${monday.body.id}`, { token: ws.token })).body;
		expect(first).toMatchObject({ status: "ready", period: { start: "2026-03-02", end: "2026-03-09", until: "2026-03-09T00:00:00+01:00" } });
		expect(first.data.partialUntil).toBeNull();
		// The whole week's mentions, 4 Mar 09:00 included.
		expect(first.data.voice.mentions).toBe(3);
		expect((await call("GET", `/report-runs/${previous.body.id}`, { token: ws.token })).body.period).toMatchObject({ start: "2026-03-02", end: "2026-03-09" });
	});

	it("a custom range across the spring DST change counts each mention on its local day", async () => {
		const ws = await signUp("Europe/Berlin");
		const acc = await addAccount(ws, { handle: "@dst", timezone: "Europe/Berlin" });
		const mention = (externalId: string, createdAt: string) => ({
			accountId: acc.id,
			network: "sandbox",
			externalId,
			author: "@someone",
			text: "Hello there",
			createdAt,
		});
		// Sat 28 Mar 23:30 CET (before the change), Sun 29 Mar 12:00 CEST (after), Mon 30 Mar 00:30 CEST (outside).
		const items = [mention("before", "2026-03-28T22:30:00Z"), mention("after", "2026-03-29T10:00:00Z"), mention("outside", "2026-03-29T22:30:00Z")];
		expect((await call("POST", "/mentions", { token: ws.token, json: { items } })).status).toBe(201);
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "DST", accountIds: [acc.id] } });
		const queue = captureReports();
		const now = { "X-Chorus-Now": "2026-04-02T10:00:00+02:00" };
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: now, json: { from: "2026-03-23", to: "2026-03-29" } });
		expect(run.status).toBe(202);
		await deliverReports(queue.take(), at("2026-04-02T08:00:00Z"));
		const view = (await call("GET", `/report-runs/${run.body.id}`, { token: ws.token })).body;
		expect(view).toMatchObject({ status: "ready", period: { start: "2026-03-23", end: "2026-03-30", until: "2026-03-30T00:00:00+02:00" } });
		expect(view.data.voice.mentions).toBe(2);

		const db = createDb(env.DB);
		const def = (await getReportDefinition(db, ws.id, report.body.id))!;
		const row = (await getReportRun(db, ws.id, run.body.id))!;
		const input = await loadReportInput(db, def, row, "Europe/Berlin", at("2026-04-02T08:00:00Z"));
		expect(input.mentionCounts.filter((c) => c.accountId === acc.id).sort((a, b) => a.date.localeCompare(b.date))).toEqual([
			{ accountId: acc.id, date: "2026-03-28", count: 1 },
			{ accountId: acc.id, date: "2026-03-29", count: 1 },
		]);
	});

	it("refuses a range that is backwards, half given, in the future or too long, naming the field", async () => {
		const ws = await signUp("Europe/Berlin");
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Ranges" } });
		const queue = captureReports();
		const now = { "X-Chorus-Now": "2026-03-04T08:30:00+01:00" };
		const run = (json: unknown) => call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: now, json });
		const cases: [unknown, string][] = [
			[{ from: "2026-03-03", to: "2026-03-01" }, "to"],
			[{ from: "2026-03-01" }, "to"],
			[{ from: "2026-03-10", to: "2026-03-12" }, "from"],
			[{ from: "2024-01-01", to: "2026-03-01" }, "to"],
			[{ from: "2026-02-30", to: "2026-03-01" }, "from"],
			[{ period: "previous", from: "2026-03-01", to: "2026-03-02" }, "period"],
		];
		for (const [json, field] of cases) {
			const res = await run(json);
			expect(res.status, JSON.stringify(json)).toBe(400);
			expect(res.body.error.issues[0].path, JSON.stringify(json)).toEqual([field]);
		}
		expect(queue.take()).toEqual([]);
	});
});
