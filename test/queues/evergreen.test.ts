import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue>;
afterEach(() => queue?.restore());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function repeating(ws: { token: string }, accountId: string, body: string, scheduledAt: string, repeat: Record<string, unknown>) {
	const res = await call("POST", "/posts", { token: ws.token, json: { accountId, body, scheduledAt, repeat } });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body.posts[0] as { id: string; repeat: any };
}

const repeatOf = async (ws: { token: string }, postId: string) => (await call("GET", `/posts/${postId}`, { token: ws.token })).body.repeat;

/** Runs the sweep just before each occurrence falls due (claiming it), as the minute cron would. */
const tickBefore = (iso: string) => runSweep(Date.parse(iso) - 10_000);

describe("evergreen posts", () => {
	it("a weekly post keeps 09:00 in Berlin across the DST change, and its count ends it", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		const first = await repeating(ws, acc.id, "Monday tips: what to plant this week", "2027-03-22T09:00:00+01:00", { every: 1, unit: "week", count: 3 });
		expect(first.repeat).toMatchObject({ every: 1, unit: "week", count: 3, until: null, time: "09:00", timezone: "Europe/Berlin", index: 0, ended: null });

		// The first goes out: the next occurrence is made, after the spring-forward of 28 March, still at 09:00 local.
		const t0 = await tickBefore("2027-03-22T09:00:00+01:00");
		expect(t0.claimed).toBe(1);
		expect(t0.series).toEqual({ created: 1, skipped: 0, ended: 0 });
		const afterFirst = await repeatOf(ws, first.id);
		expect(afterFirst.occurrences.map((o: any) => [o.index, o.scheduledAt, o.outcome])).toEqual([
			[0, "2027-03-22T09:00:00+01:00", "created"],
			[1, "2027-03-29T09:00:00+02:00", "created"],
		]);
		const second = await postRow(afterFirst.occurrences[1].postId);
		expect(second).toMatchObject({ status: "scheduled", body: "Monday tips: what to plant this week", scheduledAt: Date.parse("2027-03-29T07:00:00Z") });

		// A tick before the second is due makes nothing more: one upcoming occurrence at a time.
		expect((await runSweep(Date.parse("2027-03-25T12:00:00Z"))).series.created).toBe(0);

		expect((await tickBefore("2027-03-29T09:00:00+02:00")).series.created).toBe(1);
		const third = await repeatOf(ws, first.id);
		expect(third.occurrences.at(-1)).toMatchObject({ index: 2, scheduledAt: "2027-04-05T09:00:00+02:00", outcome: "created" });

		// count: 3 means three posts in all: the third going out ends the series.
		expect((await tickBefore("2027-04-05T09:00:00+02:00")).series).toEqual({ created: 0, skipped: 0, ended: 1 });
		const ended = await repeatOf(ws, first.id);
		expect(ended.occurrences).toHaveLength(3);
		expect(ended.ended).toMatchObject({ reason: "count" });
		expect((await runSweep(Date.parse("2027-04-20T12:00:00Z"))).series).toEqual({ created: 0, skipped: 0, ended: 0 });
	});

	it("until ends a daily series; a time the spring-forward skips moves forward by the gap, as the scheduler does", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		await env.DB.prepare("UPDATE workspace SET duplicate_window_hours = 1 WHERE id = ?").bind(ws.id).run();
		const first = await repeating(ws, acc.id, "Night owl note", "2027-03-27T02:30:00+01:00", { every: 1, unit: "day", until: "2027-03-29T12:00:00+02:00" });
		await tickBefore("2027-03-27T02:30:00+01:00");
		// 02:30 does not exist on 28 March in Berlin: 03:30 CEST, like a slot at that time.
		expect((await repeatOf(ws, first.id)).occurrences.at(-1).scheduledAt).toBe("2027-03-28T03:30:00+02:00");
		await tickBefore("2027-03-28T03:30:00+02:00");
		expect((await repeatOf(ws, first.id)).occurrences.at(-1).scheduledAt).toBe("2027-03-29T02:30:00+02:00");
		const last = await tickBefore("2027-03-29T02:30:00+02:00");
		expect(last.series.ended).toBe(1);
		const done = await repeatOf(ws, first.id);
		expect(done.occurrences).toHaveLength(3);
		expect(done.ended.reason).toBe("until");
	});

	it("an occurrence the duplicate guard refuses is skipped with its reason, audited, and the series goes on", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		// Near-identical posts to one account within 36 hours are refused: a daily repeat collides every other day.
		await env.DB.prepare("UPDATE workspace SET duplicate_window_hours = 36 WHERE id = ?").bind(ws.id).run();
		const first = await repeating(ws, acc.id, "Daily reminder: the shop opens at ten", "2027-01-10T09:00:00+01:00", { every: 1, unit: "day", count: 5 });

		const tick = await tickBefore("2027-01-10T09:00:00+01:00");
		expect(tick.series).toEqual({ created: 1, skipped: 1, ended: 0 });
		const series = await repeatOf(ws, first.id);
		expect(series.occurrences.map((o: any) => [o.index, o.outcome, o.reasonCode])).toEqual([
			[0, "created", null],
			[1, "skipped", "duplicate_post"],
			[2, "created", null],
		]);
		expect(series.occurrences[1]).toMatchObject({ scheduledAt: "2027-01-11T09:00:00+01:00", postId: null });
		expect(series.occurrences[1].reason).toMatch(/Nearly the same post is already scheduled/);
		expect(series.occurrences[2].scheduledAt).toBe("2027-01-12T09:00:00+01:00");

		const audit = await call("GET", "/audit?action=series.occurrence_skipped", { token: ws.token });
		expect(audit.status).toBe(200);
		const skipped = audit.body.items.filter((e: any) => e.action === "series.occurrence_skipped");
		expect(skipped).toHaveLength(1);
		expect(skipped[0].after).toMatchObject({ index: 1, code: "duplicate_post" });
	});

	it("a mission the occurrence no longer fits skips it with the lint's reason", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		const first = await repeating(ws, acc.id, "Cheap tickets for the Friday show", "2027-02-05T18:00:00+01:00", { every: 1, unit: "week" });
		expect((await call("PUT", "/mission", { token: ws.token, json: { bannedPhrases: ["cheap"] } })).status).toBe(200);
		const tick = await tickBefore("2027-02-05T18:00:00+01:00");
		// No end in its rule, so it keeps trying (and skipping) a few occurrences per tick, each with its reason.
		expect(tick.series.created).toBe(0);
		expect(tick.series.skipped).toBeGreaterThan(0);
		const series = await repeatOf(ws, first.id);
		expect(series.occurrences[1]).toMatchObject({ index: 1, outcome: "skipped", reasonCode: "lint_failed", scheduledAt: "2027-02-12T18:00:00+01:00" });
		expect(series.occurrences[1].reason).toMatch(/cheap/i);
	});

	it("two sweeps at once make each occurrence once", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		const first = await repeating(ws, acc.id, "Weekly digest", "2027-05-03T09:00:00+02:00", { every: 2, unit: "week" });
		await tickBefore("2027-05-03T09:00:00+02:00");
		await Promise.all([runSweep(Date.parse("2027-05-03T07:00:00Z")), runSweep(Date.parse("2027-05-03T07:00:00Z"))]);
		const series = await repeatOf(ws, first.id);
		expect(series.occurrences.map((o: any) => [o.index, o.scheduledAt, o.outcome])).toEqual([
			[0, "2027-05-03T09:00:00+02:00", "created"],
			[1, "2027-05-17T09:00:00+02:00", "created"],
		]);
		const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM post WHERE account_id = ?").bind(acc.id).first<{ n: number }>();
		expect(rows?.n).toBe(2);
	});

	it("stopping the series (repeat: null) makes no more occurrences; editing the rule changes the next one", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		await env.DB.prepare("UPDATE workspace SET duplicate_window_hours = 1 WHERE id = ?").bind(ws.id).run();
		const first = await repeating(ws, acc.id, "Tuesday question", "2027-06-01T10:00:00+02:00", { every: 1, unit: "week" });
		const changed = await call("PATCH", `/posts/${first.id}`, { token: ws.token, json: { repeat: { every: 3, unit: "day" } } });
		expect(changed.status).toBe(200);
		expect(changed.body.repeat).toMatchObject({ every: 3, unit: "day", ended: null });
		await tickBefore("2027-06-01T10:00:00+02:00");
		const series = await repeatOf(ws, first.id);
		expect(series.occurrences.at(-1).scheduledAt).toBe("2027-06-04T10:00:00+02:00");

		const stop = await call("PATCH", `/posts/${series.occurrences.at(-1).postId}`, { token: ws.token, json: { repeat: null } });
		expect(stop.status).toBe(200);
		expect(stop.body.repeat.ended).toMatchObject({ reason: "stopped" });
		// The scheduled occurrence stays (cancel it like any post); nothing comes after it.
		expect((await tickBefore("2027-06-04T10:00:00+02:00")).series.created).toBe(0);
		expect((await repeatOf(ws, first.id)).occurrences).toHaveLength(2);
	});

	it("refuses a wrong rule naming the field", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const at = new Date(Date.now() + 2 * DAY).toISOString();
		const cases: [Record<string, unknown>, number, (string | number)[]][] = [
			[{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 0, unit: "week" } }, 400, ["repeat", "every"]],
			[{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 1, unit: "month" } }, 400, ["repeat", "unit"]],
			[{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 60, unit: "week" } }, 400, ["repeat", "every"]],
			[{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 1, unit: "day", count: 1 } }, 400, ["repeat", "count"]],
			[{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 1, unit: "day", until: "soon" } }, 400, ["repeat", "until"]],
			[
				{ accountId: acc.id, body: "x", scheduledAt: at, repeat: { every: 1, unit: "day", until: new Date(Date.now() + DAY).toISOString() } },
				422,
				["repeat", "until"],
			],
			[{ accountId: acc.id, body: "x", repeat: { every: 1, unit: "day" } }, 422, ["repeat"]],
		];
		for (const [json, status, path] of cases) {
			const res = await call("POST", "/posts", { token: ws.token, json });
			expect(res.status, JSON.stringify(json)).toBe(status);
			expect(res.body.error.issues[0].path).toEqual(path);
		}
		const none = await call("GET", `/posts?accountId=${acc.id}`, { token: ws.token });
		expect(none.body.items).toEqual([]);
		const plain = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "plain", scheduledAt: at } });
		expect((await call("GET", `/posts/${plain.body.posts[0].id}`, { token: ws.token })).body.repeat).toBeNull();
		const late = await call("PATCH", `/posts/${plain.body.posts[0].id}`, {
			token: ws.token,
			json: { repeat: { every: 1, unit: "day", until: new Date(Date.now() + HOUR).toISOString() } },
		});
		expect(late.status).toBe(422);
		expect(late.body.error.issues[0].path).toEqual(["repeat", "until"]);
	});
});
