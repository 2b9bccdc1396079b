// The inbox in a real browser against `wrangler dev`: a mention comes in through the API, a member
// claims the conversation, replies, and sees the reply go out through the real local queue.
// Screenshots land in test-results/ (gitignored) for a look at the pages.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const ZONE = "Europe/Berlin";
const PASSWORD = "correct horse battery";

async function api<T>(method: "GET" | "POST", pathname: string, token?: string, json?: unknown): Promise<T> {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method,
		headers: { ...(json === undefined ? {} : { "Content-Type": "application/json" }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const body = await res.json();
	if (res.status !== (method === "POST" ? 201 : 200)) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(body)}`);
	return body as T;
}

describe("the inbox in a browser", () => {
	let browser: Browser;
	const email = `inbox-${Date.now()}@example.test`;
	let token: string;
	let account: { id: string; handle: string };
	let conversationId: string;
	let externalId: string;
	const benEmail = `ben-${Date.now()}@example.test`;

	beforeAll(async () => {
		({ token } = await api<{ token: string }>("POST", "/workspaces", undefined, {
			name: "Inbox Desk",
			timezone: ZONE,
			owner: { email, name: "Ivy Inbox", password: PASSWORD },
		}));
		account = await api<typeof account>("POST", "/accounts", token, { network: "sandbox", handle: "@chorus_help", timezone: ZONE });
		// Someone to hand conversations to.
		await api("POST", "/members", token, { email: benEmail, name: "Ben Backup", role: "author", password: PASSWORD });
		externalId = `ext-${Date.now()}`;
		const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
		const other = await api<typeof account>("POST", "/accounts", token, { network: "sandbox", handle: "@chorus_news", timezone: ZONE });
		const created = await api<{ items: { conversationId: string }[] }>("POST", "/mentions", token, {
			items: [
				{
					accountId: account.id,
					network: "sandbox",
					externalId,
					author: { handle: "@carol", name: "Carol Client" },
					text: "Is the app down? I can't log in since this morning <script>alert(1)</script>",
					createdAt: new Date().toISOString(),
				},
				{
					accountId: other.id,
					network: "sandbox",
					externalId: `${externalId}-b`,
					author: "@dave",
					text: "When does the spring fair open? The website says 9 but the poster says 10.",
					createdAt: twoHoursAgo,
				},
			],
		});
		conversationId = created.items[0]!.conversationId;
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("claims a conversation, replies, and sees the reply published on the sandbox feed", async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=/inbox`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);

		const row = page.locator(".convo-item", { hasText: "Carol Client" });
		expect(await row.count()).toBe(1);
		expect(await row.locator(".convo-excerpt").innerText()).toContain("<script>alert(1)</script>");
		expect(await row.locator(".badge.owner").innerText()).toBe("Unowned");
		expect(await page.locator(".convo-item", { hasText: "@dave" }).locator(".badge.flag").innerText()).toBe("Waiting > 1 h");
		expect(await page.locator('.tabs a[aria-current="page"]').innerText()).toBe("Unanswered 2");
		await page.screenshot({ path: path.join(shots, "inbox.png"), fullPage: true });

		await Promise.all([page.waitForURL(new RegExp(`/inbox/${conversationId}$`)), row.locator("a").click()]);
		await Promise.all([page.waitForURL(/done=claimed/), page.click('button:has-text("Claim")')]);
		expect(await page.locator(".banner.ok").innerText()).toBe("You own this conversation now.");
		expect(await page.locator(".owner-card .badge.owner").innerText()).toBe("You (Ivy Inbox)");
		expect(await page.locator('select[name="memberId"] option').allInnerTexts()).toEqual(["Choose a member…", "Ben Backup"]);

		const text = "Sorry Carol! We had a short outage this morning; logging in works again. Does it for you?";
		await page.locator("#reply-body").pressSequentially(text, { delay: 2 });
		await Promise.all([page.waitForURL(/done=replied/), page.click('button:has-text("Send reply")')]);
		const ours = page.locator(".msg-out");
		expect(await ours.count()).toBe(1);
		expect(await ours.locator(".msg-text").innerText()).toBe(text);
		expect(["Publishing", "Published"]).toContain(await ours.locator(".badge").innerText());

		// The local queue delivers by itself within a second or two.
		const deadline = Date.now() + 15_000;
		while ((await page.locator(".msg-out .badge.status-published").count()) === 0 && Date.now() < deadline) {
			await page.waitForTimeout(500);
			await page.reload();
		}
		expect(await ours.locator(".badge").innerText(), "published within 15 s").toBe("Published");
		await page.screenshot({ path: path.join(shots, "conversation.png"), fullPage: true });

		// Ben, in his own browser session, is refused next to his reply, which he keeps.
		const ben = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
		await ben.goto(`${baseUrl}/sign-in?next=/inbox/${conversationId}`);
		await ben.fill('input[name="email"]', benEmail);
		await ben.fill('input[name="password"]', PASSWORD);
		await Promise.all([ben.waitForURL(new RegExp(`/inbox/${conversationId}$`)), ben.click('button[type="submit"]')]);
		await ben.fill("#reply-body", "Ben here: I can take this one.");
		await Promise.all([ben.waitForLoadState(), ben.click('button:has-text("Send reply")')]);
		expect(await ben.locator(".reply-form .inline-error").innerText()).toBe("Ivy Inbox owns this conversation — ask them to hand it off");
		expect(await ben.locator("#reply-body").inputValue()).toBe("Ben here: I can take this one.");
		await ben.screenshot({ path: path.join(shots, "conversation-refused.png"), fullPage: true });

		const feed = await api<{ items: { text: string; inReplyTo: string | null }[] }>("GET", `/accounts/${account.id}/feed`, token);
		expect(feed.items).toHaveLength(1);
		expect(feed.items[0]).toMatchObject({ text, inReplyTo: externalId });

		// Answered: no longer in the default tab; in "Mine" with our reply as the last message.
		await page.goto(`${baseUrl}/inbox`);
		expect(await page.locator(".convo-item", { hasText: "Carol Client" }).count()).toBe(0);
		await page.click('.tabs a:has-text("Mine")');
		const mine = page.locator(".convo-item", { hasText: "Carol Client" });
		expect(await mine.locator(".convo-excerpt").innerText()).toContain("Ivy Inbox: Sorry Carol!");
		await page.screenshot({ path: path.join(shots, "inbox-mine.png"), fullPage: true });

		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${baseUrl}/inbox/${conversationId}`);
		await page.screenshot({ path: path.join(shots, "conversation-narrow.png"), fullPage: true });
	});
});
