import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context";
import { createAnnouncement, getAnnouncement } from "../services/announcements";
import { serviceContext } from "../services/context";
import { jsonBody } from "../validation";

const instant = z.iso.datetime({ offset: true, message: "ISO-8601 with an offset, e.g. 2026-12-01T09:00:00+01:00" });
const createSchema = z.object({
	mainAccountId: z.string(),
	body: z.string().min(1).max(100_000),
	link: z
		.url({ protocol: /^https?$/, message: "An http(s) URL" })
		.max(2048)
		.nullable()
		.optional(),
	facts: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
	scheduledAt: instant,
	localAccountIds: z.array(z.string()).min(1).max(50).optional(),
	embargoUntil: instant.nullable().optional(),
});

export const announcementRoutes = new Hono<AppEnv>()
	.post("/", jsonBody(createSchema), async (c) => {
		const v = c.req.valid("json");
		const result = await createAnnouncement(serviceContext(c), {
			...v,
			scheduledAt: Date.parse(v.scheduledAt),
			embargoUntil: v.embargoUntil ? Date.parse(v.embargoUntil) : null,
		});
		return c.json(result, 201);
	})
	.get("/:id", async (c) => c.json(await getAnnouncement(serviceContext(c), c.req.param("id"))));
