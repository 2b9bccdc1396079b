/** The notifications page (the bell's target), marking read, and each member's preferences. */
import { Hono } from "hono";
import {
	bellItemView,
	bellOf,
	getNotification,
	listNotifications,
	markGroupRead,
	markRead,
	notificationView,
	preferencesOf,
	savePreferences,
} from "../../db/queries/notifications";
import { notificationKinds } from "../../domain/notifications";
import { can } from "../../domain/permissions";
import { totpEnabled } from "../../functions/services/second-factor";
import { signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { fields, readForm } from "../form";
import { NotFoundPage } from "../pages/not-found";
import { NotificationSettingsPage } from "../pages/notification-settings";
import { NotificationsPage } from "../pages/notifications";

const who = (c: WebContext) => ({ workspaceId: c.get("actor").workspaceId, memberId: c.get("actor").id });

function parseCursor(raw: string | undefined) {
	const [at, id] = (raw ?? "").split("_");
	return at && id && /^\d+$/.test(at) ? { at: Number(at), id } : undefined;
}

export const notificationPages = new Hono<WebEnv>()
	.get("/notifications", signedIn, async (c) => {
		const cursor = parseCursor(c.req.query("cursor"));
		const [page, bell] = await Promise.all([listNotifications(c.get("db"), who(c), { limit: 50, cursor }), cursor ? [] : bellOf(c.get("db"), who(c))]);
		const notice = c.req.query("done") === "read" ? "Marked as read." : undefined;
		return c.html(
			<NotificationsPage
				viewer={viewerOf(c)}
				zone={c.get("workspace").timezone}
				bell={bell.map(bellItemView)}
				items={page.rows.map(notificationView)}
				next={page.next}
				notice={notice}
			/>,
		);
	})
	.post("/notifications/read-group", signedIn, async (c) => {
		const group = fields(await readForm(c.req), "group")[0];
		if (group) await markGroupRead(c.get("db"), who(c), c.get("now"), group);
		return c.redirect("/notifications?done=read", 303);
	})
	.post("/notifications/read-all", signedIn, async (c) => {
		await markRead(c.get("db"), who(c), c.get("now"));
		return c.redirect("/notifications?done=read", 303);
	})
	.post("/notifications/:id/read", signedIn, async (c) => {
		// Someone else's notification (or none) is not found, as in the API: the answer tells nothing about it.
		if (!(await getNotification(c.get("db"), who(c), c.req.param("id")))) return c.html(<NotFoundPage viewer={viewerOf(c)} what="notification" />, 404);
		await markRead(c.get("db"), who(c), c.get("now"), c.req.param("id"));
		return c.redirect("/notifications?done=read", 303);
	})
	.get("/notifications/settings", signedIn, async (c) => {
		const actor = c.get("actor");
		const prefs = await preferencesOf(c.get("db"), who(c));
		const totp = { may: can(actor.role, "approve"), enabled: await totpEnabled(c.get("db"), actor.id) };
		return c.html(<NotificationSettingsPage viewer={viewerOf(c)} prefs={prefs} totp={totp} notice={c.req.query("saved") ? "Saved." : undefined} />);
	})
	.post("/notifications/settings", signedIn, async (c) => {
		const form = await readForm(c.req);
		const inApp = new Set(fields(form, "inApp"));
		const email = new Set(fields(form, "email"));
		// An unticked box sends nothing, so every kind is saved: what is not ticked is off.
		await savePreferences(
			c.get("db"),
			who(c),
			notificationKinds.map((kind) => ({ kind, inApp: inApp.has(kind), email: email.has(kind) })),
		);
		return c.redirect("/notifications/settings?saved=1", 303);
	});
