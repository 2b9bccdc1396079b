import { Hono } from "hono";
import { z } from "zod";
import { tagColours } from "../../db/schema";
import type { AppEnv } from "../context";
import { serviceContext } from "../services/context";
import { campaigns, createCampaign, deleteCampaign, getCampaign, updateCampaign } from "../services/labels";
import { jsonBody } from "../validation";

const date = z.iso.date({ message: "A calendar date, YYYY-MM-DD" });
const fields = {
	name: z.string().trim().min(1).max(120),
	startDate: date,
	endDate: date,
	goal: z.string().trim().max(2000),
	accountIds: z.array(z.string().min(1)).max(200),
	colour: z.enum(tagColours),
};

const createSchema = z.object({ ...fields, goal: fields.goal.default(""), accountIds: fields.accountIds.default([]), colour: fields.colour.default("blue") });
const patchSchema = z.object(fields).partial();

/** The workspace's campaigns (API.md, Tags and campaigns): anyone reads them, managers and owners change them. */
export const campaignRoutes = new Hono<AppEnv>()
	.get("/", async (c) => c.json({ items: await campaigns(serviceContext(c)), next: null }))
	.post("/", jsonBody(createSchema), async (c) => c.json(await createCampaign(serviceContext(c), c.req.valid("json")), 201))
	.get("/:id", async (c) => c.json(await getCampaign(serviceContext(c), c.req.param("id"))))
	.patch("/:id", jsonBody(patchSchema), async (c) => c.json(await updateCampaign(serviceContext(c), c.req.param("id"), c.req.valid("json"))))
	.delete("/:id", async (c) => {
		await deleteCampaign(serviceContext(c), c.req.param("id"));
		return c.body(null, 204);
	});
