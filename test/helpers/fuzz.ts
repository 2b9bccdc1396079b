import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { addAccount, addMember, call, signInCookie, signUp, type Workspace } from "./api";
import { rowCounts } from "./db-snapshot";
import { type AppRoute, appRoutes, routeKey, segmentBefore } from "./routes";

/** One raw request into the Worker: whatever bytes and headers the case made up, redirects not followed. */
async function send(method: string, path: string, headers: Record<string, string>, body: string | undefined) {
	const res = await exports.default.fetch(
		new Request(`https://chorus.test${path}`, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body, redirect: "manual" }),
	);
	return { status: res.status, text: await res.text() };
}

const jsonOrText = (text: string): unknown => {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
};

/**
 * Property-based fuzzing of every registered route (read from the app, so new routes are fuzzed too):
 * random and malformed bodies, query strings, path ids and headers. Whatever comes in, the answer is
 * never a 5xx, an API error has API.md's shape, and a rejected request writes nothing.
 *
 * Bounded per route (RUNS requests or TIME_LIMIT_MS, whichever ends first). fast-check prints the seed
 * and the shrunk request on failure; pin it with `seed` in fc.assert to replay.
 */
const RUNS = 25;
const TIME_LIMIT_MS = 800;

/** API.md, Errors. */
const errorShape = z.strictObject({
	error: z.strictObject({
		code: z.string().regex(/^[a-z_]+$/),
		message: z.string().min(1),
		issues: z.array(z.strictObject({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
		details: z.record(z.string(), z.unknown()).optional(),
	}),
});

/** Tables that record a rejection by design: a 4xx is replayed for its Idempotency-Key (API.md), and a failed sign-in or a sign-up attempt counts toward its limit. */
const RECORDS_REJECTIONS = new Set(["idempotency_record", "rate_window"]);

const FIELDS = [
	"body",
	"accountId",
	"accountIds",
	"scheduledAt",
	"slot",
	"status",
	"name",
	"email",
	"password",
	"role",
	"handle",
	"network",
	"timezone",
	"items",
	"slots",
	"memberId",
	"weekdays",
	"start",
	"end",
	"reason",
	"revision",
	"link",
	"mainAccountId",
	"localAccountIds",
	"sandbox",
	"credentials",
	"paused",
	"postingPolicy",
	"parentId",
	"note",
	"owner",
	"reassignTo",
	"allowDuplicate",
	"displayName",
	"ownerId",
	"validFrom",
	"validTo",
	"embargoUntil",
	"when",
	"date",
	"time",
	"tagIds",
	"campaignId",
	"label",
	"expiresAt",
	"expiresOn",
	"countsAsApproval",
	"postId",
	"decision",
	"comment",
	"form",
	"colour",
	"goal",
	"startDate",
	"endDate",
];
const QUERY_KEYS = [
	"from",
	"to",
	"limit",
	"cursor",
	"accountId",
	"status",
	"at",
	"memberId",
	"done",
	"week",
	"month",
	"next",
	"q",
	"tagId",
	"campaignId",
	"postId",
	"outcome",
];
const NASTY = [
	"",
	" ",
	"null",
	"-1",
	"0",
	"1e999",
	"NaN",
	"2026-13-45",
	"2026-02-30T25:61:00+01:00",
	"9999-12-31T23:59:59Z",
	"../../etc",
	"%00",
	"\u0000",
	"😀".repeat(50),
	"x".repeat(5_000),
	"' OR 1=1 --",
	"<script>",
	"[]",
	"{}",
];
const CONTENT_TYPES = [
	"application/json",
	"application/json; charset=utf-8",
	"text/plain",
	"application/x-www-form-urlencoded",
	"multipart/form-data; boundary=x",
	"application/xml",
	"garbage/;;;",
];

const nasty = fc.oneof(fc.constantFrom(...NASTY), fc.string(), fc.string({ unit: "grapheme", maxLength: 40 }));

/** A JSON-ish value: anything JSON can carry, plus the nasty strings. */
const jsonValue = fc.oneof({ depthSize: "small" }, fc.jsonValue({ maxDepth: 3 }), nasty, fc.array(nasty, { maxLength: 3 }));

const bodyArb = fc.oneof(
	fc.constant<string | undefined>(undefined),
	fc.string({ maxLength: 200 }), // malformed JSON, most of the time
	fc.json({ maxDepth: 3 }),
	fc.dictionary(fc.constantFrom(...FIELDS), jsonValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
	fc.constantFrom("{", "[", '{"body":', "null", "[]", '"x"', "1", '{"__proto__":{"admin":true}}', `{"body":"${"x".repeat(200_000)}"}`),
);

const formArb = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxKeys: 6 });

const queryArb = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 })), nasty, { maxKeys: 4 });

const headerArb = fc.record(
	{
		"Content-Type": fc.constantFrom(...CONTENT_TYPES),
		"Idempotency-Key": fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })),
		"If-Match": nasty,
		"X-Chorus-Now": fc.oneof(
			nasty,
			fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
		),
		Accept: fc.constantFrom("*/*", "text/html", "application/json", "garbage"),
		Authorization: fc.constantFrom("Bearer ", "Bearer x", "Basic abc", "Bearer \u00ff"),
	},
	{ requiredKeys: ["Content-Type"] },
);

/** Header values must be ByteStrings; anything else is refused by the runtime before the Worker. */
const byteString = (s: string) => s.replace(/[^\x20-\x7e]/g, "?");

/** API and bench hooks speak JSON; everything else is a page with url-encoded forms. */
export const jsonRoute = (route: AppRoute) => route.api || route.path.startsWith("/__") || route.path === "/health";

type World = { ws: Workspace; cookie: () => Promise<string>; idFor: (kind: string) => string | undefined };

function requestArb(route: AppRoute, world: World) {
	const param = fc.oneof({ weight: 2, arbitrary: fc.constant("REAL") }, { weight: 3, arbitrary: nasty.filter((s) => s.length > 0) });
	return fc
		.record({
			params: fc.array(param, { minLength: route.params.length, maxLength: route.params.length }),
			query: queryArb,
			body: jsonRoute(route)
				? bodyArb
				: fc
						.option(formArb)
						.map((f) => (f ? new URLSearchParams(Object.entries(f).flatMap(([k, v]) => [v].flat().map((one) => [k, one]))).toString() : undefined)),
			headers: headerArb,
		})
		.map((r) => {
			let path = route.path;
			route.params.forEach((p, i) => {
				const value = r.params[i] === "REAL" ? (world.idFor(segmentBefore(route.path, p)) ?? "missing") : r.params[i]!;
				path = path.replace(`:${p}`, encodeURIComponent(value));
			});
			const search = new URLSearchParams(r.query).toString();
			return { ...r, path: `${path}${search ? `?${search}` : ""}` };
		});
}

/** Declares one property per route that `which` selects. */
export function fuzzRoutes(title: string, which: (route: AppRoute) => boolean) {
	describe(title, () => {
		let world: World;
		beforeAll(async () => {
			const ws = await signUp();
			const acc = await addAccount(ws);
			const member = await addMember(ws, "author");
			const post = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "fuzz target" } })).body.posts[0];
			// A second token for DELETE /tokens/:id to find: revoking the one in use would end the run early.
			const spare = (await call("POST", "/tokens", { token: ws.token, json: { name: "spare" } })).body;
			const shift = (
				await call("POST", "/shifts", { token: ws.token, json: { memberId: member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } })
			).body;
			const mention = (
				await call("POST", "/mentions", {
					token: ws.token,
					json: { items: [{ accountId: acc.id, network: "sandbox", externalId: "f1", author: "@f", text: "fuzz", createdAt: new Date().toISOString() }] },
				})
			).body.items[0];
			// Report runs stay queued: a build in the background would write rows while a refused request is checked.
			vi.spyOn(env.REPORTS, "sendBatch").mockResolvedValue(undefined as never);
			// A reply waiting for approval (the author's, on an account the owner answers for); its notification stays queued.
			vi.spyOn(env.NOTIFY, "sendBatch").mockResolvedValue(undefined as never);
			const owned = await addAccount(ws, { postingPolicy: "owner", ownerId: ws.ownerId });
			const asked = (
				await call("POST", "/mentions", {
					token: ws.token,
					json: { items: [{ accountId: owned.id, network: "sandbox", externalId: "f2", author: "@g", text: "fuzz?", createdAt: new Date().toISOString() }] },
				})
			).body.items[0];
			const pendingReply = (await call("POST", `/conversations/${asked.conversationId}/replies`, { token: member.token, json: { body: "fuzz reply" } })).body;
			const report = (await call("POST", "/reports", { token: ws.token, json: { name: "fuzz report" } })).body;
			const run = (await call("POST", `/reports/${report.id}/run`, { token: ws.token })).body;
			const webhook = (await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/fuzz", events: ["report.ready"] } })).body;
			const feedToken = (await call("POST", "/feed-tokens", { token: ws.token, json: { name: "fuzz" } })).body;
			const invitation = (
				await call("POST", "/invitations", { token: ws.token, json: { email: `fuzz-${Date.now().toString(36)}@example.test`, role: "author" } })
			).body;
			const tag = (await call("POST", "/tags", { token: ws.token, json: { name: "fuzz", colour: "green" } })).body;
			const campaign = (await call("POST", "/campaigns", { token: ws.token, json: { name: "fuzz", startDate: "2026-01-01", endDate: "2026-01-31" } })).body;
			// A client link to the post: /review/:token gets its token, as a client's browser has it.
			const link = (
				await call("POST", "/approval-links", {
					token: ws.token,
					json: { label: "fuzz", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), postId: post.id },
				})
			).body;
			const notificationId = crypto.randomUUID();
			await env.DB.prepare(
				"INSERT INTO notification (id, workspace_id, member_id, event_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, 'report_ready', 'fuzz', 'fuzz', NULL, 0)",
			)
				.bind(notificationId, ws.id, ws.ownerId, crypto.randomUUID())
				.run();
			const ids: Record<string, string> = {
				members: member.id,
				team: member.id,
				tokens: spare.id,
				accounts: acc.id,
				sandbox: acc.id,
				posts: post.id,
				variants: post.id,
				shifts: shift.id,
				conversations: mention.conversationId,
				inbox: mention.conversationId,
				replies: pendingReply.id,
				reports: report.id,
				"report-runs": run.id,
				runs: run.id,
				webhooks: webhook.id,
				"feed-tokens": feedToken.id,
				invitations: invitation.id,
				notifications: notificationId,
				tags: tag.id,
				campaigns: campaign.id,
				"approval-links": link.id,
				review: new URL(link.url).pathname.split("/").pop()!,
			};
			for (const [kind, id] of Object.entries(ids)) expect(id, `fuzz world: ${kind}`).toBeTruthy();
			world = { ws, idFor: (kind) => ids[kind], cookie: () => signInCookie(ws.email, "correct horse battery") };
		});

		afterAll(() => vi.restoreAllMocks());

		for (const route of appRoutes().filter(which)) {
			it(`${routeKey(route)}: never 5xx, errors in shape, nothing written when refused`, async () => {
				const cookie = jsonRoute(route) ? "" : await world.cookie();
				await fc.assert(
					fc.asyncProperty(requestArb(route, world), fc.boolean(), async (req, signedIn) => {
						const headers: Record<string, string> = {};
						for (const [k, v] of Object.entries(req.headers)) headers[k] = byteString(v);
						// Mostly as the owner, so the request gets past auth to the parsing and the rules.
						if (signedIn) {
							if (jsonRoute(route)) headers.Authorization = `Bearer ${world.ws.token}`;
							else headers.Cookie = cookie;
						}
						// A same-origin browser form, so csrf() lets it reach the handler.
						if (!jsonRoute(route)) headers.Origin = "https://chorus.test";
						const before = await rowCounts();
						const res = await send(route.method, req.path, headers, req.body);
						const after = await rowCounts();
						const label = `${route.method} ${req.path} → ${res.status}`;
						expect(res.status, label).toBeLessThan(500);
						if (res.status >= 400) {
							if (jsonRoute(route)) expect(errorShape.safeParse(jsonOrText(res.text)).success, `${label}: ${res.text.slice(0, 300)}`).toBe(true);
							const written = Object.keys(after).filter((t) => !RECORDS_REJECTIONS.has(t) && after[t] !== before[t]);
							expect(written, `${label} wrote rows`).toEqual([]);
						}
					}),
					{ numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
				);
			});
		}
	});
}
