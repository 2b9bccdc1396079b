// Scenario `report`: a weekly report over 50 accounts × 400 days of metrics and 100,000 mentions, built in
// the local runtime by the REPORTS consumer's own buildRun (through the /__bench/report/build hook, which
// counts every D1 statement it sends). Wall time is measured from here, around the request, so the
// Worker's pure computation is included (inside workerd the clock only moves on I/O).
//
// Targets (issue 7): under 2 s, and no more than 50 D1 queries per invocation (the Workers free plan limit).
// Options: --accounts=50 --days=400 --mentions=100000 --runs=3 (builds of the same period; the first is cold)
//          --no-snapshot (run wrangler on the repo itself)
import { apiClient, mapLimit } from "../lib/api.mjs";
import { startBenchWorker } from "../lib/worker.mjs";

const WALL_TARGET_MS = 2000;
const QUERY_TARGET = 50;
const DAY = 86_400_000;

const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

async function run(ctx) {
	const o = ctx.options;
	const accounts = o.accounts ?? 50;
	const days = o.days ?? 400;
	const mentions = o.mentions ?? 100_000;
	const runs = o.runs ?? 3;
	const raw = { config: { accounts, days, mentions, runs }, setup: {}, builds: [] };

	const worker = await startBenchWorker({
		vars: { CHORUS_BENCH: "true" },
		snapshot: o.snapshot !== false && !o.noSnapshot,
		log: ctx.log,
		onCleanup: ctx.onCleanup,
	});
	ctx.onCleanup(() => worker.stop());
	const anon = apiClient(worker.url);
	const t0 = Date.now();
	const signUp = await anon.post("/api/v1/workspaces", {
		name: "Bench reports",
		timezone: "UTC",
		owner: { email: `bench-report-${t0}@bench.test`, name: "Bench Owner", password: "bench-password-123" },
	});
	const api = anon.withToken(signUp.token);
	await mapLimit(
		Array.from({ length: accounts }, (_, i) => i),
		8,
		(i) => api.post("/api/v1/accounts", { network: "sandbox", handle: `@report-${String(i).padStart(3, "0")}`, timezone: "UTC" }),
	);

	// 400 days ending on the Sunday before the last Monday: the weekly report covers the final 7 days.
	const today = new Date().toISOString().slice(0, 10);
	const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
	const periodEnd = addDays(today, -weekday); // this week's Monday
	const start = addDays(periodEnd, -days);
	const seeded = await api.post("/__bench/report/seed-metrics", { start, days }, { timeoutMs: 300_000 });
	const from = Date.parse(`${start}T00:00:00Z`);
	const to = Date.parse(`${periodEnd}T00:00:00Z`);
	const chunk = 20_000;
	let made = 0;
	for (let offset = 0; offset < mentions; offset += chunk) {
		made += (
			await api.post("/__bench/report/seed-mentions", { from, to, offset, count: Math.min(chunk, mentions - offset), total: mentions }, { timeoutMs: 300_000 })
		).mentions;
	}
	raw.setup = { ...seeded, mentions: made, start, periodEnd, ms: Date.now() - t0 };
	ctx.log(
		`seeded ${seeded.metricDays} metric days, ${seeded.posts} posts, ${made} mentions (${start} to ${periodEnd}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
	);

	const report = await api.post("/api/v1/reports", { name: "Weekly bench report", cadence: "weekly", timezone: "UTC" });
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const built = await api.post("/__bench/report/build", { reportId: report.id, periodEnd }, { timeoutMs: 120_000 });
		const wallMs = performance.now() - started;
		const run = await api.get(`/api/v1/report-runs/${built.runId}`);
		const b = {
			wallMs,
			queries: built.queries,
			workerMs: built.workerMs,
			status: run.status,
			standouts: run.data?.standouts.length ?? null,
			mentions: run.data?.voice.mentions ?? null,
			bytes: JSON.stringify(run.data).length,
		};
		raw.builds.push(b);
		ctx.log(
			`build ${i + 1}: ${wallMs.toFixed(0)} ms wall, ${b.queries} D1 statements, status ${b.status}, ${b.standouts} standouts, ${b.mentions} mentions in the week, ${(b.bytes / 1024).toFixed(0)} KiB of JSON`,
		);
		if (run.status !== "ready") throw new Error(`run ${built.runId} is ${run.status}`);
	}
	const html = await api
		.call("GET", `/api/v1/report-runs/${raw.builds.length ? (await api.get(`/api/v1/reports/${report.id}/runs`)).items[0].id : ""}.html`)
		.catch((e) => ({ error: e.message }));
	raw.htmlBytes = typeof html === "string" ? html.length : null;

	const warm = raw.builds.slice(1);
	const worst = (k) => Math.max(...raw.builds.map((b) => b[k]));
	const median = (list) => {
		const s = [...list].sort((a, b) => a - b);
		return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
	};
	const rows = [
		{ metric: "wall time per run (worst)", value: worst("wallMs"), unit: "ms", target: `< ${WALL_TARGET_MS} ms`, pass: worst("wallMs") < WALL_TARGET_MS },
		{ metric: "wall time per run (median of warm runs)", value: warm.length ? median(warm.map((b) => b.wallMs)) : null, unit: "ms" },
		{ metric: "D1 queries per run (worst)", value: worst("queries"), unit: "", target: `≤ ${QUERY_TARGET}`, pass: worst("queries") <= QUERY_TARGET },
		{ metric: "standouts found", value: raw.builds[0]?.standouts ?? null, unit: "" },
		{ metric: "mentions in the week", value: raw.builds[0]?.mentions ?? null, unit: "" },
	];
	return {
		rows,
		raw,
		notes: [
			`${accounts} accounts × ${days} days (${seeded.metricDays} metric days), ${seeded.posts} posts, ${made} mentions; ${runs} builds of the week ${addDays(periodEnd, -7)}..${periodEnd}, the first cold.`,
		],
	};
}

export default { name: "report", description: "a weekly report over 50 accounts × 400 days and 100,000 mentions: wall time and D1 queries per run", run };
