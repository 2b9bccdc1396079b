// Scenario `queries`: D1 statements per request for every API read (the route table comes from the
// Worker itself, GET /__bench/routes) and the common writes, counted by the bench-only counting binding
// (X-Chorus-D1-Statements, functions/middleware/query-count.ts). Measured over a workspace at 1× data
// (the baseline, same run), then again after growing it to 10×: every route must cost the same.
// test/routes/query-counts.test.ts asserts the same in `npm test`.
//
// Options: --posts=100 --accounts=10 --mentions=50 (the 1× sizes) --concurrency=8 --no-snapshot
import { apiClient, mapLimit } from "../lib/api.mjs";
import { startBenchWorker } from "../lib/worker.mjs";

const DAY = 86_400_000;

async function counted(baseUrl, token, method, path, body) {
	const res = await fetch(`${baseUrl}/api/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	await res.arrayBuffer();
	return { status: res.status, statements: Number(res.headers.get("X-Chorus-D1-Statements")), roundtrips: Number(res.headers.get("X-Chorus-D1-Roundtrips")) };
}

async function run(ctx) {
	const o = ctx.options;
	const size = { posts: o.posts ?? 100, accounts: o.accounts ?? 10, mentions: o.mentions ?? 50 };
	const concurrency = o.concurrency ?? 8;
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
		name: "Bench queries",
		timezone: "UTC",
		owner: { email: `queries-${t0}@bench.test`, name: "Bench Owner", password: "bench-password-123" },
	});
	const api = anon.withToken(signUp.token);
	const routes = (await api.get("/__bench/routes")).items;

	const monthStart = Date.UTC(new Date(t0).getUTCFullYear(), new Date(t0).getUTCMonth() + 2, 1);
	const world = { accounts: [], posts: [], mentions: [], members: [], shifts: [], announcements: [] };

	/** Grows the workspace by `factor` × the 1× sizes. */
	async function grow(factor) {
		const accounts = await mapLimit(
			Array.from({ length: size.accounts * factor }, (_, i) => i),
			concurrency,
			(i) => api.post("/api/v1/accounts", { network: "sandbox", handle: `@q-${world.accounts.length + i}`, timezone: "UTC" }),
		);
		world.accounts.push(...accounts);
		const posts = await mapLimit(
			Array.from({ length: size.posts * factor }, (_, i) => i),
			concurrency,
			(i) =>
				api.post("/api/v1/posts", {
					accountId: world.accounts[i % world.accounts.length].id,
					body: `Query bench ${crypto.randomUUID()}`,
					scheduledAt: new Date(monthStart + (i % 28) * DAY + i * 60_000).toISOString(),
					allowDuplicate: true,
				}),
		);
		world.posts.push(...posts.map((p) => p.posts[0]));
		const items = Array.from({ length: size.mentions * factor }, (_, i) => ({
			accountId: world.accounts[i % world.accounts.length].id,
			network: "sandbox",
			externalId: `q${world.mentions.length + i}`,
			author: `@fan${i % 7}`,
			text: `hi ${i}`,
			createdAt: new Date(t0 - i * 60_000).toISOString(),
		}));
		for (let i = 0; i < items.length; i += 500) world.mentions.push(...(await api.post("/api/v1/mentions", { items: items.slice(i, i + 500) })).items);
		const members = await mapLimit(
			Array.from({ length: factor }, (_, i) => i),
			concurrency,
			(i) =>
				api.post("/api/v1/members", {
					email: `q-${t0}-${world.members.length + i}@bench.test`,
					name: `Member ${i}`,
					role: "manager",
					password: "bench-password-123",
				}),
		);
		world.members.push(...members);
		for (const m of members)
			world.shifts.push(await api.post("/api/v1/shifts", { memberId: m.id, weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00", timezone: "UTC" }));
		const local = await api.post("/api/v1/accounts", {
			network: "sandbox",
			handle: `@q-local-${world.announcements.length}`,
			timezone: "UTC",
			parentId: world.accounts[0].id,
		});
		world.announcements.push(
			await api.post("/api/v1/announcements", {
				mainAccountId: world.accounts[0].id,
				localAccountIds: [local.id],
				body: `Launch ${crypto.randomUUID()}`,
				scheduledAt: new Date(monthStart + 10 * DAY).toISOString(),
			}),
		);
	}

	function calls(round) {
		const ids = {
			accounts: world.accounts[0].id,
			posts: world.posts[0].id,
			members: world.members[0].id,
			shifts: world.shifts[0].id,
			conversations: world.mentions[0].conversationId,
			announcements: world.announcements[0].id,
		};
		const from = new Date(monthStart).toISOString();
		const to = new Date(monthStart + 31 * DAY).toISOString();
		const reads = routes
			.map((r) => r.split(" "))
			.filter(([method, path]) => method === "GET" && path.startsWith("/api/v1/"))
			.map(([method, path]) => {
				let p = path.replace("/api/v1", "");
				let missing = null;
				p = p.replace(/:(\w+)/g, (_, param, offset) => {
					const kind = p.slice(0, offset).split("/").filter(Boolean).at(-1);
					if (!ids[kind]) missing = `:${param}`;
					return ids[kind] ?? "unknown";
				});
				const query = p === "/calendar" ? `?from=${from.slice(0, 10)}&to=${to.slice(0, 10)}` : `?from=${from}&to=${to}&accountId=${ids.accounts}`;
				return { name: `${method} ${path}`, method, path: `${p}${query}`, missing };
			});
		// The everyday writes, each on an object of its own in each round.
		const writes = [
			{
				name: "POST /api/v1/posts",
				method: "POST",
				path: "/posts",
				body: { accountId: ids.accounts, body: `New ${crypto.randomUUID()}`, scheduledAt: new Date(monthStart + 20 * DAY).toISOString(), allowDuplicate: true },
			},
			{ name: "PATCH /api/v1/posts/:id", method: "PATCH", path: `/posts/${world.posts[round * 2 + 1].id}`, body: { body: `Edited ${crypto.randomUUID()}` } },
			{ name: "POST /api/v1/posts/:id/cancel", method: "POST", path: `/posts/${world.posts[round * 2 + 2].id}/cancel` },
			{ name: "POST /api/v1/lint", method: "POST", path: "/lint", body: { accountId: ids.accounts, body: "Does this read well?" } },
			{
				name: "POST /api/v1/mentions (1 item)",
				method: "POST",
				path: "/mentions",
				body: {
					items: [
						{ accountId: ids.accounts, network: "sandbox", externalId: `w${round}`, author: `@new-${round}`, text: "hi", createdAt: new Date().toISOString() },
					],
				},
			},
		];
		return [...reads, ...writes];
	}

	async function measureAll(round) {
		const out = {};
		for (const c of calls(round)) {
			if (c.missing) {
				out[c.name] = { skipped: `no id for ${c.missing}` };
				continue;
			}
			out[c.name] = await counted(worker.url, signUp.token, c.method, c.path, c.body);
		}
		return out;
	}

	await grow(1);
	ctx.log(`1×: ${world.accounts.length} accounts, ${world.posts.length} posts, ${world.mentions.length} mentions (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
	const small = await measureAll(0);
	await grow(9);
	ctx.log(
		`10×: ${world.accounts.length} accounts, ${world.posts.length} posts, ${world.mentions.length} mentions (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
	);
	const large = await measureAll(1);

	const rows = [];
	const notes = [];
	for (const [name, a] of Object.entries(small)) {
		const b = large[name];
		if (a.skipped || b.skipped) {
			notes.push(`${name} not measured: ${a.skipped ?? b.skipped}`);
			continue;
		}
		if (a.status >= 400 || b.status >= 400) notes.push(`${name} answered ${a.status} / ${b.status}`);
		rows.push({
			metric: name,
			value: b.statements,
			unit: "queries",
			baseline: a.statements,
			target: "same as 1×",
			pass: b.statements === a.statements && a.status < 400 && b.status < 400,
			note: b.roundtrips !== b.statements ? `${b.roundtrips} round trips` : undefined,
		});
	}
	return {
		rows,
		raw: { sizes1x: size, routes, small, large },
		baselineNote: `the same request over the same workspace at 1× (${size.accounts} accounts, ${size.posts} posts, ${size.mentions} mentions), measured in the same run; value at 10×`,
		notes: [
			...notes,
			"counts the request's own D1 statements (a batch counts each statement); Durable Object and queue work that follows is not the request's",
		],
	};
}

export default { name: "queries", description: "D1 queries per request per API route, at 1× and 10× data", run };
