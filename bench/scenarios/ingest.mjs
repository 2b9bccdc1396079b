// Scenario `ingest`: 100,000 mentions through POST /api/v1/mentions in batches of 500, as an integration
// would send them, into the local runtime (wrangler dev, D1 in SQLite). Each mention is classified
// (domain/mentions), threaded into a conversation and stored once per external id.
//
// Baseline, same run: the first batches sent again. Every item is then a duplicate, so the request
// does the same validation, look-ups and answer but no classification and no writes.
//
// Options: --mentions=100000 --batch=500 --accounts=10 --concurrency=4 --no-snapshot
import { tsImport } from "tsx/esm/api";
import { apiClient, mapLimit } from "../lib/api.mjs";
import { startBenchWorker } from "../lib/worker.mjs";

// Varied texts, so classification does real work: praise, questions, concerns, chatter.
const OPENERS = ["", "Hey team, ", "Quick one: ", "Honestly, ", "@acme ", "So "];
const BODIES = [
	"love the new dashboard, thank you so much!",
	"how do I export my data to CSV?",
	"my order still hasn't arrived, 5 days late now and nobody answers",
	"the mobile app keeps crashing since the update 😡",
	"great job losing my parcel again. Really impressive",
	"is the premium plan available in Austria?",
	"your support team sorted my billing issue in minutes, brilliant",
	"on hold for 40 minutes. This is ridiculous",
	"reading your newsletter on the train this morning",
	"can you tell me when the spring collection ships?",
];
const CLOSERS = ["", " #help", " Thanks!", " 🙏", " again…", " Any update?"];

function textOf(i) {
	return `${OPENERS[i % OPENERS.length]}${BODIES[(i * 7) % BODIES.length]}${CLOSERS[(i * 13) % CLOSERS.length]}`;
}

async function run(ctx) {
	const o = ctx.options;
	const total = o.mentions ?? 100_000;
	const batch = Math.min(500, o.batch ?? 500);
	const accountCount = o.accounts ?? 10;
	const concurrency = o.concurrency ?? 4;
	ctx.log(`${total} mentions in batches of ${batch} over ${accountCount} sandbox accounts, ${concurrency} requests in flight`);

	const worker = await startBenchWorker({ snapshot: o.snapshot !== false && !o.noSnapshot, log: ctx.log, onCleanup: ctx.onCleanup });
	ctx.onCleanup(() => worker.stop());
	const anon = apiClient(worker.url);
	const t0 = Date.now();
	const signUp = await anon.post("/api/v1/workspaces", {
		name: "Bench ingest",
		timezone: "UTC",
		owner: { email: `ingest-${t0}@bench.test`, name: "Bench Owner", password: "bench-password-123" },
	});
	const api = anon.withToken(signUp.token);
	const accounts = [];
	for (let a = 0; a < accountCount; a++)
		accounts.push((await api.post("/api/v1/accounts", { network: "sandbox", handle: `@ingest_${a}`, timezone: "UTC" })).id);

	const batches = Math.ceil(total / batch);
	const itemsOf = (b) =>
		Array.from({ length: Math.min(batch, total - b * batch) }, (_, j) => {
			const i = b * batch + j;
			return {
				accountId: accounts[i % accounts.length],
				network: "sandbox",
				externalId: `bench-${t0}-${i}`,
				// 2,000 distinct authors: conversations get several messages each, like a real inbox.
				author: `@user${(i * 31) % 2000}`,
				text: textOf(i),
				createdAt: new Date(t0 - (total - i) * 1000).toISOString(),
				isFollower: i % 3 !== 0,
			};
		});

	const cpu0 = await worker.cpuSeconds();
	const start = performance.now();
	let done = 0;
	await mapLimit(
		Array.from({ length: batches }, (_, b) => b),
		concurrency,
		async (b) => {
			const res = await api.post("/api/v1/mentions", { items: itemsOf(b) }, { timeoutMs: 120_000 });
			done += res.items.length;
			if (b % 20 === 0) ctx.log(`${done} / ${total}`);
		},
	);
	const seconds = (performance.now() - start) / 1000;
	const cpu = (await worker.cpuSeconds()) - cpu0;

	// Baseline: the first 20 batches again, all duplicates.
	const again = Math.min(20, batches);
	const cpuB0 = await worker.cpuSeconds();
	const startB = performance.now();
	let duplicates = 0;
	await mapLimit(
		Array.from({ length: again }, (_, b) => b),
		concurrency,
		async (b) => {
			const res = await api.post("/api/v1/mentions", { items: itemsOf(b) }, { timeoutMs: 120_000 });
			duplicates += res.items.filter((m) => m.duplicate).length;
		},
	);
	const secondsB = (performance.now() - startB) / 1000;
	const cpuB = (await worker.cpuSeconds()) - cpuB0;
	const sentB = Math.min(total, again * batch);
	if (duplicates !== sentB) throw new Error(`expected ${sentB} duplicates on re-send, got ${duplicates}`);

	const stats = await api.get(
		`/api/v1/insights?from=${encodeURIComponent(new Date(t0 - (total + 60) * 1000).toISOString())}&to=${encodeURIComponent(new Date(t0 + 60_000).toISOString())}`,
	);
	ctx.log(`insights after the run: ${stats.mentions.total} mentions, by kind ${JSON.stringify(stats.mentions.byKind)}`);

	// The classifier alone, in this process: the same texts, timed on the CPU (user + system).
	const { classifyMention } = await tsImport("../../domain/mentions/classify.ts", import.meta.url);
	const texts = Array.from({ length: Math.min(total, 20_000) }, (_, i) => `${textOf(i)} #${i % 97}`);
	for (const t of texts.slice(0, 2000)) classifyMention(t);
	const cpuC0 = process.cpuUsage();
	for (const t of texts) classifyMention(t);
	const cpuC = process.cpuUsage(cpuC0);
	const classifierMs = (cpuC.user + cpuC.system) / 1000 / texts.length;

	const rate = done / seconds;
	const cpuMs = cpu > 0 ? (cpu * 1000) / done : null;
	const cpuMsB = cpuB > 0 ? (cpuB * 1000) / sentB : null;
	return {
		rows: [
			{ metric: "mentions stored", value: done, unit: "", note: `${batches} requests of ${batch}` },
			{ metric: "throughput", value: rate, unit: "mentions/s", baseline: sentB / secondsB, note: "baseline: the same requests again, all duplicates" },
			{
				metric: "CPU per mention (wrangler + workerd)",
				value: cpuMs,
				unit: "ms",
				baseline: cpuMsB,
				note: "whole local runtime: workerd, D1's SQLite, wrangler",
			},
			{
				metric: "classifier CPU per mention",
				value: classifierMs,
				unit: "ms",
				target: "≤ 0.2 ms",
				pass: classifierMs <= 0.2,
				note: `classifyMention alone, in process, ${texts.length} texts (domain/mentions)`,
			},
			{ metric: "insights total", value: stats.mentions.total, unit: "mentions" },
		],
		raw: {
			total,
			batch,
			accountCount,
			concurrency,
			seconds,
			cpuSeconds: cpu,
			baseline: { sent: sentB, seconds: secondsB, cpuSeconds: cpuB },
			byKind: stats.mentions.byKind,
		},
		baselineNote: "the first batches re-sent: validation, look-ups and answer without classification or writes",
	};
}

export default {
	name: "ingest",
	description: "100,000 mentions through POST /mentions in batches of 500: mentions/s and CPU per mention",
	run,
};
