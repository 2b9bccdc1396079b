#!/usr/bin/env node
// `npm run deploy:check`'s second half: the Worker script that `wrangler deploy --dry-run --outdir dist`
// built must stay under the Workers size limit, measured as Cloudflare measures it (the script's modules
// after gzip; static assets in web/static are uploaded separately and do not count, nor does the source map).
// The limit checked is the Free plan's "3 MB" (Paid: 10 MB), read as 3,000,000 bytes so it holds
// whether the docs mean MB or MiB. Exit 1 when over; the headroom is printed either way.
//
//   node scripts/bundle-size.mjs [outdir=dist]
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const FREE_PLAN_LIMIT_BYTES = 3_000_000;

/** The gzip size of every script module (.js, .mjs, .wasm) in `outdir`. */
export async function scriptSize(outdir) {
	const modules = (await readdir(outdir)).filter((f) => /\.(m?js|wasm)$/.test(f));
	if (modules.length === 0) throw new Error(`no script modules in ${outdir}: run wrangler deploy --dry-run --outdir ${outdir} first`);
	let raw = 0;
	let gzip = 0;
	for (const file of modules) {
		const bytes = await readFile(path.join(outdir, file));
		raw += bytes.length;
		gzip += gzipSync(bytes).length;
	}
	return { modules, raw, gzip };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const outdir = path.resolve(process.argv[2] ?? "dist");
	const { modules, raw, gzip } = await scriptSize(outdir);
	const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
	const share = ((gzip / FREE_PLAN_LIMIT_BYTES) * 100).toFixed(1);
	const line = `Worker script (${modules.join(", ")}): ${kib(raw)}, gzip ${kib(gzip)} = ${share}% of the Free plan's 3 MB limit`;
	if (gzip > FREE_PLAN_LIMIT_BYTES) {
		console.error(`${line}: over the limit, deploys on the Free plan would be refused`);
		process.exit(1);
	}
	console.log(line);
}
