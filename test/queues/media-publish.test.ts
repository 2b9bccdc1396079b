// Publishing with media through the real consumer: the upload happens once, is fixed in the desk, and
// every try of the post (a retry, a second delivery) attaches that same upload.

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { createSandboxAdapter } from "../../functions/networks/sandbox";
import type { MediaUpload, NetworkAdapter, PublishOutcome, PublishRequest } from "../../functions/networks/types";
import { addAccount, call, signUp } from "../helpers/api";
import { upload } from "../helpers/media";
import { captureQueue, deliver, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

/** The sandbox, watched: every upload and every publish request it was handed, and scripted answers. */
function watchedSandbox(answers: { upload?: "rejected"; publish?: PublishOutcome[] } = {}) {
	const sandbox = createSandboxAdapter(createDb(env.DB));
	const uploads: MediaUpload[][] = [];
	const requests: PublishRequest[] = [];
	const adapter: NetworkAdapter = {
		...sandbox,
		async uploadMedia(acc, items, cache) {
			uploads.push(items);
			if (answers.upload === "rejected") return { kind: "rejected", answer: { status: 422, summary: "422 File type not supported" } };
			return sandbox.uploadMedia(acc, items, cache);
		},
		async publish(acc, request, cache) {
			requests.push(request);
			return answers.publish?.shift() ?? sandbox.publish(acc, request, cache);
		},
	};
	return { adapter, uploads, requests };
}

async function scheduleWithImage(dueAt: number) {
	const ws = await signUp();
	const acc = await addAccount(ws);
	const image = await upload(ws.token, { alt: "The new shop front", fields: { width: "4", height: "3" } });
	const res = await call("POST", "/posts", {
		token: ws.token,
		json: { accountId: acc.id, body: "We moved!", mediaIds: [image.body.id], scheduledAt: new Date(dueAt).toISOString() },
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { postId: res.body.posts[0].id as string, mediaId: image.body.id as string };
}

describe("publishing with media", () => {
	it("uploads once with the alt text; the retry after a 503 attaches the same upload", async () => {
		queue = captureQueue();
		const t0 = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const { postId, mediaId } = await scheduleWithImage(t0);
		await runSweep(t0);
		const [message] = queue.sent.splice(0);
		const sandbox = watchedSandbox({ publish: [{ kind: "retry", retryAfterSeconds: null, answer: { status: 503, summary: "503 Service Unavailable" } }] });

		const first = await deliver([message!], t0, { adapterFor: () => sandbox.adapter });
		expect(first.retried).toHaveLength(1);
		const second = await deliver([message!], t0 + 60_000, { adapterFor: () => sandbox.adapter });
		expect(second.acked).toHaveLength(1);
		// A duplicate delivery after publishing neither uploads nor sends.
		await deliver([message!], t0 + 120_000, { adapterFor: () => sandbox.adapter });

		expect(sandbox.uploads).toHaveLength(1);
		expect(sandbox.uploads[0]!.map((m) => [m.mediaId, m.alt, m.type, m.width, m.height, m.bytes.byteLength])).toEqual([
			[mediaId, "The new shop front", "image/png", 4, 3, expect.any(Number)],
		]);
		expect(sandbox.requests).toHaveLength(2);
		const expected = [{ mediaId, networkMediaId: `sandbox-media-${mediaId}`, alt: "The new shop front", type: "image/png", width: 4, height: 3 }];
		expect(sandbox.requests.map((r) => r.media)).toEqual([expected, expected]);
		expect((await postRow(postId))?.status).toBe("published");
	});

	it("media the network refuses fail the post with the network's words, and nothing is sent", async () => {
		queue = captureQueue();
		const t0 = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const { postId } = await scheduleWithImage(t0);
		await runSweep(t0);
		const sandbox = watchedSandbox({ upload: "rejected" });
		const result = await deliver(queue.sent.splice(0), t0, { adapterFor: () => sandbox.adapter });
		expect(result.acked).toHaveLength(1);
		expect(sandbox.requests).toHaveLength(0);
		const row = await postRow(postId);
		expect(row?.status).toBe("failed");
		expect(row?.failureReason).toContain("422 File type not supported");
	});
});
