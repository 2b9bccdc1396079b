import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { createDb } from "../db/client";
import { maxUploadBytes } from "../domain/media";
import { webRoutes } from "../web/routes";
import { requireActor } from "./auth/authenticate";
import type { AppEnv } from "./context";
import { ApiError, invalidField } from "./errors";
import { logError } from "./log";
import { idempotency } from "./middleware/idempotency";
import { countQueries } from "./middleware/query-count";
import { docsPage } from "./openapi/docs-page";
import { openApiDocument } from "./openapi/spec";
import { accountConnectRoutes } from "./routes/account-connect";
import { accountFeedRoutes } from "./routes/account-feed";
import { accountSlotRoutes } from "./routes/account-slots";
import { accountRoutes } from "./routes/accounts";
import { announcementRoutes } from "./routes/announcements";
import { approvalLinkRoutes } from "./routes/approval-links";
import { auditRoutes } from "./routes/audit";
import { benchFaultRoutes } from "./routes/bench-faults";
import { benchEnabled, benchHookRoutes } from "./routes/bench-hooks";
import { benchReportRoutes } from "./routes/bench-report-hooks";
import { calendarRoutes } from "./routes/calendar";
import { calendarFeedRoutes } from "./routes/calendar-feed";
import { campaignRoutes } from "./routes/campaigns";
import { conversationRoutes } from "./routes/conversations";
import { dutyRoutes } from "./routes/duty";
import { feedTokenRoutes } from "./routes/feed-tokens";
import { insightRoutes } from "./routes/insights";
import { invitationAcceptRoutes, invitationRoutes } from "./routes/invitations";
import { lintRoutes } from "./routes/lint";
import { meRoutes } from "./routes/me";
import { mediaRoutes } from "./routes/media";
import { mediaLinkRoutes } from "./routes/media-links";
import { memberRoutes } from "./routes/members";
import { mentionRoutes } from "./routes/mentions";
import { metricRoutes } from "./routes/metrics";
import { accountMissionRoutes, missionRoutes } from "./routes/missions";
import { networkRoutes } from "./routes/networks";
import { notificationRoutes } from "./routes/notifications";
import { passwordResetRoutes } from "./routes/password-resets";
import { postRoutes } from "./routes/posts";
import { replyRoutes } from "./routes/replies";
import { reportRunRoutes } from "./routes/report-runs";
import { reportRoutes } from "./routes/reports";
import { secondFactorRoutes } from "./routes/second-factor";
import { sessionRoutes } from "./routes/session";
import { shiftRoutes } from "./routes/shifts";
import { shortLinkRoutes } from "./routes/short-links";
import { postsCsvRoutes, postsImportRoutes } from "./routes/spreadsheet";
import { tagRoutes } from "./routes/tags";
import { tokenRoutes } from "./routes/tokens";
import { webhookRoutes } from "./routes/webhooks";
import { currentWorkspaceRoutes } from "./routes/workspace";
import { workspaceRoutes } from "./routes/workspaces";

function errorResponse(err: Error): Response {
	if (err instanceof ApiError) {
		return Response.json(err.toJSON(), { status: err.status, headers: err.extra.headers });
	}
	if (err instanceof HTTPException && err.status < 500) {
		// Hono's own validator throws these for a body that is not JSON, and csrf() for a cross-site form.
		const [code, message] =
			err.status === 403
				? ["forbidden", "Cross-site form submissions are refused"]
				: err.status === 400
					? ["bad_json", err.message || "Malformed JSON"]
					: ["bad_request", err.message || "Malformed request"];
		return Response.json({ error: { code, message } }, { status: err.status });
	}
	logError("unhandled error", err);
	return Response.json({ error: { code: "internal", message: "Something went wrong on our side" } }, { status: 500 });
}

/**
 * The largest body any route reads: a post body is at most 100,000 characters, and a bulk of 500
 * mentions of average length fits well under it. Larger is refused before it is read into memory.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** A spreadsheet import takes up to 5,000 rows in one request, each up to a LinkedIn-length body. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const IMPORT_PATHS = new Set(["/api/v1/posts/import", "/import"]);
/** Where images and video arrive: the media API and the drafting form (domain/media.ts sets the cap). */
const MEDIA_PATHS = new Set(["/api/v1/media", "/compose"]);

/** 413 in API.md's error shape, naming what was too large: the body, or the uploaded file. */
const tooLarge =
	(limit: number, field = "body") =>
	(c: Context) => {
		const message = `The request body is larger than ${limit / 1024 / 1024} MiB`;
		return c.json({ error: { code: "payload_too_large", message, details: { limitBytes: limit }, issues: [{ path: [field], message }] } }, 413);
	};

/** Calendar dates have four-digit years, in every time zone: the test clock stops a year short of 10000. */
const LAST_INSTANT = Date.UTC(9999, 0, 1);

/** The test clock (X-Chorus-Now): an instant between 1970 and 9999, or a 400 naming the header. */
function pinnedClock(value: string): number {
	const at = Date.parse(value);
	if (!Number.isFinite(at) || at < 0 || at > LAST_INSTANT) throw invalidField(["headers", "X-Chorus-Now"], "An ISO-8601 instant between 1970 and 9998");
	return at;
}

export function createApp() {
	const app = new Hono<AppEnv>();

	// Pages load their scripts and styles from /static only (no inline script or style attribute, so
	// an injected one does not run), are never framed, and forms post only back to Chorus.
	app.use(
		secureHeaders({
			contentSecurityPolicy: {
				defaultSrc: ["'self'"],
				scriptSrc: ["'self'"],
				styleSrc: ["'self'"],
				// blob: lets the drafting form preview a chosen image before it is uploaded.
				imgSrc: ["'self'", "blob:"],
				objectSrc: ["'none'"],
				baseUri: ["'none'"],
				formAction: ["'self'"],
				frameAncestors: ["'none'"],
			},
			xFrameOptions: "DENY",
			referrerPolicy: "strict-origin-when-cross-origin",
			// A page that needs one directive wider sets its own header (the API reference's data: icons).
			overwrite: false,
		}),
	);
	const bodyUpTo = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) });
	const importUpTo = bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: tooLarge(MAX_IMPORT_BYTES) });
	const mediaUpTo = bodyLimit({ maxSize: maxUploadBytes, onError: tooLarge(maxUploadBytes, "file") });
	app.use((c, next) => (MEDIA_PATHS.has(c.req.path) ? mediaUpTo(c, next) : IMPORT_PATHS.has(c.req.path) ? importUpTo(c, next) : bodyUpTo(c, next)));
	// Cross-site form posts are refused: a cookie is an ambient credential. A bearer token is not (a
	// browser never attaches one by itself), so token calls from scripts and curl skip the check.
	const refuseCrossSite = csrf();
	app.use((c, next) => (c.req.header("Authorization")?.startsWith("Bearer ") ? next() : refuseCrossSite(c, next)));
	app.use(countQueries);
	app.use(async (c, next) => {
		c.set("db", createDb(c.env.DB));
		const pinned = c.env.CHORUS_ENV === "test" ? c.req.header("X-Chorus-Now") : undefined;
		c.set("now", pinned ? pinnedClock(pinned) : Date.now());
		await next();
	});
	app.onError(errorResponse);
	app.notFound((c) => c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

	app.get("/health", (c) => c.json({ ok: true }));

	const api = new Hono<AppEnv>();
	// Open routes: sign in and sign up.
	api.route("/session", sessionRoutes);
	api.route("/workspaces", workspaceRoutes);
	// The API's own description, generated from the routes' zod schemas, and its interactive reference.
	api.get("/openapi.json", async (c) => c.json(await openApiDocument(app)));
	api.get("/docs", docsPage);
	// The calendar feed authenticates with its own read-only token (calendar apps send no headers).
	api.route("/calendar.ics", calendarFeedRoutes);
	// A network fetching a post's media (Threads, Instagram) holds a signed link, not a member's token.
	api.route("/media-links", mediaLinkRoutes);
	api.route("/invitations/accept", invitationAcceptRoutes);
	api.route("/password-resets", passwordResetRoutes);
	// Everything else needs a member, and POSTs honour Idempotency-Key within the member's workspace.
	api.use(requireActor, idempotency);
	api.route("/me", meRoutes);
	api.route("/workspace", currentWorkspaceRoutes);
	api.route("/members", memberRoutes);
	api.route("/tokens", tokenRoutes);
	api.route("/accounts/connect", accountConnectRoutes);
	api.route("/invitations", invitationRoutes);
	api.route("/notifications", notificationRoutes);
	api.route("/second-factor", secondFactorRoutes);
	api.route("/accounts/:id/slots", accountSlotRoutes);
	api.route("/accounts/:id/feed", accountFeedRoutes);
	api.route("/accounts/:id/mission", accountMissionRoutes);
	api.route("/accounts", accountRoutes);
	api.route("/posts.csv", postsCsvRoutes);
	api.route("/posts/import", postsImportRoutes);
	api.route("/posts", postRoutes);
	api.route("/media", mediaRoutes);
	api.route("/networks", networkRoutes);
	api.route("/calendar", calendarRoutes);
	api.route("/shifts", shiftRoutes);
	api.route("/duty", dutyRoutes);
	api.route("/audit", auditRoutes);
	api.route("/mentions", mentionRoutes);
	api.route("/metrics", metricRoutes);
	api.route("/insights", insightRoutes);
	api.route("/mission", missionRoutes);
	api.route("/lint", lintRoutes);
	api.route("/announcements", announcementRoutes);
	api.route("/conversations", conversationRoutes);
	api.route("/replies", replyRoutes);
	api.route("/reports", reportRoutes);
	api.route("/report-runs", reportRunRoutes);
	api.route("/webhooks", webhookRoutes);
	api.route("/feed-tokens", feedTokenRoutes);
	api.route("/tags", tagRoutes);
	api.route("/campaigns", campaignRoutes);
	api.route("/approval-links", approvalLinkRoutes);
	app.route("/api/v1", api);
	// Test-only (npm run bench): answers 404 unless CHORUS_BENCH=true outside production, checked per request.
	app.route("/__bench/report", benchReportRoutes);
	app.route("/__bench", benchHookRoutes);
	app.route("/__bench", benchFaultRoutes);
	// npm run bench -- queries: the route table, so every API route is measured, including new ones.
	app.get("/__bench/routes", (c) =>
		benchEnabled(c.env)
			? c.json({ items: [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))] })
			: c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
	);

	// First-party short links: public, the code is the key (functions/routes/short-links.tsx).
	app.route("/l", shortLinkRoutes);
	app.route("/", webRoutes);
	return app;
}
