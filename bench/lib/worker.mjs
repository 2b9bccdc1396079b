// Starts the Worker for a bench scenario: `wrangler dev` on a free port, a throwaway --persist-to, and
// migrations applied first (scripts/wrangler-dev.mjs, the same helpers as `npm start` and the node tests).
//
// By default wrangler runs a snapshot of the Worker taken at start: the source folders are copied to a
// temp dir, bundled once there (`wrangler deploy --dry-run --outdir`, the same esbuild setup as dev) and
// served with `no_bundle = true`. `wrangler dev` otherwise rebuilds and restarts whenever a file it
// bundled changes, and that includes files outside the sources (editing the repo's package.json did it),
// which drops the local queue's in-memory messages mid-run while other people work in the repo.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { applyLocalMigrations, freePort, repoRoot, startWranglerDev } from "../../scripts/wrangler-dev.mjs";

// What the Worker build needs (wrangler.toml: main, migrations_dir, assets directory).
const SNAPSHOT = ["wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", "functions", "domain", "db", "queues", "web"];

/** The ANSI colour codes wrangler puts into its log lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes begin with ESC (\x1b).
export const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** "QUEUE chorus-publish 50/50 (812ms)": miniflare's line per delivered batch (acked/total, handler time). */
const QUEUE_LINE = /QUEUE (\S+) (\d+)\/(\d+)(?: \((\d+)ms\))?/;

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Bundles the Worker in `cwd` into cwd/.bench-dist and points cwd/wrangler.toml at it with no_bundle. */
async function prebundle(cwd) {
	const output = [];
	const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", ".bench-dist"], {
		cwd,
		// "development" like `wrangler dev` would define it; no metrics, no Request.cf download.
		env: { ...process.env, NODE_ENV: "development", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" },
		stdio: ["ignore", "pipe", "pipe"],
	});
	child.stdout.on("data", (d) => output.push(String(d)));
	child.stderr.on("data", (d) => output.push(String(d)));
	const code = await new Promise((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
	if (code !== 0) throw new Error(`bundling the Worker failed (exit ${code}):\n${output.join("")}`);
	const toml = path.join(cwd, "wrangler.toml");
	const config = await readFile(toml, "utf8");
	if (!/^main\s*=.*$/m.test(config)) throw new Error("wrangler.toml has no main = line to point at the bundle");
	await writeFile(toml, config.replace(/^main\s*=.*$/m, 'main = ".bench-dist/index.js"\nno_bundle = true'));
}

/** CPU seconds (user + system) used so far by a process and all its descendants; null where /proc is missing. */
export async function treeCpuSeconds(rootPid) {
	try {
		let ticks = 0;
		const queue = [rootPid];
		while (queue.length) {
			const pid = queue.pop();
			const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
			if (!stat) continue;
			const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
			ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
			for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
				const children = await readFile(`/proc/${pid}/task/${tid}/children`, "utf8").catch(() => "");
				for (const child of children.trim().split(/\s+/).filter(Boolean)) queue.push(Number(child));
			}
		}
		return ticks / CLOCK_TICKS;
	} catch {
		return null;
	}
}

/**
 * @param {{ vars?: Record<string,string>, snapshot?: boolean, log?: (m: string) => void, onLine?: (line: string, at: number) => void,
 *          onCleanup?: (fn: () => Promise<unknown>) => void }} options
 *   onCleanup receives the stop function as soon as wrangler is spawned, so an interrupt while it is
 *   still starting stops it too.
 * @returns the running worker: { url, stop(), lines, queueBatches, persistTo, cwd, cpuSeconds() }
 */
export async function startBenchWorker({ vars = {}, snapshot = true, stateOnDisk = false, log = () => {}, onLine, onCleanup } = {}) {
	// The local runtime keeps D1 and every Durable Object in SQLite files and syncs them on each
	// transaction. On Cloudflare neither lives on a local disk, so by default the state goes to memory
	// (/dev/shm) and the figures measure Chorus and the runtime, not this machine's disk. --state-on-disk
	// keeps it in the temp dir instead.
	const memory = !stateOnDisk && existsSync("/dev/shm") ? "/dev/shm" : null;
	const scratch = await mkdtemp(path.join(memory ?? os.tmpdir(), "chorus-bench-"));
	const persistTo = path.join(scratch, "state");
	let cwd = repoRoot;
	if (snapshot) {
		cwd = path.join(scratch, "src");
		for (const entry of SNAPSHOT) {
			if (existsSync(path.join(repoRoot, entry))) await cp(path.join(repoRoot, entry), path.join(cwd, entry), { recursive: true });
		}
		await symlink(path.join(repoRoot, "node_modules"), path.join(cwd, "node_modules"), "dir");
		await prebundle(cwd);
	}
	const removeScratch = () => rm(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	let dev;
	let stopped;
	const stop = () => {
		stopped ??= Promise.resolve(dev?.stop()).finally(removeScratch);
		return stopped;
	};
	const stopIfStopped = () => (stopped ? dev.stop() : undefined); // stop() came while wrangler was being spawned
	onCleanup?.(stop);

	/** Every output line with the time it arrived; queue batch reports parsed as they come. */
	const lines = [];
	const queueBatches = [];
	try {
		await applyLocalMigrations({ persistTo, cwd });
		const port = await freePort();
		log(`wrangler dev on port ${port} (sources: ${snapshot ? "snapshot" : "repo"}, state: ${persistTo}${memory ? ", in memory" : ", on disk"})`);
		dev = await startWranglerDev({
			port,
			persistTo,
			cwd,
			vars: { ALLOW_SIGNUP: "true", CHORUS_ENV: "local", CREDENTIALS_KEY: randomBytes(32).toString("base64"), ...vars },
			onLine: (raw) => {
				const at = Date.now();
				const line = stripAnsi(raw);
				lines.push({ at, line });
				const m = QUEUE_LINE.exec(line);
				if (m) queueBatches.push({ at, queue: m[1], acked: Number(m[2]), total: Number(m[3]), ms: m[4] === undefined ? null : Number(m[4]) });
				onLine?.(line, at);
			},
		});
		await stopIfStopped();
		await dev.ready;
	} catch (error) {
		await stop();
		throw error;
	}
	const pid = dev.child.pid;
	return { url: dev.url, persistTo, cwd, lines, queueBatches, exited: dev.exited, stop, cpuSeconds: () => treeCpuSeconds(pid) };
}
