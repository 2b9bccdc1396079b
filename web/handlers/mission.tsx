/**
 * The mission editor: the workspace's mission and each account's override. The forms call the same
 * services as PUT /api/v1/mission and PUT /api/v1/accounts/:id/mission; saving redirects (PRG).
 */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { missionsFor } from "../../db/queries/missions";
import { can } from "../../domain/permissions";
import { ApiError } from "../../functions/errors";
import { accountMission, saveAccountMission, saveWorkspaceMission } from "../../functions/services/missions";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, fields, readForm } from "../form";
import { type MissionKey, type MissionValues, missionInput, missionKeys, missionValues, overriddenKeys } from "../mission";
import { AccountMissionPage } from "../pages/account-mission";
import { MissionPage } from "../pages/mission";
import { NotFoundPage } from "../pages/not-found";

const SAVED = "Mission saved.";

const valuesOf = (form: Awaited<ReturnType<typeof readForm>>): MissionValues =>
	Object.fromEntries(missionKeys.map((k) => [k, field(form, k)])) as MissionValues;

async function renderWorkspace(c: WebContext, extra: { notice?: string; values?: MissionValues; errors?: FormErrors } = {}) {
	const ctx = ctxOf(c);
	const accounts = await listAccounts(ctx.db, ctx.actor.workspaceId);
	const missions = await missionsFor(
		ctx.db,
		ctx.actor.workspaceId,
		accounts.map((a) => a.id),
	);
	const page = (
		<MissionPage
			viewer={viewerOf(c)}
			mission={missions.workspace}
			values={extra.values ?? missionValues(missions.workspace, missions.workspace)}
			accounts={accounts.map((account) => ({ account, own: overriddenKeys(missions.override(account.id)) }))}
			canManage={can(ctx.actor.role, "manage_accounts")}
			notice={extra.notice}
			errors={extra.errors}
		/>
	);
	return c.html(page, extra.errors?.status ?? 200);
}

async function renderAccount(c: WebContext, id: string, extra: { notice?: string; values?: MissionValues; own?: MissionKey[]; errors?: FormErrors } = {}) {
	const ctx = ctxOf(c);
	let found: Awaited<ReturnType<typeof accountMission>>;
	try {
		found = await accountMission(ctx, id);
	} catch (err) {
		if (err instanceof ApiError && err.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="account" />, 404);
		throw err;
	}
	const page = (
		<AccountMissionPage
			viewer={viewerOf(c)}
			account={found.account}
			workspace={found.workspace}
			effective={found.effective}
			own={extra.own ?? overriddenKeys(found.override)}
			values={extra.values ?? missionValues(found.effective, found.effective)}
			canManage={can(ctx.actor.role, "manage_accounts")}
			notice={extra.notice}
			errors={extra.errors}
		/>
	);
	return c.html(page, extra.errors?.status ?? 200);
}

export const missionPages = new Hono<WebEnv>()
	.get("/mission", signedIn, (c) => renderWorkspace(c, { notice: c.req.query("saved") ? SAVED : undefined }))
	.post("/mission", signedIn, async (c) => {
		const values = valuesOf(await readForm(c.req));
		const result = await attempt(async () => saveWorkspaceMission(ctxOf(c), missionInput(values, missionKeys, "workspace")), [...missionKeys]);
		if ("errors" in result) return renderWorkspace(c, { values, errors: result.errors });
		return c.redirect("/mission?saved=1", 303);
	})
	.get("/accounts/:id/mission", signedIn, (c) => renderAccount(c, c.req.param("id"), { notice: c.req.query("saved") ? SAVED : undefined }))
	.post("/accounts/:id/mission", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const values = valuesOf(form);
		const inherit = new Set(fields(form, "inherit"));
		// A ticked "Use the workspace's" leaves the field out of the override; every other field is the account's.
		const own = missionKeys.filter((k) => !inherit.has(k));
		const result = await attempt(async () => saveAccountMission(ctxOf(c), id, missionInput(values, own, "account")), [...missionKeys]);
		if ("errors" in result) {
			if (result.errors.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="account" />, 404);
			return renderAccount(c, id, { values, own, errors: result.errors });
		}
		return c.redirect(`/accounts/${encodeURIComponent(id)}/mission?saved=1`, 303);
	});
