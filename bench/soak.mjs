// `npm run soak [-- --minutes=5 | --short]`: a fault soak against the local runtime (wrangler dev).
//
// For the traffic phase (5 minutes by default, 90 s with --short), a mixed API load runs against one
// workspace of sandbox accounts: posts are created for the next minutes, read back (lists, calendar,
// single posts, feeds), edited and some canceled, while the minute cron is fired every few seconds.
// Meanwhile faults are injected at random: sandbox fail modes on the accounts (rate_limit,
// server_error, timeout_after_send, unknown_after_send; API.md, Accounts) and Durable Object evictions
// (POST /__bench/evict aborts an account's desk, as an eviction or a crash would, also mid-send).
// Then the faults stop and the queue drains. At the end, from the data (posts joined with the sandbox
// feed, GET /__bench/publish-stats): zero duplicates (a post on the network more than once), zero lost
// (a post due during the run that never reached a final status, or says published with nothing on the
// network), zero 5xx answers. Exit code 1 otherwise.
//
// Options: --minutes=5 --short (90 s) --accounts=12 --seed=<n> --drain=180 (s) --no-snapshot
import { randomBytes } from "node:crypto";
import { apiClient, sleep } from "./lib/api.mjs";
import { startBenchWorker } from "./lib/worker.mjs";

function parseArgs(argv) {
	const o = {};
	for (const arg of argv) {
		const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
		if (m) o[m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = m[2] === undefined ? true : Number.isNaN(Number(m[2])) ? m[2] : Number(m[2]);
	}
	return o;
}

/** mulberry32: seeded, so a failing soak can be replayed with --seed. */
function seeded(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const o = parseArgs(process.argv.slice(2));
const trafficMs = (o.short ? 1.5 : (o.minutes ?? 5)) * 60_000;
const accountCount = o.accounts ?? 12;
const drainMs = (o.drain ?? 180) * 1000;
const seed = o.seed ?? randomBytes(4).readUInt32LE(0);
const random = seeded(seed);
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const log = (m) => console.log(`[soak +${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);
const FAULTS = ["rate_limit", "server_error", "timeout_after_send", "unknown_after_send"];

const started = Date.now();
const counts = { requests: 0, byStatus: {}, serverErrors: [], created: 0, edited: 0, canceled: 0, faults: 0, evictions: 0, cronTicks: 0 };

const worker = await startBenchWorker({ vars: { CHORUS_BENCH: "true" }, snapshot: o.snapshot !== false && !o.noSnapshot, log });
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"])
	process.on(signal, async () => {
		if (stopping) process.exit(130);
		stopping = true;
		await worker.stop();
		process.exit(130);
	});

/** One API call that never throws: the soak records what came back. */
async function hit(token, method, path, body) {
	counts.requests++;
	try {
		const res = await fetch(`${worker.url}${path}`, {
			method,
			headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
			body: body ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(60_000),
		});
		const text = await res.text();
		counts.byStatus[res.status] = (counts.byStatus[res.status] ?? 0) + 1;
		if (res.status >= 500) counts.serverErrors.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
		return { status: res.status, body: text ? JSON.parse(text) : null };
	} catch (error) {
		counts.byStatus.network = (counts.byStatus.network ?? 0) + 1;
		counts.serverErrors.push(`${method} ${path} → ${error.message}`);
		return { status: 0, body: null };
	}
}

let failed = false;
try {
	log(`seed ${seed}; ${accountCount} sandbox accounts; traffic ${trafficMs / 1000} s, then drain up to ${drainMs / 1000} s`);
	const anon = apiClient(worker.url);
	const signUp = await anon.post("/api/v1/workspaces", {
		name: "Soak",
		timezone: "UTC",
		owner: { email: `soak-${started}@bench.test`, name: "Soak Owner", password: "soak-password-123" },
	});
	const token = signUp.token;
	const api = anon.withToken(token);
	const accounts = [];
	for (let i = 0; i < accountCount; i++) accounts.push(await api.post("/api/v1/accounts", { network: "sandbox", handle: `@soak-${i}`, timezone: "UTC" }));
	await api.post("/__bench/evict", { accountIds: [accounts[0].id] }).catch((error) => {
		throw new Error(`the /__bench hooks do not answer (${error.message})`);
	});

	const trafficEnds = Date.now() + trafficMs;
	const posts = []; // { id, accountId, dueAt }
	let serial = 0;

	// The minute cron, fired every 5 s (the sweep is idempotent; a real cron fires once a minute).
	const cron = (async () => {
		while (!stopping && Date.now() < trafficEnds + drainMs) {
			await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*&time=${Date.now()}`, { signal: AbortSignal.timeout(120_000) }).catch(() => undefined);
			counts.cronTicks++;
			await sleep(5_000);
		}
	})();

	// The users: create posts due within the next 2.5 minutes (never after the traffic ends, so every one
	// meets the faults), read, edit, cancel.
	async function user() {
		while (Date.now() < trafficEnds - 20_000) {
			const r = random();
			const dueAt = Math.min(Date.now() + 30_000 + random() * 120_000, trafficEnds - 5_000);
			if (r < 0.35 && dueAt > Date.now() + 10_000) {
				const acc = pick(accounts);
				const res = await hit(token, "POST", "/api/v1/posts", {
					accountId: acc.id,
					body: `Soak post ${++serial}: ${crypto.randomUUID()}`,
					scheduledAt: new Date(dueAt).toISOString(),
				});
				if (res.status === 201) {
					for (const p of res.body.posts) posts.push({ id: p.id, accountId: p.accountId, dueAt });
					counts.created += res.body.posts.length;
				}
			} else if (r < 0.45 && posts.length) {
				const p = pick(posts);
				const res = await hit(token, "PATCH", `/api/v1/posts/${p.id}`, { body: `Soak post edited: ${crypto.randomUUID()}` });
				if (res.status === 200) counts.edited++;
			} else if (r < 0.48 && posts.length) {
				const p = pick(posts);
				const res = await hit(token, "POST", `/api/v1/posts/${p.id}/cancel`);
				if (res.status === 200) counts.canceled++;
			} else if (r < 0.65) {
				await hit(token, "GET", `/api/v1/posts?from=${new Date(started).toISOString()}&to=${new Date(trafficEnds + 3_600_000).toISOString()}`);
			} else if (r < 0.75) {
				await hit(token, "GET", "/api/v1/calendar");
			} else if (r < 0.9 && posts.length) {
				await hit(token, "GET", `/api/v1/posts/${pick(posts).id}`);
			} else {
				await hit(token, "GET", `/api/v1/accounts/${pick(accounts).id}/feed`);
			}
			await sleep(50 + random() * 150);
		}
	}

	// The faults: a fail mode on a random account every 3 s, a desk eviction every 4 s.
	async function faults() {
		while (Date.now() < trafficEnds) {
			const acc = pick(accounts);
			await hit(token, "PATCH", `/api/v1/accounts/${acc.id}`, { sandbox: { failMode: pick(FAULTS), failCount: 1 + Math.floor(random() * 3) } });
			counts.faults++;
			await sleep(1_500);
			const evict = [pick(accounts).id, pick(accounts).id];
			const res = await hit(token, "POST", "/__bench/evict", { accountIds: evict });
			if (res.status === 200) counts.evictions += res.body.evicted;
			await sleep(1_500);
		}
	}

	let lastReport = 0;
	const reporter = setInterval(() => {
		if (Date.now() - lastReport < 30_000) return;
		lastReport = Date.now();
		log(
			`${counts.requests} requests, ${counts.created} posts created, ${counts.faults} faults, ${counts.evictions} evictions, 5xx so far: ${counts.serverErrors.length}`,
		);
	}, 5_000);
	await Promise.all([user(), user(), user(), faults()]);
	log(`traffic over: ${counts.created} posts created; faults off, draining`);
	for (const acc of accounts) await hit(token, "PATCH", `/api/v1/accounts/${acc.id}`, { sandbox: { failMode: "none" } });

	// ---- drain: until every post due has a final status, or the drain time is up ---------------------
	let progress;
	const drainEnds = Date.now() + drainMs;
	while (Date.now() < drainEnds) {
		progress = await api.get("/__bench/publish-stats?progress=1");
		if (progress.unfinished === 0 && Date.now() > trafficEnds) break;
		await sleep(5_000);
	}
	stopping = true;
	clearInterval(reporter);
	await cron.catch(() => undefined);
	const stats = await api.get("/__bench/publish-stats");

	const lost = stats.unfinished + stats.publishedWithoutItem;
	console.log(`\n== soak (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s, ${accountCount} accounts, traffic ${trafficMs / 1000} s)`);
	console.log(
		JSON.stringify(
			{
				requests: counts.requests,
				byStatus: counts.byStatus,
				serverErrors: counts.serverErrors.length,
				postsCreated: counts.created,
				edited: counts.edited,
				canceled: stats.canceled,
				faultsInjected: counts.faults,
				deskEvictions: counts.evictions,
				cronTicks: counts.cronTicks,
				published: stats.published,
				failed: stats.failed,
				needsReview: stats.needsReview,
				unfinished: stats.unfinished,
				duplicates: stats.duplicates,
				extraFeedItems: stats.extraItems,
				publishedWithoutItem: stats.publishedWithoutItem,
				// needs_review after unknown_after_send: on the network, and the post says a human must check.
				onNetworkNotMarkedPublished: stats.itemButNotPublished,
				lost,
				attempts: stats.attempts,
				lagMs: stats.lags,
			},
			null,
			2,
		),
	);
	for (const e of counts.serverErrors.slice(0, 10)) console.log(`5xx: ${e}`);
	const verdicts = [
		[stats.duplicates === 0, `duplicates: ${stats.duplicates}`],
		[lost === 0, `lost: ${lost} (unfinished ${stats.unfinished}, published without a feed item ${stats.publishedWithoutItem})`],
		[counts.serverErrors.length === 0, `5xx answers: ${counts.serverErrors.length}`],
		[stats.total > 0 && counts.faults > 0 && counts.evictions > 0, `exercised: ${stats.total} posts, ${counts.faults} faults, ${counts.evictions} evictions`],
	];
	for (const [ok, line] of verdicts) console.log(`${ok ? "PASS" : "FAIL"} ${line}`);
	failed = verdicts.some(([ok]) => !ok);
} catch (error) {
	console.error(`[soak] failed: ${error.stack ?? error}`);
	failed = true;
} finally {
	stopping = true;
	await worker.stop();
}
process.exit(failed ? 1 : 0);
