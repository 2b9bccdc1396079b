import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Four projects (docs/design.md, Conventions; CONTRIBUTING.md, Tests):
// - `workers` runs inside workerd with the real bindings, one fresh runtime (and storage) per test file;
// - `workers-stateless` runs the files that touch no binding (domain rules, network adapters over a stubbed
//   fetch) in the same runtime, but shares one workerd across files: a runtime start per file was the
//   largest single cost of `npm test`. A test that needs env (D1, R2, a queue, a Durable Object) belongs
//   in `workers`, never under test/domain or test/networks;
// - `node` runs what needs Node: the real browser, real peers (test/peers) and the evaluation data (test/fixtures);
// - `repo` checks the repository's docs against its code and configuration.
// `--project workers` runs only the first; `--project 'workers*'` both (npm run test:workers).
const stateless = ["test/domain/**/*.test.ts", "test/networks/**/*.test.ts"];

export default defineConfig(async () => {
	const migrations = await readD1Migrations(path.join(import.meta.dirname, "db/migrations"));
	const workersRuntime = () =>
		cloudflareTest({
			wrangler: { configPath: "./wrangler.toml" },
			miniflare: {
				bindings: {
					TEST_MIGRATIONS: migrations,
					ALLOW_SIGNUP: "true",
					CHORUS_ENV: "test",
					CREDENTIALS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
					X_CLIENT_ID: "test-x-client",
					LINKEDIN_CLIENT_ID: "test-li-client",
					LINKEDIN_CLIENT_SECRET: "test-li-secret",
					FACEBOOK_APP_ID: "test-fb-app",
					FACEBOOK_APP_SECRET: "test-fb-secret",
					THREADS_APP_ID: "test-threads-app",
					THREADS_APP_SECRET: "test-threads-secret",
				},
			},
		});
	return {
		test: {
			// Vitest's default on 2 cores is 1 worker (cores - 1), which ran every file one after another while
			// most of each file's time is spent waiting (runtime start-up, wrangler dev, the browser, the PDS).
			maxWorkers: 2,
			// Vitest's 5 s default flaked on a loaded 2-core machine (a test that takes 1 s alone took over 5 s
			// beside seven other suites); a real hang still fails, just later.
			testTimeout: 20_000,
			projects: [
				{
					plugins: [workersRuntime()],
					test: {
						name: "workers",
						include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
						exclude: ["test/node/**", "test/repo/**", ...stateless],
						setupFiles: ["./test/setup/apply-migrations.ts"],
					},
				},
				{
					plugins: [workersRuntime()],
					test: {
						name: "workers-stateless",
						include: stateless,
						isolate: false,
					},
				},
				{
					// Checks of the repository itself (docs against the code, wrangler.toml, package.json): plain
					// Node, no server, so they take a second instead of waiting for the node project's wrangler dev.
					test: {
						name: "repo",
						include: ["test/repo/**/*.test.ts"],
					},
				},
				{
					test: {
						name: "node",
						include: ["test/node/**/*.test.ts"],
						globalSetup: ["./test/node/global-setup.ts"],
						// One wrangler dev and one Chromium serve every file: the files take turns (other projects'
						// files still run beside them).
						fileParallelism: false,
						testTimeout: 60_000,
						hookTimeout: 120_000,
					},
				},
			],
		},
	};
});
