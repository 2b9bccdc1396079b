// The composer in a real browser: sign in, write with live counters, schedule, find it on the calendar.
// Screenshots land in test-results/ (gitignored) for a look at the pages.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addDays, utcToLocal } from "../../domain/time";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const ZONE = "Europe/Berlin";
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

/** The counter text once it shows `expected`; the script debounces, so this waits for it. */
async function counterText(page: Page, expected: string) {
	const counters = page.locator("#counters", { hasText: expected });
	await counters.waitFor({ timeout: 5000 });
	return counters.innerText();
}

describe("compose in a browser", () => {
	let browser: Browser;
	const email = `browser-${Date.now()}@example.test`;
	let account: { id: string; handle: string };
	let token: string;

	beforeAll(async () => {
		({ token } = await api<{ token: string }>("/workspaces", {
			name: "Browser Desk",
			timezone: ZONE,
			owner: { email, name: "Bea Browser", password: PASSWORD },
		}));
		account = await api<typeof account>("/accounts", { network: "sandbox", handle: "@chorus_demo", timezone: ZONE }, token);
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("signs in, counts live, schedules and shows the post on the calendar", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/calendar/), page.click('button[type="submit"]')]);
		// The __Host- session cookie is Secure; over http://127.0.0.1 Chromium must still keep it.
		const cookies = await page.context().cookies();
		expect(cookies.map((c) => c.name)).toContain("__Host-chorus_session");

		await page.goto(`${baseUrl}/compose`);
		expect(page.url()).toBe(`${baseUrl}/compose`);
		expect(await page.locator("#counters").innerText()).toContain("Choose an account");
		await page.check(`input[name="accountIds"][value="${account.id}"]`);
		expect(await counterText(page, "Sandbox: 0/500")).toBe("Sandbox: 0/500");

		const body = "Hello from a real browser: the spring release is out!";
		await page.locator("#body").pressSequentially(body, { delay: 5 });
		const counted = await counterText(page, `Sandbox: ${body.length}/500`);
		expect(counted).toContain("/500");
		expect(counted).toBe(`Sandbox: ${body.length}/500`);
		expect(await page.locator("#zone-note").innerText()).toBe(`Times are in ${ZONE}`);

		const tomorrow = addDays(utcToLocal(Date.now(), ZONE).date, 1);
		await page.check('input[name="when"][value="at"]');
		await page.fill('input[name="date"]', tomorrow);
		await page.fill('input[name="time"]', "10:00");
		await page.screenshot({ path: path.join(shots, "compose.png"), fullPage: true });

		await Promise.all([page.waitForURL(/\/calendar\?week=/), page.click('button[name="action"][value="schedule"]')]);
		expect(await page.locator(".banner.ok").innerText()).toBe("Scheduled 1 post");
		const post = page.locator(".week .cal-post", { hasText: "Hello from a real browser" });
		expect(await post.count()).toBe(1);
		expect(await post.locator("time").innerText()).toBe("10:00");
		await page.screenshot({ path: path.join(shots, "calendar-week.png"), fullPage: true });

		// Narrow screens stack the days instead of squeezing seven columns.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: path.join(shots, "calendar-week-narrow.png"), fullPage: true });
		await page.setViewportSize({ width: 1280, height: 900 });

		await page.click('.toggle a:has-text("Month")');
		expect(await page.locator(".month .cal-post", { hasText: "Hello from a real browser" }).count()).toBe(1);
		await page.screenshot({ path: path.join(shots, "calendar-month.png"), fullPage: true });

		await page.click(".month .cal-post a");
		expect(await page.locator(".post-body").innerText()).toBe(body);
		await page.screenshot({ path: path.join(shots, "post.png"), fullPage: true });
	});

	it("uploads an image with alt text, previews it, schedules it and shows the thumbnail on the calendar", async () => {
		const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=/compose`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/compose/), page.click('button[type="submit"]')]);
		await page.check(`input[name="accountIds"][value="${account.id}"]`);
		await page.fill("#body", "A picture from the open studio");
		await page.setInputFiles('input[name="media"]', { name: "studio.png", mimeType: "image/png", buffer: png });
		// compose.js shows the chosen file (a blob: URL the CSP allows) and records its size.
		await page.locator("img[data-media-preview]:not([hidden])").waitFor({ timeout: 5000 });
		await expect.poll(() => page.locator("input[data-media-width]").inputValue()).toBe("1");
		await page.fill('textarea[name="media_alt"]', "Paint pots on a sunny windowsill");
		await page.check('input[name="when"][value="at"]');
		await page.fill('input[name="date"]', addDays(utcToLocal(Date.now(), ZONE).date, 2));
		await page.fill('input[name="time"]', "11:00");
		await Promise.all([page.waitForURL(/\/calendar\?week=/), page.click('button[name="action"][value="schedule"]')]);

		const thumb = page.locator('.cal-post img[alt="Paint pots on a sunny windowsill"]');
		await thumb.waitFor({ timeout: 5000 });
		// Loaded through /api/v1/media/:id/raw with the session cookie: a broken image has no natural width.
		await expect
			.poll(() =>
				thumb.evaluate((el) => {
					// The test project has no DOM types: the element as the few fields read here.
					const img = el as unknown as { complete: boolean; naturalWidth: number };
					return img.complete && img.naturalWidth;
				}),
			)
			.toBe(1);
		await page.screenshot({ path: path.join(shots, "calendar-media.png"), fullPage: true });
		const src = (await thumb.getAttribute("src")) ?? "";
		const meta = await (await fetch(`${baseUrl}${src.replace(/\/raw$/, "")}`, { headers: { Authorization: `Bearer ${token}` } })).json();
		expect(meta).toMatchObject({ type: "image/png", alt: "Paint pots on a sunny windowsill", width: 1, height: 1 });
	});

	it("shows an over-long post as over the limit and keeps the text after a refused schedule", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=/compose`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/compose$/), page.click('button[type="submit"]')]);
		await page.check(`input[name="accountIds"][value="${account.id}"]`);
		const long = "x".repeat(510);
		await page.fill("#body", long);
		await counterText(page, "Sandbox: 510/500");
		expect(await page.locator("#counters .counter.over").count()).toBe(1);
		await page.check('input[name="when"][value="at"]');
		await page.fill('input[name="date"]', addDays(utcToLocal(Date.now(), ZONE).date, 2));
		await page.fill('input[name="time"]', "09:30");
		await Promise.all([page.waitForLoadState(), page.click('button[name="action"][value="schedule"]')]);
		expect(await page.locator("#body").inputValue()).toBe(long);
		expect(await page.locator(".findings").innerText()).toContain("Too long for Sandbox: 510/500");
		expect(await page.locator('input[name="time"]').inputValue()).toBe("09:30");
		await page.screenshot({ path: path.join(shots, "compose-error.png"), fullPage: true });
	});

	it("publishes now through the real queue, shows the timeline and lands on the item in the sandbox feed", async () => {
		// Its own account, rate limited once, so the timeline shows a retry before the publish.
		const limited = await api<{ id: string }>("/accounts", { network: "sandbox", handle: "@chorus_news", timezone: "America/New_York" }, token);
		const patched = await fetch(`${baseUrl}/api/v1/accounts/${limited.id}`, {
			method: "PATCH",
			headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
			body: JSON.stringify({ sandbox: { failMode: "rate_limit", failCount: 1 } }),
		});
		expect(patched.status).toBe(200);
		const body = "Doors open at 9: see you at the spring fair!";
		const created = await api<{ posts: { id: string }[] }>(
			"/posts",
			{ accountId: limited.id, body, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() },
			token,
		);
		const postId = created.posts[0]!.id;

		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=/posts/${postId}`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(new RegExp(`/posts/${postId}$`)), page.click('button[type="submit"]')]);
		await page.click('button:has-text("Publish now")'); // asks first (test/node/desk-confirm.test.ts)
		await Promise.all([page.waitForURL(/done=publishing/), page.click('button:has-text("Yes, publish it now")')]);
		expect(await page.locator(".banner.ok").innerText()).toBe("Publishing now…");

		// The local queue delivers within a second; the retry waits out the sandbox's Retry-After: 2.
		const deadline = Date.now() + 20_000;
		while ((await page.locator(".badge.status-published").count()) === 0 && Date.now() < deadline) {
			await page.waitForTimeout(500);
			await page.reload();
		}
		expect(await page.locator(".badge").first().innerText(), "published within 20 s").toBe("Published");
		expect(await page.locator(".timeline .outcome").allInnerTexts()).toEqual(["Will retry", "Published"]);
		expect(await page.locator(".timeline .attempt").first().innerText()).toContain("429 Too Many Requests");
		await page.screenshot({ path: path.join(shots, "post-published.png"), fullPage: true });

		await Promise.all([page.waitForURL(new RegExp(`/sandbox/${limited.id}#`)), page.click('a:has-text("View it in the sandbox feed")')]);
		const target = page.locator(".feed-item:target");
		expect(await target.count()).toBe(1);
		expect(await target.locator(".feed-text").innerText()).toBe(body);
		await page.screenshot({ path: path.join(shots, "sandbox-feed.png"), fullPage: true });
	});
});
