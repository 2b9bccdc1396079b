import { describe, expect, it } from "vitest";
import { summarizeError, summarizeErrorText, summaryLimit } from "../../domain/error-summary";

/** A proxy's error page the size of a real one: styles, a script, an echoed header, 200 KB of filler. */
function hugeErrorPage(): string {
	return [
		"<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; friends</title>",
		"<style>body { font-family: sans-serif } .x { color: red }</style>",
		'<script>window.__cfg = { "apiKey": "sk_live_abc123" };</script></head><body>',
		"<!-- upstream: 10.0.3.7:8080 -->",
		"<h1>Bad Gateway</h1>",
		"<p>Request Authorization: Bearer mastodon-access-token-9f8e7d6c5b4a</p>",
		`<div>${"<span>filler</span>".repeat(10_000)}</div>`,
		"</body></html>",
	].join("\n");
}

describe("summarizeError", () => {
	it("keeps the status, the network's error code and its message", () => {
		expect(summarizeError(400, JSON.stringify({ error: "invalid_grant", error_description: "Value passed for the token was invalid." }))).toBe(
			"400: invalid_grant: Value passed for the token was invalid.",
		);
		expect(summarizeError(400, JSON.stringify({ error: "InvalidSwap", message: "Record was at bafyrei" }))).toBe("400: InvalidSwap: Record was at bafyrei");
		expect(summarizeError(422, JSON.stringify({ error: "Validation failed: Text character limit of 500 exceeded" }))).toBe(
			"422: Validation failed: Text character limit of 500 exceeded",
		);
		expect(summarizeError(400, JSON.stringify({ error: { message: "(#506) Duplicate status message", type: "OAuthException", code: 506 } }))).toBe(
			"400: (#506) Duplicate status message",
		);
		expect(summarizeError(422, JSON.stringify({ code: "TOO_LONG", message: "Text too long", status: 422 }))).toBe("422: TOO_LONG: Text too long");
		expect(summarizeError(429, JSON.stringify({ errors: [{ code: 88, message: "Rate limit exceeded" }] }))).toBe("429: Rate limit exceeded");
		expect(summarizeError(503, "")).toBe("503");
		expect(summarizeError(null, "")).toBe("no answer");
	});

	it("summarises a huge HTML page: visible text only, no markup, no script, no token, at most 200 characters", () => {
		const summary = summarizeError(502, hugeErrorPage());
		expect(summary.length).toBeLessThanOrEqual(summaryLimit);
		expect(summary.startsWith("502: 502 Bad Gateway & friends Bad Gateway Request Authorization: Bearer [redacted] filler filler")).toBe(true);
		expect(summary).not.toMatch(/[<>]|sk_live|10\.0\.3\.7|mastodon-access-token|font-family/);
	});

	it("decodes entities without letting markup back in", () => {
		expect(summarizeError(500, "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b &#39;c&#39; &#x263A;</p>")).toBe("500: a alert(1) b 'c' ☺");
	});

	it("never echoes credentials the network copied into its answer", () => {
		const echoes = [
			JSON.stringify({ error: "invalid_token", error_description: "The token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkaWQ6cGxjOmFiYyJ9.c2lnbmF0dXJl is expired" }),
			JSON.stringify({ message: "bad request to https://api.example/x?access_token=EAAGm0PX4ZCpsBA&fields=id" }),
			JSON.stringify({ message: "client_secret: s3cr3t-Value rejected" }),
			JSON.stringify({ message: "unknown key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }),
			"Authorization: Basic dXNlcjpwYXNzd29yZA== refused",
		];
		const secrets = ["eyJhbGciOiJIUzI1NiJ9", "EAAGm0PX4ZCpsBA", "s3cr3t-Value", "9f86d081884c7d659a2feaa0c55ad015", "dXNlcjpwYXNzd29yZA"];
		for (const body of echoes) {
			const summary = summarizeError(401, body);
			expect(summary, body).toContain("[redacted]");
			for (const secret of secrets) expect(summary, body).not.toContain(secret);
		}
	});

	it("is one line of at most 200 characters", () => {
		const summary = summarizeError(500, JSON.stringify({ error: `first line\nsecond\u0000line ${"x".repeat(1000)}` }));
		expect(summary.length).toBe(summaryLimit);
		// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL it must have removed.
		expect(summary).not.toMatch(/[\n\u0000]/);
		expect(summary.endsWith("…")).toBe(true);
	});
});

describe("summarizeErrorText", () => {
	it("flattens, strips markup, redacts and caps any remote-sourced text", () => {
		const summary = summarizeErrorText(`send failed: <b>oops</b> refresh_token=r-123456 ${"y".repeat(500)}`);
		expect(summary.startsWith("send failed: oops refresh_token=[redacted] yyy")).toBe(true);
		expect(summary.length).toBe(summaryLimit);
	});
});
