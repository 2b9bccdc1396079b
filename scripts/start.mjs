// `npm start`: a working Chorus on http://127.0.0.1:8787 in one command (API.md, "Local start").
// .dev.vars → migrations → wrangler dev → demo seed (through the public API) → banner → cron every minute.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyLocalMigrations, assertPortFree, repoRoot, startWranglerDev } from "./wrangler-dev.mjs";

const startedAt = Date.now();
const port = Number(process.env.PORT || 8787);
const persistTo = path.resolve(repoRoot, process.env.PERSIST_TO || ".wrangler/state");
const DEMO = { email: "owner@demo.test", password: "chorus-demo" };
const log = (message) => console.log(`[start] ${message}`);
const fail = (message) => {
	console.error(`[start] ${message}`);
	process.exit(1);
};

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
// Checked first so a second `npm start` fails at once, before touching the database the first one serves.
await assertPortFree(port).catch((error) =>
	fail(error.code === "EADDRINUSE" ? `${error.message}\n[start] Pick another port: PORT=${port + 1} npm start` : error.message),
);

// Local-only settings. "wx" creates the file but never overwrites it: the key encrypts stored credentials.
try {
	const key = randomBytes(32).toString("base64");
	await writeFile(path.join(repoRoot, ".dev.vars"), `ALLOW_SIGNUP="true"\nCHORUS_ENV="local"\nCREDENTIALS_KEY="${key}"\n`, { flag: "wx", mode: 0o600 });
	log("created .dev.vars (sign-up open, local mode, a fresh CREDENTIALS_KEY)");
} catch (error) {
	if (error.code !== "EEXIST") throw error;
}

try {
	const output = await applyLocalMigrations({ persistTo });
	const applied = output
		.split("\n")
		.filter((line) => /\.sql\s*│\s*✅/.test(line))
		.map((line) => line.split("│")[1]?.trim());
	// wrangler prints the table of migrations before and after applying them: name each once.
	const names = [...new Set(applied)];
	log(names.length ? `applied migrations: ${names.join(", ")}` : "database is up to date");
} catch (error) {
	fail(error.message);
}

const dev = await startWranglerDev({ port, persistTo, onLine: (line) => console.log(`[wrangler] ${line}`) }).catch((error) => fail(error.message));

// From here on one exit path: stop the ticker and wrangler, then leave with wrangler's code (0 when we asked it to stop).
let ticker;
let stopping = false;
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	clearTimeout(ticker);
	await dev.stop();
	process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => shutdown(0));
dev.exited.then((code) => {
	if (!stopping) console.error(`[start] wrangler dev exited with code ${code}`);
	shutdown(code);
});

async function api(method, route, { token, cookie, body, key } = {}) {
	const headers = { "Content-Type": "application/json", Origin: dev.url };
	if (token) headers.Authorization = `Bearer ${token}`;
	if (cookie) headers.Cookie = cookie;
	if (key) headers["Idempotency-Key"] = key;
	const res = await fetch(`${dev.url}/api/v1${route}`, { method, headers, body: body && JSON.stringify(body) });
	const data = await res.json().catch(() => null);
	return { res, data };
}
async function must(method, route, options) {
	const { res, data } = await api(method, route, options);
	if (!res.ok) throw new Error(`${method} /api/v1${route} answered ${res.status}: ${JSON.stringify(data?.error ?? data)}`);
	return data;
}

/** "2026-11-27T10:00:00+01:00": tomorrow at hh:mm on Berlin's wall clock, with that day's offset. */
function tomorrowInBerlin(hhmm) {
	const timeZone = "Europe/Berlin";
	const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
	const [y, m, d] = today.split("-").map(Number);
	const day = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
	const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(new Date(`${day}T${hhmm}:00Z`));
	const offset = parts.find((part) => part.type === "timeZoneName").value.replace("GMT", "") || "Z";
	return `${day}T${hhmm}:00${offset}`;
}

// Written when a seed completes. It lives in the persist dir, so wiping the local database wipes it too.
const seededMarker = path.join(persistTo, "chorus-demo-seeded");
// Idempotency keys belong to the token that sent them: a resumed seed must send them with the same
// token to replay rather than duplicate, so the seed's token is kept beside the local database.
const seedTokenFile = path.join(persistTo, "chorus-demo-seed-token");

// Every POST carries a fixed Idempotency-Key, so resuming an interrupted seed replays instead of duplicating.
async function seedDemo(token) {
	const create = (route, key, body) => must("POST", route, { token, key: `demo-seed:${key}`, body });
	const account = (key, body) => create("/accounts", key, { network: "sandbox", ...body });
	const hq = await account("hq", { handle: "@chorus-hq", displayName: "Chorus HQ", timezone: "Europe/Berlin", postingPolicy: "open" });
	const us = await account("us", { handle: "@chorus-us", displayName: "Chorus US", timezone: "America/New_York", parentId: hq.id, postingPolicy: "open" });
	const jp = await account("jp", { handle: "@chorus-jp", displayName: "Chorus Japan", timezone: "Asia/Tokyo", parentId: hq.id });
	const slots = [1, 2, 3, 4, 5].flatMap((weekday) => [
		{ weekday, time: "09:00" },
		{ weekday, time: "15:00" },
	]);
	for (const { id } of [hq, us, jp]) await must("PUT", `/accounts/${id}/slots`, { token, body: { slots } });
	const mia = await create("/members", "manager", { email: "manager@demo.test", name: "Mia Manager", role: "manager", password: DEMO.password });
	await create("/members", "author", { email: "author@demo.test", name: "Ari Author", role: "author", password: DEMO.password });
	// Who posts: the US account runs on shifts (Mia on weekdays, the owner at weekends), Japan has one owner.
	const owner = (await must("GET", "/me", { token })).member;
	await must("PATCH", `/accounts/${us.id}`, { token, body: { postingPolicy: "shift" } });
	await must("PATCH", `/accounts/${jp.id}`, { token, body: { postingPolicy: "owner", ownerId: mia.id } });
	await create("/shifts", "weekday", {
		memberId: mia.id,
		accountIds: [us.id],
		weekdays: [1, 2, 3, 4, 5],
		start: "09:00",
		end: "17:00",
		timezone: "America/New_York",
	});
	await create("/shifts", "weekend", { memberId: owner.id, accountIds: [us.id], weekdays: [6, 7], start: "10:00", end: "16:00", timezone: "America/New_York" });
	// A few people talking to the brand, for the inbox.
	const ago = (minutes) => new Date(Date.now() - minutes * 60_000).toISOString();
	await create("/mentions", "mentions", {
		items: [
			{
				accountId: hq.id,
				network: "sandbox",
				externalId: "demo-m1",
				author: { handle: "@lena_k", name: "Lena K." },
				text: "Just got my order, the linen shirt is even better in person!",
				createdAt: ago(180),
			},
			{
				accountId: us.id,
				network: "sandbox",
				externalId: "demo-m2",
				author: { handle: "@mark_t" },
				text: "Does the spring collection ship to Canada? Can't find it in checkout.",
				createdAt: ago(95),
			},
			{
				accountId: us.id,
				network: "sandbox",
				externalId: "demo-m3",
				author: { handle: "@mark_t" },
				text: "Still no answer, anyone there?",
				createdAt: ago(20),
				inReplyTo: "demo-m2",
			},
		],
	});
	await create("/posts", "launch", {
		accountIds: [hq.id, us.id],
		body: "Our spring collection lands today: 40 new pieces, all made in Europe. Which one are you grabbing first?",
		scheduledAt: tomorrowInBerlin("10:00"),
	});
	await create("/posts", "japan", {
		accountIds: [jp.id],
		body: "Hello Tokyo! Our pop-up in Shibuya opens this Saturday at 11:00. See you there?",
		scheduledAt: tomorrowInBerlin("10:30"),
	});
	await create("/posts", "draft", { accountIds: [hq.id], body: "Draft: behind the scenes with the design team. Photos still to come from Lena." });
	// A thread (each part a reply to the one before) and a post with a first comment: both show in the sandbox feed once out.
	await create("/posts", "thread", {
		accountIds: [hq.id],
		body: "How a spring collection is made, in three parts. 1/3: it starts with fabric samples in January.",
		parts: [
			"2/3: in March the first patterns are cut and fitted in our Porto workshop.",
			"3/3: and today, 40 pieces later, it is in the shop. Thank you, team!",
		],
		scheduledAt: tomorrowInBerlin("12:00"),
	});
	await create("/posts", "first-comment", {
		accountIds: [us.id],
		body: "New York, our spring collection is in store on Fifth Avenue from today.",
		firstComment: "Opening hours: 10:00 to 20:00, every day this week.",
		scheduledAt: tomorrowInBerlin("15:00"),
	});
	await writeFile(seededMarker, new Date().toISOString());
	log(
		"seeded the Demo workspace: 3 sandbox accounts, 2 more members, a weekday/weekend rota, 5 posts (one a thread, one with a first comment), 2 conversations",
	);
}

async function demoToken() {
	const signIn = await api("POST", "/session", { body: DEMO });
	if (signIn.res.status === 401) {
		// No Idempotency-Key here: sign-up has no workspace to scope one to; a rerun signs in instead.
		const created = await must("POST", "/workspaces", {
			body: { name: "Demo", timezone: "Europe/Berlin", owner: { email: DEMO.email, name: "Demo Owner", password: DEMO.password } },
		});
		await writeFile(seedTokenFile, created.token, { mode: 0o600 });
		await seedDemo(created.token);
		return created.token;
	}
	if (!signIn.res.ok) throw new Error(`POST /api/v1/session answered ${signIn.res.status}: ${JSON.stringify(signIn.data?.error ?? signIn.data)}`);
	// fetch keeps no cookie jar: send the session cookie back by hand (__Host-/Secure only bind browsers).
	const cookie = signIn.res.headers
		.getSetCookie()
		.map((c) => c.split(";")[0])
		.join("; ");
	const { token } = await must("POST", "/tokens", { cookie, body: { name: `npm start ${new Date().toISOString().slice(0, 16)}` } });
	// An earlier seed stopped halfway: finish it with the token it started with, so its keys replay.
	if (!existsSync(seededMarker)) await seedDemo(existsSync(seedTokenFile) ? (await readFile(seedTokenFile, "utf8")).trim() : token);
	return token;
}

async function whenReady() {
	const token = await demoToken().catch((error) => {
		console.error(`[start] could not seed or sign in to the demo workspace (the server keeps running):\n  ${error.message}`);
		return null;
	});
	console.log(`
  Chorus is running at ${dev.url}   (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)
  Sign in: ${DEMO.email} / ${DEMO.password}
  API token (owner): ${token ?? "(none: see the error above)"}
    export TOKEN=${token ?? "..."}
    curl -H "Authorization: Bearer $TOKEN" ${dev.url}/api/v1/posts
  The cron fires at the start of every minute. Ctrl-C stops everything.
`);
	scheduleTick();
}

// wrangler dev never fires Cron Triggers itself; its /cdn-cgi/local/scheduled endpoint runs scheduled().
// time= passes the minute boundary as scheduledTime, as Cloudflare does. Only failures are logged, and a
// failure repeating every minute is logged once until it recovers.
let lastFailure = null;
function scheduleTick(previous = 0) {
	// The next wall-clock minute, and never the same one twice should a timer fire a hair early.
	const minute = Math.max(previous + 60_000, Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
	ticker = setTimeout(async () => {
		scheduleTick(minute);
		const failure = await fetch(`${dev.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*&time=${minute}`, { signal: AbortSignal.timeout(55_000) })
			.then(async (res) => (res.ok ? null : `${res.status} ${(await res.text()).slice(0, 200)}`))
			.catch((error) => error.message);
		if (failure && failure !== lastFailure && !stopping) console.error(`[cron] tick at ${new Date(minute).toISOString()} failed: ${failure}`);
		if (!failure && lastFailure) console.log("[cron] ticks succeed again");
		lastFailure = failure;
	}, minute - Date.now());
}

// Never healthy: say so and stop wrangler. If wrangler exited or Ctrl-C came, shutdown() is already under way.
dev.ready.then(whenReady, (error) => {
	if (stopping) return;
	console.error(`[start] ${error.message}`);
	shutdown(1);
});
