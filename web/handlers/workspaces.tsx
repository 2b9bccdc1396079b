/**
 * The workspace switcher's two forms: move this browser session to another of the person's
 * workspaces, and create a new workspace the signed-in person owns (then standing in it). Both are
 * plain form posts, refused cross-site by the app's origin check like every other form.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../functions/context";
import { ApiError } from "../../functions/errors";
import { createSignedInWorkspace } from "../../functions/routes/workspaces";
import { switchWorkspace } from "../../functions/services/memberships";
import { signedIn, type WebEnv } from "../env";
import { field, readForm } from "../form";

const nameSchema = z.string().trim().min(1).max(120);

export const workspacePages = new Hono<WebEnv>()
	.post("/switch-workspace", signedIn, async (c) => {
		const workspaceId = field(await readForm(c.req), "workspaceId");
		await switchWorkspace(c.get("db"), c.get("actor"), workspaceId);
		return c.redirect("/calendar", 303);
	})
	.post("/new-workspace", signedIn, async (c) => {
		const name = nameSchema.safeParse(field(await readForm(c.req), "name"));
		if (!name.success) throw new ApiError(400, "validation_failed", "Give the new workspace a name (up to 120 characters)");
		// The new workspace starts in the zone of the one the person is in; Settings can change it.
		const input = { name: name.data, timezone: c.get("workspace").timezone };
		await createSignedInWorkspace(c as unknown as Context<AppEnv>, c.get("actor"), input);
		return c.redirect("/calendar", 303);
	});
