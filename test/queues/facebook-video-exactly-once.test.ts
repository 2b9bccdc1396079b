/**
 * A Facebook Page video published exactly once, through the real publish consumer, the AccountDesk and
 * the adapter, against a fake Graph behind the stubbed fetch (shapes as in
 * test/networks/facebook-video.test.ts: POST /{page-id}/videos → { id }, GET /{page-id}/videos →
 * { data: [{ id, description, created_time, permalink_url }] },
 * developers.facebook.com/docs/graph-api/reference/page/videos). Facebook fetches the video from
 * Chorus's signed link (file_url), as the real one does. The video request is the publish:
 * - its answer is lost after the video was made: the read-back finds it, nothing is sent again;
 * - the connection is lost before Facebook got it: the read-back says absent, it is sent once more.
 * Both end with exactly one video on the Page and the post published with its id.
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import type { Network } from "../../domain/networks";
import { adapterFor } from "../../functions/networks/adapters";
import { addAccount, call, signUp } from "../helpers/api";
import { upload } from "../helpers/media";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";
import { type Call, json, stubFetch } from "../networks/helpers";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => {
	queue?.restore();
	vi.restoreAllMocks();
});

const realAdapters = { adapterFor: (network: string) => adapterFor(network as Network, createDb(env.DB)) };
const HOUR = 3_600_000;
const pageId = "108765279";

type Fault = "lose-answer" | "lose-request";

/** The Graph a Page video uses: the video POST fetches file_url and makes the post; the Page's videos list. */
function fakeGraph(faults: Set<Fault>, clock: () => number) {
	const videos: { id: string; description: string; created_time: string; bytes: number }[] = [];
	const sends: Record<string, string>[] = [];
	const handler = async (c: Call) => {
		const url = new URL(c.url);
		const path = url.pathname.replace(/^\/v[\d.]+\//, "");
		if (c.method === "POST" && path === `${pageId}/videos`) {
			const params = Object.fromEntries(new URLSearchParams(c.body ?? ""));
			sends.push(params);
			if (faults.delete("lose-request")) throw new Error("Network connection lost.");
			const res = await exports.default.fetch(new Request(`https://chorus.test${new URL(params.file_url ?? "https://x/").pathname}`));
			const bytes = (await res.arrayBuffer()).byteLength;
			if (res.status !== 200) return json({ error: { message: "(#100) Invalid file_url", code: 100 } }, 400);
			const id = `12039485760${videos.length + 1}`;
			videos.push({ id, description: params.description ?? "", created_time: new Date(clock()).toISOString().replace(/\.\d{3}Z$/, "+0000"), bytes });
			if (faults.delete("lose-answer")) throw new Error("Network connection lost.");
			return json({ id });
		}
		if (c.method === "GET" && path === `${pageId}/videos`) {
			return json({
				data: [...videos]
					.reverse()
					.map((v) => ({ id: v.id, description: v.description, created_time: v.created_time, permalink_url: `/${pageId}/videos/${v.id}/` })),
			});
		}
		return json({ error: { message: `Unknown path ${c.method} ${path}`, code: 100 } }, 400);
	};
	return { handler, videos, sends };
}

async function dueVideoPost() {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, { network: "facebook", handle: "Chorus Page", credentials: { pageId, pageAccessToken: "EAAB-page-token" } });
	const video = await upload(ws.token, { type: "video/mp4", alt: "The launch in 30 seconds", fields: { durationSeconds: "30" } });
	expect(video.status, JSON.stringify(video.body)).toBe(201);
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: "Spring launch, in 30 seconds", scheduledAt: new Date(dueAt).toISOString(), mediaIds: [video.body.id] },
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	await runSweep(dueAt);
	return { ws, post: res.body.posts[0] as { id: string }, dueAt, size: video.body.size as number };
}

let clock = 0;

async function deliverUntilDone(start: number) {
	clock = start;
	for (let round = 0; round < 6; round++) {
		const { retried } = await deliver(queue.sent, clock, realAdapters);
		if (retried.length === 0) return;
		clock += 2 * 60_000;
	}
}

describe("Facebook Page video exactly once", () => {
	it("publishes one video: Facebook fetches the bytes from the signed link, the text is the description", async () => {
		const { ws, post, dueAt, size } = await dueVideoPost();
		const graph = fakeGraph(new Set(), () => clock);
		stubFetch(graph.handler);
		await deliverUntilDone(dueAt);
		expect(graph.videos).toHaveLength(1);
		expect(graph.videos[0]).toMatchObject({ description: "Spring launch, in 30 seconds", bytes: size });
		expect(graph.sends[0]!.access_token).toBe("EAAB-page-token");
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.networkPostId).toBe(graph.videos[0]!.id);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["published"]);
	});

	it("a lost answer after the video was made: the read-back finds it and nothing is sent again", async () => {
		const { ws, post, dueAt } = await dueVideoPost();
		const graph = fakeGraph(new Set(["lose-answer"]), () => clock);
		stubFetch(graph.handler);
		await deliverUntilDone(dueAt);
		expect(graph.sends).toHaveLength(1);
		expect(graph.videos).toHaveLength(1);
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.networkPostId).toBe(graph.videos[0]!.id);
		expect(row?.networkUrl).toBe(`https://www.facebook.com/${pageId}/videos/${graph.videos[0]!.id}/`);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["unknown", "reconciled"]);
	});

	it("a connection lost before Facebook got it: the read-back says absent and it is sent once more", async () => {
		const { post, dueAt } = await dueVideoPost();
		const graph = fakeGraph(new Set(["lose-request"]), () => clock);
		stubFetch(graph.handler);
		await deliverUntilDone(dueAt);
		expect(graph.sends).toHaveLength(2);
		expect(graph.videos).toHaveLength(1);
		// Both sends carried the same fixed request: the same link and text.
		expect(graph.sends[1]).toEqual(graph.sends[0]);
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.networkPostId).toBe(graph.videos[0]!.id);
	});

	it("a refusal (Facebook cannot use the file) fails the post with the reason, nothing published", async () => {
		const { post, dueAt } = await dueVideoPost();
		stubFetch(() => json({ error: { message: "(#100) Invalid file_url: the video could not be downloaded", type: "OAuthException", code: 100 } }, 400));
		await deliverUntilDone(dueAt);
		const row = await postRow(post.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toContain("Invalid file_url");
	});
});
