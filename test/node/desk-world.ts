// The desk's browser tests share one world: a workspace with an owner, sandbox accounts (one with a very
// long handle, to prove layouts hold), posts scheduled over the coming days, and a signed-in page maker.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";

export const baseUrl = inject("baseUrl");
export const PASSWORD = "correct horse battery";
export const ZONE = "Europe/Berlin";
/** Committed screenshots (small PNGs) for the README and the proof. */
export const screenshots = path.resolve(import.meta.dirname, "../../docs/screenshots");
export const widths = [1280, 390] as const;

export async function api<T>(method: string, pathname: string, json?: unknown, token?: string): Promise<T> {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method,
		headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const text = await res.text();
	if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
	return (text ? JSON.parse(text) : {}) as T;
}

export type World = {
	email: string;
	token: string;
	accounts: { id: string; handle: string; network: string }[];
};

/** A workspace as a demo would have it: three accounts, one with a 60-character handle. */
export async function makeWorld(label: string): Promise<World> {
	const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
	const { token } = await api<{ token: string }>("POST", "/workspaces", {
		name: `${label} desk`,
		timezone: ZONE,
		owner: { email, name: "Olive Owner", password: PASSWORD },
	});
	const accounts = [];
	for (const handle of ["@bakery", "@the_very_long_handle_of_the_regional_bakery_cooperative_eu", "@bakery_de"])
		accounts.push(await api<World["accounts"][number]>("POST", "/accounts", { network: "sandbox", handle, timezone: ZONE }, token));
	return { email, token, accounts };
}

/** A post on the account, `days` from now at 10:00 in its zone (or a draft without a time). */
export async function schedulePost(world: World, accountId: string, body: string, scheduledAt?: string) {
	const res = await api<{ posts: { id: string }[] }>("POST", "/posts", { accountId, body, ...(scheduledAt ? { scheduledAt } : {}) }, world.token);
	return res.posts[0]!.id;
}

/** A signed-in page at the given width (the phone one 844 px tall, as an iPhone 14). */
export async function signedInPage(browser: Browser, world: World, width: number, opts: { bypassCSP?: boolean } = {}): Promise<Page> {
	// bypassCSP: only to inject axe-core, which the pages' script-src 'self' rightly refuses.
	const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, bypassCSP: opts.bypassCSP ?? false });
	const page = await context.newPage();
	await page.goto(`${baseUrl}/sign-in`);
	await page.fill('input[name="email"]', world.email);
	await page.fill('input[name="password"]', PASSWORD);
	await Promise.all([page.waitForURL(/\/calendar/), page.click('button[type="submit"]')]);
	return page;
}

/** How far the page scrolls sideways (0 when it fits the window). */
export const sidewaysOverflow = (page: Page) =>
	page.evaluate(() => {
		// The node project has no DOM types: the two numbers read here.
		const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
		return g.document.documentElement.scrollWidth - g.innerWidth;
	});
