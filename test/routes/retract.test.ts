import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mastodonAdapter } from "../../functions/networks/mastodon";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";
import { json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

/** A post published through the real consumer (sandbox unless another adapter is given). */
async function published(extra: Record<string, unknown> = {}, adapter?: typeof mastodonAdapter) {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, extra);
	const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: "Tonight's show is sold out", scheduledAt: new Date(dueAt).toISOString() },
	});
	const id = res.body.posts[0].id as string;
	await runSweep(dueAt);
	await deliver(queue.sent.splice(0), dueAt, { adapterFor: () => adapter });
	expect((await postRow(id))?.status).toBe("published");
	return { ws, acc, id };
}

describe("retracting a published post", () => {
	it("deletes it on the network and records who and why, once", async () => {
		const { ws, id } = await published();
		expect(await feedCount(id)).toBe(1);
		const res = await call("POST", `/posts/${id}/retract`, { token: ws.token, json: { reason: "Wrong date in the text" } });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ status: "published", retraction: { by: { id: ws.ownerId, name: "Olive Owner" }, reason: "Wrong date in the text" } });
		expect(res.body.retraction.at).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(await feedCount(id)).toBe(0);
		const again = await call("POST", `/posts/${id}/retract`, { token: ws.token, json: { reason: "twice" } });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe("already_retracted");
		const audit = await env.DB.prepare("SELECT actor_id, after FROM audit_event WHERE subject = ? AND action = 'post.retract'")
			.bind(`post:${id}`)
			.all<{ actor_id: string; after: string }>();
		expect(audit.results).toHaveLength(1);
		expect(audit.results[0]!.actor_id).toBe(ws.ownerId);
		expect(JSON.parse(audit.results[0]!.after)).toMatchObject({ reason: "Wrong date in the text", network: "deleted" });
	});

	it("needs a reason, a published post, the right role and the same workspace", async () => {
		const { ws, acc, id } = await published();
		const noReason = await call("POST", `/posts/${id}/retract`, { token: ws.token, json: { reason: " " } });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.issues[0].path).toEqual(["reason"]);
		const author = await addMember(ws, "author");
		expect((await call("POST", `/posts/${id}/retract`, { token: author.token, json: { reason: "no" } })).status).toBe(403);
		const other = await signUp();
		expect((await call("POST", `/posts/${id}/retract`, { token: other.token, json: { reason: "no" } })).status).toBe(404);
		const draft = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Just a draft" } });
		const notYet = await call("POST", `/posts/${draft.body.posts[0].id}/retract`, { token: ws.token, json: { reason: "no" } });
		expect(notYet.status).toBe(409);
		expect(notYet.body.error.code).toBe("not_published");
		expect(await feedCount(id)).toBe(1);
	});

	it("a network that refuses the delete leaves the post as it was, and says so", async () => {
		stubFetch((c) =>
			c.method === "POST" ? json({ id: "1032", url: "https://mastodon.example/@hq/1032", content: "<p>x</p>" }) : json({ error: "Internal" }, 500),
		);
		const { ws, id } = await published({ network: "mastodon", credentials: { instanceUrl: "https://mastodon.example", accessToken: "tok" } }, mastodonAdapter);
		const res = await call("POST", `/posts/${id}/retract`, { token: ws.token, json: { reason: "Typo" } });
		expect(res.status).toBe(502);
		expect(res.body.error.code).toBe("network_refused");
		expect((await postRow(id))?.retractedAt).toBeNull();
		vi.restoreAllMocks();
		// Answers are made per call: a Response made here could not be read inside the Worker's request.
		const calls = stubFetch(() => json({ id: "1032" }));
		expect((await call("POST", `/posts/${id}/retract`, { token: ws.token, json: { reason: "Typo" } })).status).toBe(200);
		expect(calls[0]).toMatchObject({ method: "DELETE", url: "https://mastodon.example/api/v1/statuses/1032" });
	});
});
