// Correcting how a mention was read, from the conversation page and the Insights page: the labels change
// at once, the change is audited, only members who may reply see the control, another workspace's
// mention is not found, and a bad value is a 400 naming the field.
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

async function desk() {
	const ws = await signUp("Europe/Berlin");
	const cookie = await signInCookie(ws.email, PASSWORD);
	const account = await addAccount(ws, { handle: "@chorus_main" });
	const created = await call("POST", "/mentions", {
		token: ws.token,
		json: {
			items: [
				{
					accountId: account.id,
					network: "sandbox",
					externalId: "labels-1",
					author: "@fan",
					text: "Love the new dashboard, thank you so much!",
					createdAt: "2026-03-02T10:00:00+01:00",
				},
			],
		},
	});
	expect(created.status).toBe(201);
	const mentionId = created.body.items[0].id as string;
	const conversationId = created.body.items[0].conversationId as string;
	return { ws, cookie, mentionId, conversationId };
}

const labelsOf = async (token: string, id: string) => {
	const list = await call("GET", "/mentions?limit=500", { token });
	const m = list.body.items.find((m: { id: string }) => m.id === id) as { sentiment: { label: string }; kind: string };
	return { sentiment: m.sentiment.label, kind: m.kind };
};

describe("correcting a mention's labels in the browser", () => {
	it("from the conversation: the labels change at once, the page says so and the audit records who", async () => {
		const { ws, cookie, mentionId, conversationId } = await desk();
		const before = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(before.status).toBe(200);
		expect(before.html).toContain(`action="/mentions/${mentionId}/labels"`);
		expect(before.html).toMatch(/class="label label-positive">positive</);

		const res = await page("POST", `/mentions/${mentionId}/labels`, {
			cookie,
			form: { sentiment: "negative", kind: "concern", back: `/inbox/${conversationId}` },
		});
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/inbox/${conversationId}?labelled=1#mention-${mentionId}`);
		expect(await labelsOf(ws.token, mentionId)).toMatchObject({ sentiment: "negative", kind: "concern" });

		const after = await page("GET", `/inbox/${conversationId}?labelled=1`, { cookie });
		expect(after.html).toContain("Labels saved");
		expect(after.html).toMatch(/class="label label-negative">negative</);
		const audit = await call("GET", "/audit?limit=50", { token: ws.token });
		expect(JSON.stringify(audit.body)).toContain("mention.correct");
	});

	it("from the Insights page, back to the same period", async () => {
		const { ws, cookie, mentionId } = await desk();
		const insights = await page("GET", "/insights?from=2026-03-01&to=2026-03-07", { cookie });
		expect(insights.html).toContain(`id="mention-${mentionId}"`);
		const back = "/insights?from=2026-03-01&to=2026-03-07";
		expect(insights.html).toContain(`value="${back.replaceAll("&", "&amp;")}"`);
		const res = await page("POST", `/mentions/${mentionId}/labels`, { cookie, form: { sentiment: "positive", kind: "question", back } });
		expect(res.headers.get("Location")).toBe(`${back}&labelled=1#mention-${mentionId}`);
		expect(await labelsOf(ws.token, mentionId)).toMatchObject({ kind: "question" });
		const after = await page("GET", `${back}&labelled=1`, { cookie });
		expect(after.html).toContain("Labels saved");
	});

	it("an analyst sees the labels but no control, and is refused if they post anyway", async () => {
		const { ws, mentionId, conversationId } = await desk();
		const analyst = await addMember(ws, "analyst");
		const cookie = await signInCookie(analyst.email, PASSWORD);
		const view = await page("GET", `/inbox/${conversationId}`, { cookie });
		expect(view.html).toMatch(/class="label label-positive">positive</);
		expect(view.html).not.toContain(`action="/mentions/${mentionId}/labels"`);
		const res = await page("POST", `/mentions/${mentionId}/labels`, { cookie, form: { sentiment: "negative", kind: "concern", back: "/inbox" } });
		expect(res.status).toBe(403);
		expect(await labelsOf(ws.token, mentionId)).toMatchObject({ sentiment: "positive" });
	});

	it("another workspace's mention is not found; a bad value names the field; an outside `back` stays on this site", async () => {
		const { mentionId } = await desk();
		const other = await signUp();
		const otherCookie = await signInCookie(other.email, PASSWORD);
		const foreign = await page("POST", `/mentions/${mentionId}/labels`, {
			cookie: otherCookie,
			form: { sentiment: "negative", kind: "concern", back: "/inbox" },
		});
		expect(foreign.status).toBe(404);

		const { cookie, mentionId: mine } = await desk();
		const bad = await page("POST", `/mentions/${mine}/labels`, { cookie, form: { sentiment: "furious", kind: "concern", back: "/inbox" } });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("sentiment must be one of positive, neutral, negative");
		const away = await page("POST", `/mentions/${mine}/labels`, { cookie, form: { sentiment: "neutral", kind: "other", back: "//evil.example/x" } });
		expect(away.status).toBe(303);
		expect(away.headers.get("Location")).toMatch(/^\/[^/]/);
	});
});
