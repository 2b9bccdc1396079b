// Uploads to R2 with required alt text, workspace-scoped reads, and each network's media limits on posts.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, inHours, signUp } from "../helpers/api";
import { PNG_1x1, padded, SAMPLE_BYTES, upload } from "../helpers/media";

describe("media uploads", () => {
	it("stores multipart and raw uploads, answers metadata and the bytes", async () => {
		const ws = await signUp();
		const multipart = await upload(ws.token, { fields: { width: "1", height: "1" } });
		expect(multipart.status, JSON.stringify(multipart.body)).toBe(201);
		expect(multipart.body).toMatchObject({
			type: "image/png",
			size: PNG_1x1.byteLength,
			alt: "A single pixel",
			width: 1,
			height: 1,
			url: `/api/v1/media/${multipart.body.id}/raw`,
		});

		const raw = await upload(ws.token, { raw: true, type: "image/jpeg", alt: "Raw body" });
		expect(raw.status, JSON.stringify(raw.body)).toBe(201);
		expect(raw.body).toMatchObject({ type: "image/jpeg", alt: "Raw body", width: null });

		const meta = await call("GET", `/media/${multipart.body.id}`, { token: ws.token });
		expect(meta.body).toEqual(multipart.body);
		const bytes = await exports.default.fetch(
			new Request(`https://chorus.test/api/v1/media/${multipart.body.id}/raw`, { headers: { Authorization: `Bearer ${ws.token}` } }),
		);
		expect(bytes.status).toBe(200);
		expect(bytes.headers.get("Content-Type")).toBe("image/png");
		expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(PNG_1x1);
	});

	it("refuses a missing alt, a wrong type and an empty file, naming the field", async () => {
		const ws = await signUp();
		for (const opts of [{ alt: null }, { alt: "   " }, { raw: true, alt: null }]) {
			const res = await upload(ws.token, opts);
			expect(res.status).toBe(422);
			expect(res.body.error.issues[0].path).toEqual(["alt"]);
		}
		const pdf = await upload(ws.token, { type: "application/pdf" });
		expect(pdf.status).toBe(422);
		expect(pdf.body.error.issues[0].path).toEqual(["type"]);
		const empty = await upload(ws.token, { bytes: new Uint8Array(), raw: true });
		expect(empty.status).toBe(422);
		expect(empty.body.error.issues[0].path).toEqual(["file"]);
		const huge = await exports.default.fetch(
			new Request("https://chorus.test/api/v1/media?alt=x", {
				method: "POST",
				headers: { Authorization: `Bearer ${ws.token}`, "Content-Type": "video/mp4", "Content-Length": String(200 * 1024 * 1024) },
				body: "x",
			}),
		);
		expect(huge.status).toBe(413);
		expect(((await huge.json()) as any).error.issues[0].path).toEqual(["file"]);
	});

	it("another workspace's media is invisible, and cannot be attached", async () => {
		const ws = await signUp();
		const other = await signUp();
		const mine = await upload(ws.token);
		expect((await call("GET", `/media/${mine.body.id}`, { token: other.token })).status).toBe(404);
		expect((await call("GET", `/media/${mine.body.id}/raw`, { token: other.token })).status).toBe(404);
		const acc = await addAccount(other);
		const res = await call("POST", "/posts", { token: other.token, json: { accountId: acc.id, body: "Hi", mediaIds: [mine.body.id] } });
		expect(res.status).toBe(422);
		expect(res.body.error.issues[0].path).toEqual(["mediaIds", 0]);
	});
});

describe("media limits per network on posts", () => {
	it("checks each chosen network by its own rules when a post is created", async () => {
		const ws = await signUp();
		const bsky = await addAccount(ws, { network: "bluesky", credentials: { identifier: "a.bsky.social", appPassword: "p" } });
		const mastodon = await addAccount(ws, { network: "mastodon", credentials: { instanceUrl: "https://m.example", accessToken: "t" } });
		const li = await addAccount(ws, { network: "linkedin", credentials: { accessToken: "t", authorUrn: "urn:li:organization:1" } });

		// 2.5 MB is fine for Mastodon (16 MB) but over Bluesky's 2,000,000 bytes; 1.5 MB fits both.
		const middling = await upload(ws.token, { bytes: padded(PNG_1x1, 1_500_000), alt: "Middling" });
		const fits = await call("POST", "/posts", {
			token: ws.token,
			json: { accountIds: [mastodon.id, bsky.id], body: "A middling picture", mediaIds: [middling.body.id], scheduledAt: inHours(2) },
		});
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		const big = await upload(ws.token, { bytes: padded(PNG_1x1, 2_500_000), alt: "Big" });
		const tooBig = await call("POST", "/posts", {
			token: ws.token,
			json: { accountIds: [mastodon.id, bsky.id], body: "Hi", mediaIds: [big.body.id], scheduledAt: inHours(2) },
		});
		expect(tooBig.status).toBe(422);
		expect(tooBig.body.error.issues).toEqual([{ path: ["mediaIds", 0], message: expect.stringContaining("bluesky") }]);
		const fine = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: mastodon.id, body: "Hi", mediaIds: [big.body.id], scheduledAt: inHours(2) },
		});
		expect(fine.status, JSON.stringify(fine.body)).toBe(201);
		expect(fine.body.posts[0].mediaIds).toEqual([big.body.id]);

		// Two images: fine for Bluesky (4), too many for LinkedIn (one through content.media).
		const a = await upload(ws.token);
		const b = await upload(ws.token);
		const two = await call("POST", "/posts", { token: ws.token, json: { accountIds: [bsky.id, li.id], body: "Hi", mediaIds: [a.body.id, b.body.id] } });
		expect(two.status).toBe(422);
		expect(two.body.error.issues).toEqual([{ path: ["mediaIds"], message: expect.stringContaining("linkedin") }]);

		// Video goes to Mastodon and to a Facebook Page, where it is alone: never beside photos.
		const fb = await addAccount(ws, { network: "facebook", credentials: { pageId: "1", pageAccessToken: "t" } });
		const video = await upload(ws.token, { type: "video/mp4", alt: "A clip", fields: { durationSeconds: "30" } });
		expect(video.status).toBe(201);
		expect((await call("POST", "/posts", { token: ws.token, json: { accountId: mastodon.id, body: "Clip", mediaIds: [video.body.id] } })).status).toBe(201);
		expect((await call("POST", "/posts", { token: ws.token, json: { accountId: fb.id, body: "Clip", mediaIds: [video.body.id] } })).status).toBe(201);
		const mixed = await call("POST", "/posts", { token: ws.token, json: { accountId: fb.id, body: "Clip", mediaIds: [video.body.id, a.body.id] } });
		expect(mixed.status).toBe(422);
		expect(mixed.body.error.issues).toEqual([{ path: ["mediaIds"], message: "facebook does not take images and a video on the same post" }]);
	});

	it("checks the media when a post is edited, and a duplicate id names the field", async () => {
		const ws = await signUp();
		const bsky = await addAccount(ws, { network: "bluesky", credentials: { identifier: "a.bsky.social", appPassword: "p" } });
		const created = await call("POST", "/posts", { token: ws.token, json: { accountId: bsky.id, body: "Hi" } });
		const id = created.body.posts[0].id;
		const gif = await upload(ws.token, { type: "image/gif", alt: "Animated" });
		const refused = await call("PATCH", `/posts/${id}`, { token: ws.token, json: { mediaIds: [gif.body.id] } });
		expect(refused.status).toBe(422);
		expect(refused.body.error.issues[0]).toEqual({ path: ["mediaIds", 0], message: "bluesky does not take image/gif" });
		const png = await upload(ws.token);
		const twice = await call("PATCH", `/posts/${id}`, { token: ws.token, json: { mediaIds: [png.body.id, png.body.id] } });
		expect(twice.status).toBe(422);
		expect(twice.body.error.issues[0].path).toEqual(["mediaIds"]);
		const edited = await call("PATCH", `/posts/${id}`, { token: ws.token, json: { mediaIds: [png.body.id] } });
		expect(edited.status, JSON.stringify(edited.body)).toBe(200);
		expect(edited.body.mediaIds).toEqual([png.body.id]);
	});
});

describe("uploaded bytes are what they claim to be", { timeout: 30_000 }, () => {
	const declared = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"] as const;

	it("each type's real magic bytes are taken, multipart and raw; a MOV goes as an MP4 video", async () => {
		const ws = await signUp();
		for (const type of declared) {
			for (const raw of [false, true]) {
				const res = await upload(ws.token, { type, raw, alt: `A ${type}` });
				expect(res.status, `${type} raw=${raw}: ${JSON.stringify(res.body)}`).toBe(201);
				expect(res.body.type).toBe(type);
			}
		}
		expect((await upload(ws.token, { type: "video/mp4", bytes: SAMPLE_BYTES["video/quicktime"], alt: "A MOV clip" })).status).toBe(201);
	});

	it("bytes that are not the declared type are 422 naming the file, and nothing is stored", async () => {
		const ws = await signUp();
		const html = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>");
		const cases: [string, Uint8Array, string][] = [
			["image/jpeg", PNG_1x1, "image/png"],
			["image/png", SAMPLE_BYTES["image/jpeg"]!, "image/jpeg"],
			["image/gif", SAMPLE_BYTES["image/webp"]!, "image/webp"],
			["image/webp", SAMPLE_BYTES["image/gif"]!, "image/gif"],
			["video/mp4", PNG_1x1, "image/png"],
			["image/png", html, ""],
			["image/jpeg", padded(new Uint8Array([0x00, 0x01]), 2048), ""],
		];
		for (const [type, bytes, looksLike] of cases) {
			for (const raw of [false, true]) {
				const res = await upload(ws.token, { type, bytes, raw, alt: "Not what it says" });
				expect(res.status, `${type} as ${looksLike || "unknown"}`).toBe(422);
				expect(res.body.error.issues).toEqual([{ path: ["file"], message: expect.stringContaining(`(${type})`) }]);
				if (looksLike) expect(res.body.error.issues[0].message).toContain(`they look like ${looksLike}`);
			}
		}
		const stored = await env.DB.prepare("SELECT count(*) AS n FROM media WHERE workspace_id = ?").bind(ws.id).first<{ n: number }>();
		expect(stored?.n).toBe(0);
	});
});
