import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signInCookie, signUp, type Workspace } from "../helpers/api";
import { PASSWORD, page as webPage } from "../web/page";

const BASE = "https://chorus.test";

/** The public review page, as a browser without an account asks for it. */
async function page(path: string, init: { method?: string; form?: Record<string, string>; origin?: string; client?: string } = {}) {
	const headers: Record<string, string> = { "X-Chorus-Client": init.client ?? "review-tests" };
	let body: string | undefined;
	if (init.form) {
		headers["Content-Type"] = "application/x-www-form-urlencoded";
		headers.Origin = init.origin ?? BASE;
		body = new URLSearchParams(init.form).toString();
	}
	const res = await exports.default.fetch(
		new Request(`${BASE}${path}`, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" }),
	);
	return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The form token and post id the page gave for one post. */
function formFor(html: string, postId: string) {
	const i = html.indexOf(`name="postId" value="${postId}"`);
	expect(i).toBeGreaterThan(0);
	const m = /name="form" value="([^"]+)"/.exec(html.slice(i));
	return m![1]!;
}

async function pendingPost(ws: Workspace, extra: Record<string, unknown> = {}) {
	const author = await addMember(ws, "author");
	const acc = await addAccount(ws, extra);
	const created = await call("POST", "/posts", {
		token: author.token,
		json: { accountId: acc.id, body: "Spring sale starts Monday", scheduledAt: inHours(24) },
	});
	expect(created.body.posts[0].status).toBe("pending_approval");
	return { author, acc, post: created.body.posts[0] as { id: string } };
}

async function makeLink(token: string, json: Record<string, unknown>) {
	const res = await call("POST", "/approval-links", { token, json: { label: "Acme client", expiresAt: inHours(48), ...json } });
	expect(res.status).toBe(201);
	return { ...res.body, path: new URL(res.body.url).pathname } as { id: string; url: string; path: string; state: string };
}

async function decide(path: string, postId: string, decision: "approve" | "changes", comment = "") {
	const view = await page(path);
	expect(view.status).toBe(200);
	return page(path, { form: { postId, decision, comment, form: formFor(view.text, postId) } });
}

async function auditOf(ws: Workspace, subject: string) {
	const res = await call("GET", `/audit?subject=${encodeURIComponent(subject)}`, { token: ws.token });
	return res.body.items as { actor: string; action: string; after: any }[];
}

describe("approval links", () => {
	it("a client approves a pending post through a link that counts: it is scheduled, audited under the link", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id, countsAsApproval: true });
		expect(link.url).toMatch(/\/review\/chorus_review_/);
		expect(link.state).toBe("active");

		const view = await page(link.path);
		expect(view.status).toBe(200);
		expect(view.headers.get("X-Robots-Tag")).toContain("noindex");
		expect(view.headers.get("Cache-Control")).toBe("no-store");
		expect(view.headers.get("Referrer-Policy")).toBe("no-referrer");
		expect(view.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
		expect(view.text).toContain('name="robots" content="noindex');
		expect(view.text).toContain("Spring sale starts Monday");
		expect(view.text).toMatch(/Sandbox: \d+\/500/);
		// Nothing of the workspace beyond the post: no member nav, no other names.
		expect(view.text).not.toContain("/calendar");
		expect(view.text).not.toContain("Olive Owner");

		const done = await decide(link.path, post.id, "approve");
		expect(done.status).toBe(303);
		expect(done.headers.get("Location")).toContain("outcome=approved");
		const after = await call("GET", `/posts/${post.id}`, { token: ws.token });
		expect(after.body).toMatchObject({ status: "scheduled", approver: { id: ws.ownerId } });
		const audit = await auditOf(ws, `post:${post.id}`);
		expect(audit.find((e) => e.action === "post.approve")?.actor).toBe(`link:${link.id}`);
		expect(audit.find((e) => e.action === "post.client_approve")?.after).toMatchObject({ by: "client via link Acme client", counted: true });
		// The audit page names the client through the link, not "a former member".
		const auditPage = await webPage("GET", `/audit?subject=${encodeURIComponent(`post:${post.id}`)}`, { cookie: await signInCookie(ws.email, PASSWORD) });
		expect(auditPage.html).toContain("client via link Acme client");
	});

	it("an approval through a link that does not count is recorded and leaves the post waiting", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id, countsAsApproval: false });
		const done = await decide(link.path, post.id, "approve");
		expect(done.headers.get("Location")).toContain("outcome=recorded");
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.status).toBe("pending_approval");
		const audit = await auditOf(ws, `post:${post.id}`);
		expect(audit.find((e) => e.action === "post.client_approve")).toMatchObject({ actor: `link:${link.id}`, after: { counted: false } });
	});

	it("the posting policy still decides: a post waiting for the account owner is not approved by a manager's link", async () => {
		const ws = await signUp();
		const owner = await addMember(ws, "manager");
		const { post } = await pendingPost(ws, { ownerId: owner.id, postingPolicy: "owner" });
		const manager = await addMember(ws, "manager");
		const link = await makeLink(manager.token, { postId: post.id, countsAsApproval: true });
		const done = await decide(link.path, post.id, "approve");
		expect(done.headers.get("Location")).toContain("outcome=recorded");
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.status).toBe("pending_approval");
		const entry = (await auditOf(ws, `post:${post.id}`)).find((e) => e.action === "post.client_approve");
		expect(entry?.after).toMatchObject({ counted: false });
		expect(entry?.after.refusal).toBeTruthy();
		// The owner's own link counts.
		const ownLink = await makeLink(owner.token, { postId: post.id, countsAsApproval: true });
		expect((await decide(ownLink.path, post.id, "approve")).headers.get("Location")).toContain("outcome=approved");
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.status).toBe("scheduled");
	});

	it("asking for changes sends the post back as changes_requested with the client's comment; a comment is required", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id });
		const empty = await decide(link.path, post.id, "changes", "  ");
		expect(empty.status).toBe(422);
		expect(empty.text).toContain("Say what should change");
		const done = await decide(link.path, post.id, "changes", "Say Tuesday, not Monday");
		expect(done.headers.get("Location")).toContain("outcome=changes");
		const after = await call("GET", `/posts/${post.id}`, { token: ws.token });
		expect(after.body).toMatchObject({
			status: "draft",
			reviewVerdict: "changes_requested",
			rejectionReason: "client via link Acme client: Say Tuesday, not Monday",
		});
		const audit = await auditOf(ws, `post:${post.id}`);
		expect(audit.find((e) => e.action === "post.request_changes")?.actor).toBe(`link:${link.id}`);
		expect(audit.find((e) => e.action === "post.client_request_changes")?.after).toMatchObject({ comment: "Say Tuesday, not Monday" });
	});

	it("revoking stops the link at once, for the page and for a form loaded before; revoking is audited", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id, countsAsApproval: true });
		const view = await page(link.path);
		const form = formFor(view.text, post.id);
		expect((await call("DELETE", `/approval-links/${link.id}`, { token: ws.token })).status).toBe(204);
		const gone = await page(link.path);
		expect(gone.status).toBe(410);
		expect(gone.text).toContain("withdrawn");
		expect(gone.headers.get("X-Robots-Tag")).toContain("noindex");
		// A form loaded before the revocation is refused too.
		const late = await page(link.path, { form: { postId: post.id, decision: "approve", comment: "", form } });
		expect(late.status).toBe(410);
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.status).toBe("pending_approval");
		expect((await call("GET", `/approval-links/${link.id}`, { token: ws.token })).body.state).toBe("revoked");
		expect((await auditOf(ws, `approval_link:${link.id}`)).map((e) => e.action)).toEqual(
			expect.arrayContaining(["approval_link.create", "approval_link.revoke"]),
		);
	});

	it("an expired link answers 410; an unknown one 404", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id, expiresAt: inHours(1) });
		const later = await exports.default.fetch(new Request(`${BASE}${link.path}`, { headers: { "X-Chorus-Now": inHours(2) } }));
		expect(later.status).toBe(410);
		expect(await later.text()).toContain("expired");
		expect((await page("/review/chorus_review_nothing-here")).status).toBe(404);
	});

	it("refuses a form token made for another post or link, and a cross-site post", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const other = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id, countsAsApproval: true });
		const otherLink = await makeLink(ws.token, { postId: other.post.id, countsAsApproval: true });
		const foreignForm = formFor((await page(otherLink.path)).text, other.post.id);
		const swapped = await page(link.path, { form: { postId: post.id, decision: "approve", comment: "", form: foreignForm } });
		expect(swapped.status).toBe(400);
		// A post outside the link, with that post's own valid form token, is not reachable through this link.
		const outside = await page(link.path, { form: { postId: other.post.id, decision: "approve", comment: "", form: foreignForm } });
		expect(outside.status).toBe(400);
		const form = formFor((await page(link.path)).text, post.id);
		const crossSite = await page(link.path, { form: { postId: post.id, decision: "approve", comment: "", form }, origin: "https://evil.example" });
		expect(crossSite.status).toBe(403);
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.status).toBe("pending_approval");
	});

	it("a campaign's link shows that campaign's posts only", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const camp = await call("POST", "/campaigns", { token: ws.token, json: { name: "Spring", startDate: "2026-03-01", endDate: "2026-03-31" } });
		const inside = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Inside the campaign", campaignId: camp.body.id } });
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Outside the campaign" } });
		const link = await makeLink(ws.token, { campaignId: camp.body.id });
		const view = await page(link.path);
		expect(view.text).toContain("Inside the campaign");
		expect(view.text).not.toContain("Outside the campaign");
		expect(view.text).toContain(`value="${inside.body.posts[0].id}"`);
	});

	it("validates: roles, scope, expiry, another workspace's post, and isolation of links", async () => {
		const ws = await signUp();
		const { post, author } = await pendingPost(ws);
		expect((await call("POST", "/approval-links", { token: author.token, json: { label: "x", expiresAt: inHours(2), postId: post.id } })).status).toBe(403);
		const both = await call("POST", "/approval-links", { token: ws.token, json: { label: "x", expiresAt: inHours(2) } });
		expect(both.status).toBe(400);
		expect(both.body.error.issues[0].path).toEqual(["postId"]);
		const past = await call("POST", "/approval-links", { token: ws.token, json: { label: "x", expiresAt: inHours(-1), postId: post.id } });
		expect(past.status).toBe(422);
		expect(past.body.error.issues[0].path).toEqual(["expiresAt"]);
		const far = await call("POST", "/approval-links", { token: ws.token, json: { label: "x", expiresAt: inHours(24 * 100), postId: post.id } });
		expect(far.body.error.issues[0].path).toEqual(["expiresAt"]);
		const other = await signUp();
		const foreign = await call("POST", "/approval-links", { token: other.token, json: { label: "x", expiresAt: inHours(2), postId: post.id } });
		expect(foreign.status).toBe(422);
		expect(foreign.body.error.issues[0].path).toEqual(["postId"]);
		const link = await makeLink(ws.token, { postId: post.id });
		expect((await call("GET", `/approval-links/${link.id}`, { token: other.token })).status).toBe(404);
		expect((await call("DELETE", `/approval-links/${link.id}`, { token: other.token })).status).toBe(404);
		expect((await call("GET", "/approval-links", { token: other.token })).body.items).toEqual([]);
		const listed = await call("GET", `/approval-links?postId=${post.id}`, { token: ws.token });
		expect(listed.body.items).toHaveLength(1);
		expect(JSON.stringify(listed.body)).not.toContain(`chorus_review_${link.url.split("chorus_review_")[1]}`);
	});

	it("rate limits decisions per client", async () => {
		const ws = await signUp();
		const { post } = await pendingPost(ws);
		const link = await makeLink(ws.token, { postId: post.id });
		const form = formFor((await page(link.path)).text, post.id);
		let last = 0;
		for (let i = 0; i < 31; i++) {
			last = (await page(link.path, { form: { postId: post.id, decision: "approve", comment: "", form }, client: "busy" })).status;
		}
		expect(last).toBe(429);
	});
});
