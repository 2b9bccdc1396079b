// Starts the Worker for a bench scenario: `wrangler dev` on a free port, a throwaway --persist-to, and
// migrations applied first (scripts/wrangler-dev.mjs, the same helpers as `npm start` and the node tests).
//
// By default wrangler runs from a snapshot of the sources taken at start (a temp dir with the source
// folders copied and node_modules linked): `wrangler dev` rebuilds and restarts on any file change, and a
// restart mid-run would drop the local queue's in-memory messages while other people edit the repo.
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, readdir, rm, symlink } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyLocalMigrations, freePort, repoRoot, startWranglerDev } from "../../scripts/wrangler-dev.mjs";

// What the Worker build needs (wrangler.toml: main, migrations_dir, assets directory).
const SNAPSHOT = ["wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", "functions", "domain", "db", "queues", "web"];

/** The ANSI colour codes wrangler puts into its log lines. */
// eslint-disable-next-line no-control-regex
export const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** "QUEUE chorus-publish 50/50 (812ms)": miniflare's line per delivered batch (acked/total, handler time). */
const QUEUE_LINE = /QUEUE (\S+) (\d+)\/(\d+)(?: \((\d+)ms\))?/;

const CLOCK_TICKS = 100; // USER_HZ on Linux

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
export async function startBenchWorker({ vars = {}, snapshot = true, log = () => {}, onLine, onCleanup } = {}) {
	const scratch = await mkdtemp(path.join(os.tmpdir(), "chorus-bench-"));
	const persistTo = path.join(scratch, "state");
	let cwd = repoRoot;
	if (snapshot) {
		cwd = path.join(scratch, "src");
		for (const entry of SNAPSHOT) {
			if (existsSync(path.join(repoRoot, entry))) await cp(path.join(repoRoot, entry), path.join(cwd, entry), { recursive: true });
		}
		await symlink(path.join(repoRoot, "node_modules"), path.join(cwd, "node_modules"), "dir");
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
		log(`wrangler dev on port ${port} (sources: ${snapshot ? "snapshot" : "repo"}, state: ${persistTo})`);
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
