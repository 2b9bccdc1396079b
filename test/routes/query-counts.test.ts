import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../functions/index";
import { mediaLinkToken } from "../../functions/services/media-links";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { tokenFromMail } from "../helpers/mailbox";
import { upload } from "../helpers/media";
import { appRoutes, routeKey, segmentBefore } from "../helpers/routes";

/**
 * D1 cost per request stays O(1): every GET route of the API (from the app's route table), and the
 * common writes, run the same number of D1 statements over a workspace with 10× the data. Counted by
 * the bench's counting binding (X-Chorus-D1-Statements), switched on with CHORUS_BENCH for these calls.
 */

const MONTH_START = Date.parse("2031-05-01T00:00:00Z");
const DAY = 86_400_000;
const NOW = "2031-04-30T12:00:00Z";

async function counted(method: string, path: string, token: string, json?: unknown) {
	const headers: Record<string, string> = { Authorization: `Bearer ${token}`, "X-Chorus-Now": NOW };
	if (json !== undefined) headers["Content-Type"] = "application/json";
	const ctx = createExecutionContext();
	const res = await worker.fetch(
		new Request(`https://chorus.test/api/v1${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }),
		{ ...env, CHORUS_BENCH: "true" } as Env,
		ctx,
	);
	await waitOnExecutionContext(ctx);
	const text = await res.text();
	const isJson = res.headers.get("Content-Type")?.includes("json") ?? false;
	return { status: res.status, statements: Number(res.headers.get("X-Chorus-D1-Statements")), body: text && isJson ? JSON.parse(text) : text.slice(0, 200) };
}

/** A workspace with `scale` × (2 accounts, 20 posts over May, 10 mentions, a member, a shift), and an announcement. */
async function seed(scale: number) {
	const ws = await signUp("UTC");
	const accounts: { id: string }[] = [];
	for (let i = 0; i < 2 * scale; i++) accounts.push(await addAccount(ws, { timezone: "UTC" }));
	const members = [];
	for (let i = 0; i < scale; i++) members.push(await addMember(ws, "manager"));
	const posts: string[] = [];
	for (let i = 0; i < 20 * scale; i++) {
		const res = await call("POST", "/posts", {
			token: ws.token,
			headers: { "X-Chorus-Now": NOW },
			json: {
				accountId: accounts[i % accounts.length]!.id,
				body: `Post ${i} of ${scale}: ${crypto.randomUUID()}`,
				scheduledAt: new Date(MONTH_START + (i % 30) * DAY + i * 60_000).toISOString(),
				allowDuplicate: true,
			},
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		posts.push(res.body.posts[0].id);
	}
	const shifts = [];
	for (let i = 0; i < scale; i++) {
		shifts.push(
			(
				await call("POST", "/shifts", {
					token: ws.token,
					json: { memberId: members[i % members.length]!.id, weekdays: [1, 2, 3], start: "09:00", end: "17:00", timezone: "UTC" },
				})
			).body.id,
		);
	}
	const items = Array.from({ length: 10 * scale }, (_, i) => ({
		accountId: accounts[i % accounts.length]!.id,
		network: "sandbox",
		externalId: `m${i}`,
		author: `@fan${i % 4}`,
		text: `hello ${i}`,
		createdAt: new Date(MONTH_START - i * 60_000).toISOString(),
	}));
	const mentions = (await call("POST", "/mentions", { token: ws.token, json: { items } })).body.items;
	const local = await addAccount(ws, { timezone: "UTC", parentId: accounts[0]!.id });
	const announcement = await call("POST", "/announcements", {
		token: ws.token,
		headers: { "X-Chorus-Now": NOW },
		json: { mainAccountId: accounts[0]!.id, localAccountIds: [local.id], body: `Launch ${crypto.randomUUID()}`, scheduledAt: "2031-05-15T10:00:00Z" },
	});
	expect(announcement.status, JSON.stringify(announcement.body)).toBe(201);
	const report = await call("POST", "/reports", {
		token: ws.token,
		headers: { "X-Chorus-Now": NOW },
		json: { name: `Weekly ${scale}`, accountIds: [accounts[0]!.id] },
	});
	expect(report.status, JSON.stringify(report.body)).toBe(201);
	const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token, headers: { "X-Chorus-Now": NOW } });
	const webhook = await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/counted", events: ["post.published"] } });
	expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
	const media = await upload(ws.token);
	expect(media.status, JSON.stringify(media.body)).toBe(201);
	const feed = await call("POST", "/feed-tokens", { token: ws.token, json: { name: "counted" } });
	expect(feed.status, JSON.stringify(feed.body)).toBe(201);
	const invitee = `counted-${crypto.randomUUID()}@example.test`;
	expect((await call("POST", "/invitations", { token: ws.token, headers: { "X-Chorus-Now": NOW }, json: { email: invitee, role: "author" } })).status).toBe(
		201,
	);
	// Routes keyed by a secret in their query (the calendar feed, an invitation link) get theirs.
	// Tags, a campaign and a client approval link; the first posts carry them.
	const tag = await call("POST", "/tags", { token: ws.token, json: { name: "counted", colour: "green" } });
	const campaign = await call("POST", "/campaigns", { token: ws.token, json: { name: "counted", startDate: "2031-05-01", endDate: "2031-05-31" } });
	for (const id of posts.slice(0, 5 * scale)) {
		const labelled = await call("PATCH", `/posts/${id}`, {
			token: ws.token,
			headers: { "X-Chorus-Now": NOW },
			json: { tagIds: [tag.body.id], campaignId: campaign.body.id },
		});
		expect(labelled.status, JSON.stringify(labelled.body)).toBe(200);
	}
	const link = await call("POST", "/approval-links", {
		token: ws.token,
		headers: { "X-Chorus-Now": NOW },
		json: { label: "counted", expiresAt: "2031-05-10T00:00:00Z", campaignId: campaign.body.id },
	});
	expect(link.status, JSON.stringify(link.body)).toBe(201);
	const queries: Record<string, string> = {
		"/calendar.ics": `?token=${feed.body.token}`,
		"/invitations/accept": `?token=${await tokenFromMail(invitee, "/accept-invite")}`,
	};
	const ids: Record<string, string> = {
		announcements: announcement.body.id,
		accounts: accounts[0]!.id,
		posts: posts[0]!,
		members: members[0]!.id,
		shifts: shifts[0]!,
		conversations: mentions[0].conversationId,
		tokens: "none",
		reports: report.body.id,
		"report-runs": run.body.id,
		webhooks: webhook.body.id,
		media: media.body.id,
		// A signed link to the upload (as Threads and Instagram are handed), valid past any pinned clock.
		"media-links": await mediaLinkToken(env.CREDENTIALS_KEY, ws.id, media.body.id, Date.UTC(2099, 0, 1)),
		campaigns: campaign.body.id,
		"approval-links": link.body.id,
	};
	return { ws, ids, queries, accountId: accounts[0]!.id, postIds: posts };
}

type World = Awaited<ReturnType<typeof seed>>;

/** Routes that touch no D1 at all: nothing to count. */
const NO_DATA = new Set(["GET /api/v1/openapi.json", "GET /api/v1/docs"]);

/** Every GET route of the API, with this world's ids and the query each needs. */
function reads(w: World) {
	const query = `?from=2031-05-01T00:00:00Z&to=2031-06-01T00:00:00Z&accountId=${w.accountId}`;
	return (
		appRoutes()
			.filter((r) => r.api && r.method === "GET")
			.map((r) => {
				let path = r.path.replace("/api/v1", "");
				for (const p of r.params) path = path.replace(`:${p}`, w.ids[segmentBefore(r.path, p)] ?? "unknown");
				// The calendar takes days, the rest instants.
				return {
					key: routeKey(r),
					method: "GET",
					path: r.path.endsWith("/calendar") ? `${path}?from=2031-05-01&to=2031-05-31` : `${path}${w.queries[path] ?? query}`,
				};
			})
			// The API's own description and reference page read no data at all.
			.filter((c) => !NO_DATA.has(c.key))
	);
}

/** The everyday writes, each on a fresh object so the two worlds do the same work. */
function writes(w: World, n: number) {
	return [
		{
			key: "POST /api/v1/posts",
			method: "POST",
			path: "/posts",
			json: { accountId: w.accountId, body: `A new one ${crypto.randomUUID()}`, scheduledAt: "2031-05-20T10:00:00Z" },
		},
		{ key: "PATCH /api/v1/posts/:id", method: "PATCH", path: `/posts/${w.postIds[n]}`, json: { body: `Edited ${crypto.randomUUID()}` } },
		{ key: "POST /api/v1/posts/:id/cancel", method: "POST", path: `/posts/${w.postIds[n + 1]}/cancel` },
		{ key: "POST /api/v1/lint", method: "POST", path: "/lint", json: { accountId: w.accountId, body: "Does this read well?" } },
		{ key: "POST /api/v1/tokens", method: "POST", path: "/tokens", json: { name: "counted" } },
	];
}

describe("D1 queries per request", () => {
	it("do not grow with 10× the data, on every API read and the common writes", async () => {
		const small = await seed(1);
		const large = await seed(10);
		const report: string[] = [];
		const failures: string[] = [];
		const smallCalls = [...reads(small), ...writes(small, 2)];
		const largeCalls = [...reads(large), ...writes(large, 2)];
		for (const [i, s] of smallCalls.entries()) {
			const l = largeCalls[i]!;
			const a = await counted(s.method, s.path, small.ws.token, "json" in s ? s.json : undefined);
			const b = await counted(l.method, l.path, large.ws.token, "json" in l ? l.json : undefined);
			report.push(`${s.key}: ${a.statements} → ${b.statements}`);
			if (a.status >= 400 || b.status >= 400) failures.push(`${s.key} answered ${a.status}/${b.status}: ${JSON.stringify(b.body).slice(0, 200)}`);
			if (!(a.statements > 0)) failures.push(`${s.key}: no statements counted`);
			if (b.statements !== a.statements) failures.push(`${s.key}: ${a.statements} statements at 1×, ${b.statements} at 10×`);
		}
		console.log(`D1 statements per request, 1× → 10× data:\n${report.join("\n")}`);
		expect(failures).toEqual([]);
		expect(smallCalls.length).toBeGreaterThanOrEqual(20);
	}, 120_000);
});
