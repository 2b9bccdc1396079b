/// <reference types="vite/types/importMeta.d.ts" />
// The one door out (functions/outbound.ts): every URL is checked before the request and at every
// redirect hop, and no module under functions/ or queues/ reaches the global fetch around it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendWithTimeout } from "../../functions/networks/http";
import { configureOutbound, guardedFetch, maxRedirects, OutboundRefused } from "../../functions/outbound";
import { stubFetch, text } from "./helpers";

afterEach(() => {
	vi.restoreAllMocks();
	configureOutbound({ CHORUS_ENV: "production" });
});

const redirect = (to: string, status = 302) => new Response(null, { status, headers: { location: to } });

describe("guardedFetch", () => {
	it("refuses a private, wrapped or credentialed URL before anything is sent", async () => {
		configureOutbound({ CHORUS_ENV: "production" });
		const calls = stubFetch(() => text("should not be reached", 200));
		for (const url of [
			"https://169.254.169.254/latest/meta-data/",
			"http://mastodon.example/",
			"https://[::ffff:127.0.0.1]/",
			"https://[2002:7f00:1::]/",
			"https://2130706433/",
			"https://user:pw@mastodon.example/",
		]) {
			await expect(guardedFetch(url), url).rejects.toBeInstanceOf(OutboundRefused);
		}
		expect(calls).toHaveLength(0);
	});

	it("does not follow a redirect to a private address, and says where it pointed", async () => {
		configureOutbound({ CHORUS_ENV: "production" });
		const calls = stubFetch(redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/"));
		await expect(guardedFetch("https://media.example/image.png")).rejects.toThrow(/Redirect \(302\) to http:\/\/169\.254\.169\.254.* refused/);
		expect(calls.map((c) => c.url)).toEqual(["https://media.example/image.png"]);
		// Every hop is checked: a public first hop does not launder a private second one.
		const chained = stubFetch(redirect("https://cdn.example/a"), redirect("https://[::ffff:10.0.0.1]/b", 307));
		await expect(guardedFetch("https://media.example/image.png")).rejects.toBeInstanceOf(OutboundRefused);
		expect(chained.map((c) => c.url)).toEqual(["https://media.example/image.png", "https://cdn.example/a"]);
	});

	it("follows public hops up to the limit, re-sending as the fetch standard says and dropping credentials across origins", async () => {
		configureOutbound({ CHORUS_ENV: "production" });
		const calls = stubFetch(redirect("https://api.example/v2/statuses", 308), redirect("https://other.example/done", 303), text("ok", 200));
		const res = await guardedFetch("https://api.example/v1/statuses", {
			method: "POST",
			headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
			body: "{}",
		});
		expect(res.status).toBe(200);
		expect(calls.map((c) => [c.method, c.url, c.headers.get("authorization"), c.body])).toEqual([
			["POST", "https://api.example/v1/statuses", "Bearer t", "{}"],
			["POST", "https://api.example/v2/statuses", "Bearer t", "{}"],
			["GET", "https://other.example/done", null, null],
		]);
		stubFetch((c) => redirect(`${c.url}x`));
		await expect(guardedFetch("https://loop.example/")).rejects.toThrow(`More than ${maxRedirects} redirects`);
	});

	it("answers a redirect as it came when asked not to follow (what the adapters ask)", async () => {
		configureOutbound({ CHORUS_ENV: "production" });
		const calls = stubFetch(redirect("http://127.0.0.1/admin", 307));
		const sent = await sendWithTimeout(guardedFetch, "https://mastodon.example/api/v1/statuses", { method: "POST", body: "{}" });
		expect(sent).toMatchObject({ kind: "response", status: 307 });
		expect(calls).toHaveLength(1);
	});

	it("a refused URL is 'not sent' to the adapters, with the guard's reason", async () => {
		configureOutbound({ CHORUS_ENV: "production" });
		stubFetch(() => text("should not be reached", 200));
		const sent = await sendWithTimeout(guardedFetch, "https://10.0.0.5/xrpc/com.atproto.server.createSession", { method: "POST" });
		expect(sent).toEqual({ kind: "not-sent", reason: "Outbound request refused: 10.0.0.5 is a private address" });
	});

	it("lets a loopback test server through only in local and test runs", async () => {
		stubFetch(() => text("pds", 200));
		configureOutbound({ CHORUS_ENV: "production" });
		await expect(guardedFetch("http://127.0.0.1:2583/xrpc/_health")).rejects.toBeInstanceOf(OutboundRefused);
		configureOutbound({ CHORUS_ENV: "test" });
		expect((await guardedFetch("http://127.0.0.1:2583/xrpc/_health")).status).toBe(200);
		await expect(guardedFetch("http://mastodon.example/")).rejects.toBeInstanceOf(OutboundRefused);
		await expect(guardedFetch("https://169.254.169.254/")).rejects.toBeInstanceOf(OutboundRefused);
	});
});

/** Every source file under functions/ and queues/, as text (Vite's raw import: the test runs in workerd, which has no file system). */
const sources = import.meta.glob(["../../functions/**/*.{ts,tsx}", "../../queues/**/*.{ts,tsx}"], { query: "?raw", import: "default", eager: true }) as Record<
	string,
	string
>;

/** A call of the global fetch, or the global fetch handed on as a value. */
const globalFetch = [/(?<![.\w$])fetch\s*\(/, /\b(globalThis|self|window)\s*\.\s*fetch\b/, /[(,]\s*fetch\s*[,)]/, /(?<![.\w$])fetch\s*\)/];
/** Where a Worker or Durable Object defines its own fetch handler. */
const handlerDefinition = /^\s*(async\s+)?fetch\s*\([^)]*\)\s*(:[^{]*)?\{\s*$/;

function withoutComments(source: string): string {
	return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("no way around the guard", () => {
	it("reads the sources it polices", () => {
		expect(Object.keys(sources).length).toBeGreaterThan(100);
		expect(Object.keys(sources)).toEqual(
			expect.arrayContaining(["../../functions/networks/mastodon.ts", "../../queues/webhooks.ts", "../../functions/outbound.ts"]),
		);
	});

	it("no module under functions/ or queues/ calls the global fetch except functions/outbound.ts", () => {
		const offenders: string[] = [];
		for (const [file, source] of Object.entries(sources)) {
			if (file === "../../functions/outbound.ts") continue;
			withoutComments(source)
				.split("\n")
				.forEach((line, i) => {
					if (!handlerDefinition.test(line) && globalFetch.some((re) => re.test(line))) offenders.push(`${file.slice(6)}:${i + 1}: ${line.trim()}`);
				});
		}
		expect(offenders, "use guardedFetch from functions/outbound.ts").toEqual([]);
	});

	it("the check itself catches each way of reaching fetch", () => {
		for (const line of [
			"const res = await fetch(url);",
			"sendWithTimeout(globalThis.fetch, url, {})",
			"sendWithTimeout(fetch, url, {})",
			"const f = self.fetch;",
			"x.then(fetch)",
		]) {
			expect(
				globalFetch.some((re) => re.test(line)),
				line,
			).toBe(true);
		}
		for (const line of ["return stub.fetch(request);", "const res = await guardedFetch(url);", 'if (message !== "fetch failed") return;']) {
			expect(
				globalFetch.some((re) => re.test(line)),
				line,
			).toBe(false);
		}
		expect(handlerDefinition.test("\tfetch(request, env, ctx) {")).toBe(true);
	});
});
