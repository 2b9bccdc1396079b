// Destructive and broadcast actions ask first, on a page of their own, at desktop and phone widths.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium";
import { api, baseUrl, makeWorld, schedulePost, signedInPage, type World, widths } from "./desk-world";

describe("confirmation steps in a browser", () => {
	let browser: Browser;
	let world: World;

	beforeAll(async () => {
		world = await makeWorld("confirm");
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
	});

	for (const width of widths)
		it(`cancel and retract name what will happen before they do it (${width} px)`, async () => {
			const page = await signedInPage(browser, world, width);
			const account = world.accounts[1]!;
			const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
			const id = await schedulePost(world, account.id, `Cancel me at ${width}`, at);

			await page.goto(`${baseUrl}/posts/${id}`);
			await Promise.all([page.waitForURL(/\/cancel$/), page.click('button:has-text("Cancel post")')]);
			expect(await page.locator("h1").innerText()).toBe("Cancel this post?");
			expect(await page.locator(".consequence").innerText()).toContain(`Cancel the post to ${account.handle} on Sandbox`);
			await page.click('a:has-text("No, keep it")');
			expect(await page.locator(".badge").first().innerText()).toMatch(/Scheduled/i);
			await page.click('button:has-text("Cancel post")');
			await Promise.all([page.waitForURL(/done=canceled/), page.click('button:has-text("Yes, cancel the post")')]);
			expect(await page.locator(".banner.ok").innerText()).toBe("Canceled.");

			// Publish now asks too; once published, retract names the account and the network.
			const live = await schedulePost(world, account.id, `Retract me at ${width}`, at);
			await page.goto(`${baseUrl}/posts/${live}`);
			await page.click('button:has-text("Publish now")');
			expect(await page.locator(".consequence").innerText()).toContain(`Publish to ${account.handle} on Sandbox right away`);
			await Promise.all([page.waitForURL(/done=publishing/), page.click('button:has-text("Yes, publish it now")')]);
			await expect
				.poll(async () => (await api<{ status: string }>("GET", `/posts/${live}`, undefined, world.token)).status, { timeout: 20_000 })
				.toBe("published");
			await page.goto(`${baseUrl}/posts/${live}`);
			expect(await page.locator("text=View it in the sandbox feed").count()).toBe(1);
			await page.fill('.retract textarea[name="reason"]', "Wrong opening hours");
			await page.click('button:has-text("Retract post")');
			expect(await page.locator(".consequence").innerText()).toContain(`Retract from ${account.handle} on Sandbox: it will be deleted there.`);
			await Promise.all([page.waitForURL(/done=retracted/), page.click('button:has-text("Yes, retract and delete it")')]);
			expect(await page.locator("text=View it in the sandbox feed").count()).toBe(0);
			await page.context().close();
		});

	it("the emergency stop asks first and stops only once confirmed", async () => {
		const page = await signedInPage(browser, world, 390);
		await page.goto(`${baseUrl}/accounts`);
		await page.click('button:has-text("Stop all publishing")');
		expect(await page.locator(".consequence").innerText()).toContain("Stop publishing on all 3 accounts");
		expect((await api<{ paused: boolean }>("GET", "/workspace", undefined, world.token)).paused).toBe(false);
		await Promise.all([page.waitForURL(/done=stopped/), page.click('button:has-text("Yes, stop all publishing")')]);
		expect((await api<{ paused: boolean }>("GET", "/workspace", undefined, world.token)).paused).toBe(true);
		await page.click('button:has-text("Resume publishing")');
		await Promise.all([page.waitForURL(/done=resumed/), page.click('button:has-text("Yes, resume publishing")')]);
		expect((await api<{ paused: boolean }>("GET", "/workspace", undefined, world.token)).paused).toBe(false);
		await page.context().close();
	});
});
