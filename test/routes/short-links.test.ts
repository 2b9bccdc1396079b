import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, deliver, runSweep } from "../helpers/publishing";
import { PASSWORD, page } from "../web/page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

const HOUR = 3_600_000;

/** A click on a short link, as a browser makes it (redirects not followed). */
async function click(path: string, method = "GET") {
	const res = await exports.default.fetch(new Request(`https://chorus.test${path}`, { method, redirect: "manual" }));
	return { status: res.status, location: res.headers.get("Location"), cache: res.headers.get("Cache-Control"), html: await res.text() };
}

async function shortened(extra: Record<string, unknown> = { shortenLinks: true }) {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, { handle: "@corner.cafe" });
	const at = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: {
			accountId: acc.id,
			body: "The new menu is out: https://cafe.com/menu?lang=en",
			link: "https://cafe.com/book",
			scheduledAt: new Date(at).toISOString(),
			...extra,
		},
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { ws, acc, post: res.body.posts[0] as { id: string }, at };
}

describe("first-party short links", () => {
	it("are made when the post is scheduled, redirect with the account's UTM parameters and count clicks (not HEAD)", async () => {
		const { ws, post } = await shortened();
		const links = await call("GET", `/posts/${post.id}/links`, { token: ws.token });
		expect(links.status).toBe(200);
		expect(links.body.items.map((l: any) => l.url)).toEqual(["https://cafe.com/menu?lang=en", "https://cafe.com/book"]);
		const [menu] = links.body.items;
		expect(menu.shortUrl).toMatch(/^http:\/\/127\.0\.0\.1:8787\/l\/[0-9A-Za-z]{10}$/);
		expect(menu.clicks).toBe(0);
		const path = new URL(menu.shortUrl).pathname;

		const first = await click(path);
		expect(first.status).toBe(302);
		expect(first.location).toBe("https://cafe.com/menu?lang=en&utm_source=sandbox&utm_medium=social&utm_content=corner.cafe&utm_campaign=chorus");
		expect(first.cache).toBe("no-store");
		await click(path);
		expect((await click(path, "HEAD")).status).toBe(302);
		const after = await call("GET", `/posts/${post.id}/links`, { token: ws.token });
		expect(after.body.items[0].clicks).toBe(2);
		expect(after.body.items[1].clicks).toBe(0);
		// Insights count them per account (the default range: the 28 days up to now).
		const insights = await call("GET", "/insights", { token: ws.token });
		expect(insights.body.accounts.map((a: any) => a.linkClicks)).toEqual([2]);
	});

	it("carry the post's campaign as utm_campaign", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { handle: "@corner.cafe" });
		const spring = await call("POST", "/campaigns", { token: ws.token, json: { name: "Spring menu", startDate: "2020-01-01", endDate: "2099-12-31" } });
		expect(spring.status, JSON.stringify(spring.body)).toBe(201);
		const at = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: {
				accountId: acc.id,
				body: "Spring is here: https://cafe.com/spring",
				scheduledAt: new Date(at).toISOString(),
				shortenLinks: true,
				campaignId: spring.body.id,
			},
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const links = await call("GET", `/posts/${res.body.posts[0].id}/links`, { token: ws.token });
		const hop = await click(new URL(links.body.items[0].shortUrl).pathname);
		expect(hop.location).toBe("https://cafe.com/spring?utm_source=sandbox&utm_medium=social&utm_content=corner.cafe&utm_campaign=Spring+menu");
	});

	it("go out in the published text; a second delivery sends the same text", async () => {
		const { acc, post, at } = await shortened();
		await runSweep(at);
		const sent = queue!.sent.splice(0);
		await deliver(sent, at);
		await deliver(sent, at + 1000);
		const items = await env.DB.prepare("SELECT text FROM sandbox_feed_item WHERE post_id = ?").bind(post.id).all<{ text: string }>();
		expect(items.results).toHaveLength(1);
		const text = items.results[0]!.text;
		expect(text).toMatch(/^The new menu is out: http:\/\/127\.0\.0\.1:8787\/l\/[0-9A-Za-z]{10}\n\nhttp:\/\/127\.0\.0\.1:8787\/l\/[0-9A-Za-z]{10}$/);
		expect(text).not.toContain("cafe.com");
		const codes = await env.DB.prepare("SELECT COUNT(*) AS n FROM short_link WHERE post_id = ? AND account_id = ?")
			.bind(post.id, acc.id)
			.first<{ n: number }>();
		expect(codes?.n).toBe(2);
	});

	it("are opt-in: a post without it keeps its links, unless the workspace shortens every post's", async () => {
		const { ws, post } = await shortened({});
		expect((await call("GET", `/posts/${post.id}/links`, { token: ws.token })).body.items).toEqual([]);
		const manager = await addMember(ws, "manager");
		expect((await call("PATCH", "/workspace", { token: manager.token, json: { shortenLinks: true } })).status).toBe(403);
		expect((await call("PATCH", "/workspace", { token: ws.token, json: { shortenLinks: "yes" } })).body.error.issues[0].path).toEqual(["shortenLinks"]);
		const on = await call("PATCH", "/workspace", { token: ws.token, json: { shortenLinks: true } });
		expect(on.status).toBe(200);
		expect(on.body.shortenLinks).toBe(true);
		const edited = await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { body: "Menu: https://cafe.com/menu" } });
		expect(edited.status).toBe(200);
		const links = await call("GET", `/posts/${post.id}/links`, { token: ws.token });
		expect(links.body.items.map((l: any) => l.url)).toEqual(["https://cafe.com/menu", "https://cafe.com/book"]);
	});

	it("an unknown or malformed code is a 404 page; another workspace's post's links are 404", async () => {
		for (const path of ["/l/AAAAAAAAAA", "/l/short", "/l/../api"]) {
			const res = await click(path);
			expect(res.status, path).toBe(404);
		}
		expect((await click("/l/AAAAAAAAAA")).html).toContain("Link not found");
		const { post } = await shortened();
		const other = await signUp();
		expect((await call("GET", `/posts/${post.id}/links`, { token: other.token })).status).toBe(404);
	});

	it("the post page shows each link's clicks", async () => {
		const { ws, post } = await shortened();
		const links = await call("GET", `/posts/${post.id}/links`, { token: ws.token });
		await click(new URL(links.body.items[0].shortUrl).pathname);
		const cookie = await signInCookie(ws.email, PASSWORD);
		const html = (await page("GET", `/posts/${post.id}`, { cookie })).html;
		expect(html).toContain("Short links");
		expect(html).toMatch(/https:\/\/cafe\.com\/menu\?lang=en<\/a>\s*<span[^>]*>1 click</);
	});

	it("the composer counts a link as the short link it will be sent as", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const body = `Read the full story: https://news.com/${"long-path-".repeat(30)}`;
		const count = async (shortenLinks: boolean) => {
			const res = await exports.default.fetch(
				new Request("https://chorus.test/compose/count", {
					method: "POST",
					body: JSON.stringify({ body, link: "", networks: ["bluesky", "x"], shortenLinks }),
					headers: { Cookie: cookie, Origin: "https://chorus.test", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" },
				}),
			);
			expect(res.status).toBe(200);
			const json = (await res.json()) as { counts: { network: string; used: number; ok: boolean }[] };
			return Object.fromEntries(json.counts.map((c) => [c.network, c]));
		};
		const long = await count(false);
		const short = await count(true);
		expect(long.bluesky).toMatchObject({ ok: false });
		// "Read the full story: " + "http://127.0.0.1:8787/l/" + 10 characters.
		expect(short.bluesky).toMatchObject({ used: 21 + 24 + 10, ok: true });
		// X counts every URL as 23 whatever its length: with a real domain the counts are equal
		// (test/domain/short-links.test.ts); the local base, an IP address, is not a URL to twitter-text.
		expect(short.x?.used).toBe(21 + 24 + 10);
	});
});
