// Global setup of the `node` test project: one real `wrangler dev` on a free port with its own throwaway
// database, so these tests never touch .wrangler/state, the repo's .dev.vars or a running `npm start`,
// and one Chromium that the browser tests connect to (test/node/chromium.ts) instead of each launching
// their own. Tests read the addresses with inject("baseUrl") and inject("chromiumEndpoint").
// CHORUS_TEST_LOGS=1 streams wrangler's output.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { applyLocalMigrations, freePort, startWranglerDev, type WranglerDev } from "../../scripts/wrangler-dev.mjs";
import { chromiumOptions } from "./chromium";

declare module "vitest" {
	export interface ProvidedContext {
		baseUrl: string;
		chromiumEndpoint: string;
	}
}

export default async function setup(project: TestProject) {
	const persistTo = await mkdtemp(path.join(os.tmpdir(), "chorus-node-tests-"));
	// workerd may still be closing its SQLite files for a moment after wrangler exits: retry the removal.
	const removePersistDir = () => rm(persistTo, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	let dev: WranglerDev | undefined;
	// Chromium starts while wrangler does. Without it (not installed) the other node tests still run and
	// the browser tests say what is missing (test/node/chromium.ts).
	const browserStarting = existsSync(chromiumOptions.executablePath) ? chromium.launchServer(chromiumOptions) : Promise.resolve(undefined);
	browserStarting.catch(() => {});
	try {
		await applyLocalMigrations({ persistTo });
		dev = await startWranglerDev({
			port: await freePort(),
			persistTo,
			// CHORUS_BENCH: the report browser test seeds metrics through the /__bench/report hooks (there is no metrics ingest yet).
			// CHORUS_ENV "test", not "local": locally every request is one client ("local"), so the dozen node
			// test files signing up would share the 10-an-hour sign-up limit; in "test" each request is its own
			// client (functions/auth/client-key.ts), as in the workers project.
			vars: { ALLOW_SIGNUP: "true", CHORUS_ENV: "test", CHORUS_BENCH: "true", CREDENTIALS_KEY: randomBytes(32).toString("base64") },
			onLine: process.env.CHORUS_TEST_LOGS ? (line) => console.log(`[wrangler] ${line}`) : undefined,
		});
		await dev.ready;
		await browserStarting;
	} catch (error) {
		await browserStarting.then((browser) => browser?.close()).catch(() => {});
		await dev?.stop();
		await removePersistDir();
		throw error;
	}
	const running = dev; // a const, so the teardown closure knows it is set
	const browser = await browserStarting;
	project.provide("baseUrl", running.url);
	project.provide("chromiumEndpoint", browser?.wsEndpoint() ?? "");

	return async () => {
		await browser?.close();
		await running.stop();
		await removePersistDir();
	};
}
