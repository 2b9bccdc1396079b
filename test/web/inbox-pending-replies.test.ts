import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, signInCookie } from "../helpers/api";
import { captureNotify, notificationsOf } from "../helpers/notify";
import { captureQueue } from "../helpers/publishing";
import { ownedConversation } from "../helpers/replies";
import { PASSWORD, page } from "./page";

let queue: ReturnType<typeof captureQueue>;
let notify: ReturnType<typeof captureNotify>;
beforeEach(() => {
	queue = captureQueue();
	notify = captureNotify();
});
afterEach(() => {
	queue.restore();
	notify.restore();
});

/** Mona's account and Carol's conversation, with Mona, Max and Ari signed in. */
async function desk() {
	const world = await ownedConversation();
	const cookies = {
		mona: await signInCookie(world.mona.email, PASSWORD),
		max: await signInCookie(world.max.email, PASSWORD),
		ari: await signInCookie(world.ari.email, PASSWORD),
	};
	return { ...world, cookies };
}

const replyStatus = (body: string) => env.DB.prepare("SELECT status FROM post WHERE body = ? AND kind = 'reply'").bind(body).first<string>("status");

describe("waiting replies in the Inbox", { timeout: 30_000 }, () => {
	it("an author's reply on Mona's account waits: the author is told, Mona approves it from the page and it goes out", async () => {
		const { mona, cookies, conversationId } = await desk();
		const sent = await page("POST", `/inbox/${conversationId}/reply`, { cookie: cookies.ari, form: { body: "We are on it, sorry!" } });
		expect(sent.status).toBe(303);
		const back = await page("GET", sent.headers.get("Location")!, { cookie: cookies.ari });
		expect(back.html).toContain("Your reply waits for Mona Manager&#39;s approval before it is sent.");
		expect(back.html).toContain("Not sent yet: waits for Mona Manager&#39;s approval.");
		// The author sees no buttons to send it themselves; nor does Max, for whom it does not wait.
		expect(back.html).not.toContain("/approve");
		expect((await page("GET", `/inbox/${conversationId}`, { cookie: cookies.max })).html).not.toContain("Approve and send");
		expect(queue.sent).toHaveLength(0);
		expect(await replyStatus("We are on it, sorry!")).toBe("pending_approval");

		// Mona's bell points at the conversation; her page has the buttons.
		await notify.drain();
		expect((await notificationsOf(mona.token)).body.items).toContainEqual(
			expect.objectContaining({ kind: "approval_needed", link: `/inbox/${conversationId}` }),
		);
		const list = await page("GET", "/inbox?view=all", { cookie: cookies.mona });
		expect(list.html).toContain("Reply waits for approval");
		expect(list.html).toContain(`<span class="convo-ours">Ari Author: </span>We are on it, sorry!`);
		const view = await page("GET", `/inbox/${conversationId}`, { cookie: cookies.mona });
		expect(view.html).toContain("Approve and send");
		const replyId = (await env.DB.prepare("SELECT id FROM post WHERE body = ?").bind("We are on it, sorry!").first<string>("id"))!;
		expect(view.html).toContain(`action="/inbox/${conversationId}/replies/${replyId}/approve"`);
		expect(view.html).toContain(`action="/inbox/${conversationId}/replies/${replyId}/reject"`);

		const approved = await page("POST", `/inbox/${conversationId}/replies/${replyId}/approve`, { cookie: cookies.mona, form: {} });
		expect(approved.status).toBe(303);
		expect((await page("GET", approved.headers.get("Location")!, { cookie: cookies.mona })).html).toContain("Reply approved: publishing it now…");
		expect(queue.sent).toHaveLength(1);
		expect(await replyStatus("We are on it, sorry!")).toBe("publishing");
		expect((await page("GET", "/inbox?view=all", { cookie: cookies.mona })).html).not.toContain("Reply waits for approval");
	});

	it("the bell tells the responsible member, and a rejection from the page keeps it unsent with the reason shown", async () => {
		const { mona, cookies, conversationId } = await desk();
		await page("POST", `/inbox/${conversationId}/reply`, { cookie: cookies.ari, form: { body: "Refunds for all!" } });
		await notify.drain();
		const bell = await notificationsOf(mona.token);
		expect(bell.body.items).toContainEqual(expect.objectContaining({ kind: "approval_needed", link: `/inbox/${conversationId}` }));
		const replyId = (await env.DB.prepare("SELECT id FROM post WHERE body = ?").bind("Refunds for all!").first<string>("id"))!;

		// Max may not decide it: refused on the page, nothing changes.
		const refused = await page("POST", `/inbox/${conversationId}/replies/${replyId}/reject`, { cookie: cookies.max, form: { reason: "no" } });
		expect(refused.status).toBe(403);
		expect(refused.html).toContain("This reply waits for Mona Manager&#39;s approval");
		// No reason: the form says so.
		const empty = await page("POST", `/inbox/${conversationId}/replies/${replyId}/reject`, { cookie: cookies.mona, form: { reason: " " } });
		expect(empty.status).toBe(400);
		expect(await replyStatus("Refunds for all!")).toBe("pending_approval");

		const rejected = await page("POST", `/inbox/${conversationId}/replies/${replyId}/reject`, {
			cookie: cookies.mona,
			form: { reason: "We do not promise refunds" },
		});
		expect(rejected.status).toBe(303);
		const shown = await page("GET", rejected.headers.get("Location")!, { cookie: cookies.ari });
		expect(shown.html).toContain("Not sent: We do not promise refunds");
		expect(await replyStatus("Refunds for all!")).toBe("canceled");
		expect(queue.sent).toHaveLength(0);
	});

	it("a reply with a banned phrase is refused on the form, naming the rule, with the text kept", async () => {
		const { ws, cookies, conversationId } = await desk();
		await call("PUT", "/mission", { token: ws.token, json: { bannedPhrases: ["free money"] } });
		const res = await page("POST", `/inbox/${conversationId}/reply`, { cookie: cookies.mona, form: { body: "Get free money now" } });
		expect(res.status).toBe(422);
		expect(res.html).toContain("free money");
		expect(res.html).toContain("Get free money now</textarea>");
		expect(await replyStatus("Get free money now")).toBeNull();
	});
});
