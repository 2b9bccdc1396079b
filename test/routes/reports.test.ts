import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp } from "../helpers/api";
import { captureReports, deliverReports } from "../helpers/reports";

describe("report definitions", () => {
	it("are created with the defaults (weekly, Monday 08:00, the workspace's zone), listed, changed and deleted", async () => {
		const ws = await signUp("America/New_York");
		const now = { "X-Chorus-Now": "2026-03-04T12:00:00-05:00" };
		const created = await call("POST", "/reports", { token: ws.token, headers: now, json: { name: "  Weekly  " } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			name: "Weekly",
			cadence: "weekly",
			weekday: 1,
			time: "08:00",
			timezone: "America/New_York",
			accountIds: null,
			slackWebhook: { configured: false },
			nextRunAt: "2026-03-09T08:00:00-04:00",
		});
		expect((await call("GET", "/reports", { token: ws.token })).body.items.map((r: any) => r.id)).toEqual([created.body.id]);
		expect((await call("GET", `/reports/${created.body.id}`, { token: ws.token })).body.name).toBe("Weekly");

		const monthly = await call("PATCH", `/reports/${created.body.id}`, {
			token: ws.token,
			headers: now,
			json: { cadence: "monthly", time: "07:30", timezone: "Asia/Tokyo" },
		});
		expect(monthly.status).toBe(200);
		expect(monthly.body).toMatchObject({ cadence: "monthly", nextRunAt: "2026-04-01T07:30:00+09:00" });
		const daily = await call("PATCH", `/reports/${created.body.id}`, { token: ws.token, headers: now, json: { cadence: "daily" } });
		expect(daily.body.nextRunAt).toBe("2026-03-05T07:30:00+09:00");

		expect((await call("DELETE", `/reports/${created.body.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", `/reports/${created.body.id}`, { token: ws.token })).status).toBe(404);
	});

	it("refuses bad input with a 4xx naming the field, and saves nothing", async () => {
		const ws = await signUp();
		const other = await signUp();
		const foreign = await addAccount(other);
		const mine = await addAccount(ws);
		const cases: [unknown, number, (string | number)[]][] = [
			[{}, 400, ["name"]],
			[{ name: "x", cadence: "hourly" }, 400, ["cadence"]],
			[{ name: "x", timezone: "Mars/Olympus" }, 400, ["timezone"]],
			[{ name: "x", weekday: 8 }, 400, ["weekday"]],
			[{ name: "x", time: "25:00" }, 400, ["time"]],
			[{ name: "x", accountIds: [] }, 400, ["accountIds"]],
			[{ name: "x", accountIds: [mine.id, foreign.id] }, 422, ["accountIds", 1]],
			[{ name: "x", slackWebhookUrl: "file:///etc/passwd" }, 422, ["slackWebhookUrl"]],
			[{ name: "x", slackWebhookUrl: "not a url" }, 422, ["slackWebhookUrl"]],
		];
		for (const [json, status, path] of cases) {
			const res = await call("POST", "/reports", { token: ws.token, json });
			expect(res.status, JSON.stringify(json)).toBe(status);
			expect(res.body.error.issues[0].path, JSON.stringify(json)).toEqual(path);
		}
		expect((await call("POST", "/reports", { token: ws.token, body: "{not json" })).body.error.code).toBe("bad_json");
		expect((await call("GET", "/reports", { token: ws.token })).body.items).toEqual([]);
	});

	it("needs a manager to define or run one; analysts read and annotate; other workspaces see nothing", async () => {
		const ws = await signUp();
		const other = await signUp();
		const analyst = await addMember(ws, "analyst", "Ana Analyst");
		const author = await addMember(ws, "author");
		const forbidden = await call("POST", "/reports", { token: author.token, json: { name: "Mine" } });
		expect(forbidden.status).toBe(403);
		const report = await call("POST", "/reports", { token: ws.token, json: { name: "Team" } });
		expect((await call("POST", `/reports/${report.body.id}/run`, { token: analyst.token })).status).toBe(403);
		expect((await call("GET", "/reports", { token: analyst.token })).body.items).toHaveLength(1);

		for (const [method, path] of [
			["GET", `/reports/${report.body.id}`],
			["PATCH", `/reports/${report.body.id}`],
			["DELETE", `/reports/${report.body.id}`],
			["POST", `/reports/${report.body.id}/run`],
			["GET", `/reports/${report.body.id}/runs`],
		] as const) {
			const res = await call(method, path, { token: other.token, json: method === "PATCH" ? { name: "Hijack" } : undefined });
			expect(res.status, `${method} ${path}`).toBe(404);
		}
		expect((await call("GET", "/reports", { token: other.token })).body.items).toEqual([]);

		const queue = captureReports();
		const run = await call("POST", `/reports/${report.body.id}/run`, { token: ws.token });
		await deliverReports(queue.take(), Date.now());
		const note = await call("POST", `/report-runs/${run.body.id}/annotations`, { token: analyst.token, json: { target: "summary", text: "Quiet week" } });
		expect(note.status).toBe(201);
		expect(note.body.author.name).toBe("Ana Analyst");
	});
});
