import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Three projects (docs/design.md, Conventions): `workers` runs inside workerd with the real bindings;
// `node` runs what needs Node: the real browser, real peers (test/peers) and the evaluation data (test/fixtures);
// `repo` checks the repository's docs against its code and configuration.
export default defineConfig(async () => {
	const migrations = await readD1Migrations(path.join(import.meta.dirname, "db/migrations"));
	return {
		test: {
			projects: [
				{
					plugins: [
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
								},
							},
						}),
					],
					test: {
						name: "workers",
						include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
						exclude: ["test/node/**", "test/repo/**"],
						setupFiles: ["./test/setup/apply-migrations.ts"],
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
						testTimeout: 60_000,
						hookTimeout: 120_000,
					},
				},
			],
		},
	};
});
