// Mastodon's length limit is the instance's own (GET /api/v2/instance → configuration.statuses), read
// per account and refreshed daily by the ingest run; 500 and 23 while unknown. Scheduling, the API and
// the drafting form's counter all measure by it.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readerFor } from "../../functions/networks/readers";
import { handleIngestBatch } from "../../queues/ingest";
import { addAccount, call, inHours, signInCookie, signUp } from "../helpers/api";
import { type Call, json, stubFetch } from "../networks/helpers";
import { BASE, PASSWORD, page } from "../web/page";

afterEach(() => vi.restoreAllMocks());

/** The shape of https://docs.joinmastodon.org/entities/Instance/#configuration, trimmed to what Chorus reads. */
const instance = (maxCharacters: number, extra: Record<string, unknown> = {}) => ({
	domain: "social.example",
	title: "Social",
	version: "4.3.0",
	configuration: {
		urls: { streaming: "wss://social.example" },
		statuses: { max_characters: maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23, ...extra },
		media_attachments: {
			supported_mime_types: ["image/png"],
			image_size_limit: 16_777_216,
			image_matrix_limit: 33_177_600,
			video_size_limit: 103_809_024,
			video_frame_rate_limit: 120,
			video_matrix_limit: 8_294_400,
		},
		polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
	},
});

const limitsOf = async (accountId: string) => {
	const row = await env.DB.prepare("SELECT instance_limits FROM account WHERE id = ?").bind(accountId).first<{ instance_limits: string | null }>();
	return row?.instance_limits ? JSON.parse(row.instance_limits) : null;
};

/** One metrics ingest run for the account, through the real consumer. */
async function metricsRun(workspaceId: string, accountId: string, now: number) {
	const batch = createMessageBatch<unknown>("chorus-ingest", [
		{ id: `lim-${now}-${accountId}`, timestamp: new Date(now), attempts: 1, body: { workspaceId, accountId, stream: "metrics" } },
	]);
	const ctx = createExecutionContext();
	await handleIngestBatch(batch, env, { now: () => now, readerFor });
	await getQueueResult(batch, ctx);
}

/** Two Mastodon accounts: one on an instance allowing 5,000 characters, one on a default 500 instance. */
async function twoInstances() {
	const ws = await signUp();
	const big = await addAccount(ws, { network: "mastodon", handle: "@hq@big.example", credentials: { instanceUrl: "https://big.example", accessToken: "t1" } });
	const small = await addAccount(ws, {
		network: "mastodon",
		handle: "@hq@small.example",
		credentials: { instanceUrl: "https://small.example", accessToken: "t2" },
	});
	const calls = stubFetch((c: Call) => {
		if (c.url === "https://big.example/api/v2/instance") return json(instance(5000));
		if (c.url === "https://small.example/api/v2/instance") return json(instance(500));
		return json({ error: "not in this test" }, 503);
	});
	const now = Date.now();
	await metricsRun(ws.id, big.id, now);
	await metricsRun(ws.id, small.id, now);
	vi.restoreAllMocks();
	return { ws, big, small, now, calls };
}

const thousand = "Our spring update, in full. ".repeat(36).slice(0, 1000);

describe("Mastodon instance limits", () => {
	it("the ingest run reads the instance's limits, keeps them per account, and reads again only after a day", async () => {
		const { ws, big, small, now, calls } = await twoInstances();
		expect(calls.filter((c) => c.url.endsWith("/api/v2/instance")).map((c) => [c.method, c.url, c.headers.get("authorization")])).toEqual([
			["GET", "https://big.example/api/v2/instance", null],
			["GET", "https://small.example/api/v2/instance", null],
		]);
		expect(await limitsOf(big.id)).toEqual({
			maxCharacters: 5000,
			charactersReservedPerUrl: 23,
			maxMediaAttachments: 4,
			imageSizeLimit: 16_777_216,
			videoSizeLimit: 103_809_024,
			fetchedAt: now,
		});
		expect((await limitsOf(small.id)).maxCharacters).toBe(500);

		// An hour later: still fresh, not read. A day later: read again, and the instance changed its mind.
		let again = stubFetch((c: Call) => (c.url.endsWith("/api/v2/instance") ? json(instance(1000)) : json({}, 503)));
		await metricsRun(ws.id, big.id, now + 3_600_000);
		expect(again.filter((c) => c.url.endsWith("/api/v2/instance"))).toHaveLength(0);
		await metricsRun(ws.id, big.id, now + 86_400_000);
		expect(again.filter((c) => c.url.endsWith("/api/v2/instance"))).toHaveLength(1);
		expect((await limitsOf(big.id)).maxCharacters).toBe(1000);

		// An instance that does not answer keeps what was known.
		vi.restoreAllMocks();
		again = stubFetch(() => json({ error: "down" }, 502));
		await metricsRun(ws.id, big.id, now + 2 * 86_400_000 + 1);
		expect((await limitsOf(big.id)).maxCharacters).toBe(1000);
	});

	it("a 1,000-character post is accepted on a 5,000 instance and refused on a 500 one", async () => {
		const { ws, big, small } = await twoInstances();
		const onBig = await call("POST", "/posts", { token: ws.token, json: { accountId: big.id, body: thousand, scheduledAt: inHours(3) } });
		expect(onBig.status, JSON.stringify(onBig.body)).toBe(201);
		const onSmall = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: small.id, body: `${`${thousand} `.trim()}!`, scheduledAt: inHours(5) },
		});
		expect(onSmall.status).toBe(422);
		expect(JSON.stringify(onSmall.body)).toContain("1001/500");

		// An account whose instance was never read counts by Mastodon's defaults (500, URLs as 23).
		const unread = await addAccount(ws, {
			network: "mastodon",
			handle: "@hq@new.example",
			credentials: { instanceUrl: "https://new.example", accessToken: "t" },
		});
		const onUnread = await call("POST", "/posts", { token: ws.token, json: { accountId: unread.id, body: `${thousand}?`, scheduledAt: inHours(7) } });
		expect(onUnread.status).toBe(422);
		expect(JSON.stringify(onUnread.body)).toContain("1001/500");
	});

	it("the drafting form's counter shows each account's instance limit, on the page and live", async () => {
		const { ws, big, small } = await twoInstances();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const form = await page("GET", `/compose?accountId=${big.id}`, { cookie });
		expect(form.status).toBe(200);
		expect(form.html).toMatch(/class="counter"[^>]*>Mastodon: 0\/5000</);

		const res = await exports.default.fetch(
			new Request(`${BASE}/compose/count`, {
				method: "POST",
				headers: { "Content-Type": "application/json", Cookie: cookie, Origin: BASE },
				body: JSON.stringify({ body: thousand, link: "", networks: ["mastodon", "mastodon"], accountIds: [big.id, small.id] }),
			}),
		);
		expect(res.status).toBe(200);
		const { counts } = (await res.json()) as { counts: { text: string; ok: boolean; limit: number }[] };
		expect(counts.map((c) => [c.text, c.ok])).toEqual([
			["Mastodon (@hq@big.example): 1000/5000", true],
			["Mastodon (@hq@small.example): 1000/500", false],
		]);
	});
});
