/**
 * The insights page: GET /api/v1/insights for a range of local dates and an account, drawn with
 * server-side SVG charts and lists.
 */
import { Hono } from "hono";
import { listAccounts } from "../../db/queries/accounts";
import { can } from "../../domain/permissions";
import { addDays, startOfLocalDay, utcToLocal } from "../../domain/time";
import { insights } from "../../functions/services/insights";
import { signedIn, viewerOf, type WebEnv } from "../env";
import { isPlainDate } from "../format";
import { InsightsPage } from "../pages/insights";

const MAX_DAYS = 120;

export const insightsPages = new Hono<WebEnv>().get("/insights", signedIn, async (c) => {
	const db = c.get("db");
	const ws = c.get("workspace");
	const zone = ws.timezone;
	const q = c.req.query();
	const today = utcToLocal(c.get("now"), zone).date;
	let notice: string | undefined;
	let to = isPlainDate(q.to) ? q.to : today;
	let from = isPlainDate(q.from) ? q.from : addDays(to, -27);
	if ((q.from && !isPlainDate(q.from)) || (q.to && !isPlainDate(q.to))) notice = "A date was not understood; showing the last four weeks.";
	if (from > to || startOfLocalDay(addDays(to, 1), zone) - startOfLocalDay(from, zone) > MAX_DAYS * 86_400_000) {
		notice = `Choose a range of at most ${MAX_DAYS} days with "from" before "to"; showing the last four weeks.`;
		to = today;
		from = addDays(today, -27);
	}
	if (q.labelled) notice = "Labels saved: the figures below count the mention as corrected, and Chorus learns from it for this workspace.";
	const accounts = await listAccounts(db, ws.id);
	const accountId = accounts.some((a) => a.id === q.accountId) ? q.accountId! : "";
	const data = await insights(db, ws.id, { from: startOfLocalDay(from, zone), to: startOfLocalDay(addDays(to, 1), zone), ...(accountId ? { accountId } : {}) });
	const dates: string[] = [];
	for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
	return c.html(
		<InsightsPage
			viewer={viewerOf(c)}
			filters={{ from, to, accountId }}
			accounts={accounts.map((a) => ({ id: a.id, handle: a.handle }))}
			data={data}
			dates={dates}
			notice={notice}
			correction={{
				back: `/insights?${new URLSearchParams({ from, to, ...(accountId ? { accountId } : {}) })}`,
				mayCorrect: can(c.get("actor").role, "draft"),
			}}
		/>,
	);
});
