// The client's approval page and the calendar's tag filter in a real browser: a manager shares a post
// from its page, a client without an account approves it, the manager revokes the link and the page
// stops at once; the calendar filters by tag through its plain GET form (scripts off) and names the
// labels in text. Screenshots land in test-results/ (gitignored).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./chromium";

const baseUrl = inject("baseUrl");
const shots = path.resolve(import.meta.dirname, "../../test-results");
const ZONE = "Europe/Berlin";
const PASSWORD = "correct horse battery";

async function api<T>(method: string, pathname: string, json: unknown, auth: { token?: string; cookie?: string } = {}): Promise<T> {
	const res = await fetch(`${baseUrl}/api/v1${pathname}`, {
		method,
		headers: {
			"Content-Type": "application/json",
			...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}),
			...(auth.cookie ? { Cookie: auth.cookie } : {}),
		},
		body: json === undefined ? undefined : JSON.stringify(json),
	});
	const text = await res.text();
	if (res.status >= 300) throw new Error(`${pathname}: ${res.status} ${text}`);
	return (text ? JSON.parse(text) : null) as T;
}

/** Midday tomorrow-ish, inside the calendar's current week unless today is Sunday. */
function soonThisWeek(hours: number) {
	return new Date(Date.now() + hours * 3_600_000).toISOString();
}

describe("client approval and campaign labels in a browser", () => {
	let browser: Browser;
	const stamp = Date.now().toString(36);
	const email = `client-approval-${stamp}@example.test`;
	let token: string;
	let authorToken: string;
	let account: { id: string; handle: string };

	async function signIn(next: string): Promise<Page> {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL((url) => url.pathname === new URL(next, baseUrl).pathname), page.click('button[type="submit"]')]);
		return page;
	}

	beforeAll(async () => {
		({ token } = await api<{ token: string }>("POST", "/workspaces", {
			name: "Acme Agency",
			timezone: ZONE,
			owner: { email, name: "Mona Manager", password: PASSWORD },
		}));
		account = await api("POST", "/accounts", { network: "sandbox", handle: `@acme_${stamp}`, timezone: ZONE }, { token });
		const authorEmail = `author-${stamp}@example.test`;
		await api("POST", "/members", { email: authorEmail, name: "Ari Author", role: "author", password: PASSWORD }, { token });
		const session = await fetch(`${baseUrl}/api/v1/session`, {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify({ email: authorEmail, password: PASSWORD }),
		});
		const cookie = (session.headers.get("Set-Cookie") ?? "").split(";")[0]!;
		authorToken = (await api<{ token: string }>("POST", "/tokens", { name: "browser test" }, { cookie })).token;
		browser = await launchChromium();
		await mkdir(shots, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	it("a client approves a post through a shared link without an account; revoking stops the link at once", async () => {
		const created = await api<{ posts: { id: string; status: string }[] }>(
			"POST",
			"/posts",
			{ accountId: account.id, body: "Our winter range lands on Friday ❄️", link: "https://shop.example.com/winter", scheduledAt: soonThisWeek(30) },
			{ token: authorToken },
		);
		const post = created.posts[0]!;
		expect(post.status).toBe("pending_approval");

		// The manager shares it from the post page.
		const manager = await signIn(`/posts/${post.id}`);
		await manager.fill('.approval-links input[name="label"]', "Acme marketing");
		await manager.check('.approval-links input[name="countsAsApproval"]');
		await manager.click('.approval-links button:has-text("Create link")');
		const url = await manager.locator("input.copy-link").inputValue();
		expect(url).toMatch(/\/review\/chorus_review_/);

		// The client: a fresh browser context, no cookies.
		const client = await browser.newContext({ viewport: { width: 900, height: 900 } });
		const review = await client.newPage();
		const first = await review.goto(url);
		expect(first?.status()).toBe(200);
		expect(first?.headers()["x-robots-tag"]).toContain("noindex");
		expect(await review.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
		expect(await review.locator(".review-body").innerText()).toBe("Our winter range lands on Friday ❄️");
		expect(await review.locator(".counts li").first().innerText()).toMatch(/^Sandbox: \d+\/500/);
		expect(await review.locator("nav").count()).toBe(0);
		expect(await review.content()).not.toContain("Mona Manager");
		await review.screenshot({ path: path.join(shots, "client-review.png"), fullPage: true });

		// Asking for changes without a comment is refused on the page; then the client approves.
		await review.click('button:has-text("Ask for changes")');
		expect(await review.locator(".banner.error").innerText()).toContain("Say what should change");
		await Promise.all([review.waitForURL(/outcome=approved/), review.click('button:has-text("Approve")')]);
		expect(await review.locator(".banner.ok").innerText()).toContain("approved");
		const after = await api<{ status: string }>("GET", `/posts/${post.id}`, undefined, { token });
		expect(after.status).toBe("scheduled");

		// The audit names the client through the link.
		const audit = await api<{ items: { actor: string; action: string; after: { by?: string } }[] }>("GET", `/audit?subject=post:${post.id}`, undefined, {
			token,
		});
		expect(audit.items.find((e) => e.action === "post.client_approve")?.after.by).toBe("client via link Acme marketing");

		// Revoked from the post page: the client's next request is refused.
		await manager.goto(`${baseUrl}/posts/${post.id}`);
		await Promise.all([manager.waitForURL(/done=revoked/), manager.click('.approval-links button:has-text("Revoke")')]);
		expect(await manager.locator(".approval-links").innerText()).toContain("revoked");
		const gone = await review.reload();
		expect(gone?.status()).toBe(410);
		expect(await review.locator("h1").innerText()).toContain("does not open anything");
		await client.close();
		await manager.close();
	});

	it("the calendar filters by tag without scripts and names each entry's labels in text", async () => {
		const launch = await api<{ id: string }>("POST", "/tags", { name: "Launch", colour: "green" }, { token });
		await api("POST", "/tags", { name: "Evergreen", colour: "slate" }, { token });
		const spring = await api<{ id: string }>(
			"POST",
			"/campaigns",
			{ name: "Winter push", startDate: "2026-01-01", endDate: "2027-12-31", colour: "indigo" },
			{ token },
		);
		const when = soonThisWeek(2);
		await api(
			"POST",
			"/posts",
			{ accountId: account.id, body: "Tagged launch post", scheduledAt: when, tagIds: [launch.id], campaignId: spring.id },
			{ token },
		);
		await api("POST", "/posts", { accountId: account.id, body: "Untagged other post", scheduledAt: soonThisWeek(3), allowDuplicate: true }, { token });
		const day = new Date(when).toISOString().slice(0, 10);

		const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
		const page = await context.newPage();
		await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(`/calendar?date=${day}`)}`);
		await page.fill('input[name="email"]', email);
		await page.fill('input[name="password"]', PASSWORD);
		await Promise.all([page.waitForURL(/\/calendar/), page.click('button[type="submit"]')]);
		expect(await page.locator(".cal-post").allInnerTexts()).toEqual(
			expect.arrayContaining([expect.stringContaining("Tagged launch post"), expect.stringContaining("Untagged other post")]),
		);
		// The colour comes with the names, in text.
		const tagged = page.locator(".cal-post", { hasText: "Tagged launch post" });
		// The kind is said to screen readers (visually hidden), the name shown to everyone.
		expect(await tagged.locator(".label-chip").allTextContents()).toEqual(["Campaign: Winter push", "Tag: Launch"]);
		expect(await tagged.locator(".label-chip").allInnerTexts()).toEqual([expect.stringContaining("Winter push"), expect.stringContaining("Launch")]);
		expect(await tagged.getAttribute("class")).toContain("colour-indigo");

		await page.selectOption('select[name="tagId"]', launch.id);
		await Promise.all([page.waitForURL(/tagId=/), page.click('form.filter button[type="submit"]')]);
		expect(new URL(page.url()).searchParams.get("tagId")).toBe(launch.id);
		const shown = await page.locator(".cal-post").allInnerTexts();
		expect(shown.some((t) => t.includes("Tagged launch post"))).toBe(true);
		expect(shown.some((t) => t.includes("Untagged other post"))).toBe(false);
		expect(await page.locator('select[name="tagId"]').inputValue()).toBe(launch.id);
		// Paging keeps the filter.
		expect(await page.locator('a[rel="next"]').getAttribute("href")).toContain(`tagId=${launch.id}`);
		await page.screenshot({ path: path.join(shots, "calendar-tag-filter.png"), fullPage: true });
		await context.close();
	});
});
