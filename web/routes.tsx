/**
 * The browser pages, mounted at "/" next to the API. Middleware here is per route, never `use("*")`:
 * mounted at the root, a wildcard would also run for every /api/v1 request.
 */
import { Hono } from "hono";
import { ApiError } from "../functions/errors";
import { logError } from "../functions/log";
import { viewerOf, type WebEnv } from "./env";
import { accessPages } from "./handlers/access";
import { accountPages } from "./handlers/accounts";
import { announcementPages } from "./handlers/announcements";
import { auditPages } from "./handlers/audit";
import { calendarPages } from "./handlers/calendar";
import { campaignPages } from "./handlers/campaigns";
import { composePages } from "./handlers/compose";
import { connectPages } from "./handlers/connect";
import { devMailboxPages } from "./handlers/dev-mailbox";
import { importPages } from "./handlers/import";
import { inboxPages } from "./handlers/inbox";
import { insightsPages } from "./handlers/insights";
import { mentionPages } from "./handlers/mentions";
import { missionPages } from "./handlers/mission";
import { notificationPages } from "./handlers/notifications";
import { postPages } from "./handlers/post";
import { reportSettingsPages } from "./handlers/report-settings";
import { reportPages } from "./handlers/reports";
import { reviewPages } from "./handlers/review";
import { rotaPages } from "./handlers/rota";
import { sandboxPages } from "./handlers/sandbox";
import { secondFactorPages } from "./handlers/second-factor";
import { sessionPages } from "./handlers/session";
import { teamPages } from "./handlers/team";
import { workspacePages } from "./handlers/workspaces";
import { ErrorPage } from "./pages/error";
import { NotFoundPage } from "./pages/not-found";

export const webRoutes = new Hono<WebEnv>()
	.route("/", sessionPages)
	.route("/", calendarPages)
	.route("/", composePages)
	.route("/", postPages)
	.route("/", sandboxPages)
	.route("/", rotaPages)
	.route("/", auditPages)
	.route("/", inboxPages)
	.route("/", insightsPages)
	.route("/", mentionPages)
	.route("/", missionPages)
	.route("/", announcementPages)
	.route("/", reportPages)
	.route("/", reportSettingsPages)
	.route("/", connectPages)
	.route("/", accountPages)
	.route("/", importPages)
	.route("/", accessPages)
	.route("/", devMailboxPages)
	.route("/", teamPages)
	.route("/", notificationPages)
	.route("/", secondFactorPages)
	.route("/", workspacePages)
	.route("/", reviewPages)
	.route("/", campaignPages)
	// Whatever a page did not turn into a message on its form still answers as a page, not as JSON.
	.onError((err, c) => {
		const viewer = viewerOf(c);
		if (err instanceof ApiError) {
			if (err.status === 404) return c.html(<NotFoundPage viewer={viewer} />, 404);
			return c.html(<ErrorPage viewer={viewer} message={err.message} />, err.status);
		}
		logError("unhandled error on a page", err);
		return c.html(<ErrorPage viewer={viewer} message="Something went wrong on our side. Please try again." />, 500);
	});
