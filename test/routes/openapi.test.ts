import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/app";
import { operations } from "../../functions/openapi/operations";
import { servedOperations } from "../../functions/openapi/spec";
import { call } from "../helpers/api";

type Spec = { openapi: string; paths: Record<string, Record<string, any>>; components: Record<string, any> };

describe("GET /api/v1/openapi.json", () => {
	it("describes every route the app serves, each with a summary, auth and its errors", async () => {
		const res = await call("GET", "/openapi.json");
		expect(res.status).toBe(200);
		const spec = res.body as Spec;
		expect(spec.openapi).toBe("3.1.0");
		const served = servedOperations(createApp());
		expect(served.length).toBeGreaterThan(60);
		const missing = served.filter((op) => {
			const [method, path] = op.split(" ") as [string, string];
			const described = spec.paths[`/api/v1${path}`]?.[method.toLowerCase()];
			return !described?.summary || !operations[op];
		});
		expect(missing, "routes missing from the spec (add them to functions/openapi/operations.ts)").toEqual([]);
		// Nothing described that the app does not serve (a renamed route leaves no ghost behind).
		const ghosts = Object.keys(operations).filter((op) => !served.includes(op) && !["GET /openapi.json", "GET /docs"].includes(op));
		expect(ghosts).toEqual([]);
	});

	it("is generated from the routes' own zod schemas, with auth, the error shape and examples", async () => {
		const spec = (await call("GET", "/openapi.json")).body as Spec;
		const create = spec.paths["/api/v1/posts"]!.post;
		const schema = create.requestBody.content["application/json"].schema;
		expect(schema.required).toEqual(["body"]);
		expect(schema.properties.status.enum).toEqual(["draft", "scheduled"]);
		expect(create.requestBody.content["application/json"].example).toMatchObject({ body: expect.any(String) });
		expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409", "422"]));
		expect(create.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
		expect(spec.components.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
		expect(spec.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
		const hook = spec.paths["/api/v1/webhooks"]!.post.requestBody.content["application/json"].schema;
		expect(hook.properties.events.items.enum).toEqual(["post.published", "post.failed", "post.needs_review", "conversation.assigned", "report.ready"]);
		const list = spec.paths["/api/v1/posts"]!.get.parameters.map((p: { name: string }) => p.name);
		expect(list).toEqual(expect.arrayContaining(["from", "to", "accountId", "status", "limit", "cursor"]));
		expect(spec.paths["/api/v1/posts/{id}"]!.get.parameters).toContainEqual(expect.objectContaining({ in: "path", name: "id", required: true }));
		expect(spec.paths["/api/v1/calendar.ics"]!.get.security).toEqual([{ feedToken: [] }]);
		expect(spec.paths["/api/v1/session"]!.post.security).toEqual([]);
		expect(spec.paths["/api/v1/posts/import"]!.post.requestBody.content["text/csv"]).toBeDefined();
		// Still the same validation at the edge (the spec mark must not change behaviour).
		const bad = await call("POST", "/posts", { token: "x", json: {} });
		expect(bad.status).toBe(401);
	});

	it("GET /docs serves the reference page with assets from Chorus itself", async () => {
		const res = await exports.default.fetch(new Request("https://chorus.test/api/v1/docs"));
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(html).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
		expect(html).not.toMatch(/https?:\/\//); // no CDN
		expect(res.headers.get("Content-Security-Policy")).toBe(
			"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
		);
		// Other pages keep the strict policy.
		const other = await exports.default.fetch(new Request("https://chorus.test/health"));
		expect(other.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
		expect(other.headers.get("Content-Security-Policy")).not.toContain("data:");
	});
});
