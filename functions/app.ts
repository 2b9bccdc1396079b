import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { createDb } from "../db/client";
import { webRoutes } from "../web/routes";
import { requireActor } from "./auth/authenticate";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { idempotency } from "./middleware/idempotency";
import { accountConnectRoutes } from "./routes/account-connect";
import { accountFeedRoutes } from "./routes/account-feed";
import { accountSlotRoutes } from "./routes/account-slots";
import { benchHookRoutes } from "./routes/bench-hooks";
import { accountRoutes } from "./routes/accounts";
import { announcementRoutes } from "./routes/announcements";
import { auditRoutes } from "./routes/audit";
import { calendarRoutes } from "./routes/calendar";
import { conversationRoutes } from "./routes/conversations";
import { dutyRoutes } from "./routes/duty";
import { lintRoutes } from "./routes/lint";
import { mediaRoutes } from "./routes/media";
import { meRoutes } from "./routes/me";
import { accountMissionRoutes, missionRoutes } from "./routes/missions";
import { mentionRoutes } from "./routes/mentions";
import { memberRoutes } from "./routes/members";
import { postRoutes } from "./routes/posts";
import { sessionRoutes } from "./routes/session";
import { shiftRoutes } from "./routes/shifts";
import { tokenRoutes } from "./routes/tokens";
import { currentWorkspaceRoutes } from "./routes/workspace";
import { workspaceRoutes } from "./routes/workspaces";

function errorResponse(err: Error): Response {
	if (err instanceof ApiError) {
		return Response.json(err.toJSON(), { status: err.status, headers: err.extra.headers });
	}
	if (err instanceof HTTPException && err.status < 500) {
		// Hono's own validator throws these for a body that is not JSON, and csrf() for a cross-site form.
		const [code, message] =
			err.status === 403 ? ["forbidden", "Cross-site form submissions are refused"] : err.status === 400 ? ["bad_json", err.message || "Malformed JSON"] : ["bad_request", err.message || "Malformed request"];
		return Response.json({ error: { code, message } }, { status: err.status });
	}
	console.error("unhandled error", err);
	return Response.json({ error: { code: "internal", message: "Something went wrong on our side" } }, { status: 500 });
}

export function createApp() {
	const app = new Hono<AppEnv>();

	app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", "blob:"], objectSrc: ["'none'"], baseUri: ["'none'"] } }));
	// Cross-site form posts are refused: a cookie is an ambient credential. A bearer token is not (a
	// browser never attaches one by itself), so token calls from scripts and curl skip the check.
	const refuseCrossSite = csrf();
	app.use((c, next) => (c.req.header("Authorization")?.startsWith("Bearer ") ? next() : refuseCrossSite(c, next)));
	app.use(async (c, next) => {
		c.set("db", createDb(c.env.DB));
		const pinned = c.env.CHORUS_ENV === "test" ? c.req.header("X-Chorus-Now") : undefined;
		c.set("now", pinned ? Date.parse(pinned) : Date.now());
		await next();
	});
	app.onError(errorResponse);
	app.notFound((c) => c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

	app.get("/health", (c) => c.json({ ok: true }));

	const api = new Hono<AppEnv>();
	// Open routes: sign in and sign up.
	api.route("/session", sessionRoutes);
	api.route("/workspaces", workspaceRoutes);
	// Everything else needs a member, and POSTs honour Idempotency-Key within the member's workspace.
	api.use(requireActor, idempotency);
	api.route("/me", meRoutes);
	api.route("/workspace", currentWorkspaceRoutes);
	api.route("/members", memberRoutes);
	api.route("/tokens", tokenRoutes);
	api.route("/accounts/connect", accountConnectRoutes);
	api.route("/accounts/:id/slots", accountSlotRoutes);
	api.route("/accounts/:id/feed", accountFeedRoutes);
	api.route("/accounts/:id/mission", accountMissionRoutes);
	api.route("/accounts", accountRoutes);
	api.route("/posts", postRoutes);
	api.route("/media", mediaRoutes);
	api.route("/calendar", calendarRoutes);
	api.route("/shifts", shiftRoutes);
	api.route("/duty", dutyRoutes);
	api.route("/audit", auditRoutes);
	api.route("/mentions", mentionRoutes);
	api.route("/mission", missionRoutes);
	api.route("/lint", lintRoutes);
	api.route("/announcements", announcementRoutes);
	api.route("/conversations", conversationRoutes);
	app.route("/api/v1", api);
	// Test-only (npm run bench): answers 404 unless CHORUS_BENCH=true outside production, checked per request.
	app.route("/__bench", benchHookRoutes);

	app.route("/", webRoutes);
	return app;
}
