// Threads replies into the Inbox through the real ingest consumer, with the token refreshed by the
// account's desk first when it is due (an account that is only read still keeps working). Shapes as in
// test/networks/meta-readers.test.ts and threads.test.ts.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decryptCredentials } from "../../functions/auth/credentials";
import { readerFor } from "../../functions/networks/readers";
import { handleIngestBatch } from "../../queues/ingest";
import { addAccount, signUp } from "../helpers/api";
import { type Call, json, stubFetch } from "../networks/helpers";

afterEach(() => vi.restoreAllMocks());

const NOW = Date.parse("2026-11-26T12:00:00Z");

async function deliverIngest(workspaceId: string, accountId: string, stream: "mentions" | "metrics") {
	const batch = createMessageBatch<unknown>("chorus-ingest", [
		{ id: `t-${stream}`, timestamp: new Date(NOW), attempts: 1, body: { workspaceId, accountId, stream } },
	]);
	const ctx = createExecutionContext();
	await handleIngestBatch(batch, env, { now: () => NOW, readerFor });
	return getQueueResult(batch, ctx);
}

describe("Threads ingest", () => {
	it("refreshes a token with less than 30 days left, then stores the replies under the account's threads", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, {
			network: "threads",
			handle: "@chorus.team",
			credentials: { accessToken: "THQW-old", userId: "17841400001", expiresAt: NOW + 10 * 86_400_000 },
		});
		const calls = stubFetch((c: Call) => {
			const u = new URL(c.url);
			if (u.pathname === "/refresh_access_token") return json({ access_token: "THQW-new", token_type: "bearer", expires_in: 5_184_000 });
			if (u.pathname === "/v1.0/17841400001/threads") return json({ data: [{ id: "post_1" }] });
			if (u.pathname === "/v1.0/post_1/conversation")
				return json({
					data: [
						{
							id: "r1",
							text: "When does it ship?",
							username: "ari",
							timestamp: "2026-11-26T11:00:00+0000",
							replied_to: { id: "post_1" },
							is_reply_owned_by_me: false,
						},
					],
				});
			throw new Error(`unexpected ${c.method} ${c.url}`);
		});
		const result = await deliverIngest(ws.id, acc.id, "mentions");
		expect(result.retryMessages).toEqual([]);
		expect(new URL(calls[0]!.url).searchParams.get("access_token")).toBe("THQW-old");
		// Every read after the refresh carries the new token.
		for (const c of calls.slice(1)) expect(new URL(c.url).searchParams.get("access_token")).toBe("THQW-new");
		const row = await env.DB.prepare("SELECT credentials, credentials_expire_at AS expireAt FROM account WHERE id = ?")
			.bind(acc.id)
			.first<{ credentials: string; expireAt: number }>();
		expect(await decryptCredentials(env.CREDENTIALS_KEY, ws.id, acc.id, row!.credentials)).toMatchObject({ accessToken: "THQW-new" });
		expect(row!.expireAt).toBe(NOW + 5_184_000_000);
		const mention = await env.DB.prepare("SELECT external_id AS externalId, in_reply_to AS inReplyTo, text FROM mention WHERE account_id = ?")
			.bind(acc.id)
			.first<{ externalId: string; inReplyTo: string; text: string }>();
		expect(mention).toEqual({ externalId: "r1", inReplyTo: "post_1", text: "When does it ship?" });
	});
});
