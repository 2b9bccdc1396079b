/**
 * GET /media-links/:token: the bytes of one medium, for a network that fetches them (Threads, Instagram).
 * The signed token is the credential (functions/services/media-links.ts), so this route sits outside
 * requireActor; a forged, altered or expired token reads exactly like media that does not exist.
 */
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { openMediaLink } from "../services/media-links";

export const mediaLinkRoutes = new Hono<AppEnv>().get("/:token", async (c) => {
	const row = await openMediaLink(c.get("db"), c.env.CREDENTIALS_KEY, c.req.param("token"), c.get("now"));
	const object = row ? await c.env.MEDIA.get(row.key) : null;
	if (!row || !object) throw notFound("Media");
	return c.body(object.body, 200, {
		"Content-Type": row.type,
		"Content-Length": String(row.size),
		// Fetched once or twice by the network while it processes the post; nothing to keep around.
		"Cache-Control": "private, max-age=3600",
		"X-Content-Type-Options": "nosniff",
	});
});
