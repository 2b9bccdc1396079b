import { createApp } from "../../functions/app";

export type AppRoute = { method: string; path: string; params: string[]; api: boolean };

/**
 * Every route the app registers, read from Hono itself (middleware, registered as "ALL", left out), so
 * a route added anywhere is picked up by the sweeps without touching them.
 */
export function appRoutes(): AppRoute[] {
	const unique = new Map<string, AppRoute>();
	for (const r of createApp().routes) {
		if (r.method === "ALL") continue;
		const key = `${r.method} ${r.path}`;
		if (unique.has(key)) continue;
		const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
		unique.set(key, { method: r.method, path: r.path, params, api: r.path.startsWith("/api/v1/") });
	}
	return [...unique.values()];
}

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The path segment right before `:param`, which names the kind of object it identifies. */
export function segmentBefore(path: string, param: string): string {
	const parts = path.split("/");
	const at = parts.indexOf(`:${param}`);
	return at > 0 ? parts[at - 1]! : "";
}
