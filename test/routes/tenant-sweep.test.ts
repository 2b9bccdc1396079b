import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp, type Workspace } from "../helpers/api";
import { rowCounts, workspaceRows } from "../helpers/db-snapshot";
import { upload as uploadMedia } from "../helpers/media";
import { type AppRoute, appRoutes, routeKey, segmentBefore } from "../helpers/routes";
import { BASE, type Page, page } from "../web/page";

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
	"POST /api/v1/workspaces": "open: creates a new workspace (owned by the signed-in person, or by a new one), takes no object id",
	"POST /new-workspace": "creates a new workspace owned by the signed-in person; the form names no other object",
	"POST /api/v1/media": "uploads a file into the caller's workspace; the body names no other object",
	"GET /api/v1/networks": "the capability table of domain/capabilities.ts: the same for every workspace, names no object",
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
	"GET /dev/mailbox":
		"the local outbox (every mail a local or test Chorus 'sent', whoever it is to; B's invitation shows there by design): a 404 unless CHORUS_ENV is local or test, so never served in production",
	// Open: whoever holds a mailed link (a secret token, not an object id) or knows an email address.
	"POST /api/v1/invitations/accept": "open: takes the mailed link's secret token (no object id) and makes the member in the invitation's own workspace",
	"POST /accept-invite": "open: takes the mailed link's secret token (no object id) and makes the member in the invitation's own workspace",
	"POST /api/v1/invitations":
		"takes an email address, no object id: an address of another workspace is answered exactly like one that exists nowhere (201, the same body; its holder is mailed a link to accept signed in), test/routes/invitation-limits.test.ts",
	"POST /team/invite": "as POST /api/v1/invitations: the same page whether or not the address is known elsewhere",
	"GET /api/v1/media-links/:token":
		"open: the signed link is the credential (workspace, media and expiry under an HMAC keyed from CREDENTIALS_KEY); a link to another workspace's media cannot be made without the key, and a forged, altered, re-pointed or expired one is 404 like unknown media (test/queues/meta-exactly-once.test.ts)",
	"POST /api/v1/password-resets": "open: takes an email address and always answers 202, so it tells nobody who is a member",
	"POST /forgot-password": "open: takes an email address and always answers the same page, so it tells nobody who is a member",
	"POST /api/v1/password-resets/confirm": "open: takes the mailed link's secret token (no object id) and sets that link's member's password",
	"POST /reset-password": "open: takes the mailed link's secret token (no object id) and sets that link's member's password",
	// The caller's own workspace or member: nothing in the request names another object.
	"POST /api/v1/workspace/pause": "pauses the caller's own workspace; takes no id",
	"POST /api/v1/workspace/resume": "resumes the caller's own workspace; takes no id",
	"PATCH /api/v1/workspace": "changes the caller's own workspace's settings (shortenLinks); takes no id",
	"GET /l/:code":
		"public by design: a first-party short link people click from a social network, without an account. The code (10 random base62 characters) is the capability; it answers only a redirect to the link the post itself published, or 404 (test/routes/short-links.test.ts)",
	"POST /accounts/stop-all": "emergency stop of the caller's own workspace; the form names no object",
	"POST /accounts/new": "adds a sandbox account to the caller's own workspace; the form names no object",
	"POST /accounts/resume-all": "resumes the caller's own workspace; the form names no object",
	"POST /api/v1/webhooks": "creates a webhook of the caller's workspace; url and events name no object",
	"POST /accounts/connect-bluesky":
		"connects a new Bluesky account into the caller's workspace; the form reads no accountId (reconnecting is POST /api/v1/accounts/connect, probed)",
	"PUT /api/v1/notifications/preferences": "the caller's own preferences (workspace and member from the session); the body names kinds, no object",
	"POST /notifications/settings": "the caller's own preferences (workspace and member from the session); the form names kinds, no object",
	"POST /api/v1/notifications/read-all": "marks the caller's own notifications read; takes no id",
	"POST /notifications/read-all": "marks the caller's own notifications read; takes no id",
	"POST /api/v1/notifications/read-group": "marks the caller's own notifications with a group key read (scoped by workspace and member); takes no object id",
	"POST /notifications/read-group": "marks the caller's own notifications with a group key read (scoped by workspace and member); takes no object id",
	"POST /api/v1/second-factor": "starts the caller's own second-factor enrolment; takes no id",
	"POST /api/v1/second-factor/confirm": "confirms the caller's own enrolment with a code; takes no id",
	"DELETE /api/v1/second-factor": "turns off the caller's own second factor with a code; takes no id",
	"POST /account/second-factor/start": "starts the caller's own second-factor enrolment; takes no id",
	"POST /account/second-factor/confirm": "confirms the caller's own enrolment with a code; takes no id",
	"POST /account/second-factor/disable": "turns off the caller's own second factor with a code; takes no id",
	"POST /api/v1/tags": "creates a tag in the caller's workspace; name and colour name no other object",
	"POST /campaigns/tags": "creates a tag in the caller's workspace; the form names no other object",
	// The client's review page: not a member page (no session, no workspace of the caller).
	"GET /review/:token":
		"public: the client's page of an approval link; the link's secret token (not an object id) is the only credential and opens only the posts that link covers, in its own workspace (test/routes/approval-links.test.ts: scope, revocation, expiry, form tokens)",
	"POST /review/:token":
		"public: a client's decision through an approval link; the token picks the link, the post must be one the link covers and the form token is bound to both (test/routes/approval-links.test.ts)",
	"GET /review/:token/media/:id":
		"public: an image of a post the approval link covers, found through the link's token; any other media id is 404 (test/routes/approval-links.test.ts)",
	// Bench hooks (asserted below to answer 404 in tests).
	"POST /__bench/clone": "bench hook: answers 404 unless CHORUS_BENCH=true; copies only the caller's own workspace's posts",
	"POST /__bench/report/seed-metrics": "bench hook: answers 404 unless CHORUS_BENCH=true; seeds only the caller's own workspace",
	"POST /__bench/report/seed-mentions": "bench hook: answers 404 unless CHORUS_BENCH=true; seeds only the caller's own workspace",
	"POST /__bench/report/build": "bench hook: answers 404 unless CHORUS_BENCH=true; looks the report up in the caller's own workspace",
};

/** Routes whose probe may answer B's value differently from a nonexistent one, and why that tells nothing of B's. */
const ORACLE: Record<string, string> = {};

type Fixture = Awaited<ReturnType<typeof theirWorld>>;

/** Workspace B with one object of every kind, each carrying MARK where it holds text. */
async function theirWorld(ws: Workspace) {
	const acc = await addAccount(ws, { displayName: MARK });
	const local = await addAccount(ws, { parentId: acc.id });
	const member = await addMember(ws, "author", `${MARK} member`);
	const post = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: `${MARK} post` } })).body.posts[0];
	const token = (await call("POST", "/tokens", { token: ws.token, json: { name: MARK } })).body;
	const shift = (
		await call("POST", "/shifts", { token: ws.token, json: { memberId: member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } })
	).body;
	const mention = (
		await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [{ accountId: acc.id, network: "sandbox", externalId: "e1", author: "@x", text: `${MARK} mention`, createdAt: new Date().toISOString() }],
			},
		})
	).body.items[0];
	const announcement = (
		await call("POST", "/announcements", {
			token: ws.token,
			json: { mainAccountId: acc.id, localAccountIds: [local.id], body: `${MARK} launch`, scheduledAt: new Date(Date.now() + 7_200_000).toISOString() },
		})
	).body;
	const variant = announcement.variants?.[0];
	// A reply waiting for approval: the author's reply on an account the owner answers for.
	const owned = await addAccount(ws, { postingPolicy: "owner", ownerId: ws.ownerId });
	const ownedMention = (
		await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [{ accountId: owned.id, network: "sandbox", externalId: "e2", author: "@y", text: `${MARK} question`, createdAt: new Date().toISOString() }],
			},
		})
	).body.items[0];
	// Its notification stays queued: the NOTIFY consumer must not change B's rows during the sweep.
	const notifyQueue = vi.spyOn(env.NOTIFY, "sendBatch").mockResolvedValue(undefined as never);
	const pendingReply = (await call("POST", `/conversations/${ownedMention.conversationId}/replies`, { token: member.token, json: { body: `${MARK} reply` } }))
		.body;
	notifyQueue.mockRestore();
	const report = (await call("POST", "/reports", { token: ws.token, json: { name: `${MARK} report`, accountIds: [acc.id] } })).body;
	// The run stays queued: the REPORTS consumer must not change B's rows while the sweep compares them.
	const reportsQueue = vi.spyOn(env.REPORTS, "sendBatch").mockResolvedValue(undefined as never);
	const run = (await call("POST", `/reports/${report.id}/run`, { token: ws.token })).body;
	reportsQueue.mockRestore();
	const webhook = (
		await call("POST", "/webhooks", { token: ws.token, json: { url: "https://hooks.example.com/x", events: ["post.published"], description: MARK } })
	).body;
	const feedToken = (await call("POST", "/feed-tokens", { token: ws.token, json: { name: MARK, accountId: acc.id } })).body;
	const invitation = (
		await call("POST", "/invitations", { token: ws.token, json: { email: `${MARK}-${Date.now().toString(36)}@example.test`, role: "author" } })
	).body;
	const notificationId = crypto.randomUUID();
	await env.DB.prepare(
		"INSERT INTO notification (id, workspace_id, member_id, event_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, 'report_ready', ?, ?, NULL, 0)",
	)
		.bind(notificationId, ws.id, ws.ownerId, crypto.randomUUID(), MARK, MARK)
		.run();
	// A connect flow B's owner started: its state is what the network sends back to /oauth/callback.
	const started = await call("POST", "/accounts/connect", { token: ws.token, json: { network: "x", timezone: "UTC" } });
	const flowState = new URL(started.body.authorizeUrl).searchParams.get("state");
	const media = (await uploadMedia(ws.token, { alt: `${MARK} picture` })).body;
	const tag = (await call("POST", "/tags", { token: ws.token, json: { name: `${MARK} tag`, colour: "red" } })).body;
	const campaign = (
		await call("POST", "/campaigns", { token: ws.token, json: { name: `${MARK} campaign`, startDate: "2026-01-01", endDate: "2026-01-31", goal: MARK } })
	).body;
	await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { tagIds: [tag.id], campaignId: campaign.id } });
	const approvalLink = (
		await call("POST", "/approval-links", {
			token: ws.token,
			json: { label: `${MARK} link`, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), postId: post.id },
		})
	).body;
	const objects = {
		post,
		token,
		shift,
		mention,
		announcement,
		variant,
		pendingReply,
		report,
		run,
		webhook,
		feedToken,
		invitation,
		media,
		tag,
		campaign,
		approvalLink,
	};
	for (const [what, v] of Object.entries(objects)) expect(v?.id ?? v?.conversationId, `fixture ${what}`).toBeTruthy();
	expect(pendingReply.status, "fixture pendingReply waits").toBe("pending_approval");
	expect(flowState, "fixture connect flow").toBeTruthy();
	return {
		ws,
		acc,
		local,
		member,
		post,
		token,
		shift,
		conversationId: mention.conversationId as string,
		mentionId: mention.id as string,
		announcement,
		variantId: variant.id as string,
		replyId: pendingReply.id as string,
		reportId: report.id as string,
		runId: run.id as string,
		webhookId: webhook.id as string,
		feedTokenId: feedToken.id as string,
		invitationId: invitation.id as string,
		notificationId,
		flowState: flowState!,
		mediaId: media.id as string,
		tagId: tag.id as string,
		campaignId: campaign.id as string,
		approvalLinkId: approvalLink.id as string,
	};
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
		mentions: b.mentionId,
		conversations: b.conversationId,
		inbox: b.conversationId,
		announcements: b.announcement.id,
		variants: b.variantId,
		// A reply waiting for approval: /api/v1/replies/:id and the web /inbox/:id/replies/:replyId.
		replies: b.replyId,
		reports: b.reportId,
		// GET /api/v1/report-runs/:file takes the run id (with an optional .json/.html/.csv).
		"report-runs": b.runId,
		// The web /reports/runs/:id.
		runs: b.runId,
		webhooks: b.webhookId,
		"feed-tokens": b.feedTokenId,
		invitations: b.invitationId,
		notifications: b.notificationId,
		// The web /team/:id/role and /team/:id/remove take a member id.
		team: b.member.id,
		media: b.mediaId,
		tags: b.tagId,
		campaigns: b.campaignId,
		"approval-links": b.approvalLinkId,
	};
}

/** A body valid for the route's schema, so the answer is about the id, not about the input. */
const API_BODY = {
	name: "x",
	body: "x",
	reason: "x",
	handle: "x",
	slots: [],
	start: "10:00",
	memberId: "x",
	note: "x",
	target: "x",
	text: "x",
	sentiment: "negative",
};
const FORM_BODY = {
	body: "x",
	reason: "x",
	memberId: "x",
	start: "10:00",
	end: "11:00",
	weekdays: "1",
	timezone: "UTC",
	note: "x",
	target: "x",
	text: "x",
	role: "author",
};

/**
 * A probe: the request that names B's objects (B's ids are swapped for ids that exist nowhere to
 * make the control). `json` for the API, `form` for pages, `csv` as a text/csv body, `file` as a
 * multipart upload (field `file`, beside `form`), `query` appended to the path; `path` (else the
 * route's own) for routes whose path names the caller's own object.
 */
type Probe = { json?: unknown; form?: Record<string, string>; csv?: string; file?: string; query?: string; path?: string };

/** Routes whose body names another object: B's id goes into the body instead of the path. */
function bodyProbes(b: Fixture): Record<string, Probe[]> {
	const soon = new Date(Date.now() + 3 * 3_600_000).toISOString();
	const later = new Date(Date.now() + 5 * 3_600_000).toISOString();
	return {
		"POST /api/v1/posts": [{ json: { accountId: b.acc.id, body: "probe" } }],
		// The switcher names a workspace: B's is answered like one that exists nowhere (a token never switches: 403 both).
		"POST /api/v1/session/switch": [{ json: { workspaceId: b.ws.id } }],
		"POST /api/v1/lint": [{ json: { accountId: b.acc.id, body: "probe" } }],
		"POST /api/v1/metrics": [
			{ json: { items: [{ accountId: b.acc.id, date: "2026-01-05", followers: 1 }] } },
			{ json: { posts: [{ postId: b.post.id, date: "2026-01-05", likes: 1 }] } },
		],
		"POST /api/v1/accounts": [{ json: { network: "sandbox", handle: "@probe", timezone: "UTC", parentId: b.acc.id } }],
		"POST /api/v1/shifts": [{ json: { memberId: b.member.id, weekdays: [1], start: "09:00", end: "17:00", timezone: "UTC" } }],
		"POST /api/v1/announcements": [{ json: { mainAccountId: b.acc.id, localAccountIds: [b.local.id], body: "probe", scheduledAt: soon } }],
		"POST /api/v1/mentions": [
			{ json: { items: [{ accountId: b.acc.id, network: "sandbox", externalId: "probe", author: "@p", text: "probe", createdAt: new Date().toISOString() }] } },
		],
		"POST /api/v1/reports": [{ json: { name: "probe", accountIds: [b.acc.id] } }],
		"POST /reports/new": [{ form: { name: "probe", cadence: "weekly", weekday: "1", time: "08:00", timezone: "UTC", accountIds: b.acc.id } }],
		"POST /api/v1/feed-tokens": [{ json: { name: "probe", accountId: b.acc.id } }],
		"POST /api/v1/campaigns": [{ json: { name: "probe", startDate: "2026-01-01", endDate: "2026-01-02", accountIds: [b.acc.id] } }],
		"POST /api/v1/approval-links": [
			{ json: { label: "probe", expiresAt: soon, postId: b.post.id } },
			{ json: { label: "probe", expiresAt: soon, campaignId: b.campaignId } },
		],
		// Reconnecting B's account (its network, and another one) must look like reconnecting no account.
		"POST /api/v1/accounts/connect": [
			{ json: { network: "x", timezone: "UTC", accountId: b.acc.id } },
			{ json: { network: "bluesky", timezone: "UTC", handle: "probe.bsky.social", appPassword: "probe-pass", accountId: b.acc.id } },
		],
		// Rows naming B's account by id and by handle; then B's account as the file's fallback account.
		"POST /api/v1/posts/import": [
			{ csv: `account,body,scheduledAt\r\n${b.acc.id},probe one,${soon}\r\n${b.acc.handle},probe two,${later}\r\n` },
			{ csv: `account,body\r\n${b.acc.id},probe draft\r\n`, query: "?dryRun=true" },
			{ csv: "body,scheduledAt\r\nprobe three,\r\n", query: `?accountId=${b.acc.id}` },
		],
	};
}

/** Web forms that name another object in their fields. */
function formProbes(b: Fixture): Record<string, Probe[]> {
	return {
		"POST /compose": [{ form: { accountIds: b.acc.id, body: "probe", when: "draft" } }],
		"POST /switch-workspace": [{ form: { workspaceId: b.ws.id } }],
		// The compose page's script sends JSON with the session cookie.
		"POST /compose/count": [{ json: { body: "probe", networks: ["sandbox"], accountIds: [b.acc.id], when: "draft" } }],
		"POST /rota/shifts": [{ form: { memberId: b.member.id, weekdays: "1", start: "09:00", end: "17:00", timezone: "UTC" } }],
		"POST /announcements": [{ form: { mainAccountId: b.acc.id, localAccountIds: b.local.id, body: "probe", date: "2030-01-01", time: "10:00" } }],
		"POST /accounts/connect": [{ form: { network: "x", timezone: "UTC", accountId: b.acc.id } }],
		"POST /campaigns": [{ form: { name: "probe", startDate: "2026-01-01", endDate: "2026-01-02", accountIds: b.acc.id, colour: "blue" } }],
		// B's connect flow, handed to A's session: it must be an unknown flow here, and stay B's.
		"POST /oauth/facebook/page": [{ form: { flow: b.flowState, pageId: "1" } }],
		"POST /import": [
			{ file: `account,body\r\n${b.acc.id},probe one\r\n${b.acc.handle},probe two\r\n`, form: {} },
			{ file: "body\r\nprobe three\r\n", form: { accountId: b.acc.id } },
		],
	};
}

/** GET routes whose query names one of B's objects (besides the list filters every GET gets). */
const queryProbes = (b: Fixture): Record<string, Probe[]> => ({
	"GET /oauth/callback": [{ query: `?state=${encodeURIComponent(b.flowState)}&code=probe` }],
	// B's tag and campaign as calendar filters: answered as ids that exist nowhere (the API's list filters: tenant-isolation.test.ts).
	"GET /calendar": [{ query: `?tagId=${b.tagId}&campaignId=${b.campaignId}` }],
});

/** Routes with the caller's own object in the path and B's in the body: the body's id must not reach across. */
function ownPathProbes(b: Fixture, mine: { reportId: string; memberId: string; postId: string }): Record<string, Probe[]> {
	return {
		"PATCH /api/v1/posts/:id": [
			{ path: `/api/v1/posts/${mine.postId}`, json: { tagIds: [b.tagId] } },
			{ path: `/api/v1/posts/${mine.postId}`, json: { campaignId: b.campaignId } },
		],
		"POST /posts/:id/labels": [{ path: `/posts/${mine.postId}/labels`, form: { tagIds: b.tagId, campaignId: b.campaignId } }],
		"PATCH /api/v1/reports/:id": [{ path: `/api/v1/reports/${mine.reportId}`, json: { accountIds: [b.acc.id] } }],
		"POST /reports/:id": [
			{ path: `/reports/${mine.reportId}`, form: { name: "probe", cadence: "weekly", weekday: "1", time: "08:00", timezone: "UTC", accountIds: b.acc.id } },
		],
		"DELETE /api/v1/members/:id": [{ path: `/api/v1/members/${mine.memberId}`, query: `?reassignTo=${b.member.id}` }],
		"POST /team/:id/remove": [{ path: `/team/${mine.memberId}/remove`, form: { reassignTo: b.member.id } }],
	};
}

/** A page's script posting JSON with the session cookie; the answer is read as the API's would be. */
async function pageJson(path: string, cookie: string, json: unknown) {
	const res = await exports.default.fetch(
		new Request(`${BASE}${path}`, {
			method: "POST",
			body: JSON.stringify(json),
			headers: { Cookie: cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" },
		}),
	);
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, headers: res.headers, body };
}

/** A multipart upload, as a browser sends a file input. */
async function upload(path: string, cookie: string, file: string, fields: Record<string, string>): Promise<Page> {
	const data = new FormData();
	data.append("file", new File([file], "posts.csv", { type: "text/csv" }));
	for (const [k, v] of Object.entries(fields)) data.append(k, v);
	const res = await exports.default.fetch(
		new Request(`${BASE}${path}`, {
			method: "POST",
			body: data,
			headers: { Cookie: cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin" },
			redirect: "manual",
		}),
	);
	return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Query strings that name B's objects, for the list routes. */
const listQuery = (b: Fixture) => `?accountId=${b.acc.id}&memberId=${b.member.id}&from=2020-01-01T00:00:00Z&to=2040-01-01T00:00:00Z`;

const leaks = (text: string, b: Fixture) =>
	[
		MARK,
		b.ws.id,
		b.post.id,
		b.replyId,
		b.announcement.id,
		b.shift.id,
		b.reportId,
		b.runId,
		b.webhookId,
		b.feedTokenId,
		b.invitationId,
		b.notificationId,
		b.flowState,
		// Tag and campaign ids are not listed: a refusal may echo the id the caller sent (their names carry MARK).
		b.approvalLinkId,
	].filter((s) => text.includes(s));

describe("tenant-isolation sweep", () => {
	it("every route refuses another workspace's objects or is named with a reason", async () => {
		const mine = await signUp();
		const theirs = await signUp();
		const b = await theirWorld(theirs);
		const myCookie = await signInCookie(mine.email, "correct horse battery");
		// The caller's own objects, for the routes whose path names one and whose body names B's.
		const myReport = (await call("POST", "/reports", { token: mine.token, json: { name: "mine" } })).body;
		const myMember = await addMember(mine, "author");
		const myAccount = await addAccount(mine);
		const myPost = (await call("POST", "/posts", { token: mine.token, json: { accountId: myAccount.id, body: "mine" } })).body.posts[0];
		const ids = idsByKind(b);
		const probes: Record<string, Probe[]> = { ...bodyProbes(b), ...formProbes(b), ...queryProbes(b) };
		const theirsBefore = await workspaceRows(theirs.id);

		const routes = appRoutes();
		expect(routes.length).toBeGreaterThan(80);
		const failures: string[] = [];
		const covered = new Set<string>();

		// B's ids, each with a well-formed id that exists nowhere: the control a probe is compared to.
		const theirIds = [...new Set(Object.values(ids).concat(b.local.id, b.acc.handle, b.flowState, b.ws.id))];
		const nowhereOf = new Map(
			theirIds.map((v) => [
				v,
				`00000000-0000-4000-8000-${v
					.replace(/[^0-9a-f]/g, "")
					.slice(-12)
					.padStart(12, "0")}`,
			]),
		);
		const swapAll = (text: string) => theirIds.reduce((t, id) => t.replaceAll(id, nowhereOf.get(id)!), text);

		/** Sends a probe as is (B's values) or with every B value swapped for one that exists nowhere. */
		const send = (route: AppRoute, p: Probe, swap: (v: string) => string) => {
			const q = <T>(o: T): T => JSON.parse(JSON.stringify(o), (_k, v) => (typeof v === "string" ? swap(v) : v));
			const path = swap(`${p.path ?? route.path}${p.query ?? ""}`);
			if (route.api) {
				const apiPath = path.replace("/api/v1", "");
				if (p.csv !== undefined) return call(route.method, apiPath, { token: mine.token, body: swap(p.csv), headers: { "Content-Type": "text/csv" } });
				return call(route.method, apiPath, { token: mine.token, json: p.json === undefined ? undefined : q(p.json) });
			}
			if (p.file !== undefined) return upload(path, myCookie, swap(p.file), q(p.form ?? {}));
			if (p.json !== undefined) return pageJson(path, myCookie, q(p.json));
			return page(route.method, path, { cookie: myCookie, form: p.form === undefined ? undefined : q(p.form) });
		};
		const textOf = (res: Awaited<ReturnType<typeof send>>) => ("html" in res ? res.html : JSON.stringify(res.body));

		/** B's values in the request must be answered exactly like values that exist nowhere: no oracle, no write. */
		const probe = async (route: AppRoute, p: Probe, label: string) => {
			const countsBefore = await rowCounts();
			const res = await send(route, p, (v) => v);
			const countsAfter = await rowCounts();
			const text = textOf(res);
			if (route.api && (res.status < 400 || res.status >= 500)) failures.push(`${label} with B's id: answered ${res.status}, want a 4xx`);
			if (!route.api && res.status >= 500) failures.push(`${label} with B's id: ${res.status}`);
			const grown = Object.keys(countsAfter).filter((t) => countsAfter[t] !== countsBefore[t]);
			if (grown.length) failures.push(`${label} with B's id: wrote to ${grown.join(", ")}`);
			const leaked = leaks(text, b);
			if (leaked.length) failures.push(`${label}: answer contains B's ${leaked.join(", ")}`);
			if (ORACLE[routeKey(route)]) {
				if (res.status < 400 || res.status >= 500) failures.push(`${label} with B's value: answered ${res.status}, want a 4xx`);
				return;
			}
			const control = await send(route, p, swapAll);
			const controlText = textOf(control);
			if (res.status !== control.status) failures.push(`${label}: B's id answered ${res.status}, a nonexistent id ${control.status}`);
			if ((route.api || p.json !== undefined) && swapAll(text) !== controlText)
				failures.push(`${label}: B's id answered ${text}, a nonexistent id ${controlText}`);
		};

		const exercise = async (route: AppRoute) => {
			const key = routeKey(route);
			if (NOT_TENANT_SCOPED[key]) {
				// A bench hook's reason is that it does not exist here: check it.
				if (key.includes(" /__bench/")) {
					const direct = await exports.default.fetch(
						new Request(`${BASE}${route.path}`, {
							method: route.method,
							headers: { Authorization: `Bearer ${mine.token}`, "Content-Type": "application/json" },
							body: "{}",
						}),
					);
					if (direct.status !== 404) failures.push(`${key}: named as a bench hook that is 404 outside bench mode, answered ${direct.status}`);
				}
				return covered.add(key);
			}
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
			} else if (probes[key] && route.method !== "GET") {
				for (const [i, p] of probes[key]!.entries()) await probe(route, p, probes[key]!.length > 1 ? `${key} (probe ${i + 1})` : key);
				return covered.add(key);
			} else if (route.method === "GET") {
				// A list or page: must answer without any of B's objects, bare and whatever ids the query names
				// (a query filter, `to` say, must not be what hides them).
				for (const query of ["", listQuery(b)]) {
					const res = route.api
						? await call("GET", `${path.replace("/api/v1", "")}${query}`, { token: mine.token })
						: await page("GET", `${path}${query}`, { cookie: myCookie });
					const answer = "html" in res ? res.html : JSON.stringify(res.body);
					if (![200, 303, 400, 404].includes(res.status)) failures.push(`${key}${query ? " with B's ids in the query" : ""}: answered ${res.status}`);
					const leakedHere = leaks(answer, b);
					if (leakedHere.length) failures.push(`${key}${query ? " with B's ids in the query" : ""}: answer contains B's ${leakedHere.join(", ")}`);
				}
				for (const p of probes[key] ?? []) await probe(route, p, key);
				return covered.add(key);
			} else {
				return failures.push(`${key}: cannot be swept (no path id, no body probe): add a probe or name it in NOT_TENANT_SCOPED with a reason`);
			}
			if (status >= 500) failures.push(`${key}: ${status}`);
			const leaked = leaks(text, b);
			if (leaked.length) failures.push(`${key}: answer contains B's ${leaked.join(", ")}`);
			covered.add(key);
		};
		for (const route of routes) await exercise(route);

		// Routes whose path names the caller's own object while the body names B's.
		const byKey = new Map(routes.map((r) => [routeKey(r), r]));
		for (const [key, list] of Object.entries(ownPathProbes(b, { reportId: myReport.id, memberId: myMember.id, postId: myPost.id }))) {
			const route = byKey.get(key);
			if (!route) failures.push(`${key}: an own-path probe for a route the app does not register`);
			else for (const p of list) await probe(route, p, `${key} (own object in the path)`);
		}

		expect(failures).toEqual([]);
		expect(covered.size).toBe(routes.length);
		// Nothing of B's changed: no foreign PATCH, DELETE or action got through.
		expect(await workspaceRows(theirs.id)).toBe(theirsBefore);
		// And the lists name only routes that exist, so they cannot rot into a blanket pass.
		const known = new Set(routes.map(routeKey));
		expect(Object.keys(NOT_TENANT_SCOPED).filter((k) => !known.has(k))).toEqual([]);
		expect(Object.keys(ORACLE).filter((k) => !known.has(k) || !probes[k])).toEqual([]);
		expect(Object.keys(probes).filter((k) => !known.has(k))).toEqual([]);
	}, 180_000);
});
