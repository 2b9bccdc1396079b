// Scenario `api`: throughput and latency of token calls against the local runtime (wrangler dev), with
// autocannon. Baseline, same run: GET /health (routing and middleware, no auth, no D1). Measured against
// it: GET /api/v1/posts over one month of a workspace holding 10,000 posts, and POST /api/v1/posts.
// Each figure is reported as a ratio of the baseline's (throughput: a fraction; latency: a multiple).
//
// Options: --posts=10000 --accounts=100 --duration=10 (s per endpoint) --connections=10 --concurrency=8
//          (setup requests in flight) --no-snapshot
import autocannon from "autocannon";
import { apiClient, mapLimit } from "../lib/api.mjs";
import { startBenchWorker } from "../lib/worker.mjs";

const DAY = 86_400_000;

function measure({ url, method = "GET", headers = {}, body, duration, connections }) {
	return new Promise((resolve, reject) => {
		autocannon({ url, method, headers, body, duration, connections, timeout: 30 }, (error, result) => (error ? reject(error) : resolve(result)));
	});
}

const figures = (r) => ({
	rps: r.requests.average,
	p50: r.latency.p50,
	p99: r.latency.p99,
	requests: r.requests.total,
	non2xx: r.non2xx,
	errors: r.errors,
	timeouts: r.timeouts,
});

async function run(ctx) {
	const o = ctx.options;
	const postsWanted = o.posts ?? 10_000;
	const accountsWanted = o.accounts ?? 100;
	const duration = o.duration ?? 10;
	const connections = o.connections ?? 10;
	const concurrency = o.concurrency ?? 8;
	const raw = { config: { postsWanted, accountsWanted, duration, connections }, setup: {}, endpoints: {} };

	const worker = await startBenchWorker({ snapshot: o.snapshot !== false && !o.noSnapshot, log: ctx.log, onCleanup: ctx.onCleanup });
	ctx.onCleanup(() => worker.stop());
	const anon = apiClient(worker.url);

	// ---- a workspace with `postsWanted` posts spread over the month that starts in a week ------------
	const t0 = Date.now();
	const signUp = await anon.post("/api/v1/workspaces", {
		name: "Bench API",
		timezone: "UTC",
		owner: { email: `api-${t0}@bench.test`, name: "Bench Owner", password: "bench-password-123" },
	});
	const api = anon.withToken(signUp.token);
	const accounts = await mapLimit(
		Array.from({ length: accountsWanted }, (_, i) => i),
		concurrency,
		(i) => api.post("/api/v1/accounts", { network: "sandbox", handle: `@api-${String(i).padStart(4, "0")}`, timezone: "UTC" }),
	);
	const monthStart = Date.UTC(new Date(t0 + 7 * DAY).getUTCFullYear(), new Date(t0 + 7 * DAY).getUTCMonth() + 1, 1);
	const monthEnd = Date.UTC(new Date(monthStart).getUTCFullYear(), new Date(monthStart).getUTCMonth() + 1, 1);
	const span = monthEnd - monthStart;
	// Three accounts per compose (the most one text may go to on a network without looking like a bot).
	const perCall = 3;
	const calls = Array.from({ length: Math.ceil(postsWanted / perCall) }, (_, k) => k);
	let made = 0;
	await mapLimit(calls, concurrency, async (k) => {
		const n = Math.min(perCall, postsWanted - k * perCall);
		const accountIds = Array.from({ length: n }, (_, j) => accounts[(k * perCall + j) % accounts.length].id);
		const at = monthStart + Math.floor(((k * 7919) % calls.length) * (span / calls.length));
		const res = await api.post("/api/v1/posts", {
			accountIds,
			body: `Bench api post ${k}: ${crypto.randomUUID()}`,
			scheduledAt: new Date(at).toISOString(),
			allowDuplicate: true,
		});
		made += res.posts.length;
		if (k % 500 === 0) ctx.log(`posts: ${made}/${postsWanted}`);
	});
	raw.setup.ms = Date.now() - t0;
	raw.setup.posts = made;
	ctx.log(`${made} posts over ${accountsWanted} accounts in ${(raw.setup.ms / 1000).toFixed(1)} s`);

	// ---- the measurements, one endpoint at a time, each after a short warm-up ---------------------------
	const auth = { Authorization: `Bearer ${signUp.token}`, "Content-Type": "application/json" };
	const from = new Date(monthStart).toISOString();
	const to = new Date(monthEnd).toISOString();
	const endpoints = [
		{ name: "GET /health", url: `${worker.url}/health` },
		{ name: `GET /posts (a month of ${made.toLocaleString("en-US")})`, url: `${worker.url}/api/v1/posts?from=${from}&to=${to}`, headers: auth },
		{
			name: "POST /posts",
			url: `${worker.url}/api/v1/posts`,
			method: "POST",
			headers: auth,
			body: JSON.stringify({
				accountId: accounts[0].id,
				body: "Bench api: one more post for the month",
				scheduledAt: new Date(monthStart + 15 * DAY).toISOString(),
				allowDuplicate: true,
			}),
		},
	];
	for (const e of endpoints) {
		await measure({ ...e, duration: 1, connections });
		const result = figures(await measure({ ...e, duration, connections }));
		raw.endpoints[e.name] = result;
		ctx.log(`${e.name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`);
		if (result.non2xx || result.errors || result.timeouts)
			throw Object.assign(new Error(`${e.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`), {
				partial: { rows: [], raw },
			});
	}

	const base = raw.endpoints["GET /health"];
	const rows = [];
	for (const [name, r] of Object.entries(raw.endpoints)) {
		const isBase = name === "GET /health";
		rows.push({ metric: `${name} throughput`, value: r.rps, unit: "req/s", baseline: isBase ? undefined : base.rps });
		rows.push({ metric: `${name} p50`, value: r.p50, unit: "ms", baseline: isBase ? undefined : base.p50 });
		rows.push({ metric: `${name} p99`, value: r.p99, unit: "ms", baseline: isBase ? undefined : base.p99 });
	}
	return {
		rows,
		raw,
		baselineNote: `GET /health in the same run (${connections} connections, ${duration} s per endpoint, autocannon and wrangler dev on the same machine)`,
		notes: [`${made} posts in the workspace, GET /posts reads ${from.slice(0, 10)} to ${to.slice(0, 10)} (first page of 100)`],
	};
}

export default { name: "api", description: "token calls per second and latency against the local runtime", run };
