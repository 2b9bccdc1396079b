// Types for wrangler-dev.mjs, so TypeScript callers (test/node/global-setup.ts) are checked too.
import type { ChildProcess } from "node:child_process";

export declare const repoRoot: string;

/** Applies db/migrations to the local D1; returns wrangler's output, throws with it on failure. */
export declare function applyLocalMigrations(options?: { persistTo?: string; cwd?: string }): Promise<string>;

/** Rejects (error.code "EADDRINUSE") when something already listens on host:port. */
export declare function assertPortFree(port: number, host?: string): Promise<void>;

/** A port nothing listens on right now. */
export declare function freePort(host?: string): Promise<number>;

export interface WranglerDev {
	url: string;
	child: ChildProcess;
	/** Resolves once GET /health answers { ok: true }; rejects if wrangler exits first or on timeout (then call stop()). */
	ready: Promise<void>;
	/** wrangler's exit code. */
	exited: Promise<number>;
	/** Stops wrangler (SIGTERM, then SIGKILL after 10 s); resolves with its exit code. */
	stop(): Promise<number>;
}

export declare function startWranglerDev(options: {
	port: number;
	host?: string;
	persistTo?: string;
	/** When given, the Worker's vars/secrets come from these (plus wrangler.toml [vars]); .dev.vars is not read. */
	vars?: Record<string, string>;
	cwd?: string;
	onLine?: (line: string) => void;
	timeoutMs?: number;
}): Promise<WranglerDev>;
