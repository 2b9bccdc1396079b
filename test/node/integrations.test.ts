// Integrations in a real browser: the spreadsheet upload page with its row report, and the API
// reference page rendering the generated spec under Chorus's CSP with assets served by Chorus.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const PASSWORD = "correct horse battery";

async function api<T>(pathname: string, json: unknown, token?: string): Promise<T> {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method: "POST",
		headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(json),
	});
	const body = await res.json();
	if (res.status !== 201) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(body)}`);
	return body as T;
}

describe("integrations in a browser", () => {
	let browser: Browser;
	const email = `integrations-${Date.now()}@example.test`;
	let token: string;

	beforeAll(async () => {
		({ token } = await api<{ token: string }>("/workspaces", {
			name: "Import Desk",
			timezone: "Europe/Berlin",
			owner: { email, name: "Ida Importer", password: PASSWORD },
		}));
		await api("/accounts", { network: "sandbox", handle: "@planner", timezone: "Europe/Berlin" }, token);
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("uploads a CSV, shows which row and field are wrong, saves nothing; then imports the fixed file", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/calendar/), page.click('button[type="submit"]')]);
		await page.click('a[href="/import"]');

		const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
		const csv = (third: string) =>
			`account,body,scheduledAt\n@planner,Kick-off of the spring campaign,${at(1)}\n@planner,Customer story from the Berlin office,${at(2)}\n@planner,Live Q&A with the product team,${third}\n`;
		await page.setInputFiles("#file", { name: "plan.csv", mimeType: "text/csv", buffer: Buffer.from(csv("next wednesday")) });
		await page.click('.import-form button[type="submit"]');
		await page.locator(".import-report").waitFor();
		expect(await page.locator(".banner.error").innerText()).toMatch(/1 of 3 rows cannot be imported.*line 4, scheduledAt/);
		expect(await page.locator('tr[data-line="4"] .row-problem').innerText()).toMatch(/^scheduledAt: "next wednesday" is not ISO-8601/);
		expect(await page.locator("tr.row-ok").count()).toBe(2);
		await page.screenshot({ path: path.join(shots, "import-refused.png"), fullPage: true });
		const before = (await (await fetch(`${baseUrl}/api/v1/posts`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: unknown[] };
		expect(before.items).toHaveLength(0);

		await page.setInputFiles("#file", { name: "plan.csv", mimeType: "text/csv", buffer: Buffer.from(csv(at(3))) });
		await page.click('.import-form button[type="submit"]');
		await page.locator(".import-report").waitFor();
		expect(await page.locator(".import-report .banner").innerText()).toBe("Imported 3 posts.");
		const after = (await (await fetch(`${baseUrl}/api/v1/posts`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: { body: string }[] };
		expect(after.items.map((p) => p.body)).toEqual([
			"Kick-off of the spring campaign",
			"Customer story from the Berlin office",
			"Live Q&A with the product team",
		]);
	});

	it("renders the interactive API reference from /api/v1/openapi.json without CSP violations or outside requests", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const problems: string[] = [];
		const outside: string[] = [];
		// The browser asks for /favicon.ico on its own (there is none): not the page's doing (as in report.test.ts).
		page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && problems.push(m.text()));
		page.on("pageerror", (e) => problems.push(e.message));
		page.on("request", (r) => !r.url().startsWith(baseUrl) && !r.url().startsWith("data:") && outside.push(r.url()));
		await page.goto(`${baseUrl}/api/v1/docs`);
		await page.locator(".opblock-tag").first().waitFor({ timeout: 15_000 });
		expect(await page.locator(".info .title").innerText()).toContain("Chorus API");
		await page.screenshot({ path: path.join(shots, "api-docs.png") });
		// Swagger UI draws only the operation groups near the viewport: scroll a screen at a time and
		// collect every group drawn, until the page's end.
		const groups = new Set<string>();
		for (let i = 0; i < 200; i++) {
			for (const name of await page.locator(".opblock-tag").evaluateAll((els) => els.map((e) => e.getAttribute("data-tag") ?? ""))) groups.add(name);
			const atEnd = await page.evaluate(() => {
				// The node project has no DOM types: the few numbers and the one call used here.
				const w = globalThis as unknown as {
					scrollY: number;
					innerHeight: number;
					scrollBy(x: number, y: number): void;
					document: { body: { scrollHeight: number } };
				};
				if (w.scrollY + w.innerHeight >= w.document.body.scrollHeight - 2) return true;
				w.scrollBy(0, w.innerHeight);
				return false;
			});
			if (atEnd) break;
			await page.waitForTimeout(50);
		}
		expect([...groups]).toEqual(expect.arrayContaining(["posts", "accounts", "reports", "webhooks", "approval-links"]));
		expect(groups.size).toBeGreaterThan(30);
		expect(problems).toEqual([]);
		expect(outside).toEqual([]);
	});
});
