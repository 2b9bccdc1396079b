import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { getWorkspace } from "../../db/queries/workspaces";
import { can } from "../../domain/permissions";
import { setAccountPaused, setWorkspacePaused } from "../../functions/services/pausing";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt } from "../form";
import { AccountsPage } from "../pages/accounts";

const notices: Record<string, string> = {
	stopped: "Publishing is stopped for the whole workspace.",
	resumed: "Publishing resumed: what waited goes out now, oldest first.",
	paused: "Account paused.",
	unpaused: "Account resumed.",
	connected: "Account connected.",
};

export async function render(c: WebContext, extra: { notice?: string; error?: string; status?: 200 | 400 | 403 | 404 | 409 | 422 | 502 } = {}) {
	const ctx = ctxOf(c);
	const [ws, accounts] = await Promise.all([getWorkspace(ctx.db, ctx.actor.workspaceId), listAccounts(ctx.db, ctx.actor.workspaceId)]);
	const may = { stop: can(ctx.actor.role, "approve"), pause: can(ctx.actor.role, "manage_accounts"), connect: can(ctx.actor.role, "manage_accounts") };
	return c.html(
		<AccountsPage viewer={viewerOf(c)} workspace={ws ?? c.get("workspace")} accounts={accounts} may={may} notice={extra.notice} error={extra.error} />,
		extra.status ?? 200,
	);
}

/** Runs a pause or resume, then back to the page (303), or the page with what was refused. */
const control = (run: (c: WebContext) => Promise<unknown>, done: string) => async (c: WebContext) => {
	const result = await attempt(() => run(c));
	if ("errors" in result)
		return render(c, { error: result.errors.message, status: result.errors.status === 403 || result.errors.status === 404 ? result.errors.status : 409 });
	return c.redirect(`/accounts?done=${done}`, 303);
};

export const accountPages = new Hono<WebEnv>()
	.get("/accounts", signedIn, (c) => render(c, { notice: notices[c.req.query("done") ?? ""] }))
	.post(
		"/accounts/stop-all",
		signedIn,
		control((c) => setWorkspacePaused(ctxOf(c), true), "stopped"),
	)
	.post(
		"/accounts/resume-all",
		signedIn,
		control((c) => setWorkspacePaused(ctxOf(c), false), "resumed"),
	)
	.post(
		"/accounts/:id/pause",
		signedIn,
		control((c) => setAccountPaused(ctxOf(c), c.req.param("id") ?? "", true), "paused"),
	)
	.post(
		"/accounts/:id/resume",
		signedIn,
		control((c) => setAccountPaused(ctxOf(c), c.req.param("id") ?? "", false), "unpaused"),
	);
