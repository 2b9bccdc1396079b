import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { eventStatement } from "../../queues/notify-events";
import { notifySweep } from "../../queues/notify-sweep";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";
import { captureNotify, deliverNotify, notificationsOf } from "../helpers/notify";
import { captureQueue, deliver, runSweep } from "../helpers/publishing";

let notify: ReturnType<typeof captureNotify>;
let publish: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	notify?.restore();
	publish?.restore();
	publish = undefined;
	vi.restoreAllMocks();
});

const eventsOf = async (workspaceId: string) =>
	(await env.DB.prepare("SELECT kind, key FROM notify_event WHERE workspace_id = ? ORDER BY created_at").bind(workspaceId).all<{ kind: string; key: string }>())
		.results;

async function team() {
	notify = captureNotify();
	const ws = await signUp();
	const manager = await addMember(ws, "manager", "Mia Manager");
	const manager2 = await addMember(ws, "manager", "Max Manager");
	const author = await addMember(ws, "author", "Ari Author");
	const analyst = await addMember(ws, "analyst", "Ana Analyst");
	const acc = await addAccount(ws);
	return { ws, manager, manager2, author, analyst, acc };
}

describe("notifications: fan-out and de-duplication", { timeout: 20_000 }, () => {
	it("a post waiting for approval reaches every owner and manager once, however often the event is delivered", async () => {
		const { ws, manager, manager2, author, analyst, acc } = await team();
		const created = await call("POST", "/posts", {
			token: author.token,
			json: { accountId: acc.id, body: "Spring sale starts Monday", scheduledAt: inHours(24) },
		});
		expect(created.body.posts[0].status).toBe("pending_approval");
		expect(notify.sent).toHaveLength(1);
		const fanout = notify.sent[0]!;

		// The same message delivered three times (at-least-once), twice in one batch.
		await notify.drain();
		await deliverNotify([fanout, fanout], Date.now());
		for (const who of [ws, manager, manager2]) {
			const mine = await notificationsOf(who.token);
			expect(mine.body.unread).toBe(1);
			expect(mine.body.items).toHaveLength(1);
			expect(mine.body.items[0]).toMatchObject({ kind: "approval_needed", link: `/posts/${created.body.posts[0].id}` });
			expect(mine.body.items[0].body).toContain("Ari Author");
		}
		// Not the author who caused it, not an analyst who cannot approve.
		expect((await notificationsOf(author.token)).body.items).toHaveLength(0);
		expect((await notificationsOf(analyst.token)).body.items).toHaveLength(0);
		// Recording the same event again is one event.
		const db = createDb(env.DB);
		await db.batch([
			eventStatement(
				db,
				ws.id,
				{ kind: "approval_needed", postId: created.body.posts[0].id, revision: 1, authorId: author.id, approvalFrom: null },
				Date.now(),
			),
		]);
		expect(await eventsOf(ws.id)).toHaveLength(1);

		// Mark read: one, then all; another member's notification is a 404.
		const first = (await notificationsOf(manager.token)).body.items[0];
		expect((await call("POST", `/notifications/${first.id}/read`, { token: manager2.token })).status).toBe(404);
		const read = await call("POST", `/notifications/${first.id}/read`, { token: manager.token });
		expect(read.body.readAt).not.toBeNull();
		expect((await notificationsOf(manager.token)).body.unread).toBe(0);
		expect((await call("POST", "/notifications/read-all", { token: manager2.token })).body.marked).toBe(1);
	});

	it("preferences: a member who turned a kind off gets none; email only is mailed but not counted unread", async () => {
		const { ws, manager, manager2, author, acc } = await team();
		const off = await call("PUT", "/notifications/preferences", {
			token: manager.token,
			json: { items: [{ kind: "approval_needed", inApp: false, email: false }] },
		});
		expect(off.body.items.find((p: { kind: string }) => p.kind === "approval_needed")).toMatchObject({ inApp: false, email: false });
		await call("PUT", "/notifications/preferences", { token: manager2.token, json: { items: [{ kind: "approval_needed", inApp: false, email: true }] } });
		const bad = await call("PUT", "/notifications/preferences", { token: manager.token, json: { items: [{ kind: "gossip", inApp: true, email: true }] } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.issues[0].path).toEqual(["items", 0, "kind"]);

		await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Prefs test", scheduledAt: inHours(24) } });
		await notify.drain();
		expect((await notificationsOf(manager.token)).body.items).toHaveLength(0);
		const m2 = await notificationsOf(manager2.token);
		expect(m2.body.unread).toBe(0);
		expect(m2.body.items[0].email.status).toBe("sent");
		const mail = await env.DB.prepare('SELECT subject FROM dev_mail WHERE "to" = ?').bind(manager2.email).first<{ subject: string }>();
		expect(mail?.subject).toContain("Waiting for your approval");
		expect((await notificationsOf(ws.token)).body.unread).toBe(1);
	});

	it("a failing mail step retries the mail alone and never loses the notification", async () => {
		const { manager, author, acc } = await team();
		await call("PUT", "/notifications/preferences", { token: manager.token, json: { items: [{ kind: "approval_needed", inApp: true, email: true }] } });
		await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Mail outage", scheduledAt: inHours(24) } });
		// Deployed settings: mail goes to the HTTP API, which is down for the first two tries.
		const deployed = { ...env, CHORUS_ENV: "production", PUBLIC_URL: "https://chorus.example.org", MAIL_API_KEY: "k" } as Env;
		let calls = 0;
		const fetchSpy = vi
			.spyOn(globalThis, "fetch")
			.mockImplementation(async () => (++calls <= 2 ? new Response("down", { status: 503 }) : new Response("{}", { status: 200 })));
		const fanout = await notify.drain(Date.now(), { testEnv: deployed });
		expect(fanout.retried).toEqual([expect.objectContaining({ type: "email" })]);
		const emailMsg = fanout.retried[0]!;
		let mine = (await notificationsOf(manager.token)).body.items[0];
		expect(mine).toMatchObject({ kind: "approval_needed", email: { status: "pending", attempts: 1 } });
		expect(mine.email.error).toContain("503");

		expect((await deliverNotify([emailMsg], Date.now(), { attempts: 2, testEnv: deployed })).retried).toHaveLength(1);
		expect((await deliverNotify([emailMsg], Date.now(), { attempts: 3, testEnv: deployed })).acked).toHaveLength(1);
		mine = (await notificationsOf(manager.token)).body.items[0];
		expect(mine.email).toMatchObject({ status: "sent", attempts: 3, error: null });
		expect(JSON.parse(String(fetchSpy.mock.calls[2]![1]!.body))).toMatchObject({
			to: [manager.email],
			subject: expect.stringContaining("approval"),
			text: expect.stringContaining("https://chorus.example.org/"),
		});
		// A redelivered mail message sends nothing more.
		await deliverNotify([emailMsg], Date.now(), { attempts: 4, testEnv: deployed });
		expect(calls).toBe(3);
	});

	it("deployed without PUBLIC_URL a notification mail is not sent (its links would lead nowhere) and says why", async () => {
		const { manager, author, acc } = await team();
		await call("PUT", "/notifications/preferences", { token: manager.token, json: { items: [{ kind: "approval_needed", inApp: true, email: true }] } });
		await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "No address", scheduledAt: inHours(24) } });
		const deployed = { ...env, CHORUS_ENV: "production", PUBLIC_URL: "", MAIL_API_KEY: "k" } as Env;
		const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("{}", { status: 200 }));
		await notify.drain(Date.now(), { testEnv: deployed });
		expect(fetchSpy).not.toHaveBeenCalled();
		const mine = (await notificationsOf(manager.token)).body.items[0];
		expect(mine.email.status).toBe("pending");
		expect(mine.email.error).toContain("PUBLIC_URL");
	});

	it("rejection and request for changes reach the author with the reason; resubmitting keeps the history", async () => {
		const { manager, author, acc } = await team();
		const created = await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Version one", scheduledAt: inHours(24) } });
		const id = created.body.posts[0].id;
		const asked = await call("POST", `/posts/${id}/request-changes`, { token: manager.token, json: { reason: "Add the link to the shop" } });
		expect(asked.body).toMatchObject({ status: "draft", rejectionReason: "Add the link to the shop", reviewVerdict: "changes_requested" });
		expect((await call("POST", `/posts/${id}/request-changes`, { token: manager.token, json: { reason: " " } })).status).toBe(400);
		const resubmitted = await call("PATCH", `/posts/${id}`, {
			token: author.token,
			json: { body: "Version two", link: "https://shop.example.com", status: "scheduled" },
		});
		expect(resubmitted.body.status).toBe("pending_approval");
		const rejected = await call("POST", `/posts/${id}/reject`, { token: manager.token, json: { reason: "Not this week after all" } });
		expect(rejected.body.reviewVerdict).toBe("rejected");
		await notify.drain();

		const mine = (await notificationsOf(author.token)).body.items as { title: string; body: string }[];
		const byTitle = new Map(mine.map((n) => [n.title, n.body]));
		expect([...byTitle.keys()].sort()).toEqual(["Changes requested on your post", "Your post was rejected"]);
		expect(byTitle.get("Your post was rejected")).toContain("Not this week after all");
		expect(byTitle.get("Changes requested on your post")).toContain("Add the link to the shop");
		const history = await call("GET", `/posts/${id}/revisions`, { token: author.token });
		expect(history.body.items.map((r: { event: string; body: string; reason: string | null }) => [r.event, r.body, r.reason])).toEqual([
			["submitted", "Version one", null],
			["changes_requested", "Version one", "Add the link to the shop"],
			["submitted", "Version two", null],
			["rejected", "Version two", "Not this week after all"],
		]);
		// Two submissions: the managers were asked twice, once per version.
		expect((await notificationsOf(manager.token)).body.items.filter((n: { kind: string }) => n.kind === "approval_needed")).toHaveLength(2);
	});

	it("a post that fails to publish tells its author, through finish() in the consumer", async () => {
		const { ws, author, manager, acc } = await team();
		publish = captureQueue();
		await call("PATCH", `/accounts/${acc.id}`, { token: ws.token, json: { sandbox: { failMode: "auth" } } });
		const dueAt = Math.ceil((Date.now() + 3_600_000) / 1000) * 1000;
		const created = await call("POST", "/posts", {
			token: author.token,
			json: { accountId: acc.id, body: "Will fail", scheduledAt: new Date(dueAt).toISOString() },
		});
		const id = created.body.posts[0].id;
		await call("POST", `/posts/${id}/approve`, { token: manager.token });
		await runSweep(dueAt);
		notify.sent.splice(0);
		await deliver(publish.sent.splice(0), dueAt);
		await deliver([{ postId: id, workspaceId: ws.id, accountId: acc.id }], dueAt); // a duplicate delivery
		expect((await eventsOf(ws.id)).filter((e) => e.kind === "post_failed")).toHaveLength(1);
		expect(notify.sent).toHaveLength(1);
		await notify.drain(dueAt);
		const mine = (await notificationsOf(author.token)).body.items;
		expect(mine[0]).toMatchObject({ kind: "post_failed", title: expect.stringContaining("failed") });
		expect(mine[0].body).toContain("reconnect");
	});

	it("a conversation handed to someone tells them; the sweep announces unanswered conversations and duty gaps once", async () => {
		const { ws, manager, manager2, acc } = await team();
		const now = Date.now();
		const res = await call("POST", "/mentions", {
			token: ws.token,
			json: {
				items: [
					{
						accountId: acc.id,
						network: "sandbox",
						externalId: `x-${now}`,
						author: "@carol",
						text: "Hello?",
						createdAt: new Date(now - 2 * 3_600_000).toISOString(),
					},
				],
			},
		});
		const conversationId = res.body.items[0].conversationId;
		await call("POST", `/conversations/${conversationId}/handoff`, { token: manager.token, json: { memberId: manager2.id, note: "She asked about refunds" } });
		await notify.drain();
		const handed = (await notificationsOf(manager2.token)).body.items;
		expect(handed[0]).toMatchObject({ kind: "conversation_assigned", link: `/inbox/${conversationId}` });
		expect(handed[0].body).toContain("refunds");

		// Unanswered for two hours: the conversation's owner hears about it, once however often the sweep runs.
		const db = createDb(env.DB);
		await notifySweep(db, env.NOTIFY, now, { gaps: false });
		await notifySweep(db, env.NOTIFY, now + 60_000, { gaps: false });
		await notify.drain(now);
		expect((await eventsOf(ws.id)).filter((e) => e.kind === "conversation_unanswered")).toHaveLength(1);
		expect((await notificationsOf(manager2.token)).body.items.map((n: { kind: string }) => n.kind)).toContain("conversation_unanswered");

		// A shift account owned by the manager, covered 09-17 every day: a gap starts each evening, so one
		// starts in the next 48 h whatever the day and hour the test runs (weekdays only left none on a
		// Friday evening, when the weekend gap had already begun).
		const shiftAcc = await addAccount(ws, { postingPolicy: "shift", ownerId: manager.id, timezone: "UTC" });
		const shift = await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: manager.id, accountIds: [shiftAcc.id], weekdays: [1, 2, 3, 4, 5, 6, 7], start: "09:00", end: "17:00", timezone: "UTC" },
		});
		expect(shift.status, JSON.stringify(shift.body)).toBe(201);
		const first = await notifySweep(db, env.NOTIFY, now, { gaps: true });
		expect(first.gaps).toBeGreaterThan(0);
		expect((await notifySweep(db, env.NOTIFY, now + 60_000, { gaps: true })).gaps).toBe(0);
		await notify.drain(now);
		const gaps = (await notificationsOf(manager.token)).body.items.filter((n: { kind: string }) => n.kind === "duty_gap");
		expect(gaps).toHaveLength(first.gaps);
		expect(gaps[0].body).toContain(shiftAcc.handle);
		expect((await notificationsOf(manager2.token)).body.items.filter((n: { kind: string }) => n.kind === "duty_gap")).toHaveLength(0);
	});
});

describe("the bell: grouped, ranked, resolved", { timeout: 30_000 }, () => {
	const bellOf = async (token: string) => (await call("GET", "/notifications/bell", { token })).body;
	const mentionAt = (accountId: string, author: string, externalId: string, at: number) => ({
		accountId,
		network: "sandbox",
		externalId,
		author,
		text: "Hello, anyone there?",
		createdAt: new Date(at).toISOString(),
	});

	it("twelve waiting conversations on one account are one line, below the approval that waits", async () => {
		const { ws, manager, author, acc } = await team();
		const now = Date.now();
		const items = Array.from({ length: 12 }, (_, i) => mentionAt(acc.id, `@user${i}`, `bell-${now}-${i}`, now - 2 * 3_600_000 + i * 1000));
		expect((await call("POST", "/mentions", { token: ws.token, json: { items } })).status).toBe(201);
		await call("POST", "/posts", { token: author.token, json: { accountId: acc.id, body: "Spring sale starts Monday", scheduledAt: inHours(24) } });
		await notifySweep(createDb(env.DB), env.NOTIFY, now, { gaps: false });
		await notify.drain(now);

		const bell = await bellOf(manager.token);
		expect(bell.unread).toBe(13);
		expect(bell.items.map((i: { kind: string }) => i.kind)).toEqual(["approval_needed", "conversation_unanswered"]);
		expect(bell.items[1]).toMatchObject({ title: `12 conversations waiting on ${acc.handle}`, count: 12, link: `/inbox?view=unanswered&accountId=${acc.id}` });
		// The plain list still has every one of them.
		expect((await notificationsOf(manager.token)).body.items).toHaveLength(13);

		// One click marks the line read.
		expect((await call("POST", "/notifications/read-group", { token: manager.token, json: { group: bell.items[1].group } })).body.marked).toBe(12);
		expect((await bellOf(manager.token)).items.map((i: { kind: string }) => i.kind)).toEqual(["approval_needed"]);
		expect((await call("POST", "/notifications/read-group", { token: manager.token, json: { group: "" } })).status).toBe(400);
	});

	it("an approval request leaves every approver's bell once anyone approves; an answer resolves 'unanswered'", async () => {
		const { ws, manager, manager2, author, acc } = await team();
		const now = Date.now();
		const created = await call("POST", "/posts", {
			token: author.token,
			json: { accountId: acc.id, body: "Spring sale starts Monday", scheduledAt: inHours(24) },
		});
		const res = await call("POST", "/mentions", { token: ws.token, json: { items: [mentionAt(acc.id, "@carol", `res-${now}`, now - 2 * 3_600_000)] } });
		await notifySweep(createDb(env.DB), env.NOTIFY, now, { gaps: false });
		await notify.drain(now);
		expect((await bellOf(manager2.token)).items.map((i: { kind: string }) => i.kind)).toEqual(["approval_needed", "conversation_unanswered"]);

		expect((await call("POST", `/posts/${created.body.posts[0].id}/approve`, { token: manager.token })).status).toBe(200);
		for (const who of [ws, manager2]) {
			const bell = await bellOf(who.token);
			expect(bell.items.map((i: { kind: string }) => i.kind)).toEqual(["conversation_unanswered"]);
			expect(bell.unread).toBe(1);
			expect((await call("GET", "/notifications?unread=true", { token: who.token })).body.items.map((n: { kind: string }) => n.kind)).toEqual([
				"conversation_unanswered",
			]);
		}

		publish = captureQueue();
		expect(
			(await call("POST", `/conversations/${res.body.items[0].conversationId}/replies`, { token: manager.token, json: { body: "Here, how can we help?" } }))
				.status,
		).toBe(201);
		expect(await bellOf(manager2.token)).toMatchObject({ items: [], unread: 0 });
	});

	it("a demo's invented audience (the sandbox reader's mentions) raises no unanswered notice", async () => {
		const { ws, manager, acc } = await team();
		const now = Date.now();
		await call("POST", "/mentions", {
			token: ws.token,
			json: { items: [mentionAt(acc.id, "@invented", `sbx-${acc.id}-1`, now - 2 * 3_600_000), mentionAt(acc.id, "@real", `real-${now}`, now - 2 * 3_600_000)] },
		});
		expect((await notifySweep(createDb(env.DB), env.NOTIFY, now, { gaps: false })).unanswered).toBe(1);
		await notify.drain(now);
		expect((await bellOf(manager.token)).items).toHaveLength(1);
	});
});
