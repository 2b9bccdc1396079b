import { afterEach, describe, expect, it } from "vitest";
import { addAccount, call, signUp } from "../helpers/api";
import { captureQueue, deliver, feedCount, postRow, runSweep } from "../helpers/publishing";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

const HOUR = 3_600_000;
const MAIN = "Spring sale: 20% off everything from 3 March with code SPRING25, only at https://shop.example.com/sale";

async function hqWithLocals() {
	const ws = await signUp();
	const hq = await addAccount(ws, { timezone: "Europe/Berlin" });
	const de = await addAccount(ws, { timezone: "Europe/Berlin", parentId: hq.id });
	const us = await addAccount(ws, { timezone: "America/New_York", parentId: hq.id });
	return { ws, hq, de, us };
}

describe("announcements", () => {
	it("makes the main post and one local draft per child account, with the key facts", async () => {
		const { ws, hq, de, us } = await hqWithLocals();
		const res = await call("POST", "/announcements", {
			token: ws.token,
			json: { mainAccountId: hq.id, body: MAIN, scheduledAt: new Date(Date.now() + 2 * HOUR).toISOString() },
		});
		expect(res.status).toBe(201);
		expect(res.body.main).toMatchObject({ accountId: hq.id, status: "scheduled", announcementId: res.body.id });
		expect(res.body.variants.map((v: { accountId: string; status: string }) => [v.accountId, v.status]).sort()).toEqual(
			[
				[de.id, "draft"],
				[us.id, "draft"],
			].sort(),
		);
		expect(res.body.facts.map((f: { kind: string }) => f.kind).sort()).toEqual(["code", "date", "link", "percent"]);
		const read = await call("GET", `/announcements/${res.body.id}`, { token: ws.token });
		expect(read.body.variants.every((v: { consistency: unknown[] }) => v.consistency.length === 0)).toBe(true);
		expect(read.body.mainChanged).toBe(false);
	});

	it("a variant in its own voice keeps the facts and may be scheduled; one that drops or changes a fact may not", async () => {
		const { ws, hq } = await hqWithLocals();
		const a = (
			await call("POST", "/announcements", {
				token: ws.token,
				json: { mainAccountId: hq.id, body: MAIN, scheduledAt: new Date(Date.now() + 2 * HOUR).toISOString() },
			})
		).body;
		const [de, us] = a.variants;
		const german = "Frühlingsaktion: ab 3. März 20 % Rabatt auf alles mit dem Code SPRING25 — https://shop.example.com/sale";
		const ok = await call("PATCH", `/posts/${de.id}`, { token: ws.token, json: { body: german, status: "scheduled" } });
		expect(ok.status, JSON.stringify(ok.body)).toBe(200);
		expect(ok.body.status).toBe("scheduled");

		const changed = await call("PATCH", `/posts/${us.id}`, {
			token: ws.token,
			json: { body: "Spring sale: 20% off everything from March 4th with code SPRING25 at https://shop.example.com/sale", status: "scheduled" },
		});
		expect(changed.status).toBe(422);
		expect(changed.body.error.code).toBe("fact_changed");
		expect(changed.body.error.details.fact.kind).toBe("date");
		const dropped = await call("PATCH", `/posts/${us.id}`, {
			token: ws.token,
			json: { body: "Spring sale: 20% off everything from March 3rd at https://shop.example.com/sale", status: "scheduled" },
		});
		expect(dropped.status).toBe(422);
		expect(dropped.body.error.details.fact).toMatchObject({ kind: "code", value: "SPRING25" });
		// As a draft it may say anything; the announcement page shows what is off.
		await call("PATCH", `/posts/${us.id}`, { token: ws.token, json: { body: "Spring sale soon!" } });
		const read = await call("GET", `/announcements/${a.id}`, { token: ws.token });
		const usVariant = read.body.variants.find((v: { id: string }) => v.id === us.id);
		expect(usVariant.consistency.length).toBeGreaterThan(0);
	});

	it("release gate: a variant due before the main post waits, then goes out once right after it", async () => {
		queue = captureQueue();
		const { ws, hq } = await hqWithLocals();
		const mainAt = Math.ceil((Date.now() + 2 * HOUR) / 1000) * 1000;
		const a = (
			await call("POST", "/announcements", { token: ws.token, json: { mainAccountId: hq.id, body: MAIN, scheduledAt: new Date(mainAt).toISOString() } })
		).body;
		const variant = a.variants[0];
		// The local manager schedules the variant ten minutes before the main post.
		const early = new Date(mainAt - 10 * 60_000).toISOString();
		expect((await call("PATCH", `/posts/${variant.id}`, { token: ws.token, json: { scheduledAt: early, status: "scheduled" } })).status).toBe(200);
		await runSweep(mainAt - 10 * 60_000);
		expect(await postRow(variant.id)).toMatchObject({ status: "scheduled", holdReason: "waiting_for_main_post" });
		expect(queue.sent.filter((s) => s.postId === variant.id)).toEqual([]);

		await runSweep(mainAt);
		const mainMessage = queue.sent.filter((s) => s.postId === a.main.id);
		expect(mainMessage).toHaveLength(1);
		await deliver(mainMessage, mainAt);
		expect((await postRow(a.main.id))?.status).toBe("published");
		// Released and sent at once, not at the next tick.
		const variantMessages = queue.sent.filter((s) => s.postId === variant.id);
		expect(variantMessages).toHaveLength(1);
		await deliver(variantMessages, mainAt + 1_000);
		await runSweep(mainAt + 60_000);
		expect(await postRow(variant.id)).toMatchObject({ status: "published", holdReason: null });
		expect(await feedCount(variant.id)).toBe(1);
		const [mainRow, variantRow] = [await postRow(a.main.id), await postRow(variant.id)];
		expect(variantRow!.publishedAt!).toBeGreaterThanOrEqual(mainRow!.publishedAt!);
	});

	it("an embargo holds the main post and its variants until it ends", async () => {
		queue = captureQueue();
		const { ws, hq } = await hqWithLocals();
		const mainAt = Math.ceil((Date.now() + 2 * HOUR) / 1000) * 1000;
		const embargo = mainAt + 30 * 60_000;
		const before = await call("POST", "/announcements", {
			token: ws.token,
			json: { mainAccountId: hq.id, body: MAIN, scheduledAt: new Date(mainAt).toISOString(), embargoUntil: new Date(embargo).toISOString() },
		});
		expect(before.status).toBe(422);
		expect(before.body.error.issues[0].path).toEqual(["embargoUntil"]);
		const a = (
			await call("POST", "/announcements", {
				token: ws.token,
				json: { mainAccountId: hq.id, body: MAIN, scheduledAt: new Date(mainAt).toISOString(), embargoUntil: new Date(mainAt).toISOString() },
			})
		).body;
		await runSweep(mainAt - 30_000);
		expect(await postRow(a.main.id)).toMatchObject({ status: "scheduled", holdReason: "embargo" });
		await runSweep(mainAt);
		expect((await postRow(a.main.id))?.status).toBe("publishing");
	});

	it("names wrong input: unknown main account, no local accounts, an unreadable fact", async () => {
		const { ws, hq } = await hqWithLocals();
		const at = new Date(Date.now() + 2 * HOUR).toISOString();
		expect(
			(await call("POST", "/announcements", { token: ws.token, json: { mainAccountId: "nope", body: "x", scheduledAt: at } })).body.error.issues[0].path,
		).toEqual(["mainAccountId"]);
		const lonely = await addAccount(ws);
		expect(
			(await call("POST", "/announcements", { token: ws.token, json: { mainAccountId: lonely.id, body: "x", scheduledAt: at } })).body.error.issues[0].path,
		).toEqual(["localAccountIds"]);
		const fact = await call("POST", "/announcements", {
			token: ws.token,
			json: { mainAccountId: hq.id, body: "Hello", facts: ["next week"], scheduledAt: at },
		});
		expect(fact.status).toBe(400);
		expect(fact.body.error.issues[0].path).toEqual(["facts", 0]);
		expect((await call("GET", "/posts", { token: ws.token })).body.items).toEqual([]);
	});
});
