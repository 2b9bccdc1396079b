/** The connect forms of the Accounts page, /oauth/callback where the networks send the user back, and the Page choice (Facebook, Instagram). */
import { Hono } from "hono";
import { ApiError } from "../../functions/errors";
import { connectSchema } from "../../functions/routes/account-connect";
import { chooseFacebookPage, connectBluesky, type Finished, finishConnect, startConnect } from "../../functions/services/connect";
import { ctxOf, signedIn, viewerOf, type WebEnv } from "../env";
import { attempt, field, readForm } from "../form";
import { ChoosePage } from "../pages/choose-page";
import { ErrorPage } from "../pages/error";
import { render } from "./accounts";

const refusedStatus = (status: number) => (status === 403 || status === 404 || status === 422 || status === 502 ? status : 400);

export const connectPages = new Hono<WebEnv>()
	.post("/accounts/connect", signedIn, async (c) => {
		const form = await readForm(c.req);
		const parsed = connectSchema.safeParse({
			network: field(form, "network"),
			timezone: field(form, "timezone"),
			...(field(form, "instanceUrl") ? { instanceUrl: field(form, "instanceUrl").trim() } : {}),
			...(field(form, "accountId") ? { accountId: field(form, "accountId") } : {}),
		});
		if (!parsed.success || parsed.data.network === "bluesky") {
			return render(c, { error: parsed.success ? "Use the Bluesky form" : (parsed.error.issues[0]?.message ?? "Check the form"), status: 400 });
		}
		const input = parsed.data;
		const result = await attempt(() => startConnect(ctxOf(c), input, new URL(c.req.url).origin));
		if ("errors" in result) return render(c, { error: result.errors.message, status: refusedStatus(result.errors.status) });
		return c.redirect(result.ok.authorizeUrl, 303);
	})
	.post("/accounts/connect-bluesky", signedIn, async (c) => {
		const form = await readForm(c.req);
		const parsed = connectSchema.safeParse({
			network: "bluesky",
			timezone: field(form, "timezone"),
			handle: field(form, "handle"),
			appPassword: field(form, "appPassword"),
		});
		if (!parsed.success || parsed.data.network !== "bluesky") return render(c, { error: "Give the Bluesky handle and an app password", status: 400 });
		const input = parsed.data;
		const result = await attempt(() => connectBluesky(ctxOf(c), input));
		if ("errors" in result) return render(c, { error: result.errors.message, status: refusedStatus(result.errors.status) });
		return c.redirect("/accounts?done=connected", 303);
	})
	.get("/oauth/callback", signedIn, async (c) => {
		let finished: Finished;
		try {
			finished = await finishConnect(ctxOf(c), { state: c.req.query("state"), code: c.req.query("code"), error: c.req.query("error") });
		} catch (err) {
			if (!(err instanceof ApiError)) throw err;
			return c.html(<ErrorPage viewer={viewerOf(c)} message={err.message} />, refusedStatus(err.status));
		}
		if ("choosePage" in finished)
			return c.html(
				<ChoosePage viewer={viewerOf(c)} network={finished.choosePage.network} flow={finished.choosePage.flow} pages={finished.choosePage.pages} />,
			);
		return c.redirect("/accounts?done=connected", 303);
	})
	.post("/oauth/facebook/page", signedIn, async (c) => {
		const form = await readForm(c.req);
		const result = await attempt(() => chooseFacebookPage(ctxOf(c), field(form, "flow"), field(form, "pageId")));
		if ("errors" in result)
			return c.html(
				<ErrorPage viewer={viewerOf(c)} message={result.errors.fields.pageId?.[0] ?? result.errors.message} />,
				refusedStatus(result.errors.status),
			);
		return c.redirect("/accounts?done=connected", 303);
	});
