// `npm run bench [-- <scenario> ...] [--option=value ...]`: runs the named scenarios (all of
// bench/scenarios/*.mjs without a name), prints one table at the end and writes
// bench/results/<scenario>-<timestamp>.json per scenario. Exit code 1 if a scenario threw or a row
// missed its target.
//
// A scenario module exports { name, description?, run(ctx) } where run resolves to
//   { rows: [{ metric, value, unit, baseline?, ratio?, target?, pass?, note? }], raw, baselineNote?, notes? }
// `baseline` is the same figure measured in the same run on a reference path; `ratio` defaults to
// value / baseline. `target` is a human-readable goal ("≤ 120 s") and `pass` whether it was met.
//
// ctx: { options, log(msg), repoRoot, resultsDir, stamp, onCleanup(fn), artifact(suffix, text) }
//   options: every --key=value (numbers parsed; a bare --flag is true), shared by all scenarios.
//   onCleanup(fn): run after the scenario, also on failure and on Ctrl-C (stop servers here).
import { mkdir, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const benchDir = import.meta.dirname;
const repoRoot = path.resolve(benchDir, "..");
const resultsDir = path.join(benchDir, "results");
const scenariosDir = path.join(benchDir, "scenarios");

function parseArgs(argv) {
	const names = [];
	const options = {};
	for (const arg of argv) {
		const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
		if (!m) {
			names.push(arg);
			continue;
		}
		const [, key, raw] = m;
		options[key.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = raw === undefined ? true : raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
	}
	return { names, options };
}

async function loadScenarios() {
	const files = (await readdir(scenariosDir)).filter((f) => f.endsWith(".mjs")).sort();
	const scenarios = new Map();
	for (const file of files) {
		const mod = await import(pathToFileURL(path.join(scenariosDir, file)).href);
		const scenario = mod.default ?? mod;
		if (typeof scenario.run !== "function" || typeof scenario.name !== "string") throw new Error(`bench/scenarios/${file} must export { name, run(ctx) }`);
		scenarios.set(scenario.name, scenario);
	}
	return scenarios;
}

const stampOf = (ms) => new Date(ms).toISOString().replace(/[:.]/g, "-");

// ---- the table ----------------------------------------------------------------------------------

function fmtNumber(v, unit) {
	if (v === null || v === undefined || Number.isNaN(v)) return "—";
	if (typeof v !== "number") return String(v);
	const digits = Number.isInteger(v) ? 0 : Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
	const s = v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
	return unit ? `${s} ${unit}` : s;
}

export function ratioOf(value, baseline) {
	if (typeof value !== "number" || typeof baseline !== "number") return null;
	if (baseline === 0) return value === 0 ? null : Infinity;
	return value / baseline;
}

function fmtRatio(r) {
	if (r === null || r === undefined) return "—";
	if (r === Infinity) return "∞";
	return `×${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}`;
}

function renderTable(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
	return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function renderResult(result) {
	const lines = [`== ${result.scenario}${result.description ? `: ${result.description}` : ""}  (${(result.durationMs / 1000).toFixed(1)} s)`];
	if (result.error) {
		lines.push(`   ERROR: ${result.error}`);
		if (!result.rows?.length) return lines.join("\n");
	}
	const body = result.rows.map((r) => [
		r.metric,
		fmtNumber(r.value, r.unit),
		r.baseline === undefined ? "—" : fmtNumber(r.baseline, r.unit),
		fmtRatio(r.ratio),
		r.target ?? "",
		r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL",
	]);
	lines.push(renderTable(["metric", "value", "baseline", "ratio", "target", "verdict"], body));
	if (result.baselineNote) lines.push(`baseline: ${result.baselineNote}`);
	for (const note of result.notes ?? []) lines.push(`note: ${note}`);
	for (const note of result.rows.filter((r) => r.note).map((r) => `  ${r.metric}: ${r.note}`)) lines.push(note);
	const judged = result.rows.filter((r) => r.pass !== undefined);
	if (judged.length)
		lines.push(
			`verdict: ${judged.every((r) => r.pass) && !result.error ? "PASS" : "FAIL"} (${judged.filter((r) => r.pass).length}/${judged.length} targets met)`,
		);
	return lines.join("\n");
}

// ---- running ------------------------------------------------------------------------------------

const { names, options } = parseArgs(process.argv.slice(2));
const scenarios = await loadScenarios();
const chosen = names.length ? names : [...scenarios.keys()];
const unknown = chosen.filter((n) => !scenarios.has(n));
if (unknown.length) {
	console.error(`[bench] unknown scenario${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (available: ${[...scenarios.keys()].join(", ") || "none"})`);
	process.exit(2);
}
await mkdir(resultsDir, { recursive: true });

const benchStart = Date.now();
let cleanups = [];
async function runCleanups() {
	const pending = cleanups.reverse();
	cleanups = [];
	for (const fn of pending)
		await Promise.resolve()
			.then(fn)
			.catch((error) => console.error(`[bench] cleanup failed: ${error.message}`));
}
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
	process.on(signal, async () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		console.error(`\n[bench] ${signal}: stopping`);
		await runCleanups();
		process.exit(130);
	});
}

const results = [];
for (const name of chosen) {
	const scenario = scenarios.get(name);
	const started = Date.now();
	const stamp = stampOf(started);
	const log = (message) => console.log(`[bench ${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
	const ctx = {
		options,
		log,
		repoRoot,
		resultsDir,
		stamp,
		onCleanup: (fn) => cleanups.push(fn),
		artifact: async (suffix, text) => {
			const file = path.join(resultsDir, `${name}-${stamp}.${suffix}`);
			await writeFile(file, text);
			return path.relative(repoRoot, file);
		},
	};
	log(scenario.description ?? "starting");
	let outcome = { rows: [], raw: null };
	let error = null;
	try {
		outcome = await scenario.run(ctx);
	} catch (e) {
		error = e;
		console.error(`[bench ${name}] failed: ${e.stack ?? e}`);
		if (e.partial) outcome = e.partial;
	} finally {
		await runCleanups();
	}
	const rows = (outcome.rows ?? []).map((r) => ({
		...r,
		ratio: r.ratio !== undefined ? r.ratio : r.baseline !== undefined ? ratioOf(r.value, r.baseline) : undefined,
	}));
	const result = {
		scenario: name,
		description: scenario.description,
		startedAt: new Date(started).toISOString(),
		durationMs: Date.now() - started,
		options,
		machine: {
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			memoryGb: Math.round(os.totalmem() / 2 ** 30),
			platform: `${os.platform()} ${os.release()}`,
			node: process.version,
		},
		error: error ? String(error.message ?? error) : undefined,
		baselineNote: outcome.baselineNote,
		notes: outcome.notes,
		rows,
		raw: outcome.raw,
	};
	const file = path.join(resultsDir, `${name}-${stamp}.json`);
	await writeFile(file, `${JSON.stringify(result, (_, v) => (v === Infinity ? "Infinity" : v), 2)}\n`);
	log(`wrote ${path.relative(repoRoot, file)}`);
	results.push(result);
}

console.log(
	`\n${results.map(renderResult).join("\n\n")}\n\nbench took ${((Date.now() - benchStart) / 1000).toFixed(1)} s on ${os.cpus().length} cores (${process.version})`,
);
const failed = results.some((r) => r.error || r.rows.some((row) => row.pass === false));
process.exit(failed ? 1 : 0);
