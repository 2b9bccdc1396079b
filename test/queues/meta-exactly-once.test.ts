/**
 * Exactly once on Threads and Instagram, through the real publish consumer, the AccountDesk and the
 * adapters, against a fake Meta server behind the stubbed fetch (containers, status, publish, the
 * account's recent media, as in test/networks/threads.test.ts and instagram.test.ts). Two faults:
 * - the answer to the container creation is lost (the container exists, Chorus never learns its id):
 *   the next try creates another container; only the fixed one is ever published;
 * - the answer to threads_publish / media_publish is lost (the post exists): the next delivery reads
 *   the fixed container's status (PUBLISHED) and finds the post among the recent media.
 * Both end with exactly one post on the network and the post published with its id.
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

type Fault = "lose-create-answer" | "lose-publish-answer";

/**
 * The part of Meta's two hosts the adapters use: containers are created (and processed at once),
 * publishing a FINISHED container makes one post and turns it PUBLISHED, a second publish of it is
 * refused. A fault performs the action and then drops the answer, as a lost connection does.
 */
function fakeMeta(network: "threads" | "instagram", faults: Set<Fault>, clock: () => number) {
	const containers = new Map<string, { status: string; params: Record<string, string> }>();
	const posts: { id: string; text: string; timestamp: string; container: string }[] = [];
	const fetchedMedia: number[] = [];
	let n = 0;
	const user = network === "threads" ? "17841400001" : "17841405822304914";
	const text = (p: Record<string, string>) => (network === "threads" ? p.text : p.caption) ?? "";
	const handler = async (c: Call) => {
		const url = new URL(c.url);
		const path = url.pathname.replace(/^\/v[\d.]+\//, "");
		const params = Object.fromEntries(new URLSearchParams(c.body ?? ""));
		if (c.method === "POST" && (path === `${user}/threads` || path === `${user}/media`)) {
			// Meta fetches the media from its public address when the container is made.
			const mediaUrl = params.image_url ?? params.video_url;
			if (mediaUrl) {
				const res = await exports.default.fetch(new Request(`https://chorus.test${new URL(mediaUrl).pathname}`));
				fetchedMedia.push(res.status);
				await res.arrayBuffer();
				if (res.status !== 200) return json({ error: { message: "Media download has failed.", code: 9004, error_subcode: 2207052 } }, 400);
			}
			const id = `container_${++n}`;
			containers.set(id, { status: "FINISHED", params });
			if (faults.delete("lose-create-answer")) throw new Error("Network connection lost.");
			return json({ id });
		}
		if (c.method === "POST" && (path === `${user}/threads_publish` || path === `${user}/media_publish`)) {
			const container = containers.get(params.creation_id ?? "");
			if (container?.status !== "FINISHED") return json({ error: { message: "The media is not ready for publishing", code: 9007 } }, 400);
			container.status = "PUBLISHED";
			const id = `1806000000000${posts.length + 1}`;
			posts.push({
				id,
				text: text(container.params),
				timestamp: new Date(clock()).toISOString().replace(/\.\d{3}Z$/, "+0000"),
				container: params.creation_id!,
			});
			if (faults.delete("lose-publish-answer")) throw new Error("Network connection lost.");
			return json({ id });
		}
		if (c.method === "GET" && (path === `${user}/threads` || path === `${user}/media`)) {
			const field = network === "threads" ? "text" : "caption";
			return json({
				data: [...posts].reverse().map((p) => ({ id: p.id, [field]: p.text, timestamp: p.timestamp, permalink: `https://meta.example/p/${p.id}` })),
			});
		}
		if (c.method === "GET" && containers.has(path)) {
			const container = containers.get(path)!;
			return json(network === "threads" ? { status: container.status, id: path } : { status_code: container.status, id: path });
		}
		if (c.method === "GET" && posts.some((p) => p.id === path)) return json({ permalink: `https://meta.example/p/${path}`, id: path });
		return json({ error: { message: `Unknown path ${c.method} ${path}`, code: 100 } }, 400);
	};
	return { handler, containers, posts, fetchedMedia };
}

const credentials = {
	threads: { accessToken: "THQW-token", userId: "17841400001", expiresAt: Date.now() + 50 * 86_400_000 },
	instagram: { igUserId: "17841405822304914", pageId: "108765279", pageAccessToken: "EAAB-page-token" },
};

async function duePost(network: "threads" | "instagram") {
	queue = captureQueue();
	const ws = await signUp();
	const acc = await addAccount(ws, { network, handle: "@chorus.team", credentials: credentials[network] });
	const media = network === "instagram" ? [(await upload(ws.token, { type: "image/jpeg" })).body.id as string] : [];
	const dueAt = Math.ceil((Date.now() + HOUR) / 1000) * 1000;
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: `Spring launch on ${network}`, scheduledAt: new Date(dueAt).toISOString(), mediaIds: media },
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	const post = res.body.posts[0] as { id: string };
	await runSweep(dueAt);
	return { ws, post, dueAt };
}

/** The consumer's clock, which the fake network stamps its posts with (Graph's "+0000" timestamps). */
let clock = 0;

/** Delivers until the queue has nothing left to retry, each round later than the last retry asked. */
async function deliverUntilDone(start: number) {
	clock = start;
	for (let round = 0; round < 6; round++) {
		const { retried } = await deliver(queue.sent, clock, realAdapters);
		if (retried.length === 0) return;
		clock += 2 * 60_000;
	}
}

describe.each(["threads", "instagram"] as const)("%s exactly once", (network) => {
	it("a lost answer after the container was created: a second container, one post", async () => {
		const { ws, post, dueAt } = await duePost(network);
		const meta = fakeMeta(network, new Set(["lose-create-answer"]), () => clock);
		stubFetch(meta.handler);
		await deliverUntilDone(dueAt);

		expect(meta.posts).toHaveLength(1);
		expect(meta.containers.size).toBe(2);
		// The container published is the one the desk fixed, not the one whose answer was lost.
		expect(meta.posts[0]!.container).toBe("container_2");
		expect(meta.containers.get("container_1")!.status).toBe("FINISHED");
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.networkPostId).toBe(meta.posts[0]!.id);
		if (network === "instagram") expect(meta.fetchedMedia).toEqual([200, 200]);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["published"]);
	});

	it("a lost answer after the publish: the container reads PUBLISHED and the read-back finds the one post", async () => {
		const { ws, post, dueAt } = await duePost(network);
		const meta = fakeMeta(network, new Set(["lose-publish-answer"]), () => clock);
		stubFetch(meta.handler);
		await deliverUntilDone(dueAt);

		expect(meta.posts).toHaveLength(1);
		expect(meta.containers.size).toBe(1);
		const row = await postRow(post.id);
		expect(row?.status).toBe("published");
		expect(row?.networkPostId).toBe(meta.posts[0]!.id);
		expect(row?.networkUrl).toBe(`https://meta.example/p/${meta.posts[0]!.id}`);
		const attempts = (await call("GET", `/posts/${post.id}/attempts`, { token: ws.token })).body.items;
		expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["unknown", "reconciled"]);
	});
});

describe("Instagram never takes text alone", () => {
	it("scheduling an Instagram post without media is 422 naming mediaIds; a draft may wait for its image", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, { network: "instagram", handle: "@chorus.team", credentials: credentials.instagram });
		const scheduled = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "Just words", scheduledAt: new Date(Date.now() + HOUR).toISOString() },
		});
		expect(scheduled.status).toBe(422);
		expect(scheduled.body.error.issues[0]).toEqual({ path: ["mediaIds"], message: "Instagram cannot publish text alone: attach at least one image or video" });
		const draft = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Just words", status: "draft" } });
		expect(draft.status).toBe(201);
		const schedule = await call("PATCH", `/posts/${draft.body.posts[0].id}`, {
			token: ws.token,
			json: { status: "scheduled", scheduledAt: new Date(Date.now() + HOUR).toISOString() },
		});
		expect(schedule.status).toBe(422);
		expect(schedule.body.error.issues[0].path).toEqual(["mediaIds"]);
	});
});

describe("signed media links", () => {
	it("serve the bytes without credentials while valid; an altered token is 404 like unknown media", async () => {
		const ws = await signUp();
		const media = (await upload(ws.token, { type: "image/jpeg" })).body;
		const { mediaLinkToken } = await import("../../functions/services/media-links");
		const token = await mediaLinkToken(env.CREDENTIALS_KEY, ws.id, media.id, Date.now() + HOUR);
		const ok = await exports.default.fetch(new Request(`https://chorus.test/api/v1/media-links/${token}`));
		expect(ok.status).toBe(200);
		expect(ok.headers.get("content-type")).toBe("image/jpeg");
		expect((await ok.arrayBuffer()).byteLength).toBe(media.size);
		const expired = await mediaLinkToken(env.CREDENTIALS_KEY, ws.id, media.id, Date.now() - 1);
		const other = await mediaLinkToken(env.CREDENTIALS_KEY, "another-workspace", media.id, Date.now() + HOUR);
		for (const bad of [`${token.slice(0, -2)}xx`, expired, other, "nonsense"]) {
			const res = await exports.default.fetch(new Request(`https://chorus.test/api/v1/media-links/${bad}`));
			expect(res.status, bad).toBe(404);
			await res.arrayBuffer();
		}
	});
});

describe("refusals and retraction", () => {
	it("a container Instagram refuses (media it cannot fetch or use) fails the post with the reason, nothing published", async () => {
		const { post, dueAt } = await duePost("instagram");
		stubFetch(() =>
			json({ error: { message: "Only photo or video can be accepted as media type.", type: "OAuthException", code: 9004, error_subcode: 2207052 } }, 400),
		);
		await deliverUntilDone(dueAt);
		const row = await postRow(post.id);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toMatch(/^The network refused this post: Instagram refused the media container \(400: .*Only photo or video/);
	});

	it("Threads retracts with DELETE; Instagram says its API cannot delete and the post stays published", async () => {
		for (const network of ["threads", "instagram"] as const) {
			const { ws, post, dueAt } = await duePost(network);
			const meta = fakeMeta(network, new Set(), () => clock);
			stubFetch(meta.handler);
			await deliverUntilDone(dueAt);
			expect((await postRow(post.id))?.status).toBe("published");
			vi.restoreAllMocks();
			const calls = stubFetch(() => json({ success: true, deleted_id: meta.posts[0]!.id }));
			const res = await call("POST", `/posts/${post.id}/retract`, { token: ws.token, json: { reason: "Wrong date" } });
			if (network === "threads") {
				expect(res.status, JSON.stringify(res.body)).toBe(200);
				expect(calls[0]!.method).toBe("DELETE");
				expect(new URL(calls[0]!.url).pathname).toBe(`/v1.0/${meta.posts[0]!.id}`);
			} else {
				expect(res.status).toBe(502);
				expect(res.body.error.message).toBe(
					"The post is still on the network: Instagram's API cannot delete posts: delete it in the Instagram app (Chorus left it as published)",
				);
				expect(calls).toHaveLength(0);
				expect((await postRow(post.id))?.retractedAt).toBeNull();
			}
			queue.restore();
		}
	});
});
