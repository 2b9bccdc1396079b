import { Hono } from "hono";
import { getAccount, listAccounts } from "../../db/queries/accounts";
import { getWorkspace } from "../../db/queries/workspaces";
import { can } from "../../domain/permissions";
import { notFound } from "../../functions/errors";
import { createAccount, createAccountSchema, patchAccountSchema, updateAccount } from "../../functions/services/accounts";
import { missingAppSecrets } from "../../functions/services/connect";
import { setAccountPaused, setWorkspacePaused } from "../../functions/services/pausing";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, field, invalidForm, readForm } from "../form";
import { AccountsPage } from "../pages/accounts";
import { ConfirmPage, confirmed } from "../pages/confirm";

const notices: Record<string, string> = {
	stopped: "Publishing is stopped for the whole workspace.",
	resumed: "Publishing resumed: what waited goes out now, oldest first.",
	paused: "Account paused.",
	unpaused: "Account resumed.",
	connected: "Account connected.",
	added: "Sandbox account added: its posts go to the Sandbox feed.",
	edited: "Account saved.",
};

export async function render(c: WebContext, extra: { notice?: string; error?: string; status?: 200 | 400 | 403 | 404 | 409 | 422 | 502 } = {}) {
	const ctx = ctxOf(c);
	const [ws, accounts] = await Promise.all([getWorkspace(ctx.db, ctx.actor.workspaceId), listAccounts(ctx.db, ctx.actor.workspaceId)]);
	const may = { stop: can(ctx.actor.role, "approve"), pause: can(ctx.actor.role, "manage_accounts"), connect: can(ctx.actor.role, "manage_accounts") };
	return c.html(
		<AccountsPage
			viewer={viewerOf(c)}
			workspace={ws ?? c.get("workspace")}
			accounts={accounts}
			may={may}
			notice={extra.notice}
			error={extra.error}
			zones={knownZones()}
			missingSecrets={Object.fromEntries((["x", "linkedin", "facebook", "instagram", "threads"] as const).map((n) => [n, missingAppSecrets(n, c.env)]))}
		/>,
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

/**
 * Whether the emergency stop (or its resume) may go ahead now: confirmed on the second step, or not the
 * viewer's to do at all (then the service's refusal answers, not a confirmation page).
 */
async function askFirst(c: WebContext): Promise<boolean> {
	if (!can(c.get("actor").role, "approve")) return true;
	return confirmed(await readForm(c.req));
}

/** The second step of the emergency stop and of resuming: how many accounts it touches, and what waits. */
async function stopConfirmation(c: WebContext, stop: boolean) {
	const ctx = ctxOf(c);
	const accounts = await listAccounts(ctx.db, ctx.actor.workspaceId);
	const ws = c.get("workspace");
	const count = `${accounts.length} ${accounts.length === 1 ? "account" : "accounts"}`;
	return c.html(
		<ConfirmPage
			viewer={viewerOf(c)}
			confirmation={
				stop
					? {
							title: "Stop all publishing?",
							consequence: (
								<p>
									<strong>
										Stop publishing on all {count} of {ws.name}
									</strong>
									: nothing goes out on any network, from anyone, until someone resumes it. Posts that fall due meanwhile wait; none is lost.
								</p>
							),
							action: "/accounts/stop-all",
							confirmLabel: "Yes, stop all publishing",
							backLabel: "No, keep publishing",
							back: "/accounts",
						}
					: {
							title: "Resume publishing?",
							consequence: (
								<p>
									<strong>
										Resume publishing on all {count} of {ws.name}
									</strong>
									: every post that fell due while stopped goes out now, once each, oldest first.
								</p>
							),
							action: "/accounts/resume-all",
							confirmLabel: "Yes, resume publishing",
							backLabel: "No, stay stopped",
							back: "/accounts",
							danger: false,
						}
			}
		/>,
	);
}

const accountFormFields = ["handle", "displayName", "timezone", "postingPolicy"];

function knownZones(): string[] {
	try {
		return Intl.supportedValuesOf("timeZone");
	} catch {
		return [];
	}
}

/** The account forms' fields; an empty display name clears it. */
async function accountFields(c: WebContext) {
	const form = await readForm(c.req);
	return {
		handle: field(form, "handle").trim(),
		timezone: field(form, "timezone").trim(),
		postingPolicy: field(form, "postingPolicy") || "open",
		...(field(form, "displayName") || "displayName" in form ? { displayName: field(form, "displayName").trim() || null } : {}),
	};
}

/** The page with what was refused on top (the form names the field). */
const refused = (c: WebContext, errors: { message: string; status: number; fields: Record<string, string[]> }) =>
	render(c, {
		error: [errors.message, ...Object.entries(errors.fields).map(([k, v]) => `${k}: ${v.join(", ")}`)].join(" "),
		status: errors.status === 403 || errors.status === 404 || errors.status === 422 ? errors.status : 400,
	});

export const accountPages = new Hono<WebEnv>()
	.post("/accounts/new", signedIn, async (c) => {
		const values = await accountFields(c);
		const result = await attempt(async () => {
			const parsed = createAccountSchema.safeParse({ network: "sandbox", ...values });
			if (!parsed.success) throw invalidForm(parsed.error);
			return createAccount(ctxOf(c), parsed.data);
		}, accountFormFields);
		if ("errors" in result) return refused(c, result.errors);
		return c.redirect(`/accounts?done=added#account-${encodeURIComponent(result.ok.id)}`, 303);
	})
	.post("/accounts/:id/edit", signedIn, async (c) => {
		const id = c.req.param("id");
		const values = await accountFields(c);
		const result = await attempt(async () => {
			// Another workspace's account is a 404 whatever the form says.
			if (!(await getAccount(ctxOf(c).db, c.get("actor").workspaceId, id))) throw notFound("Account");
			const parsed = patchAccountSchema.safeParse(values);
			if (!parsed.success) throw invalidForm(parsed.error);
			return updateAccount(ctxOf(c), id, parsed.data);
		}, accountFormFields);
		if ("errors" in result) return refused(c, result.errors);
		return c.redirect(`/accounts?done=edited#account-${encodeURIComponent(id)}`, 303);
	})
	.get("/accounts", signedIn, (c) => render(c, { notice: notices[c.req.query("done") ?? ""] }))
	.post("/accounts/stop-all", signedIn, async (c) => {
		if (!(await askFirst(c))) return stopConfirmation(c, true);
		return control((c) => setWorkspacePaused(ctxOf(c), true), "stopped")(c);
	})
	.post("/accounts/resume-all", signedIn, async (c) => {
		if (!(await askFirst(c))) return stopConfirmation(c, false);
		return control((c) => setWorkspacePaused(ctxOf(c), false), "resumed")(c);
	})
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
