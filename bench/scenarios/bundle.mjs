// Scenario `bundle`: the deployable Worker script's size and its start-up time.
// - Size: `wrangler deploy --dry-run --outdir`, the script modules gzipped (static assets are uploaded
//   separately and are not in the outdir; the source map is not uploaded as code). Target ≤ 1 MiB gzip,
//   which is also the baseline the size is a fraction of.
// - Start-up: `wrangler check startup` (a CPU profile of the script's top-level evaluation in local
//   workerd): the CPU time the profile shows active, as a fraction of the platform's 1 s start-up limit
//   (reference/platform-facts.md). A hello-world Worker is profiled the same way in the same run as a
//   floor; its active time is ~0 (nothing to evaluate), so it is reported beside, not divided by.
//
// Options: --runs=3 (start-up profiles per Worker; the median is reported)
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const MiB = 1024 * 1024;
const TARGET_GZIP = MiB;
const STARTUP_LIMIT_MS = 1_000;

function wrangler(args, cwd) {
	const wranglerJs = path.join(import.meta.dirname, "../../node_modules/wrangler/bin/wrangler.js");
	return new Promise((resolve, reject) => {
		const out = [];
		const child = spawn(process.execPath, [wranglerJs, ...args], {
			cwd,
			env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		child.stdout.on("data", (d) => out.push(String(d)));
		child.stderr.on("data", (d) => out.push(String(d)));
		child.once("exit", (code) => (code === 0 ? resolve(out.join("")) : reject(new Error(`wrangler ${args.join(" ")} exited ${code}:\n${out.join("")}`))));
	});
}

/** CPU time (ms) the start-up profile spent outside "(idle)" and "(program)" bookkeeping. */
export function activeMs(profile) {
	const idle = new Set(profile.nodes.filter((n) => ["(idle)", "(program)"].includes(n.callFrame.functionName)).map((n) => n.id));
	let micros = 0;
	// timeDeltas[i] is the time before sample i, so sample i ran for timeDeltas[i + 1].
	for (let i = 0; i < profile.samples.length; i++) if (!idle.has(profile.samples[i])) micros += profile.timeDeltas[i + 1] ?? 0;
	return micros / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startupMs(cwd, runs, log, label) {
	const times = [];
	for (let i = 0; i < runs; i++) {
		const outfile = path.join(os.tmpdir(), `chorus-startup-${process.pid}-${label}-${i}.cpuprofile`);
		await wrangler(["check", "startup", "--outfile", outfile], cwd);
		times.push(activeMs(JSON.parse(await readFile(outfile, "utf8"))));
		await rm(outfile, { force: true });
		log(`${label} start-up run ${i + 1}/${runs}: ${times.at(-1).toFixed(1)} ms active`);
	}
	return { median: median(times), runs: times };
}

async function run(ctx) {
	const runs = ctx.options.runs ?? 3;
	const scratch = await mkdtemp(path.join(os.tmpdir(), "chorus-bundle-"));
	ctx.onCleanup(() => rm(scratch, { recursive: true, force: true }));

	// ---- size --------------------------------------------------------------------------------------
	const outdir = path.join(scratch, "dist");
	const output = await wrangler(["deploy", "--dry-run", "--outdir", outdir], ctx.repoRoot);
	const modules = (await readdir(outdir)).filter((f) => /\.(m?js|wasm)$/.test(f));
	let raw = 0;
	let gzip = 0;
	for (const f of modules) {
		const bytes = await readFile(path.join(outdir, f));
		raw += bytes.length;
		gzip += gzipSync(bytes, { level: 9 }).length;
	}
	const reported = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output);
	ctx.log(
		`script modules ${modules.join(", ")}: ${(raw / 1024).toFixed(1)} KiB, gzip ${(gzip / 1024).toFixed(1)} KiB${reported ? ` (wrangler: ${reported[1]} / gzip ${reported[2]} KiB)` : ""}`,
	);

	// ---- start-up ----------------------------------------------------------------------------------
	const hello = path.join(scratch, "hello");
	await mkdir(hello, { recursive: true });
	await writeFile(path.join(hello, "index.js"), 'export default { fetch() { return new Response("ok"); } };\n');
	await writeFile(
		path.join(hello, "wrangler.toml"),
		'name = "hello"\nmain = "index.js"\ncompatibility_date = "2026-10-20"\ncompatibility_flags = ["nodejs_compat"]\n',
	);
	const base = await startupMs(hello, runs, ctx.log, "hello-world");
	const chorus = await startupMs(ctx.repoRoot, runs, ctx.log, "chorus");

	return {
		rows: [
			{ metric: "Worker script, gzip", value: gzip / 1024, unit: "KiB", baseline: TARGET_GZIP / 1024, target: "≤ 1,024 KiB", pass: gzip <= TARGET_GZIP },
			{ metric: "Worker script, raw", value: raw / 1024, unit: "KiB" },
			{ metric: "hello-world start-up CPU (median)", value: base.median, unit: "ms" },
			{
				metric: "start-up CPU (median)",
				value: chorus.median,
				unit: "ms",
				baseline: STARTUP_LIMIT_MS,
				target: "≤ 1,000 ms",
				pass: chorus.median <= STARTUP_LIMIT_MS,
				note: `runs: ${chorus.runs.map((t) => t.toFixed(1)).join(", ")} ms; hello-world: ${base.runs.map((t) => t.toFixed(1)).join(", ")} ms`,
			},
		],
		raw: {
			modules,
			rawBytes: raw,
			gzipBytes: gzip,
			wranglerReported: reported ? { kib: Number(reported[1]), gzipKib: Number(reported[2]) } : null,
			startup: { chorus, helloWorld: base },
		},
		baselineNote: "size: the 1 MiB target; start-up: the platform's 1 s start-up limit (hello-world measured in the same run for the floor)",
		notes: ["start-up is measured in local workerd on this (shared) machine, not on Cloudflare's edge"],
	};
}

export default { name: "bundle", description: "the deployable Worker's gzip size and start-up time", run };
