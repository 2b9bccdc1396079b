// docs/api.md is the HTTP contract integrators read: every route the app serves under /api/v1 (and
// /health) must be in its route index, and every route listed there must still exist. The routes come
// from Hono itself (test/helpers/routes.ts, as the tenant sweep enumerates them), so a route added on any
// branch fails here until it is documented. Web pages and the /__bench hooks are not part of the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRoutes } from "../helpers/routes";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/api.md"), "utf8");

/** `GET /api/v1/posts/:id` and `/api/v1/posts/:postId` are the same route: parameter names do not matter. */
const normalise = (route: string) => route.replace(/:\w+/g, ":param");

/** The `METHOD /path` entries of the "## Route index" table. */
function indexedRoutes(markdown: string): string[] {
	const start = markdown.indexOf("## Route index");
	if (start < 0) throw new Error('docs/api.md has no "## Route index" section');
	const next = markdown.indexOf("\n## ", start + 1);
	const section = markdown.slice(start, next < 0 ? undefined : next);
	return [...section.matchAll(/^\|\s*`(GET|POST|PUT|PATCH|DELETE) (\/\S*)`/gm)].map((m) => `${m[1]} ${m[2]}`);
}

const served = appRoutes()
	.filter((r) => r.api || r.path === "/health")
	.map((r) => `${r.method} ${r.path}`);

describe("docs/api.md", () => {
	const indexed = indexedRoutes(doc);

	it("names every API route the app serves", () => {
		const documented = new Set(indexed.map(normalise));
		const missing = served.filter((route) => !documented.has(normalise(route)));
		expect(missing, `routes missing from docs/api.md's route index (add a row, and describe them in their section):\n  ${missing.join("\n  ")}\n`).toEqual([]);
	});

	it("names no route the app does not serve", () => {
		const live = new Set(served.map(normalise));
		const stale = indexed.filter((route) => !live.has(normalise(route)));
		expect(stale, `docs/api.md lists routes the app no longer serves:\n  ${stale.join("\n  ")}\n`).toEqual([]);
	});

	it("lists each route once", () => {
		const seen = new Set<string>();
		const twice = indexed.filter((route) => seen.size === seen.add(normalise(route)).size);
		expect(twice).toEqual([]);
	});

	it("covers auth, errors, idempotency and pagination", () => {
		for (const heading of ["## Authentication and roles", "## Errors", "## Idempotency", "## Pagination"]) expect(doc).toContain(heading);
	});
});
