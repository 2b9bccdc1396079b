import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp, type Workspace } from "../helpers/api";
import { rowCounts, workspaceRows } from "../helpers/db-snapshot";
import { appRoutes, routeKey, segmentBefore, type AppRoute } from "../helpers/routes";
import { page } from "../web/page";

/**
 * The tenant-isolation sweep: every route the app registers (API and web pages) is either tried with
 * workspace A's credentials against workspace B's objects, or named below with the reason it cannot
 * be. A new route that is neither fails the sweep, so isolation is decided for it, not assumed.
 */

const MARK = "tenant-sweep-secret";

/** Routes that take no foreign id anywhere (open, or acting only on the caller's own workspace). */
const NOT_TENANT_SCOPED: Record<string, string> = {
	"POST /api/v1/session": "open: signs in by email and password, takes no object id",
	"DELETE /api/v1/session": "ends the caller's own session; takes no id",
	"POST /api/v1/workspaces": "open: creates a new workspace, takes no object id",
	"POST /api/v1/members": "creates a member in the caller's workspace; the body names no other object",
	"POST /api/v1/tokens": "creates a token for the caller; the body names no other object",
	"PUT /api/v1/mission": "edits the caller's own workspace mission; the body names no other object",
	"POST /__bench/retime": "bench hook: answers 404 unless CHORUS_BENCH=true (never in tests or production)",
	"POST /__bench/enqueue-noop": "bench hook: answers 404 unless CHORUS_BENCH=true (never in tests or production)",
	"POST /__bench/evict": "bench hook: answers 404 unless CHORUS_BENCH=true; only evicts the caller's own accounts' desks",
	"GET /sign-in": "open: the sign-in form",
	"POST /sign-in": "open: signs in by email and password, takes no object id",
	"POST /sign-out": "ends the caller's own session; takes no id",
	"GET /inbox/:id/:action": "a bare redirect to /inbox/:id for a reloaded form action; looks nothing up (/inbox/:id is swept)",
	"POST /mission": "edits the caller's own workspace mission; the form names no other object",
	"GET /announcements/:id/variants/:postId": "a bare redirect to /announcements/:id (swept) after signing in; looks nothing up",
};

type Fixture = Awaited<ReturnType<typeof theirWorld>>;

/** Workspace B with one object of every kind, each carrying MARK where it holds text. */
async function theirWorld(ws: Workspace) {
	const acc = await addAccount(ws, { displayName: MARK });
	const local = await addAccount(ws, { parentId: acc.id });
	const member = await addMember(ws, "author", `${MARK} member`);
	const post = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: `${MARK} post` } })).body.posts[0];
	const token = (await call("POST", "/tokens", { token: ws.token, json: { name: MARK } })).body;
	const shift = (await call("POST", "/shifts", { token: ws.token, json: { memberId: member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } })).body;
	const mention = (
		await call("POST", "/mentions", {
			token: ws.token,
			json: { items: [{ accountId: acc.id, network: "sandbox", externalId: "e1", author: "@x", text: `${MARK} mention`, createdAt: new Date().toISOString() }] },
		})
	).body.items[0];
	const announcement = (
		await call("POST", "/announcements", {
			token: ws.token,
			json: { mainAccountId: acc.id, localAccountIds: [local.id], body: `${MARK} launch`, scheduledAt: new Date(Date.now() + 7_200_000).toISOString() },
		})
	).body;
	const variant = announcement.variants?.[0];
	for (const [what, v] of Object.entries({ post, token, shift, mention, announcement, variant })) expect(v?.id ?? v?.conversationId, `fixture ${what}`).toBeTruthy();
	return { ws, acc, local, member, post, token, shift, conversationId: mention.conversationId as string, announcement, variantId: variant.id as string };
}

/** Which of B's ids a path parameter gets, by the object kind the path names just before it. */
function idsByKind(b: Fixture): Record<string, string> {
	return {
		members: b.member.id,
		tokens: b.token.id,
		accounts: b.acc.id,
		sandbox: b.acc.id,
		posts: b.post.id,
		shifts: b.shift.id,
		conversations: b.conversationId,
		inbox: b.conversationId,
		announcements: b.announcement.id,
		variants: b.variantId,
	};
}

/** A body valid for the route's schema, so the answer is about the id, not about the input. */
const API_BODY = { name: "x", body: "x", reason: "x", handle: "x", slots: [], start: "10:00", memberId: "x", note: "x" };
const FORM_BODY = { body: "x", reason: "x", memberId: "x", start: "10:00", end: "11:00", weekdays: "1", timezone: "UTC", note: "x" };

/** Routes whose body names another object: B's id goes into the body instead of the path. */
function bodyProbes(b: Fixture): Record<string, Record<string, unknown>> {
	const soon = new Date(Date.now() + 3 * 3_600_000).toISOString();
	return {
		"POST /api/v1/posts": { accountId: b.acc.id, body: "probe" },
		"POST /api/v1/lint": { accountId: b.acc.id, body: "probe" },
		"POST /api/v1/accounts": { network: "sandbox", handle: "@probe", timezone: "UTC", parentId: b.acc.id },
		"POST /api/v1/shifts": { memberId: b.member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" },
		"POST /api/v1/announcements": { mainAccountId: b.acc.id, localAccountIds: [b.local.id], body: "probe", scheduledAt: soon },
		"POST /api/v1/mentions": { items: [{ accountId: b.acc.id, network: "sandbox", externalId: "probe", author: "@p", text: "probe", createdAt: new Date().toISOString() }] },
	};
}

/** Web forms that name another object in their fields. */
function formProbes(b: Fixture): Record<string, Record<string, string>> {
	return {
		"POST /compose": { accountIds: b.acc.id, body: "probe", when: "draft" },
		"POST /compose/count": { accountIds: b.acc.id, body: "probe" },
		"POST /rota/shifts": { memberId: b.member.id, weekdays: "1", start: "09:00", end: "17:00", timezone: "UTC" },
		"POST /announcements": { mainAccountId: b.acc.id, localAccountIds: b.local.id, body: "probe", scheduledAt: "2030-01-01T10:00" },
	};
}

/** Query strings that name B's objects, for the list routes. */
const listQuery = (b: Fixture) => `?accountId=${b.acc.id}&memberId=${b.member.id}&from=2020-01-01T00:00:00Z&to=2040-01-01T00:00:00Z`;

const leaks = (text: string, b: Fixture) => [MARK, b.ws.id, b.post.id, b.announcement.id, b.shift.id].filter((s) => text.includes(s));

describe("tenant-isolation sweep", () => {
	it("every route refuses another workspace's objects or is named with a reason", async () => {
		const mine = await signUp();
		const theirs = await signUp();
		const b = await theirWorld(theirs);
		const myCookie = await signInCookie(mine.email, "correct horse battery");
		const ids = idsByKind(b);
		const probes = bodyProbes(b);
		const forms = formProbes(b);
		const theirsBefore = await workspaceRows(theirs.id);

		const routes = appRoutes();
		expect(routes.length).toBeGreaterThan(80);
		const failures: string[] = [];
		const covered = new Set<string>();
		const exercise = async (route: AppRoute) => {
			const key = routeKey(route);
			if (NOT_TENANT_SCOPED[key]) return covered.add(key);
			let path = route.path;
			for (const param of route.params) {
				const kind = segmentBefore(route.path, param);
				const id = ids[kind];
				if (!id) return failures.push(`${key}: no id of B for :${param} after "${kind}" (add it to idsByKind, or name the route in NOT_TENANT_SCOPED)`);
				path = path.replace(`:${param}`, id);
			}
			const mutating = route.method !== "GET" && route.method !== "DELETE";
			let status: number;
			let text: string;
			if (route.params.length) {
				if (route.api) {
					const res = await call(route.method, path.replace("/api/v1", ""), { token: mine.token, json: mutating ? API_BODY : undefined });
					status = res.status;
					text = JSON.stringify(res.body);
					if (status === 404 && res.body?.error?.code !== "not_found") failures.push(`${key}: 404 without the not_found error shape`);
				} else {
					const res = await page(route.method, path, { cookie: myCookie, form: mutating ? FORM_BODY : undefined });
					status = res.status;
					text = res.html;
				}
				if (status !== 404) failures.push(`${key}: answered ${status}, want 404`);
			} else if (route.method === "GET") {
				// A list or page: must answer without any of B's objects, whatever ids the query names.
				const res = route.api
					? await call("GET", `${path.replace("/api/v1", "")}${listQuery(b)}`, { token: mine.token })
					: await page("GET", `${path}${listQuery(b)}`, { cookie: myCookie });
				status = res.status;
				text = "html" in res ? res.html : JSON.stringify(res.body);
				if (![200, 303, 400, 404].includes(status)) failures.push(`${key}: answered ${status}`);
			} else if (probes[key] || forms[key]) {
				// B's ids in the body must be answered exactly like ids that exist nowhere: no oracle, no write.
				const send = (swap: (v: string) => string) => {
					const swapIds = <T,>(o: T): T => JSON.parse(JSON.stringify(o), (_k, v) => (typeof v === "string" ? swap(v) : v));
					return route.api
						? call(route.method, path.replace("/api/v1", ""), { token: mine.token, json: swapIds(probes[key]) })
						: page(route.method, path, { cookie: myCookie, form: swapIds(forms[key]!) });
				};
				const theirIds = new Set(Object.values(ids).concat(b.local.id));
				const nowhere = (v: string) => (theirIds.has(v) ? `00000000-0000-4000-8000-${v.replace(/[^0-9a-f]/g, "").slice(-12).padStart(12, "0")}` : v);
				const countsBefore = await rowCounts();
				const res = await send((v) => v);
				const countsAfter = await rowCounts();
				const control = await send(nowhere);
				status = res.status;
				text = "html" in res ? res.html : JSON.stringify(res.body);
				const controlText = "html" in control ? control.html : JSON.stringify(control.body);
				if (route.api && (status < 400 || status >= 500)) failures.push(`${key} with B's id in the body: answered ${status}, want a 4xx`);
				if (status !== control.status) failures.push(`${key}: B's id answered ${status}, a nonexistent id ${control.status}`);
				let normalised = text;
				for (const id of theirIds) normalised = normalised.replaceAll(id, nowhere(id));
				if (route.api && normalised !== controlText) failures.push(`${key}: B's id answered ${text}, a nonexistent id ${controlText}`);
				const grown = Object.keys(countsAfter).filter((t) => countsAfter[t] !== countsBefore[t]);
				if (grown.length) failures.push(`${key} with B's id: wrote to ${grown.join(", ")}`);
			} else {
				return failures.push(`${key}: cannot be swept (no path id, no body probe): add a probe or name it in NOT_TENANT_SCOPED with a reason`);
			}
			if (status >= 500) failures.push(`${key}: ${status}`);
			const leaked = leaks(text, b);
			if (leaked.length) failures.push(`${key}: answer contains B's ${leaked.join(", ")}`);
			covered.add(key);
		};
		for (const route of routes) await exercise(route);

		expect(failures).toEqual([]);
		expect(covered.size).toBe(routes.length);
		// Nothing of B's changed: no foreign PATCH, DELETE or action got through.
		expect(await workspaceRows(theirs.id)).toBe(theirsBefore);
		// And the allow-list names only routes that exist, so it cannot rot into a blanket pass.
		const known = new Set(routes.map(routeKey));
		expect(Object.keys(NOT_TENANT_SCOPED).filter((k) => !known.has(k))).toEqual([]);
	}, 120_000);
});
