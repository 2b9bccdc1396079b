// The reports list and the run page: the same services as the API, with note forms that post back.
import { describe, expect, it } from "vitest";
import { addDays } from "../../domain/time";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { captureReports, daily, deliverReports, seedMetrics } from "../helpers/reports";
import { PASSWORD, page } from "./page";

describe("report pages", () => {
	it("list reports with their runs, run one by hand, and show a run with note forms that work", async () => {
		const ws = await signUp("Europe/Berlin");
		const acc = await addAccount(ws, { handle: "@pages" });
		const today = new Date().toISOString().slice(0, 10);
		await seedMetrics(
			ws.id,
			acc.id,
			daily(addDays(today, -30), 30, (_d, i) => ({ followers: 100 + i, impressions: 1000, engagements: 50, clicks: 5 })),
		);
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Page report" } });
		const cookie = await signInCookie(ws.email, PASSWORD);
		const queue = captureReports();
		const ran = await page("POST", `/reports/${report.body.id}/run`, { cookie, form: {} });
		expect(ran.status).toBe(303);
		const [build] = queue.take();
		await deliverReports([build!], Date.now());

		const list = await page("GET", "/reports", { cookie });
		expect(list.status).toBe(200);
		expect(list.html).toContain("Page report");
		expect(list.html).toContain(`/reports/runs/${build!.runId}`);

		const run = await page("GET", `/reports/runs/${build!.runId}`, { cookie });
		expect(run.status).toBe(200);
		expect(run.html).toContain("<svg");
		expect(run.html).toContain(`action="/reports/runs/${build!.runId}/annotations"`);
		expect(run.html).not.toMatch(/<script(?![^>]*src=)/i);

		const noted = await page("POST", `/reports/runs/${build!.runId}/annotations`, { cookie, form: { target: "growth", text: "Holiday week" } });
		expect(noted.status).toBe(303);
		expect((await page("GET", `/reports/runs/${build!.runId}`, { cookie })).html).toContain("Holiday week");
		const refused = await page("POST", `/reports/runs/${build!.runId}/annotations`, { cookie, form: { target: "nowhere", text: "x" } });
		expect(refused.status).toBe(422);
		expect(refused.html).toContain("A standout item id, a date YYYY-MM-DD or a section");

		const other = await signUp();
		const otherCookie = await signInCookie(other.email, PASSWORD);
		expect((await page("GET", `/reports/runs/${build!.runId}`, { cookie: otherCookie })).status).toBe(404);
	});
});
