// What a post keeps of a network's error answer: a summary (status, code, short message), never the
// body. And an account whose URL was stored before the outbound guard existed is not fetched.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import type { Network } from "../../domain/networks";
import { encryptCredentials } from "../../functions/auth/credentials";
import { adapterFor } from "../../functions/networks/adapters";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { stubFetch, text } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

const HOUR = 3_600_000;
const TOKEN = "mastodon-access-token-0f9e8d7c6b5a4f3e2d1c";

/** A Mastodon account with a post due in an hour, claimed by the sweep. */
async function claimedMastodonPost(instanceUrl = "https://mastodon.example") {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, {
		network: "mastodon",
		handle: "@hq@mastodon.example",
		credentials: { instanceUrl: "https://mastodon.example", accessToken: TOKEN },
	});
	if (instanceUrl !== "https://mastodon.example") {
		// As a row saved before the guard: the sealed credentials name the instance directly.
		const sealed = await encryptCredentials(env.CREDENTIALS_KEY, ws.id, acc.id, { instanceUrl, accessToken: TOKEN });
		await env.DB.prepare("UPDATE account SET credentials = ? WHERE id = ?").bind(sealed, acc.id).run();
	}
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: "Hello from Chorus", scheduledAt: new Date(dueAt).toISOString() },
	});
	const post = res.body.posts[0] as { id: string };
	await runSweep(dueAt);
	return { ws, post, dueAt };
}

const realAdapters = { adapterFor: (network: string) => adapterFor(network as Network, createDb(env.DB)) };

/** An nginx-style error page, 300 KB, that echoes the request's token. */
const errorPage = [
	"<!DOCTYPE html><html><head><title>400 Bad Request — mastodon.example</title>",
	"<style>body{font:14px sans-serif}</style><script>var cfg={token:'abc'}</script></head>",
	`<body><h1>Bad Request</h1><p>Authorization: Bearer ${TOKEN} was not accepted &amp; the request was dropped.</p>`,
	`<pre>${"stack frame at /srv/app/lib/handler.rb:42\n".repeat(7000)}</pre></body></html>`,
].join("");

describe("a network's error body", () => {
	it("is stored as a short summary in the attempt and the failure reason, never whole", async () => {
		const { ws, post, dueAt } = await claimedMastodonPost();
		stubFetch(() => text(errorPage, 400));
		await deliver(queue.sent, dueAt, realAdapters);

		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts).toHaveLength(1);
		const summary = attempts[0].network.summary as string;
		expect(attempts[0].network.status).toBe(400);
		expect(summary.length).toBeLessThanOrEqual(200);
		expect(summary).toMatch(
			/^400: 400 Bad Request — mastodon\.example Bad Request Authorization: Bearer \[redacted\] was not accepted & the request was dropped\. stack frame/,
		);
		for (const leaked of [TOKEN, "<", ">", "cfg", "font:"]) expect(summary, leaked).not.toContain(leaked);

		const row = await postRow(post.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toBe(`The network refused this post: ${summary}`);
		// What notifications and the audit trail are made from carries the summary, not the page.
		const events = await env.DB.prepare("SELECT data FROM notify_event WHERE workspace_id = ?").bind(ws.id).all<{ data: string }>();
		expect(events.results.map((e) => JSON.parse(e.data).reason)).toContain(row?.failureReason);
		const audit = await env.DB.prepare("SELECT after FROM audit_event WHERE subject = ?").bind(`post:${post.id}`).all<{ after: string | null }>();
		for (const text of [...events.results.map((e) => e.data), ...audit.results.map((a) => a.after ?? "")]) {
			expect(text).not.toContain(TOKEN);
			expect(text.length).toBeLessThan(1000);
		}
	});

	it("an account whose instance is a private address is never fetched: the attempt says why", async () => {
		const { ws, post, dueAt } = await claimedMastodonPost("https://169.254.169.254");
		const calls = stubFetch(() => text("metadata", 200));
		await deliver(queue.sent, dueAt, realAdapters);
		expect(calls).toHaveLength(0);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts[0].network.summary).toMatch(/not sent: Outbound request refused: 169\.254\.169\.254 is a link-local address/);
	});
});
