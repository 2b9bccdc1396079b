import { describe, expect, it } from "vitest";
import { signInCookie, signUp } from "../helpers/api";
import { appRoutes } from "../helpers/routes";
import { page } from "./page";

/** Every page without a path parameter, from the app itself, so new pages are checked too. */
const pages = () => appRoutes().filter((r) => r.method === "GET" && !r.api && !r.params.length && !r.path.startsWith("/__") && r.path !== "/health");

describe("security headers and inline code on pages", () => {
	it("every page forbids framing, inline scripts and leaking its URL, and carries no inline script, handler or style", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, "correct horse battery");
		const checked: string[] = [];
		for (const route of pages()) {
			const res = await page("GET", route.path, { cookie });
			if (res.status === 303) continue; // a bare redirect ("/" → /calendar) has no page
			expect(res.status, route.path).toBe(200);
			const csp = res.headers.get("Content-Security-Policy") ?? "";
			const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
			expect(directives["frame-ancestors"], route.path).toEqual(["'none'"]);
			expect(directives["script-src"], route.path).toEqual(["'self'"]);
			expect(directives["default-src"], route.path).toEqual(["'self'"]);
			expect(directives["object-src"], route.path).toEqual(["'none'"]);
			expect(directives["form-action"], route.path).toEqual(["'self'"]);
			expect(csp, route.path).not.toMatch(/unsafe-inline|unsafe-eval/);
			expect(res.headers.get("X-Frame-Options"), route.path).toBe("DENY");
			expect(res.headers.get("Referrer-Policy"), route.path).toBe("strict-origin-when-cross-origin");
			expect(res.headers.get("X-Content-Type-Options"), route.path).toBe("nosniff");
			// The CSP would block these anyway; a page that needs one is broken in the browser.
			const inlineScripts = [...res.html.matchAll(/<script\b([^>]*)>/gi)].filter((m) => !/\bsrc=/.test(m[1]!));
			expect(inlineScripts.map((m) => m[0]), route.path).toEqual([]);
			expect(res.html.match(/<[^>]+\son[a-z]+\s*=/gi), route.path).toBeNull();
			expect(res.html.match(/<[^>]+\sstyle\s*=/gi), route.path).toBeNull();
			expect(res.html, route.path).not.toMatch(/href\s*=\s*["']?javascript:/i);
			checked.push(route.path);
		}
		expect(checked.length).toBeGreaterThanOrEqual(8);
	});

	it("the sign-in page, served to anyone, has the same headers", async () => {
		const res = await page("GET", "/sign-in");
		expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
		expect(res.headers.get("X-Frame-Options")).toBe("DENY");
	});
});
