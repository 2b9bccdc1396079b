// Announcements, the mission editor and the live mission lint in a real browser. Screenshots land in
// test-results/ (gitignored) for a look at the pages.
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
const MAIN = "Spring sale: everything €9.99 from 3 March with code SPRING25 at https://shop.example.com/sale";
const GERMAN = "Frühlingsaktion: alles für 9,99 € ab 3. März mit dem Code SPRING25 auf https://shop.example.com/sale";

async function api<T>(method: string, pathname: string, json: unknown, token?: string): Promise<T> {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method,
		headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(json),
	});
	const body = await res.json();
	if (res.status >= 300) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(body)}`);
	return body as T;
}

type Account = { id: string; handle: string };

describe("announcements in a browser", () => {
	let browser: Browser;
	const email = `announce-${Date.now()}@example.test`;
	let token: string;
	let hq: Account;
	let de: Account;
	let us: Account;

	async function signIn(next: string): Promise<Page> {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL((url) => url.pathname === next), page.click('button[type="submit"]')]);
		return page;
	}

	beforeAll(async () => {
		let owner: { id: string };
		({ token, member: owner } = await api<{ token: string; member: { id: string } }>("POST", "/workspaces", {
			name: "Spring Shops",
			timezone: ZONE,
			owner: { email, name: "Hana HQ", password: PASSWORD },
		}));
		hq = await api<Account>("POST", "/accounts", { network: "sandbox", handle: "@shop_hq", timezone: ZONE }, token);
		de = await api<Account>("POST", "/accounts", { network: "sandbox", handle: "@shop_de", timezone: ZONE, parentId: hq.id, ownerId: owner.id }, token);
		us = await api<Account>("POST", "/accounts", { network: "sandbox", handle: "@shop_us", timezone: "America/New_York", parentId: hq.id }, token);
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("creates an announcement through the form, rewrites one variant in its own voice and schedules it", async () => {
		const page = await signIn("/announcements");
		await Promise.all([page.waitForURL(/\/announcements\/new$/), page.click('a:has-text("New announcement")')]);
		// The main account's local accounts are ticked; the main account itself cannot be.
		expect(await page.locator('select[name="mainAccountId"]').inputValue()).toBe(hq.id);
		expect(await page.isChecked(`input[name="localAccountIds"][value="${de.id}"]`)).toBe(true);
		expect(await page.isChecked(`input[name="localAccountIds"][value="${us.id}"]`)).toBe(true);
		expect(await page.isDisabled(`input[name="localAccountIds"][value="${hq.id}"]`)).toBe(true);
		await page.fill("#body", MAIN);
		await page.fill('input[name="date"]', addDays(utcToLocal(Date.now(), ZONE).date, 2));
		await page.fill('input[name="time"]', "10:00");
		await page.screenshot({ path: path.join(shots, "announcement-new.png"), fullPage: true });
		await Promise.all([page.waitForURL(/\/announcements\/[^/]+\?done=created$/), page.click('button:has-text("Create announcement")')]);

		expect(await page.locator(".banner.ok").innerText()).toContain("Announcement created");
		expect(await page.locator(".fact-text").allInnerTexts()).toEqual(expect.arrayContaining(["€9.99", "3 March", "SPRING25", "https://shop.example.com/sale"]));
		const cards = page.locator("article.ann-card");
		expect(await cards.count()).toBe(3);
		expect(await page.locator("article.main-card .badge.status-scheduled").innerText()).toBe("Scheduled");

		const deCard = page.locator("article.ann-card", { hasText: "@shop_de" });
		expect(await deCard.locator(".badge.status-draft").innerText()).toBe("Draft");
		expect(await deCard.locator("dd").first().innerText()).toBe("Hana HQ");
		await deCard.locator("textarea[name=body]").fill(GERMAN);
		await Promise.all([page.waitForURL(/done=scheduled/), deCard.locator('button:has-text("Schedule")').click()]);

		expect(await page.locator(".banner.ok").innerText()).toBe("Variant scheduled.");
		const scheduled = page.locator("article.ann-card", { hasText: "@shop_de" });
		expect(await scheduled.locator(".badge.status-scheduled").innerText()).toBe("Scheduled");
		expect(await scheduled.locator(".consistency").count()).toBe(0);
		expect(await scheduled.locator(".consistent").innerText()).toContain("Keeps every key fact");
		expect(await scheduled.locator("textarea[name=body]").inputValue()).toBe(GERMAN);
		await page.screenshot({ path: path.join(shots, "announcement.png"), fullPage: true });

		// The other variant drops the code: refused on its own card, the typed text kept.
		const usCard = page.locator("article.ann-card", { hasText: "@shop_us" });
		const noCode = "Spring sale: everything $9.99... no, €9.99 from March 3rd at https://shop.example.com/sale";
		await usCard.locator("textarea[name=body]").fill(noCode);
		await Promise.all([page.waitForLoadState(), usCard.locator('button:has-text("Schedule")').click()]);
		const refused = page.locator("article.ann-card", { hasText: "@shop_us" });
		await refused.locator(".banner.error").waitFor({ timeout: 5000 });
		expect(await refused.locator(".findings").innerText()).toContain('The code "SPRING25" of the main post is missing');
		expect(await refused.locator("textarea[name=body]").inputValue()).toBe(noCode);
		await page.screenshot({ path: path.join(shots, "announcement-refused.png"), fullPage: true });

		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: path.join(shots, "announcement-narrow.png"), fullPage: true });
	});

	it("edits the mission, and the drafting form then flags a banned phrase live", async () => {
		const page = await signIn("/mission");
		await page.fill("#m-topics", "spring, sale, garden");
		await page.fill("#m-bannedPhrases", "guaranteed\nbest price ever");
		await page.fill("#m-maxBroadcastShare", "60");
		await Promise.all([page.waitForURL(/\/mission\?saved=1$/), page.click('button:has-text("Save mission")')]);
		expect(await page.locator(".banner.ok").innerText()).toBe("Mission saved.");
		await page.screenshot({ path: path.join(shots, "mission.png"), fullPage: true });

		await Promise.all([page.waitForURL(new RegExp(`/accounts/${de.id}/mission$`)), page.click(`a[href="/accounts/${de.id}/mission"]`)]);
		// A field that follows the workspace shows no input until its "Use the workspace's" box is unticked.
		const banned = page.locator('fieldset[data-field="bannedPhrases"]');
		expect(await banned.locator("input.inherit").isChecked()).toBe(true);
		expect(await page.isVisible("#m-bannedPhrases")).toBe(false);
		await banned.locator("input.inherit").uncheck();
		expect(await page.isVisible("#m-bannedPhrases")).toBe(true);
		await page.fill("#m-bannedPhrases", "billig");
		await Promise.all([page.waitForURL(/saved=1$/), page.click('button:has-text("mission")')]);
		expect(await page.locator('fieldset[data-field="bannedPhrases"] .badge.own').innerText()).toBe("This account's");
		await page.screenshot({ path: path.join(shots, "mission-account.png"), fullPage: true });

		await page.goto(`${baseUrl}/compose`);
		await page.check(`input[name="accountIds"][value="${hq.id}"]`);
		await page.locator("#body").pressSequentially("Spring sale: results guaranteed", { delay: 5 });
		const lint = page.locator("#lint .lint-item.finding-error", { hasText: "banned phrase" });
		await lint.waitFor({ timeout: 5000 });
		expect(await lint.locator("mark").innerText()).toBe("guaranteed");
		await page.check(`input[name="accountIds"][value="${de.id}"]`);
		// Two accounts: each line names its account; the German desk bans other words, so no error for it.
		await page.locator("#lint strong", { hasText: "@shop_hq" }).first().waitFor({ timeout: 5000 });
		expect(await page.locator("#lint .lint-item.finding-error", { hasText: "@shop_hq" }).count()).toBe(1);
		expect(await page.locator("#lint .lint-item.finding-error", { hasText: "@shop_de" }).count()).toBe(0);
		await page.screenshot({ path: path.join(shots, "compose-lint.png"), fullPage: true });
	});
});
