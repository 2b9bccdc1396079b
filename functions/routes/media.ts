import { Hono } from "hono";
import { mediaView } from "../../db/queries/media";
import { maxUploadBytes } from "../../domain/media";
import type { AppEnv } from "../context";
import { invalidField, notFound } from "../errors";
import { serviceContext } from "../services/context";
import { deleteMedia, loadMedia, storeMedia, tooLarge } from "../services/media";

/**
 * POST takes either multipart/form-data (`file`, `alt`, optional `width`, `height`, `durationSeconds`)
 * or the raw bytes with their Content-Type and the same facts as query parameters.
 */
export const mediaRoutes = new Hono<AppEnv>()
	.post("/", async (c) => {
		// Refuse an announced oversize body before reading it.
		if (Number(c.req.header("Content-Length") ?? 0) > maxUploadBytes + 64 * 1024) throw tooLarge();
		const contentType = c.req.header("Content-Type") ?? "";
		const ctx = serviceContext(c);
		if (contentType.startsWith("multipart/form-data")) {
			const form = await c.req.formData().catch(() => {
				throw invalidField(["file"], "Not a readable multipart body");
			});
			const file = form.get("file");
			if (!(file instanceof File)) throw invalidField(["file"], "Attach the image or video as `file`", 422);
			const facts = Object.fromEntries(
				["alt", "width", "height", "durationSeconds"].flatMap((k) => (typeof form.get(k) === "string" && form.get(k) !== "" ? [[k, form.get(k)]] : [])),
			);
			const row = await storeMedia(ctx, { bytes: await file.arrayBuffer(), type: file.type, facts });
			return c.json(mediaView(row), 201);
		}
		const row = await storeMedia(ctx, { bytes: await c.req.arrayBuffer(), type: contentType, facts: c.req.query() });
		return c.json(mediaView(row), 201);
	})
	.get("/:id", async (c) => c.json(mediaView(await loadMedia(serviceContext(c), c.req.param("id")))))
	.delete("/:id", async (c) => {
		await deleteMedia(serviceContext(c), c.req.param("id"));
		return c.body(null, 204);
	})
	.get("/:id/raw", async (c) => {
		const row = await loadMedia(serviceContext(c), c.req.param("id"));
		const object = await c.env.MEDIA.get(row.key);
		if (!object) throw notFound("Media bytes");
		return c.body(object.body, 200, {
			"Content-Type": row.type,
			"Content-Length": String(row.size),
			// Private to the workspace: browsers may keep it, shared caches may not.
			"Cache-Control": "private, max-age=3600",
			"X-Content-Type-Options": "nosniff",
		});
	});
