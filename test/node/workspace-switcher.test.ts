// One person, several workspaces, in a real browser: Olive owns Alpha; Bea invites her to Beta; the
// invitation is accepted signed in (no new password), the header's workspace menu switches between
// them with a role per workspace, creates a third, and a cross-site switch is refused.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const PASSWORD = "correct horse battery";

async function api(method: string, pathname: string, opts: { json?: unknown; token?: string } = {}) {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method,
		headers: { "Content-Type": "application/json", Origin: baseUrl, ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}) },
		body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
	});
	return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

const header = async (page: Page) => ({
	workspace: (await page.locator(".workspace-switcher summary").innerText()).trim(),
	role: (await page.locator(".who .role").innerText()).trim(),
});

describe("the workspace switcher in a browser", () => {
	let browser: Browser;
	const stamp = Date.now();
	const olive = `switch-olive-${stamp}@example.test`;
	const bea = `switch-bea-${stamp}@example.test`;
	const alpha = `Alpha ${stamp}`;
	const beta = `Beta ${stamp}`;
	let alphaId: string;
	let betaId: string;
	let beaToken: string;
	let oliveInBeta: string;

	beforeAll(async () => {
		const a = await api("POST", "/workspaces", {
			json: { name: alpha, timezone: "Europe/Berlin", owner: { email: olive, name: "Olive Owner", password: PASSWORD } },
		});
		const b = await api("POST", "/workspaces", {
			json: { name: beta, timezone: "Europe/Berlin", owner: { email: bea, name: "Bea Boss", password: PASSWORD } },
		});
		expect([a.status, b.status]).toEqual([201, 201]);
		alphaId = a.body.workspace.id;
		betaId = b.body.workspace.id;
		beaToken = b.body.token;
		expect((await api("POST", "/invitations", { token: b.body.token, json: { email: olive, role: "analyst" } })).status).toBe(201);
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("accepts an invitation signed in, switches between workspaces with a role in each, and creates a new one", async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await context.newPage();

		// The link first, not signed in: the page asks her to sign in as that address, with no password field.
		await page.goto(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(olive)}`);
		const mail = page.locator(".mail").first();
		expect(await mail.innerText()).toContain("You already have a Chorus sign-in");
		await Promise.all([page.waitForURL(/\/accept-invite\?token=/), mail.locator('a[href*="/accept-invite?token="]').click()]);
		expect(await page.locator('input[name="password"]').count()).toBe(0);
		const acceptUrl = page.url();
		await Promise.all([page.waitForURL(/\/sign-in\?next=/), page.click('a[href^="/sign-in?next="]')]);
		await page.fill('input[name="email"]', olive);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL((url) => url.pathname === "/accept-invite"), page.click('form[action="/sign-in"] button[type="submit"]')]);
		expect(page.url()).toBe(acceptUrl);
		await Promise.all([page.waitForURL(/\/calendar/), page.click('form[action="/accept-invite"] button[type="submit"]')]);
		expect(await header(page)).toEqual({ workspace: beta, role: "analyst" });
		const members = await api("GET", "/members", { token: beaToken });
		oliveInBeta = members.body.items.find((m: { email: string }) => m.email === olive).id;

		// The menu lists the other workspace with her role there; switching moves the session.
		await page.click(".workspace-switcher summary");
		const other = page.locator(".switcher-list button");
		expect(await other.count()).toBe(1);
		expect(await other.first().innerText()).toContain(alpha);
		expect(await other.first().innerText()).toContain("owner");
		await page.screenshot({ path: path.join(shots, "workspace-switcher.png"), fullPage: false });
		await Promise.all([page.waitForURL(/\/calendar/), other.first().click()]);
		expect(await header(page)).toEqual({ workspace: alpha, role: "owner" });
		// The team page is Alpha's, where she owns: Bea is not on it.
		await page.goto(`${baseUrl}/team`);
		expect(await page.locator("main").innerText()).not.toContain("Bea Boss");

		// Back to Beta, where the team page is not hers to manage.
		await page.click(".workspace-switcher summary");
		await Promise.all([page.waitForURL(/\/calendar/), page.locator(".switcher-list button", { hasText: beta }).click()]);
		expect(await header(page)).toEqual({ workspace: beta, role: "analyst" });

		// A third workspace from the menu: she owns it and stands in it; the menu now lists the other two.
		await page.click(".workspace-switcher summary");
		await page.fill('.switcher-new input[name="name"]', `Gamma ${stamp}`);
		await Promise.all([page.waitForURL(/\/calendar/), page.click(".switcher-new button")]);
		expect(await header(page)).toEqual({ workspace: `Gamma ${stamp}`, role: "owner" });
		await page.click(".workspace-switcher summary");
		expect(await page.locator(".switcher-list button").count()).toBe(2);

		// The switch is a form post like the others: from another site it is refused and changes nothing.
		const [cookie] = (await context.cookies(baseUrl)).filter((c) => c.name.endsWith("chorus_session"));
		const crossSite = await fetch(`${baseUrl}/switch-workspace`, {
			method: "POST",
			redirect: "manual",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example", Cookie: `${cookie!.name}=${cookie!.value}` },
			body: `workspaceId=${alphaId}`,
		});
		expect(crossSite.status).toBe(403);
		await page.goto(`${baseUrl}/calendar`);
		expect((await header(page)).workspace).toBe(`Gamma ${stamp}`);
		// And a workspace she is not in is not found, whatever the form says (Bea's only member is Bea).
		const removed = await api("DELETE", `/members/${oliveInBeta}`, { token: beaToken });
		expect(removed.status).toBe(204);
		const foreign = await page.request.post(`${baseUrl}/switch-workspace`, { form: { workspaceId: betaId }, headers: { Origin: baseUrl } });
		expect(foreign.status()).toBe(404);
		expect((await header(page)).workspace).toBe(`Gamma ${stamp}`);
		await context.close();
	});
});
