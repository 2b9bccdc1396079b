// Reports set up in the browser: create, edit, pause, run for a chosen period, delete after confirming.

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { enqueueDueReports } from "../../queues/report-schedule";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

afterEach(() => {
	vi.restoreAllMocks();
});

describe("reports in the browser", () => {
	it("creates, edits, pauses, resumes, runs for a range and deletes a report", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		await addAccount(ws);
		const cookie = await signInCookie(ws.email, PASSWORD);
		expect((await page("GET", "/reports", { cookie })).html).toContain('href="/reports/new"');
		const form = await page("GET", "/reports/new", { cookie });
		expect(form.status).toBe(200);
		expect(form.html).toContain(`value="${acc.id}"`);

		const bad = await page("POST", "/reports/new", { cookie, form: { name: " ", cadence: "weekly", weekday: "1", time: "25:00", timezone: "Europe/Berlin" } });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("Give the report a name");
		expect(bad.html).toContain("HH:MM, 24-hour");

		const created = await page("POST", "/reports/new", {
			cookie,
			form: {
				name: "Weekly numbers",
				cadence: "weekly",
				weekday: "5",
				time: "09:30",
				timezone: "Europe/Berlin",
				accountIds: acc.id,
				slackWebhookUrl: "https://hooks.slack.com/services/T/B/x",
			},
		});
		expect(created.status).toBe(303);
		const id = created.headers.get("location")!.match(/\/reports\/([^?]+)/)![1]!;
		let api = (await call("GET", `/reports/${id}`, { token: ws.token })).body;
		expect(api).toMatchObject({
			name: "Weekly numbers",
			cadence: "weekly",
			weekday: 5,
			time: "09:30",
			accountIds: [acc.id],
			paused: false,
			slackWebhook: { configured: true },
		});

		const view = await page("GET", `/reports/${id}?done=created`, { cookie });
		expect(view.html).toContain("Report created");
		expect(view.html).toContain("posts to hooks.slack.com");
		expect(view.html).not.toContain("services/T/B/x");

		// Saving without touching the webhook field keeps it; no account ticked means every account.
		expect(
			(await page("POST", `/reports/${id}`, { cookie, form: { name: "Daily numbers", cadence: "daily", weekday: "1", time: "08:00", timezone: "UTC" } }))
				.status,
		).toBe(303);
		api = (await call("GET", `/reports/${id}`, { token: ws.token })).body;
		expect(api).toMatchObject({ name: "Daily numbers", cadence: "daily", timezone: "UTC", accountIds: null, slackWebhook: { configured: true } });

		expect((await page("POST", `/reports/${id}/pause`, { cookie, form: {} })).status).toBe(303);
		expect((await call("GET", `/reports/${id}`, { token: ws.token })).body.paused).toBe(true);
		// The minute sweep passes a paused report by, however overdue.
		const sweep = vi.spyOn(env.REPORTS, "sendBatch").mockResolvedValue(undefined as never);
		expect(await enqueueDueReports(createDb(env.DB), env.REPORTS, Date.now() + 400 * 86_400_000)).toBe(0);
		sweep.mockRestore();
		expect((await page("GET", "/reports", { cookie })).html).toContain(">Paused</span>");
		expect((await page("POST", `/reports/${id}/resume`, { cookie, form: {} })).status).toBe(303);
		expect((await call("GET", `/reports/${id}`, { token: ws.token })).body.paused).toBe(false);

		const queued = vi.spyOn(env.REPORTS, "sendBatch").mockResolvedValue(undefined as never);
		const run = await page("POST", `/reports/${id}/run`, { cookie, form: { back: "report", period: "custom", from: "2026-01-01", to: "2026-01-31" } });
		expect(run.headers.get("location")).toBe(`/reports/${id}?done=queued`);
		expect(queued).toHaveBeenCalledTimes(1);
		const runs = await page("GET", `/reports/${id}?done=queued`, { cookie });
		expect(runs.html).toContain("Thu, 1 Jan 2026 – Sat, 31 Jan 2026");

		const ask = await page("POST", `/reports/${id}/delete`, { cookie, form: {} });
		expect(ask.html).toContain("Delete the report “Daily numbers”?");
		expect((await call("GET", `/reports/${id}`, { token: ws.token })).status).toBe(200);
		expect((await page("POST", `/reports/${id}/delete`, { cookie, form: { confirmed: "yes" } })).headers.get("location")).toBe("/reports?deleted=1");
		expect((await call("GET", `/reports/${id}`, { token: ws.token })).status).toBe(404);
	});

	it("shows an author the report without the forms, and refuses their changes", async () => {
		const ws = await signUp();
		const report = (await call("POST", "/reports", { token: ws.token, json: { name: "Ours" } })).body;
		const author = await addMember(ws, "author");
		const cookie = await signInCookie(author.email, PASSWORD);
		const view = await page("GET", `/reports/${report.id}`, { cookie });
		expect(view.status).toBe(200);
		expect(view.html).not.toContain('action="/reports/');
		expect((await page("POST", `/reports/${report.id}/pause`, { cookie, form: {} })).status).toBe(403);
		expect((await page("POST", `/reports/${report.id}/delete`, { cookie, form: {} })).status).toBe(403);
	});
});
