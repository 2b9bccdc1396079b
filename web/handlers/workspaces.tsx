/**
 * The workspace switcher's two forms: move this browser session to another of the person's
 * workspaces, and create a new workspace the signed-in person owns (then standing in it). Both are
 * plain form posts, refused cross-site by the app's origin check like every other form.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../functions/errors";
import { createWorkspaceFor, switchWorkspace } from "../../functions/services/memberships";
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
		if (c.env.ALLOW_SIGNUP !== "true") throw new ApiError(403, "forbidden", "New workspaces are closed on this Chorus (ALLOW_SIGNUP is not true)");
		const name = nameSchema.safeParse(field(await readForm(c.req), "name"));
		if (!name.success) throw new ApiError(400, "validation_failed", "Give the new workspace a name (up to 120 characters)");
		// The new workspace starts in the zone of the one the person is in; Settings can change it.
		await createWorkspaceFor(c.get("db"), c.get("actor"), { name: name.data, timezone: c.get("workspace").timezone }, c.get("now"));
		return c.redirect("/calendar", 303);
	});
