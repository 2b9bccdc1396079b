import { afterEach, describe, expect, it, vi } from "vitest";
import { call, signInCookie, signUp, type Workspace } from "../helpers/api";
import { tokenFromMail } from "../helpers/mailbox";
import { appRoutes } from "../helpers/routes";
import { type Call, json, stubFetch } from "../networks/helpers";
import { type Page, page } from "./page";

afterEach(() => vi.restoreAllMocks());

/** Every page without a path parameter, from the app itself, so new pages are checked too. */
const pages = () => appRoutes().filter((r) => r.method === "GET" && !r.api && !r.params.length && !r.path.startsWith("/__") && r.path !== "/health");

type Visit = { status: number; query?: (ws: Workspace) => Promise<string> };

/**
 * Pages that answer with something other than 200 when opened bare, because they are reached from a
 * link that carries a token or state. Each is checked as it is reached (the query it needs, the page
 * it shows) and bare (the error page a stale or forged link shows), and both must carry the headers.
 * Every other page is opened bare and must answer 200.
 */
const VISITS: Record<string, Visit[]> = {
	"/oauth/callback": [
		// No state: the "start connecting again" error page.
		{ status: 400 },
		// Back from Facebook with a real state: the page to choose which Page to connect.
		{
			status: 200,
			query: async (ws) => {
				const res = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "facebook", timezone: "UTC" } });
				const state = new URL(res.body.authorizeUrl).searchParams.get("state")!;
				stubFetch((c: Call) => {
					const u = new URL(c.url);
					if (u.pathname.endsWith("/oauth/access_token"))
						return json({ access_token: u.searchParams.get("grant_type") === "fb_exchange_token" ? "long-user" : "short-user" });
					if (u.pathname.endsWith("/me/accounts")) return json({ data: [{ id: "222", name: "Bakery Berlin", access_token: "page-222" }] });
					throw new Error(`unexpected ${c.method} ${c.url}`);
				});
				return `?state=${encodeURIComponent(state)}&code=auth-code-1`;
			},
		},
	],
	"/accept-invite": [
		// No token: "This invitation link is not valid."
		{ status: 404 },
		// The mailed link: the form to accept.
		{
			status: 200,
			query: async (ws) => {
				const email = `headers-${Date.now().toString(36)}@example.test`;
				expect((await call("POST", "/invitations", { token: ws.token, json: { email, role: "author" } })).status).toBe(201);
				return `?token=${await tokenFromMail(email, "/accept-invite")}`;
			},
		},
	],
};

function expectSafe(res: Page, what: string) {
	const csp = res.headers.get("Content-Security-Policy") ?? "";
	const directives = Object.fromEntries(
		csp
			.split(";")
			.map((d) => d.trim().split(/\s+/))
			.map(([name, ...values]) => [name, values]),
	);
	expect(directives["frame-ancestors"], what).toEqual(["'none'"]);
	expect(directives["script-src"], what).toEqual(["'self'"]);
	expect(directives["default-src"], what).toEqual(["'self'"]);
	expect(directives["object-src"], what).toEqual(["'none'"]);
	expect(directives["form-action"], what).toEqual(["'self'"]);
	expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
	expect(res.headers.get("X-Frame-Options"), what).toBe("DENY");
	expect(res.headers.get("Referrer-Policy"), what).toBe("strict-origin-when-cross-origin");
	expect(res.headers.get("X-Content-Type-Options"), what).toBe("nosniff");
	expect(res.headers.get("Content-Type") ?? "", what).toMatch(/^text\/html/);
	// The CSP would block these anyway; a page that needs one is broken in the browser.
	// A JSON data block (type="application/json") is never executed, so the CSP rightly lets it be.
	const inlineScripts = [...res.html.matchAll(/<script\b([^>]*)>/gi)].filter((m) => !/\bsrc=/.test(m[1]!) && !/\btype="application\/json"/.test(m[1]!));
	expect(
		inlineScripts.map((m) => m[0]),
		what,
	).toEqual([]);
	expect(res.html.match(/<[^>]+\son[a-z]+\s*=/gi), what).toBeNull();
	expect(res.html.match(/<[^>]+\sstyle\s*=/gi), what).toBeNull();
	expect(res.html, what).not.toMatch(/href\s*=\s*["']?javascript:/i);
}

describe("security headers and inline code on pages", () => {
	it("every page forbids framing, inline scripts and leaking its URL, and carries no inline script, handler or style", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, "correct horse battery");
		const checked: string[] = [];
		for (const route of pages()) {
			for (const visit of VISITS[route.path] ?? [{ status: 200 }]) {
				const path = `${route.path}${visit.query ? await visit.query(ws) : ""}`;
				const res = await page("GET", path, { cookie });
				vi.restoreAllMocks();
				if (res.status === 303 && !VISITS[route.path]) continue; // a bare redirect ("/" → /calendar) has no page
				expect(res.status, path).toBe(visit.status);
				expectSafe(res, path);
				checked.push(path);
			}
		}
		expect(checked.length).toBeGreaterThanOrEqual(8);
		// The pages reached with a query are checked in the state they are reached in, not only bare.
		for (const path of Object.keys(VISITS))
			expect(
				checked.filter((p) => p.startsWith(`${path}?`)),
				path,
			).toHaveLength(1);
		expect(Object.keys(VISITS).filter((p) => !pages().some((r) => r.path === p))).toEqual([]);
	});

	it("the sign-in page, served to anyone, has the same headers", async () => {
		const res = await page("GET", "/sign-in");
		expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
		expect(res.headers.get("X-Frame-Options")).toBe("DENY");
	});
});
