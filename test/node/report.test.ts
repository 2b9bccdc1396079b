// A report run in a real browser: seeded history, a run built by the real REPORTS queue consumer in
// `wrangler dev`, the run page on a desktop and a phone, a note added through its form, and a PDF print.
// Screenshots and the PDF land in test-results/ (gitignored) for a look at the page.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const PASSWORD = "correct horse battery";
const DAY = 86_400_000;

async function call<T>(method: string, pathname: string, json?: unknown, token?: string): Promise<T> {
	const res = await fetch(`${baseUrl}${pathname}`, {
		method,
		headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const body = await res.json();
	if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(body)}`);
	return body as T;
}

describe("a report in a browser", () => {
	let browser: Browser;
	const email = `report-${Date.now()}@example.test`;
	let runId: string;

	beforeAll(async () => {
		const { token } = await call<{ token: string }>("POST", "/api/v1/workspaces", {
			name: "Report Desk",
			timezone: "UTC",
			owner: { email, name: "Rita Reporter", password: PASSWORD },
		});
		for (const handle of ["@bizzy", "@bizzy_de", "@bizzy_fr"]) await call("POST", "/api/v1/accounts", { network: "sandbox", handle, timezone: "UTC" }, token);
		const today = new Date().toISOString().slice(0, 10);
		const start = new Date(Date.parse(`${today}T00:00:00Z`) - 120 * DAY).toISOString().slice(0, 10);
		await call("POST", "/__bench/report/seed-metrics", { start, days: 121 }, token);
		await call("POST", "/__bench/report/seed-mentions", { from: Date.now() - 10 * DAY, to: Date.now(), offset: 0, count: 400, total: 400 }, token);
		const report = await call<{ id: string }>("POST", "/api/v1/reports", { name: "Weekly social report", cadence: "weekly", timezone: "UTC" }, token);
		({ id: runId } = await call<{ id: string }>("POST", `/api/v1/reports/${report.id}/run`, {}, token));
		// The local queue delivers within a few seconds; the consumer builds the run.
		for (let i = 0; i < 60; i++) {
			const run = await call<{ status: string }>("GET", `/api/v1/report-runs/${runId}`, undefined, token);
			if (run.status === "ready") break;
			if (run.status === "failed") throw new Error("the run failed");
			await new Promise((r) => setTimeout(r, 500));
		}
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("shows charts, standouts and summary on desktop and phone, takes a note, and prints to PDF", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const problems: string[] = [];
		// Every failed load by URL (the browser asks for /favicon.ico on its own; there is none).
		page.on("response", (r) => {
			if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} ${r.url()}`);
		});
		page.on("console", (m) => {
			if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
		});
		page.on("pageerror", (e) => problems.push(e.message));
		await page.goto(`${baseUrl}/sign-in`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/calendar/), page.click('button[type="submit"]')]);

		await page.goto(`${baseUrl}/reports/runs/${runId}`);
		await expect(page.locator("h1").first().innerText()).resolves.toBe("Weekly social report");
		expect(await page.locator("svg.chart-svg").count()).toBe(4);
		expect(await page.locator("svg.chart-svg polyline").count()).toBeGreaterThanOrEqual(4);
		await expect(page.locator("#summary").textContent()).resolves.toContain("Who posted");
		await expect(page.locator("#voice").textContent()).resolves.toMatch(/Top praise[\s\S]*release/);
		// The charts fit the page: no horizontal scrolling on a desktop.
		expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
		await page.screenshot({ path: path.join(shots, "report-desktop.png"), fullPage: true });

		// A note through the form, shown on the page afterwards.
		await page.locator("#growth details.note-form summary").click();
		await page.fill('#growth textarea[name="text"]', "Autumn campaign started this week");
		await Promise.all([page.waitForURL(/noted=1/), page.locator('#growth button[type="submit"]').click()]);
		await expect(page.locator("#growth .report-notes").innerText()).resolves.toContain("Autumn campaign started this week");

		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${baseUrl}/reports/runs/${runId}`);
		expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
		await page.screenshot({ path: path.join(shots, "report-phone.png"), fullPage: true });

		// The standalone page prints without navigation or forms.
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(`${baseUrl}/api/v1/report-runs/${runId}.html`);
		expect(await page.locator("form").count()).toBe(0);
		await page.emulateMedia({ media: "print" });
		const pdf = await page.pdf({ format: "A4", printBackground: true });
		expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
		await writeFile(path.join(shots, "report.pdf"), pdf);
		await page.screenshot({ path: path.join(shots, "report-print.png"), fullPage: true });
		expect(problems).toEqual([]);
	});
});
