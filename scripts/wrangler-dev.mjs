// Runs wrangler for local work: shared by `npm start` (scripts/start.mjs) and the node test project's
// global setup (test/node/global-setup.ts), so both apply migrations and start `wrangler dev` the same way.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export const repoRoot = path.resolve(import.meta.dirname, "..");

// The wrangler JS entry run with process.execPath: the same Node 22 as the caller, whatever `node` is on PATH.
const wranglerEntry = path.join(repoRoot, "node_modules/wrangler/bin/wrangler.js");

function wranglerEnv(extra = {}) {
	const env = {
		...process.env,
		WRANGLER_SEND_METRICS: "false",
		// Miniflare otherwise downloads Request.cf from workers.cloudflare.com on every start: slow or noisy offline.
		CLOUDFLARE_CF_FETCH_ENABLED: "false",
		...extra,
	};
	// vitest sets NODE_ENV=test, and wrangler would bake it into the bundle as process.env.NODE_ENV:
	// the node tests should run the same Worker as `npm start` ("development").
	if (env.NODE_ENV === "test") delete env.NODE_ENV;
	return env;
}

/** Spawns wrangler with its output piped line by line to onLine(line). stdin is closed, so it never prompts. */
function spawnWrangler(args, { cwd = repoRoot, env, onLine }) {
	const child = spawn(process.execPath, [wranglerEntry, ...args], { cwd, env: wranglerEnv(env), stdio: ["ignore", "pipe", "pipe"] });
	for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on("line", onLine);
	const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
	return { child, exited };
}

/** Applies db/migrations to the local D1 (the default persist dir unless persistTo). Returns wrangler's output. */
export async function applyLocalMigrations({ persistTo, cwd } = {}) {
	const lines = [];
	const args = ["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
	// CI=true as well as the closed stdin: wrangler then answers its "continue?" prompt with yes.
	const { exited } = spawnWrangler(args, { cwd, env: { CI: "true" }, onLine: (line) => lines.push(line) });
	const code = await exited;
	const output = lines.join("\n");
	if (code !== 0) throw new Error(`wrangler d1 migrations apply failed (exit ${code}):\n${output}`);
	return output;
}

/** Rejects with a readable error when something already listens on host:port (wrangler's own message comes late). */
export function assertPortFree(port, host = "127.0.0.1") {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once("error", (error) => {
			const taken = error.code === "EADDRINUSE";
			reject(
				Object.assign(
					new Error(
						taken ? `Port ${port} on ${host} is already in use (another npm start or wrangler dev?)` : `Cannot listen on ${host}:${port}: ${error.message}`,
					),
					{ code: error.code },
				),
			);
		});
		server.listen(port, host, () => server.close(() => resolve()));
	});
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(host = "127.0.0.1") {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once("error", reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Starts `wrangler dev` and returns at once with { url, ready, exited, stop }: `ready` resolves once
 * GET /health answers { ok: true } and rejects if wrangler exits first or the timeout passes (wrangler is
 * then left running: the caller stops it). Returning before ready lets the caller install its signal
 * handlers while wrangler is still starting.
 * vars: when given, the Worker sees exactly these (plus wrangler.toml [vars]) through a temporary --env-file,
 * and the repo's .dev.vars is not read at all (wrangler skips .dev.vars whenever --env-file is passed).
 * PUBLIC_URL is this server's own address unless vars name one.
 * onLine: receives every output line; without it output is only kept for error messages.
 */
export async function startWranglerDev({ port, host = "127.0.0.1", persistTo, vars, cwd, onLine, timeoutMs = 120_000 }) {
	await assertPortFree(port, host);
	let varsDir;
	const args = ["dev", "--ip", host, "--port", String(port), ...(persistTo ? ["--persist-to", persistTo] : [])];
	if (vars) {
		varsDir = await mkdtemp(path.join(os.tmpdir(), "chorus-vars-"));
		const file = path.join(varsDir, "dev.vars");
		await writeFile(
			file,
			Object.entries(vars)
				.map(([k, v]) => `${k}=${JSON.stringify(String(v))}\n`)
				.join(""),
			{ mode: 0o600 },
		);
		args.push("--env-file", file);
	}
	// Links in mail (invitations, resets) are built from PUBLIC_URL only, never the request's Host:
	// point them at this server, whatever port it got. Given vars or .dev.vars may name another address.
	if (!vars?.PUBLIC_URL) args.push("--var", `PUBLIC_URL:http://${host}:${port}`);
	const recent = [];
	const { child, exited } = spawnWrangler(args, {
		cwd,
		onLine: (line) => {
			recent.push(line);
			if (recent.length > 60) recent.shift();
			onLine?.(line);
		},
	});
	let exitCode;
	exited.then((code) => {
		exitCode = code;
		if (varsDir) return rm(varsDir, { recursive: true, force: true });
	});

	let stopping;
	/** SIGTERM (wrangler then shuts workerd down), SIGKILL if it hangs; resolves with wrangler's exit code. */
	const stop = () => {
		stopping ??= (async () => {
			if (exitCode === undefined) {
				child.kill("SIGTERM");
				const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
				await exited;
				clearTimeout(timer);
			}
			return exited;
		})();
		return stopping;
	};

	const url = `http://${host}:${port}`;
	const ready = (async () => {
		const deadline = Date.now() + timeoutMs;
		while (true) {
			if (exitCode !== undefined) throw new Error(`wrangler dev exited (code ${exitCode}) before ${url}/health answered:\n${recent.join("\n")}`);
			if (Date.now() > deadline) throw new Error(`${url}/health did not answer { ok: true } within ${timeoutMs / 1000} s:\n${recent.join("\n")}`);
			const body = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })
				.then((res) => (res.ok ? res.json() : null))
				.catch(() => null);
			if (body?.ok === true) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	})();
	// Callers that stop before awaiting `ready` should not see an unhandled rejection.
	ready.catch(() => {});
	return { url, child, ready, exited, stop };
}
