// The compose form's file picker in a real browser: limited by the capability table the page embeds,
// greyed out or marked invalid with the reason in one line as accounts are ticked and files chosen.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const PASSWORD = "correct horse battery";
// The smallest bytes an MP4 is recognised by (an ftyp box).
const MP4 = Buffer.concat([
	Buffer.from([0, 0, 0, 0x18]),
	Buffer.from("ftypisom"),
	Buffer.from([0, 0, 2, 0]),
	Buffer.from("isomiso2"),
	Buffer.from([0, 0, 0, 8]),
	Buffer.from("free"),
]);

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

const limits = (page: Page) => page.locator("#media-limits");
const valid = (page: Page) => page.locator('input[name="media"]').evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid);

describe("the compose file picker follows the capability table", () => {
	let browser: Browser;
	const email = `picker-${Date.now()}@example.test`;
	let sandbox: { id: string };
	let facebook: { id: string };

	beforeAll(async () => {
		const { token } = await api<{ token: string }>("/workspaces", {
			name: "Picker Desk",
			timezone: "UTC",
			owner: { email, name: "Pia Picker", password: PASSWORD },
		});
		sandbox = await api("/accounts", { network: "sandbox", handle: "@picker_demo", timezone: "UTC" }, token);
		facebook = await api(
			"/accounts",
			{ network: "facebook", handle: "Picker Page", timezone: "UTC", credentials: { pageId: "1", pageAccessToken: "t" } },
			token,
		);
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("takes a video for the sandbox and for Facebook, and names Facebook's image limit", async () => {
		const page = await browser.newPage();
		await page.goto(`${baseUrl}/sign-in?next=/compose`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/compose/), page.click('button[type="submit"]')]);

		await page.check(`input[name="accountIds"][value="${sandbox.id}"]`);
		expect(await page.locator('input[name="media"]').getAttribute("accept")).toContain("video/mp4");
		await page.setInputFiles('input[name="media"]', { name: "clip.mp4", mimeType: "video/mp4", buffer: MP4 });
		expect(await valid(page)).toBe(true);
		expect(await limits(page).isHidden()).toBe(true);

		// A Facebook Page takes one MP4 video too (POST /{page-id}/videos).
		await page.check(`input[name="accountIds"][value="${facebook.id}"]`);
		await expect.poll(() => valid(page)).toBe(true);
		expect(await limits(page).isHidden()).toBe(true);

		// An image over Facebook's 4 MB: the same line names the limit; unticking Facebook clears it.
		await page.setInputFiles('input[name="media"]', { name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(5 * 1024 * 1024) });
		await expect.poll(() => limits(page).innerText()).toBe("Facebook: 5 MB is over its 4 MB for an image");
		await page.uncheck(`input[name="accountIds"][value="${facebook.id}"]`);
		await expect.poll(() => valid(page)).toBe(true);
	});
});
