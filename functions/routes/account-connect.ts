/**
 * Connecting accounts (POST /accounts/connect): for X, LinkedIn, Facebook, Instagram, Threads and Mastodon the answer is
 * the network's sign-in page to open in the browser (the network sends the user back to
 * /oauth/callback, a web page, with the member still signed in; Facebook and Instagram then ask which Page);
 * Bluesky connects at once with a handle and app password.
 */
import { Hono } from "hono";
import { z } from "zod";
import { accountView } from "../../db/queries/accounts";
import type { AppEnv } from "../context";
import { secretJson } from "../middleware/idempotency";
import { connectBluesky, startConnect } from "../services/connect";
import { serviceContext } from "../services/context";
import { jsonBody } from "../validation";
import { timeZoneSchema } from "./workspaces";

// http is let through to the outbound guard, which allows it only to this machine in local and test runs.
const httpsUrl = z.url({ protocol: /^https?$/, message: "An https:// address" });

export const connectSchema = z.discriminatedUnion("network", [
	z.object({ network: z.enum(["x", "linkedin", "facebook", "instagram", "threads"]), timezone: timeZoneSchema, accountId: z.string().optional() }),
	z.object({ network: z.literal("mastodon"), timezone: timeZoneSchema, instanceUrl: httpsUrl, accountId: z.string().optional() }),
	z.object({
		network: z.literal("bluesky"),
		timezone: timeZoneSchema,
		handle: z.string().trim().min(1).max(253),
		appPassword: z.string().min(1).max(200),
		service: httpsUrl.default("https://bsky.social"),
		accountId: z.string().optional(),
	}),
]);

export const accountConnectRoutes = new Hono<AppEnv>().post("/", jsonBody(connectSchema), async (c) => {
	const input = c.req.valid("json");
	const ctx = serviceContext(c);
	if (input.network === "bluesky") return c.json(accountView(await connectBluesky(ctx, input)), 201);
	// The sign-in link carries the flow's single-use state, which is stored only as its hash.
	return secretJson(c, await startConnect(ctx, input, new URL(c.req.url).origin), 201);
});
