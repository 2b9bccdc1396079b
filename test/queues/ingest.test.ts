import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { readerFor } from "../../functions/networks/readers";
import { handleIngestBatch } from "../../queues/ingest";
import type { IngestMessage } from "../../queues/messages";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, runSweep } from "../helpers/publishing";
import { json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
	vi.restoreAllMocks();
});

let seq = 0;
async function deliverIngest(bodies: IngestMessage[], now: number) {
	const batch = createMessageBatch<unknown>(
		"chorus-ingest",
		bodies.map((body) => ({ id: `i${seq++}`, timestamp: new Date(now), attempts: 1, body })),
	);
	const ctx = createExecutionContext();
	await handleIngestBatch(batch, env, { now: () => now, readerFor });
	const result = await getQueueResult(batch, ctx);
	return { acked: result.explicitAcks.length, retried: result.retryMessages };
}

const count = async (sql: string, ...binds: unknown[]) =>
	(await env.DB.prepare(sql)
		.bind(...binds)
		.first<{ n: number }>())!.n;
const state = (accountId: string, stream: string) =>
	env.DB.prepare("SELECT * FROM ingest_state WHERE account_id = ? AND stream = ?")
		.bind(accountId, stream)
		.first<{ cursor: string | null; last_error: string | null; failures: number; next_run_at: number }>();

const NOW = Date.parse("2026-03-10T12:00:00Z");

describe("ingest", () => {
	it("the sweep enqueues each account's streams once per interval; the sandbox's mentions and metrics are stored, classified, once", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		queue = captureQueue();
		await runSweep(NOW);
		const mine = queue.ingest.filter((m) => m.accountId === acc.id);
		expect(mine.map((m) => m.stream).sort()).toEqual(["mentions", "metrics"]);
		await runSweep(NOW + 60_000);
		expect(queue.ingest.filter((m) => m.accountId === acc.id)).toHaveLength(2);

		expect(await deliverIngest(mine, NOW)).toEqual({ acked: 2, retried: [] });
		const stored = await count("SELECT COUNT(*) AS n FROM mention WHERE account_id = ?", acc.id);
		expect(stored).toBeGreaterThan(20);
		expect(await count("SELECT COUNT(DISTINCT kind) AS n FROM mention WHERE account_id = ?", acc.id)).toBeGreaterThanOrEqual(3);
		expect(await count("SELECT COUNT(*) AS n FROM mention WHERE account_id = ? AND classifier_version = 0", acc.id)).toBe(0);
		expect(await count("SELECT COUNT(*) AS n FROM metric_day WHERE account_id = ? AND followers > 0", acc.id)).toBe(14);

		// Delivered again (at least once): nothing doubles; the cursor had moved to now.
		await env.DB.prepare("UPDATE ingest_state SET cursor = NULL WHERE account_id = ? AND stream = 'mentions'").bind(acc.id).run();
		await deliverIngest(mine, NOW);
		expect(await count("SELECT COUNT(*) AS n FROM mention WHERE account_id = ?", acc.id)).toBe(stored);
		expect(await count("SELECT COUNT(*) AS n FROM metric_day WHERE account_id = ?", acc.id)).toBe(14);
		const listed = await call("GET", `/mentions?accountId=${acc.id}&kind=question&limit=500`, { token: ws.token });
		expect(listed.body.items.length).toBeGreaterThan(0);
	});

	it("Mastodon: resumes from the cursor, ignores duplicates, and a network error is retried without losing the cursor", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, {
			network: "mastodon",
			handle: "@hq@social.example",
			credentials: { instanceUrl: "https://social.example", accessToken: "tok" },
		});
		const job: IngestMessage = { workspaceId: ws.id, accountId: acc.id, stream: "mentions" };
		const notification = (id: string, text: string) => ({
			id,
			type: "mention",
			created_at: "2026-03-10T11:00:00.000Z",
			account: { id: `a${id}`, acct: `user${id}@elsewhere.example`, display_name: "" },
			status: { id: `s${id}`, created_at: "2026-03-10T11:00:00.000Z", content: `<p>${text}</p>`, in_reply_to_id: null },
		});
		const rel = (id: string) => json([{ id: `a${id}`, followed_by: false, following: false }]);

		let calls = stubFetch(json([notification("101", "How do I reset my password?")]), rel("101"));
		expect(await deliverIngest([job], NOW)).toEqual({ acked: 1, retried: [] });
		expect(new URL(calls[0]!.url).searchParams.get("min_id")).toBeNull();
		expect((await state(acc.id, "mentions"))!.cursor).toBe("101");
		vi.restoreAllMocks();

		stubFetch(json({ error: "upstream" }, 503));
		const failed = await deliverIngest([job], NOW + 300_000);
		expect(failed.acked).toBe(0);
		expect(failed.retried).toHaveLength(1);
		const after = (await state(acc.id, "mentions"))!;
		expect(after.cursor).toBe("101");
		expect(after.failures).toBe(1);
		expect(after.last_error).toMatch(/503/);
		vi.restoreAllMocks();

		// The server answers the overlap again (101) with a new one (102): one new mention, no double.
		calls = stubFetch(
			json([notification("102", "Love the new release!"), notification("101", "How do I reset my password?")]),
			json([
				{ id: "a102", followed_by: true, following: false },
				{ id: "a101", followed_by: false, following: false },
			]),
		);
		expect(await deliverIngest([job], NOW + 600_000)).toEqual({ acked: 1, retried: [] });
		expect(new URL(calls[0]!.url).searchParams.get("min_id")).toBe("101");
		const rows = await createDb(env.DB).query.mention.findMany({ where: (m, { eq }) => eq(m.accountId, acc.id), orderBy: (m, { asc }) => [asc(m.externalId)] });
		expect(rows.map((r) => [r.externalId, r.kind, r.isFollower])).toEqual([
			["s101", "question", false],
			["s102", "praise", true],
		]);
		const done = (await state(acc.id, "mentions"))!;
		expect(done).toMatchObject({ cursor: "102", failures: 0, last_error: null });
	});
});
