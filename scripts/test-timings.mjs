#!/usr/bin/env node
// Where `npm test`'s time went, from vitest's JSON report (test-results/vitest.json, written by `npm test`):
// the wall time of the run, each project's summed file time, and the slowest files. A file's time runs
// from its first hook to its last (the Bluesky PDS starts in a hook, so it counts), but not the start of
// its runtime before that (a fresh workerd per file in the `workers` project) nor the node project's
// global setup (wrangler dev, Chromium): that is the gap between the wall time and the file times, which
// the last line estimates. Files run two at a time (maxWorkers: 2).
//
//   node scripts/test-timings.mjs [report=test-results/vitest.json] [--top=15]
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--")) ?? "test-results/vitest.json";
const top = Number(args.find((a) => a.startsWith("--top="))?.slice(6) ?? 15);
const report = JSON.parse(readFileSync(file, "utf8"));

const root = process.cwd();
const files = report.testResults.map((r) => {
	const name = r.name.startsWith(root) ? r.name.slice(root.length + 1) : r.name;
	const project = name.startsWith("test/node/")
		? "node"
		: name.startsWith("test/repo/")
			? "repo"
			: /^test\/(domain|networks)\//.test(name)
				? "workers-stateless"
				: "workers";
	return { name, project, ms: Math.max(0, r.endTime - r.startTime), tests: r.assertionResults.length, status: r.status };
});
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(9);
const end = Math.max(...report.testResults.map((r) => r.endTime));

console.log(`==> test timings (${file}): wall ${seconds(end - report.startTime).trim()}, ${files.length} files`);
const projects = new Map();
for (const f of files) {
	const p = projects.get(f.project) ?? { files: 0, tests: 0, ms: 0 };
	p.files++;
	p.tests += f.tests;
	p.ms += f.ms;
	projects.set(f.project, p);
}
console.log(`    ${"project".padEnd(20)} ${"files".padStart(5)} ${"tests".padStart(6)} ${"file time".padStart(9)}  ${"mean".padStart(9)}`);
for (const [name, p] of [...projects].sort((a, b) => b[1].ms - a[1].ms)) {
	console.log(`    ${name.padEnd(20)} ${String(p.files).padStart(5)} ${String(p.tests).padStart(6)} ${seconds(p.ms)}  ${seconds(p.ms / p.files)}`);
}
const fileTime = files.reduce((sum, f) => sum + f.ms, 0);
console.log(`    ${"all".padEnd(20)} ${String(files.length).padStart(5)} ${String(files.reduce((n, f) => n + f.tests, 0)).padStart(6)} ${seconds(fileTime)}`);
console.log(`    slowest ${top} files:`);
for (const f of [...files].sort((a, b) => b.ms - a.ms).slice(0, top)) {
	console.log(`    ${seconds(f.ms)}  ${f.name} (${f.tests} tests${f.status === "passed" ? "" : `, ${f.status}`})`);
}
const workers = 2;
console.log(
	`    outside any file (runtime start-ups, global setup, collection): about ${seconds(Math.max(0, (end - report.startTime) * workers - fileTime) / workers).trim()} of wall time (wall − file time / ${workers})`,
);
