import { Hono } from "hono";
import { z } from "zod";
import { tagColours } from "../../db/schema";
import type { AppEnv } from "../context";
import { serviceContext } from "../services/context";
import { createTag, deleteTag, tags, updateTag } from "../services/labels";
import { jsonBody } from "../validation";

const name = z.string().trim().min(1).max(60);
const colour = z.enum(tagColours);

/** The workspace's tags (API.md, Tags and campaigns): anyone reads them, managers and owners change them. */
export const tagRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json({ items: await tags(serviceContext(c)), next: null }))
	.post("/", jsonBody(z.object({ name, colour })), async (c) => c.json(await createTag(serviceContext(c), c.req.valid("json")), 201))
	.patch("/:id", jsonBody(z.object({ name: name.optional(), colour: colour.optional() })), async (c) =>
		c.json(await updateTag(serviceContext(c), c.req.param("id"), c.req.valid("json"))),
	)
	.delete("/:id", async (c) => {
		await deleteTag(serviceContext(c), c.req.param("id"));
		return c.body(null, 204);
	});
