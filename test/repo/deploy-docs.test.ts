// The README's deploy section against what the Worker really binds: wrangler.toml (read by wrangler
// itself), the secrets in worker-secrets.env, and the Node version in package.json's `engines`.
// A binding added to wrangler.toml without its line in the README (or a README line left behind after a
// binding goes) fails here, naming the rows and commands that differ.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
/** The part of wrangler's parsed configuration this test compares (wrangler's own types are wider). */
type Bindings = {
	d1_databases: { binding: string; database_name?: string }[];
	r2_buckets: { binding: string; bucket_name?: string }[];
	queues: { producers?: { binding: string; queue: string }[]; consumers?: { queue: string; dead_letter_queue?: string }[] };
	durable_objects: { bindings: { name: string; class_name: string }[] };
	analytics_engine_datasets: { binding: string; dataset?: string }[];
	triggers: { crons?: string[] };
	vars: Record<string, unknown>;
};
const config: Bindings = unstable_readConfig({ config: path.join(root, "wrangler.toml") });

/** The README from "## Deploying to Cloudflare" to the next level-2 heading. */
function deploySection(readme: string): string {
	const start = readme.indexOf("## Deploying to Cloudflare");
	if (start < 0) throw new Error('README.md has no "## Deploying to Cloudflare" section');
	const next = readme.indexOf("\n## ", start + 1);
	return readme.slice(start, next < 0 ? undefined : next);
}

/** worker-secrets.env: `NAME=` lines are required secrets, `# optional: A B` lines optional ones. */
function secretsOf(envFile: string): { required: string[]; optional: string[] } {
	const required = [...envFile.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
	const optional = [...envFile.matchAll(/^#\s*optional:(.*)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/).filter(Boolean));
	return { required, optional };
}

const row = (kind: string, binding = "", resource = "") => `${kind} | ${binding} | ${resource}`;

/** Every resource the Worker needs, as the README's table should list it. */
function expectedRows(): string[] {
	const rows: string[] = [];
	for (const db of config.d1_databases) rows.push(row("D1 database", db.binding, db.database_name));
	for (const bucket of config.r2_buckets) rows.push(row("R2 bucket", bucket.binding, bucket.bucket_name));
	const produced = new Set<string>();
	for (const q of config.queues.producers ?? []) {
		rows.push(row("queue", q.binding, q.queue));
		produced.add(q.queue);
	}
	const deadLetters = new Set((config.queues.consumers ?? []).flatMap((c) => (c.dead_letter_queue ? [c.dead_letter_queue] : [])));
	for (const name of deadLetters) rows.push(row("dead-letter queue", "", name));
	for (const c of config.queues.consumers ?? []) if (!produced.has(c.queue) && !deadLetters.has(c.queue)) rows.push(row("queue", "", c.queue));
	for (const a of config.analytics_engine_datasets) rows.push(row("Analytics Engine", a.binding, a.dataset));
	for (const d of config.durable_objects.bindings) rows.push(row("Durable Object", d.name, d.class_name));
	for (const cron of config.triggers.crons ?? []) rows.push(row("cron trigger", "", cron));
	const secrets = secretsOf(read("worker-secrets.env"));
	for (const name of secrets.required) rows.push(row("secret (required)", name));
	for (const name of secrets.optional) rows.push(row("secret (optional)", name));
	for (const name of Object.keys(config.vars)) rows.push(row("var", name));
	return rows;
}

/** The rows of the section's `| kind | binding | resource |` table, backticks removed. */
function tableRows(section: string): string[] {
	return section
		.split("\n")
		.filter((line) => /^\|/.test(line) && !/^\|\s*kind\s*\|/.test(line) && !/^\|[-\s|]+\|$/.test(line))
		.map((line) => {
			const cells = line
				.split("|")
				.slice(1, -1)
				.map((cell) => cell.trim().replaceAll("`", ""));
			return row(cells[0] ?? "", cells[1] ?? "", cells[2] ?? "");
		});
}

/** The names a shell line in the section creates with `wrangler <what> NAME`. */
const created = (section: string, what: string) => [...section.matchAll(new RegExp(`wrangler ${what} (\\S+)`, "g"))].map((m) => m[1]!);

function difference(expected: string[], actual: string[]) {
	return { missing: expected.filter((x) => !actual.includes(x)), extra: actual.filter((x) => !expected.includes(x)) };
}

describe("README: deploying", () => {
	const section = deploySection(read("README.md"));

	it("lists exactly the resources, secrets and vars wrangler.toml and worker-secrets.env define", () => {
		expect(difference(expectedRows(), tableRows(section)), "README deploy table vs wrangler.toml / worker-secrets.env").toEqual({ missing: [], extra: [] });
	});

	it("creates every D1 database, R2 bucket and queue (dead-letter queues too), and nothing else", () => {
		const queues = new Set([
			...(config.queues.producers ?? []).map((q) => q.queue),
			...(config.queues.consumers ?? []).flatMap((c) => [c.queue, ...(c.dead_letter_queue ? [c.dead_letter_queue] : [])]),
		]);
		expect(
			difference(
				config.d1_databases.map((d) => d.database_name!),
				created(section, "d1 create"),
			),
			"wrangler d1 create",
		).toEqual({ missing: [], extra: [] });
		expect(
			difference(
				config.r2_buckets.map((b) => b.bucket_name!),
				created(section, "r2 bucket create"),
			),
			"wrangler r2 bucket create",
		).toEqual({ missing: [], extra: [] });
		expect(difference([...queues], created(section, "queues create")), "wrangler queues create").toEqual({ missing: [], extra: [] });
	});

	it("puts every required secret, and only secrets the Worker reads", () => {
		const secrets = secretsOf(read("worker-secrets.env"));
		const put = created(section, "secret put");
		expect(
			secrets.required.filter((name) => !put.includes(name)),
			"required secrets without `wrangler secret put`",
		).toEqual([]);
		expect(
			put.filter((name) => ![...secrets.required, ...secrets.optional].includes(name)),
			"`secret put` of an unknown secret",
		).toEqual([]);
	});

	it("states the Node version package.json's engines asks for, wherever the README names one", () => {
		const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
		const version = /^>=\s*([\d.]+)$/.exec(engines)?.[1];
		expect(version, `engines.node is ${engines}`).toBeDefined();
		const stated = [...read("README.md").matchAll(/Node ≥ ([\d.]+)/g)].map((m) => m[1]);
		expect(stated.length).toBeGreaterThan(0);
		expect(
			stated.filter((v) => v !== version),
			`README names Node versions other than ${version}`,
		).toEqual([]);
	});
});

describe("worker-secrets.env", () => {
	it("names every optional secret functions/secrets.d.ts declares", () => {
		const declared = [...read("functions/secrets.d.ts").matchAll(/^\s*([A-Z][A-Z0-9_]*)\?:\s*string/gm)].map((m) => m[1]!);
		expect(declared.length).toBeGreaterThan(0);
		expect(declared.filter((name) => !secretsOf(read("worker-secrets.env")).optional.includes(name))).toEqual([]);
	});
});
