import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp, type Workspace } from "../helpers/api";
import { captureNotify } from "../helpers/notify";
import { captureQueue } from "../helpers/publishing";
import { appRoutes, routeKey } from "../helpers/routes";
import { BASE, PASSWORD, page } from "../web/page";

/**
 * The speaking sweep: every route that makes an account speak or un-speak (API and pages), tried in
 * every role (owner, manager, author, analyst) on every posting policy (open; owned by the caller or
 * by a colleague; a shift the caller is on, or off), and the outcome read back from D1 compared with
 * the table below: the brand-voice policy as the product promises it, written out by hand.
 *
 * Which routes speak is decided by a classifier over the app's own route table (method + path): a new
 * route that looks like it speaks fails this sweep until it is listed in SPEAKING (with its probe) or
 * in NOT_SPEAKING (with the reason).
 */

type Role = "owner" | "manager" | "author" | "analyst";
const ROLES: Role[] = ["owner", "manager", "author", "analyst"];
const POLICIES = ["open", "owner-self", "owner-other", "shift-on", "shift-off"] as const;
type Policy = (typeof POLICIES)[number];
/** How the caller stands to the account: nobody answers for it, the caller does, or a colleague (a manager) does. */
type Rel = "open" | "self" | "other";
const relOf: Record<Policy, Rel> = { open: "open", "owner-self": "self", "owner-other": "other", "shift-on": "self", "shift-off": "other" };

/** What each kind of act should come to. "refused" means a 4xx and nothing changed; null: cannot arise. */
type Kind = "schedule" | "announce" | "approve" | "reject" | "publish_now" | "cancel" | "retract" | "reply" | "approve_reply" | "reject_reply";
const mayApprove = (role: Role) => role === "owner" || role === "manager";
const EXPECTED: Record<Kind, (role: Role, rel: Rel) => string | null> = {
	// An author's post always waits; a manager's or owner's waits only when someone else answers for the account.
	schedule: (role, rel) => (role === "analyst" ? "refused" : role === "author" || rel === "other" ? "pending_approval" : "scheduled"),
	// Announcements (and their variants' pages) are for those who may schedule.
	announce: (role, rel) => (!mayApprove(role) ? "refused" : rel === "other" ? "pending_approval" : "scheduled"),
	// A post waits for the colleague who answers for the account: only they, or an owner, decide it.
	approve: (role, rel) => (!mayApprove(role) || (role === "manager" && rel === "other") ? "refused" : "scheduled"),
	reject: (role, rel) => (!mayApprove(role) || (role === "manager" && rel === "other") ? "refused" : "draft"),
	// Sending now: also only whoever answers for the account now (no owner exception).
	publish_now: (role, rel) => (!mayApprove(role) || rel === "other" ? "refused" : "publishing"),
	// Taking a post off the calendar makes the account say less: whoever may touch the post (here someone else's).
	cancel: (role) => (!mayApprove(role) ? "refused" : "canceled"),
	retract: (role, rel) => (!mayApprove(role) || rel === "other" ? "refused" : "retracted"),
	// Replies: whoever may draft answers directly where nobody else answers for the account; elsewhere it waits.
	reply: (role, rel) => (role === "analyst" ? "refused" : rel === "other" ? "pending_approval" : "publishing"),
	// On an open account a reply never waits, so there is none to decide.
	approve_reply: (role, rel) => (rel === "open" ? null : !mayApprove(role) || (role === "manager" && rel === "other") ? "refused" : "publishing"),
	reject_reply: (role, rel) => (rel === "open" ? null : !mayApprove(role) || (role === "manager" && rel === "other") ? "refused" : "canceled"),
};

type Actor = { id: string; token: string; cookie: string };
type World = {
	ws: Workspace;
	actors: Record<Role, Actor>;
	colleague: Actor;
	writer: Actor;
	accounts: Record<Policy, Record<Role, { id: string; handle: string }>>;
	/** An account nobody answers for, as an announcement's other end. */
	spare: { id: string; handle: string };
};

type Case = { w: World; role: Role; actor: Actor; acc: { id: string; handle: string }; text: string };
type Probe = { kind: Kind; unchanged: string; run: (c: Case) => Promise<{ status: number; state: string }> };

let n = 0;
const uniqueText = () =>
	`Sweep note ${Date.now().toString(36)} ${n++} about our ${["garden", "shop", "launch", "team"][n % 4]} plans ${Math.random().toString(36).slice(2, 8)}`;
const later = () => new Date(Date.now() + 2 * 3_600_000 + (n % 50) * 60_000);
const dateOf = (d: Date) => d.toISOString().slice(0, 10);
const timeOf = (d: Date) => d.toISOString().slice(11, 16);

async function statusOf(id: string): Promise<string> {
	const row = await env.DB.prepare("SELECT status, retracted_at AS retracted FROM post WHERE id = ?")
		.bind(id)
		.first<{ status: string; retracted: number | null }>();
	return row ? (row.retracted ? "retracted" : row.status) : "none";
}
async function statusByBody(text: string, accountId: string): Promise<string> {
	return (await env.DB.prepare("SELECT status FROM post WHERE body = ? AND account_id = ?").bind(text, accountId).first<string>("status")) ?? "none";
}

/** A post by the writer (an author), so it waits for approval. */
async function writerPending(c: Case): Promise<string> {
	const res = await call("POST", "/posts", {
		token: c.w.writer.token,
		json: { accountId: c.acc.id, body: `${c.text} (waiting)`, scheduledAt: later().toISOString() },
	});
	if (res.status !== 201 || res.body.posts[0].status !== "pending_approval") throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.posts[0].id;
}
/** A published post, as the publish path leaves it. */
async function published(c: Case): Promise<string> {
	const id = await writerPending(c);
	await env.DB.prepare("UPDATE post SET status = 'published', network_post_id = ?, published_at = ? WHERE id = ?").bind(`net-${id}`, Date.now(), id).run();
	return id;
}
async function conversation(c: Case): Promise<string> {
	const item = {
		accountId: c.acc.id,
		network: "sandbox",
		externalId: `sweep-${Date.now()}-${n++}`,
		author: `@user${n}`,
		text: "Hello, a question",
		createdAt: new Date().toISOString(),
	};
	const res = await call("POST", "/mentions", { token: c.w.ws.token, json: { items: [item] } });
	if (res.status !== 201) throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.items[0].conversationId;
}
/** The writer's reply, waiting for approval (only where someone answers for the account). */
async function writerPendingReply(c: Case): Promise<{ conversationId: string; replyId: string }> {
	const conversationId = await conversation(c);
	const res = await call("POST", `/conversations/${conversationId}/replies`, { token: c.w.writer.token, json: { body: `${c.text} (reply)` } });
	if (res.status !== 201 || res.body.status !== "pending_approval") throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
	return { conversationId, replyId: res.body.id };
}
async function ownDraft(c: Case): Promise<string> {
	// An analyst has no drafts: they try the writer's.
	const res = await call("POST", "/posts", { token: c.role === "analyst" ? c.w.writer.token : c.actor.token, json: { accountId: c.acc.id, body: c.text } });
	if (res.status !== 201) throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body.posts[0].id;
}
/** An announcement by the workspace owner whose draft variant is on the case's account. */
async function variant(c: Case): Promise<{ announcementId: string; postId: string }> {
	const res = await call("POST", "/announcements", {
		token: c.w.ws.token,
		json: { mainAccountId: c.w.spare.id, body: `${c.text} (main)`, scheduledAt: later().toISOString(), localAccountIds: [c.acc.id] },
	});
	if (res.status !== 201) throw new Error(`setup: ${res.status} ${JSON.stringify(res.body)}`);
	return { announcementId: res.body.id, postId: res.body.variants[0].id };
}

const api = (method: string, path: string, c: Case, json?: unknown) => call(method, path, { token: c.actor.token, json });
const confirmed = { confirmed: "yes" };
const form = (path: string, c: Case, fields: Record<string, string | string[]> = {}) => page("POST", path, { cookie: c.actor.cookie, form: fields });
const reason = { reason: "Not like this" };

async function postAction(c: Case, setup: (c: Case) => Promise<string>, send: (id: string) => Promise<{ status: number }>) {
	const id = await setup(c);
	const res = await send(id);
	return { status: res.status, state: await statusOf(id) };
}
async function replyAction(c: Case, send: (r: { conversationId: string; replyId: string }) => Promise<{ status: number }>) {
	const r = await writerPendingReply(c);
	const res = await send(r);
	return { status: res.status, state: await statusOf(r.replyId) };
}
function csv(c: Case) {
	return `account,body,scheduledAt\n${c.acc.id},${c.text},${later().toISOString()}\n`;
}

/** Every speaking route with how to try it. */
const SPEAKING: Record<string, Probe> = {
	"POST /api/v1/posts": {
		kind: "schedule",
		unchanged: "none",
		run: async (c) => ({
			status: (await api("POST", "/posts", c, { accountId: c.acc.id, body: c.text, scheduledAt: later().toISOString() })).status,
			state: await statusByBody(c.text, c.acc.id),
		}),
	},
	"PATCH /api/v1/posts/:id": {
		kind: "schedule",
		unchanged: "draft",
		run: (c) => postAction(c, ownDraft, (id) => api("PATCH", `/posts/${id}`, c, { scheduledAt: later().toISOString(), status: "scheduled" })),
	},
	"POST /api/v1/posts/import": {
		kind: "schedule",
		unchanged: "none",
		run: async (c) => {
			const res = await call("POST", "/posts/import", { token: c.actor.token, body: csv(c), headers: { "Content-Type": "text/csv" } });
			return { status: res.status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	"POST /api/v1/announcements": {
		kind: "announce",
		unchanged: "none",
		run: async (c) => ({
			status: (
				await api("POST", "/announcements", c, { mainAccountId: c.acc.id, body: c.text, scheduledAt: later().toISOString(), localAccountIds: [c.w.spare.id] })
			).status,
			state: await statusByBody(c.text, c.acc.id),
		}),
	},
	"POST /api/v1/posts/:id/approve": {
		kind: "approve",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => api("POST", `/posts/${id}/approve`, c)),
	},
	"POST /api/v1/posts/:id/reject": {
		kind: "reject",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => api("POST", `/posts/${id}/reject`, c, reason)),
	},
	"POST /api/v1/posts/:id/request-changes": {
		kind: "reject",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => api("POST", `/posts/${id}/request-changes`, c, reason)),
	},
	"POST /api/v1/posts/:id/publish-now": {
		kind: "publish_now",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => api("POST", `/posts/${id}/publish-now`, c)),
	},
	"POST /api/v1/posts/:id/cancel": {
		kind: "cancel",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => api("POST", `/posts/${id}/cancel`, c)),
	},
	"POST /api/v1/posts/:id/retract": {
		kind: "retract",
		unchanged: "published",
		run: (c) => postAction(c, published, (id) => api("POST", `/posts/${id}/retract`, c, reason)),
	},
	"POST /api/v1/conversations/:id/replies": {
		kind: "reply",
		unchanged: "none",
		run: async (c) => {
			const id = await conversation(c);
			return { status: (await api("POST", `/conversations/${id}/replies`, c, { body: c.text })).status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	"POST /api/v1/replies/:id/approve": {
		kind: "approve_reply",
		unchanged: "pending_approval",
		run: (c) => replyAction(c, (r) => api("POST", `/replies/${r.replyId}/approve`, c)),
	},
	"POST /api/v1/replies/:id/reject": {
		kind: "reject_reply",
		unchanged: "pending_approval",
		run: (c) => replyAction(c, (r) => api("POST", `/replies/${r.replyId}/reject`, c, reason)),
	},

	// The pages: the same services behind server-rendered forms.
	"POST /compose": {
		kind: "schedule",
		unchanged: "none",
		run: async (c) => {
			const at = later();
			const res = await form("/compose", c, {
				accountIds: c.acc.id,
				body: c.text,
				link: "",
				when: "at",
				date: dateOf(at),
				time: timeOf(at),
				action: "schedule",
			});
			return { status: res.status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	"POST /posts/:id/edit": {
		kind: "schedule",
		unchanged: "draft",
		run: (c) => {
			const at = later();
			return postAction(c, ownDraft, (id) =>
				form(`/posts/${id}/edit`, c, {
					body: c.text,
					link: "",
					date: dateOf(at),
					time: timeOf(at),
					shownDate: "",
					shownTime: "",
					revision: "1",
					action: "schedule",
				}),
			);
		},
	},
	"POST /import": {
		kind: "schedule",
		unchanged: "none",
		run: async (c) => {
			const body = new FormData();
			body.append("file", new File([csv(c)], "plan.csv", { type: "text/csv" }));
			const res = await exports.default.fetch(
				new Request(`${BASE}/import`, {
					method: "POST",
					body,
					headers: { Cookie: c.actor.cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin" },
					redirect: "manual",
				}),
			);
			await res.text();
			return { status: res.status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	"POST /announcements": {
		kind: "announce",
		unchanged: "none",
		run: async (c) => {
			const at = later();
			const res = await form("/announcements", c, {
				mainAccountId: c.acc.id,
				body: c.text,
				link: "",
				facts: "",
				date: dateOf(at),
				time: timeOf(at),
				localAccountIds: c.w.spare.id,
				embargoDate: "",
				embargoTime: "",
			});
			return { status: res.status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	"POST /announcements/:id/variants/:postId": {
		kind: "announce",
		unchanged: "draft",
		run: async (c) => {
			const v = await variant(c);
			const at = later();
			const res = await form(`/announcements/${v.announcementId}/variants/${v.postId}`, c, {
				body: c.text,
				link: "",
				date: dateOf(at),
				time: timeOf(at),
				shownDate: "",
				shownTime: "",
				revision: "1",
				action: "schedule",
			});
			return { status: res.status, state: await statusOf(v.postId) };
		},
	},
	"POST /posts/:id/approve": {
		kind: "approve",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => form(`/posts/${id}/approve`, c)),
	},
	"POST /posts/:id/reject": {
		kind: "reject",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => form(`/posts/${id}/reject`, c, reason)),
	},
	"POST /posts/:id/request-changes": {
		kind: "reject",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => form(`/posts/${id}/request-changes`, c, reason)),
	},
	"POST /posts/:id/publish-now": {
		kind: "publish_now",
		unchanged: "pending_approval",
		// The page asks first (a confirmation page); "Yes" sends confirmed=yes, which is what acts.
		run: (c) => postAction(c, writerPending, (id) => form(`/posts/${id}/publish-now`, c, confirmed)),
	},
	"POST /posts/:id/cancel": {
		kind: "cancel",
		unchanged: "pending_approval",
		run: (c) => postAction(c, writerPending, (id) => form(`/posts/${id}/cancel`, c, confirmed)),
	},
	"POST /posts/:id/retract": {
		kind: "retract",
		unchanged: "published",
		run: (c) => postAction(c, published, (id) => form(`/posts/${id}/retract`, c, { ...reason, ...confirmed })),
	},
	"POST /inbox/:id/reply": {
		kind: "reply",
		unchanged: "none",
		run: async (c) => {
			const id = await conversation(c);
			return { status: (await form(`/inbox/${id}/reply`, c, { body: c.text })).status, state: await statusByBody(c.text, c.acc.id) };
		},
	},
	// A client's approval through a link that counts: judged as the approval of the link's creator (the
	// caller here), through the same policy; who may not share a post for review gets no link at all.
	"POST /review/:token": {
		kind: "approve",
		unchanged: "pending_approval",
		run: async (c) => {
			const id = await writerPending(c);
			const link = await call("POST", "/approval-links", {
				token: c.actor.token,
				json: { label: "Sweep client", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), postId: id, countsAsApproval: true },
			});
			if (link.status !== 201) return { status: link.status, state: await statusOf(id) };
			const path = new URL(link.body.url).pathname;
			const view = await page("GET", path);
			const formToken = /name="form" value="([^"]+)"/.exec(view.html)?.[1] ?? "";
			const res = await page("POST", path, { form: { postId: id, decision: "approve", comment: "", form: formToken } });
			return { status: res.status, state: await statusOf(id) };
		},
	},
	"POST /inbox/:id/replies/:replyId/approve": {
		kind: "approve_reply",
		unchanged: "pending_approval",
		run: (c) => replyAction(c, (r) => form(`/inbox/${r.conversationId}/replies/${r.replyId}/approve`, c)),
	},
	"POST /inbox/:id/replies/:replyId/reject": {
		kind: "reject_reply",
		unchanged: "pending_approval",
		run: (c) => replyAction(c, (r) => form(`/inbox/${r.conversationId}/replies/${r.replyId}/reject`, c, reason)),
	},
};

/** Routes the classifier picks up that make no account speak, and why. */
const NOT_SPEAKING: Record<string, string> = {
	"DELETE /api/v1/posts/:id": "deletes only drafts and canceled posts: nothing the account said or will say",
	"POST /compose/count": "the drafting form's live counters: counts text, saves and sends nothing",
	"POST /posts/:id/approval-links":
		"shares the post with a client (a review link); changes no post. The client's decision through it is probed as POST /review/:token",
	"POST /posts/:id/labels":
		"sets the post's campaign and tags through the edit use case (editPost, judged by the policy like any edit); labels change nothing the account says",
	"POST /posts/:id/repeat":
		"changes or stops an evergreen post's rule only (as PATCH /api/v1/posts/:id `repeat`); each occurrence is made later by the cron through createPosts, in the series author's name, through the whole brand-voice policy (test/queues/evergreen.test.ts)",
};

/**
 * Looks like it makes an account speak: a write on posts, imports, announcements, conversations'
 * replies, or an action named like one (publish, approve, reject, retract, cancel, reply, variants).
 */
function looksSpeaking(r: { method: string; path: string }): boolean {
	if (r.method === "GET" || r.method === "HEAD") return false;
	return /\/(posts|compose|import|announcements|replies|reply|publish[\w-]*|approve|reject|retract|cancel|request-changes|variants|review)(\/|$|\.)/.test(
		r.path,
	);
}

describe("the speaking sweep", () => {
	it("lists every route that looks like it speaks, and only routes that exist", () => {
		const routes = appRoutes();
		const keys = new Set(routes.map(routeKey));
		const unlisted = routes
			.filter(looksSpeaking)
			.map(routeKey)
			.filter((k) => !(k in SPEAKING) && !(k in NOT_SPEAKING));
		expect(unlisted, "speaking routes neither probed nor named with a reason").toEqual([]);
		expect(
			[...Object.keys(SPEAKING), ...Object.keys(NOT_SPEAKING)].filter((k) => !keys.has(k)),
			"listed routes the app does not have",
		).toEqual([]);
		expect(
			Object.keys(SPEAKING).filter((k) => !looksSpeaking({ method: k.split(" ")[0]!, path: k.split(" ")[1]! })),
			"probed routes the classifier would miss",
		).toEqual([]);
	});

	let world: World;
	let queue: ReturnType<typeof captureQueue>;
	let notify: ReturnType<typeof captureNotify>;
	beforeAll(async () => {
		queue = captureQueue();
		notify = captureNotify();
		const ws = await signUp("UTC");
		const member = async (role: Role, name: string): Promise<Actor> => {
			const m = await addMember(ws, role, name);
			return { id: m.id, token: m.token, cookie: await signInCookie(m.email, PASSWORD) };
		};
		const actors: Record<Role, Actor> = {
			owner: { id: ws.ownerId, token: ws.token, cookie: await signInCookie(ws.email, PASSWORD) },
			manager: await member("manager", "Mia Manager"),
			author: await member("author", "Ari Author"),
			analyst: await member("analyst", "Ana Analyst"),
		};
		const colleague = await member("manager", "Colin Colleague");
		const writer = await member("author", "Wes Writer");
		const utc = { timezone: "UTC" };
		const shiftAccount = async (memberId: string) => {
			const acc = await addAccount(ws, { ...utc, postingPolicy: "shift" });
			// All day, every day: whoever has it is on duty now and at the post's time.
			const res = await call("POST", "/shifts", {
				token: ws.token,
				json: { memberId, accountIds: [acc.id], weekdays: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "00:00", timezone: "UTC" },
			});
			if (res.status !== 201) throw new Error(`shift: ${res.status} ${JSON.stringify(res.body)}`);
			return acc;
		};
		const open = await addAccount(ws, { ...utc, postingPolicy: "open" });
		const ownedByColleague = await addAccount(ws, { ...utc, postingPolicy: "owner", ownerId: colleague.id });
		const colleagueShift = await shiftAccount(colleague.id);
		const accounts = { open: {}, "owner-self": {}, "owner-other": {}, "shift-on": {}, "shift-off": {} } as World["accounts"];
		for (const role of ROLES) {
			accounts.open[role] = open;
			accounts["owner-self"][role] = await addAccount(ws, { ...utc, postingPolicy: "owner", ownerId: actors[role].id });
			accounts["owner-other"][role] = ownedByColleague;
			accounts["shift-on"][role] = await shiftAccount(actors[role].id);
			accounts["shift-off"][role] = colleagueShift;
		}
		const spare = await addAccount(ws, { ...utc, postingPolicy: "open" });
		world = { ws, actors, colleague, writer, accounts, spare };
	}, 120_000);
	afterAll(() => {
		queue?.restore();
		notify?.restore();
	});

	for (const [key, probe] of Object.entries(SPEAKING)) {
		it(`${key}: every role on every policy`, { timeout: 240_000 }, async () => {
			const outcomes: string[] = [];
			const wrong: string[] = [];
			for (const role of ROLES) {
				for (const policy of POLICIES) {
					const expected = EXPECTED[probe.kind](role, relOf[policy]);
					if (expected === null) continue;
					const c: Case = { w: world, role, actor: world.actors[role], acc: world.accounts[policy][role], text: uniqueText() };
					const got = await probe.run(c);
					const outcome = got.state === probe.unchanged ? "refused" : got.state;
					outcomes.push(`${role}/${policy}: ${outcome}`);
					if (outcome !== expected) wrong.push(`${role} on ${policy}: expected ${expected}, got ${outcome} (HTTP ${got.status})`);
					// The API says so: a refusal is a 4xx (never a 5xx, never a 2xx that did nothing).
					if (key.includes("/api/v1/")) {
						const ok = expected === "refused" ? got.status >= 400 && got.status < 500 : got.status >= 200 && got.status < 300;
						if (!ok) wrong.push(`${role} on ${policy}: HTTP ${got.status} for ${expected}`);
					} else if (got.status >= 500) wrong.push(`${role} on ${policy}: page answered ${got.status}`);
				}
			}
			expect(wrong, outcomes.join("\n")).toEqual([]);
		});
	}
});
